// The one-shot CLI writing to a pipe (`scout ... --json | jq`), not to a terminal or a file.
import { beforeAll, describe, expect, it } from "vitest";
import { generateCreators, postsCsv, rosterCsv } from "../../bench/lib/generate.ts";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import path from "node:path";
import { ROOT, collect, type RunResult } from "../support/run.ts";

const t = useTestDatabase("cli_pipe");
const gen = generateCreators(600, 7);

beforeAll(async () => {
  await importRoster(
    { creators: { label: "r.csv", text: rosterCsv(gen) }, posts: { label: "p.csv", text: postsCsv(gen, 6) } },
    { platform: "instagram" },
    createRosterRepo(t.db.pool),
  );
});

/** `scout <args> | { sleep; cat; }` in bash: the CLI's standard output is a real pipe whose reader
 *  takes nothing for `slowMs` (a slow consumer such as `| jq` on a busy machine), so the pipe's
 *  64 KB fill and the rest of the output must wait for it. The exit code is the CLI's. */
function runCliSlowReader(args: string[], env: Record<string, string>, slowMs: number): Promise<RunResult> {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cli = [process.execPath, "--import", "tsx", path.join(ROOT, "src/cli.ts"), ...args].map(q).join(" ");
  const script = `${cli} | { sleep ${slowMs / 1000}; cat; }; exit \${PIPESTATUS[0]}`;
  return collect("bash", ["-c", script], env);
}

describe("one-shot CLI output on a pipe", () => {
  it("writes --json output far larger than a pipe's 64 KB buffer whole, and exits 0", async () => {
    const r = await runCliSlowReader(["shortlist", "followers:1k-1m", "top:50", "--json"], { DATABASE_URL: t.url }, 6000);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(100_000);
    const data = JSON.parse(r.stdout);
    expect(data.results).toHaveLength(50);
    expect(r.stdout.endsWith("}\n")).toBe(true);
  });

  it("keeps the usage exit code (2) and the whole JSON error on a pipe", async () => {
    const r = await runCliSlowReader(["shortlist", "top:500", "--json"], { DATABASE_URL: t.url }, 1000);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: "USAGE" });
  });
});
