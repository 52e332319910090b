// `npm run bench [-- name ...]`: runs every benchmark in bench/ (or those whose name starts with
// one given), prints a table and writes bench/results.json:
// [{ name, unit, median, p95, runs, notes, rss_mb, ...figures }]. Each benchmark runs in its own
// process, so that its peak memory (rss_mb) is its own.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { percentile, type Bench, type BenchRecord } from "./lib/bench.ts";
import { stopBenchServer } from "./lib/db.ts";

const dir = import.meta.dirname;
const resultsFile = path.join(dir, "results.json");
const round = (x: number) => Math.round(x * 10) / 10;

async function benchesIn(file: string): Promise<Bench[]> {
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: Bench | Bench[] };
  return Array.isArray(mod.default) ? mod.default : [mod.default];
}

/** In a child process: runs one benchmark and prints its record as the last line. */
async function runChild(file: string, name: string): Promise<void> {
  const b = (await benchesIn(file)).find((x) => x.name === name);
  if (!b) throw new Error(`no benchmark ${name} in ${file}`);
  let record: BenchRecord;
  const reason = b.skip?.();
  if (reason) record = { name: b.name, unit: b.unit, median: null, p95: null, runs: 0, notes: reason, skipped: true };
  else {
    await b.setup?.();
    const times: number[] = [];
    let extra: Record<string, unknown> = {};
    try {
      for (let i = 0; i < b.runs; i++) {
        await b.beforeEach?.();
        const t = performance.now();
        const r = await b.run();
        times.push(performance.now() - t);
        const after = await b.afterEach?.();
        if (r) extra = r;
        if (after) extra = { ...extra, ...after };
        process.stderr.write(`  ${b.name} run ${i + 1}/${b.runs}: ${times.at(-1)!.toFixed(1)} ms\n`);
      }
    } finally {
      await b.teardown?.();
    }
    const sorted = [...times].sort((x, y) => x - y);
    record = {
      name: b.name,
      unit: b.unit,
      median: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      runs: times.length,
      notes: b.notes ?? "",
      rss_mb: round(process.resourceUsage().maxRSS / 1024),
      ...(b.relativeTo ? { relative_to: b.relativeTo } : {}),
      ...extra,
    };
  }
  await stopBenchServer();
  process.stdout.write(`\n${JSON.stringify(record)}\n`);
}

function runInChild(file: string, name: string): Promise<BenchRecord> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(dir, "run.ts"), "--child", file, name], {
      stdio: ["ignore", "pipe", "inherit"],
      env: process.env,
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(last) as BenchRecord);
      } catch (e) {
        reject(new Error(`benchmark ${name} failed (${(e as Error).message}):\n${out.slice(-2000)}`));
      }
    });
  });
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    await runChild(args[1]!, args[2]!);
    return 0;
  }
  const wanted = args.filter((a) => !a.startsWith("-"));
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).sort();
  const all: { file: string; name: string }[] = [];
  for (const f of files) for (const b of await benchesIn(f)) all.push({ file: f, name: b.name });
  const chosen = wanted.length ? all.filter((b) => wanted.some((w) => b.name === w || b.name.startsWith(w))) : all;
  if (!chosen.length) {
    process.stderr.write(`No benchmark named ${wanted.join(", ")}. Known: ${all.map((b) => b.name).join(", ")}\n`);
    return 2;
  }
  const records: BenchRecord[] = [];
  let failed = 0;
  for (const b of chosen) {
    process.stderr.write(`${b.name}...\n`);
    try {
      const record = await runInChild(b.file, b.name);
      records.push(record);
      // A benchmark that ran but missed a correctness target (e.g. snapshot-sweep's lost or
      // duplicates) marks its own record failed, keeping its figures.
      if (record.failed === true) {
        failed++;
        process.stderr.write(`${b.name}: ${record.notes}\n`);
      }
    } catch (e) {
      failed++;
      process.stderr.write(`${(e as Error).message}\n`);
      records.push({ name: b.name, unit: "ms", median: null, p95: null, runs: 0, notes: `failed: ${(e as Error).message.split("\n")[0]}`, failed: true });
    }
  }
  // Keep records of benchmarks not run this time; replace those that were.
  let previous: BenchRecord[] = [];
  try {
    previous = JSON.parse(fs.readFileSync(resultsFile, "utf8")) as BenchRecord[];
  } catch {
    previous = [];
  }
  const merged = [...previous.filter((p) => !records.some((r) => r.name === p.name)), ...records].sort((a, b) => a.name.localeCompare(b.name));
  // Ratios to another benchmark (this run's figure when it ran, else the last one recorded).
  for (const r of merged) {
    const other = typeof r.relative_to === "string" ? merged.find((m) => m.name === r.relative_to) : undefined;
    if (other?.median && r.median !== null) r.ratio = Math.round((r.median / other.median) * 100) / 100;
  }
  fs.writeFileSync(resultsFile, JSON.stringify(merged, null, 2) + "\n");
  const cell = (v: unknown) => (v === null || v === undefined ? "-" : String(v));
  // The floor measured beside a figure in the same run (a bare COPY, one SQL aggregate, `node -e 0`,
  // a bare server) or the benchmark it is relative to, and the ratio to it: ratios, unlike
  // absolute times, carry from one machine to another.
  const floorOf = (r: BenchRecord): string => {
    for (const k of ["copy_floor_ms", "floor_ms", "floor_node_ms", "floor_client_p99", "rss_before_load_mb"]) if (typeof r[k] === "number") return `${String(r[k])} (${k})`;
    return typeof r.relative_to === "string" ? `(${r.relative_to})` : "-";
  };
  const rows = records.map((r) => [r.name, cell(r.median), cell(r.p95), r.unit, String(r.runs), cell(r.rss_mb), floorOf(r), cell(r.ratio), r.notes]);
  const head = ["benchmark", "median", "p95", "unit", "runs", "rss_mb", "floor", "ratio", "notes"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join("  ");
  process.stdout.write([fmt(head), fmt(w.map((n) => "-".repeat(n))), ...rows.map(fmt)].join("\n") + `\n\nWritten to ${path.relative(process.cwd(), resultsFile)}\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
    process.exit(1);
  },
);
