// `npm start` and the CLI run the JavaScript compiled to dist/ at install (issue 18). The build must
// run on its own: its imports rewritten to .js, package.json and prisma/migrations found from dist/,
// Slack's and Discord's libraries left unloaded on the console, and `help` answered without the
// database. (Other tests run the TypeScript sources through tsx.)
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { childEnv, collect, exitOf, nodeScript, ROOT, waitFor } from "../support/run.ts";
// @ts-expect-error: a plain ES module without types (it runs before anything is compiled)
import { staleSource } from "../../src/bin/launch.mjs";

const t = useTestDatabase("built");
const DIST_MAIN = path.join(ROOT, "dist/src/main.js");
const DIST_CLI = path.join(ROOT, "dist/src/cli.js");

/** Preloaded into the bot: on exit, prints which CommonJS packages were loaded (bolt, discord.js, pg are CommonJS). */
const REPORT_PACKAGES =
  "data:text/javascript," +
  encodeURIComponent(
    `import { createRequire } from "node:module";
     const cache = createRequire(process.cwd() + "/").cache;
     process.on("exit", () => {
       const pkgs = new Set(Object.keys(cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean));
       process.stderr.write("PACKAGES " + JSON.stringify([...pkgs].sort()) + "\\n");
     });`,
  );

beforeAll(() => {
  // What `npm install` did; again when a source changed since (the build is what is tested here).
  if ((staleSource as (root: string) => string | null)(ROOT)) execFileSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: "inherit", timeout: 180_000 });
}, 200_000);

describe("the compiled build (npm start, npm run scout)", () => {
  it("npm start's console starts from dist/ and loads neither Slack's nor Discord's library", async () => {
    const bot = spawn(process.execPath, [...nodeScript("start").flags, "--import", REPORT_PACKAGES, DIST_MAIN], {
      cwd: ROOT,
      env: childEnv({ DATABASE_URL: t.url, PORT: "0" }),
    });
    let out = "";
    let err = "";
    bot.stdout.on("data", (d: Buffer) => (out += d.toString()));
    bot.stderr.on("data", (d: Buffer) => (err += d.toString()));
    await waitFor(() => out, /Type \/scout help/, 60_000);
    expect(out).toMatch(/^Scout \d+\.\d+\.\d+: local console \(ready in \d+\.\d s\)/m);
    bot.stdin.end("exit\n");
    expect(await exitOf(bot)).toBe(0);
    const packages = JSON.parse(/PACKAGES (.*)/.exec(err)?.[1] ?? "null") as string[];
    // The report sees CommonJS packages the console does load (the database driver)...
    expect(packages).toContain("pg");
    // ...and none of the chat platforms' or YouTube's, whose tokens are not set.
    expect(packages.filter((p) => /^(@slack\/|@discordjs\/|discord\.js$|@googleapis\/|googleapis-common$)/.test(p))).toEqual([]);
  });

  it("the CLI runs a command on the database from dist/", async () => {
    const r = await collect(process.execPath, [DIST_CLI, "campaign", "list"], { DATABASE_URL: t.url });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Campaigns");
  });

  it("the CLI answers help without starting the embedded database", async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scout-help-")), "pg");
    const r = await collect(process.execPath, [DIST_CLI, "help"], { EMBEDDED_PG_DIR: dir, EMBEDDED_PG_PORT: "1" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("/scout roster import");
    // Nothing was created: no server was initialised or started for help.
    expect(fs.existsSync(dir)).toBe(false);
  });

  it("the CLI connects before a command that reads the database, and stops with the reason when it cannot", async () => {
    const r = await collect(process.execPath, [DIST_CLI, "campaign", "list"], { DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:1/none" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Scout could not run the command: .*ECONNREFUSED/);
  });
});
