// `npm run bench [-- name ...]`: runs every benchmark in bench/ (or the named ones), prints a
// table and writes bench/results.json: [{ name, unit, median, p95, runs, notes, ...figures }].
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { percentile, type Bench, type BenchRecord } from "./lib/bench.ts";
import { stopBenchServer } from "./lib/db.ts";

const dir = import.meta.dirname;
const resultsFile = path.join(dir, "results.json");

async function loadBenches(): Promise<Bench[]> {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).sort();
  const out: Bench[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { default: Bench | Bench[] };
    out.push(...(Array.isArray(mod.default) ? mod.default : [mod.default]));
  }
  return out;
}

async function runOne(b: Bench): Promise<BenchRecord> {
  const reason = b.skip?.();
  if (reason) return { name: b.name, unit: b.unit, median: null, p95: null, runs: 0, notes: reason, skipped: true };
  await b.setup?.();
  const times: number[] = [];
  let extra: Record<string, unknown> = {};
  try {
    for (let i = 0; i < b.runs; i++) {
      await b.beforeEach?.();
      const t = performance.now();
      const r = await b.run();
      times.push(performance.now() - t);
      await b.afterEach?.();
      if (r) extra = r;
      process.stderr.write(`  ${b.name} run ${i + 1}/${b.runs}: ${times.at(-1)!.toFixed(1)} ms\n`);
    }
  } finally {
    await b.teardown?.();
  }
  const sorted = [...times].sort((x, y) => x - y);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { name: b.name, unit: b.unit, median: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), runs: times.length, notes: b.notes ?? "", ...extra };
}

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const all = await loadBenches();
  const chosen = wanted.length ? all.filter((b) => wanted.some((w) => b.name === w || b.name.startsWith(w))) : all;
  if (!chosen.length) {
    process.stderr.write(`No benchmark named ${wanted.join(", ")}. Known: ${all.map((b) => b.name).join(", ")}\n`);
    return 2;
  }
  const records: BenchRecord[] = [];
  for (const b of chosen) {
    process.stderr.write(`${b.name}...\n`);
    records.push(await runOne(b));
  }
  await stopBenchServer();
  // Keep records of benchmarks not run this time; replace those that were.
  let previous: BenchRecord[] = [];
  try {
    previous = JSON.parse(fs.readFileSync(resultsFile, "utf8")) as BenchRecord[];
  } catch {
    previous = [];
  }
  const merged = [...previous.filter((p) => !records.some((r) => r.name === p.name)), ...records].sort((a, b) => a.name.localeCompare(b.name));
  fs.writeFileSync(resultsFile, JSON.stringify(merged, null, 2) + "\n");
  const rows = records.map((r) => [r.name, r.median === null ? "-" : String(r.median), r.p95 === null ? "-" : String(r.p95), r.unit, String(r.runs), r.notes]);
  const head = ["benchmark", "median", "p95", "unit", "runs", "notes"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join("  ");
  process.stdout.write([fmt(head), fmt(w.map((n) => "-".repeat(n))), ...rows.map(fmt)].join("\n") + `\n\nWritten to ${path.relative(process.cwd(), resultsFile)}\n`);
  return 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
  process.exit(1);
});
