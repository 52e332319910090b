import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { runCli } from "../support/run.ts";

const t = useTestDatabase("cli");
const env = () => ({ DATABASE_URL: t.url });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "scout-cli-"));

describe("one-shot CLI (npm run scout -- ...)", () => {
  it("runs help and exits 0", async () => {
    const r = await runCli(["help"], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("/scout roster import");
  });

  it("exits 2 on a usage error and says what to fix", async () => {
    const r = await runCli(["roster", "import", "a.csv", "platform:myspace"], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/platform: expected one of instagram/);
    expect(r.stderr).toMatch(/Example: \/scout roster import/);
  });

  it("exits 1 on any other failure, such as a missing file", async () => {
    const r = await runCli(["roster", "import", "no-such-file.csv", "platform:instagram"], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("There is no file at no-such-file.csv");
  });

  it("prints a machine-readable summary with --json", async () => {
    const f = path.join(tmp, "roster.csv");
    fs.writeFileSync(f, "channel,platform,subscribers\n@cook_ana,YouTube,12.5k\nbroken,youtube,lots\n");
    const r = await runCli(["roster", "import", f, "--json"], env());
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.accounts).toEqual({ created: 1, updated: 0 });
    expect(data.skipped).toEqual([{ file: "roster.csv", line: 3, handle: "broken", reason: 'followers "lots" is not a number (write 12500, 12,500 or 12.5k)' }]);
    const row = await t.db.prisma.account.findUniqueOrThrow({ where: { platform_handle: { platform: "youtube", handle: "cook_ana" } } });
    expect(row.followers).toBe(12500);
  });

  it("prints errors as JSON too with --json, with the exit code", async () => {
    const r = await runCli(["roster", "import", "--json"], env());
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: "USAGE", usage: expect.stringContaining("/scout roster import") });
  });

  it("runs the same through the package's `scout` bin", async () => {
    const { execFile } = await import("node:child_process");
    const { ROOT, childEnv } = await import("../support/run.ts");
    const out = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [path.join(ROOT, "src/bin/scout.mjs"), "help", "roster", "import"], { cwd: ROOT, env: childEnv(env()) }, (err, stdout) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout }),
      ),
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("/scout roster import <file>");
  });

  it("stops with a message naming the variable when the configuration is bad", async () => {
    const r = await runCli(["help"], { ...env(), PORT: "eighty" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PORT: expected a port number/);
  });
});
