// Ctrl+C during a long command: the command's AbortSignal stops the work, the import's transaction
// rolls back (none of its rows stay), and the console says so and exits.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCreators, postsCsv, rosterCsv } from "../../bench/lib/generate.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";
import { spawn } from "node:child_process";
import { ROOT, childEnv, exitOf, startMain, waitFor } from "../support/run.ts";

const t = useTestDatabase("console_cancel");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-cancel-"));
const creatorsFile = path.join(dir, "creators.csv");
const postsFile = path.join(dir, "posts.csv");
// Several batches of accounts and many of posts: the import takes seconds, long enough to interrupt.
const gen = generateCreators(12_000, 5);
let s: TestApp;

beforeAll(async () => {
  fs.writeFileSync(creatorsFile, rosterCsv(gen));
  fs.writeFileSync(postsFile, postsCsv(gen, 3));
  s = await testApp(t);
});

const rows = async () => ({
  accounts: await t.db.prisma.account.count(),
  creators: await t.db.prisma.creator.count(),
  posts: await t.db.prisma.post.count(),
});
const none = { accounts: 0, creators: 0, posts: 0 };

describe("cancelling a roster import", () => {
  it("through the dispatch's AbortSignal: the import stops, answers CANCELLED and leaves none of its rows", async () => {
    const ac = new AbortController();
    const phases: string[] = [];
    const r = await s.app.dispatch({
      line: `roster import ${creatorsFile} posts:${postsFile} platform:instagram`,
      surface: "console",
      actor: { id: "m1", name: "Mia", roles: ["marketer"] },
      // Cancelled once every account and the first posts are written (inside the transaction).
      progress: (p) => {
        phases.push(p.phase);
        if (p.phase === "posts") ac.abort();
      },
      signal: ac.signal,
    });
    expect(phases).toContain("accounts");
    expect(r.outcome).toBe("user");
    expect(r.code).toBe("CANCELLED");
    expect(r.reply.message.text).toMatch(/Import cancelled: nothing was written/);
    expect(await rows()).toEqual(none);
  });

  it("any command stopped by its signal answers CANCELLED, not a bug with a reference", async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await s.app.dispatch({ line: `roster import ${creatorsFile} platform:instagram`, surface: "console", actor: { id: "m1", name: "Mia", roles: ["marketer"] }, signal: ac.signal });
    expect(r).toMatchObject({ outcome: "user", code: "CANCELLED" });
    expect(await rows()).toEqual(none);
  });
});

/** Whether a session of this database has an open transaction that has written (the import, mid-way). */
const importUnderWay = async () =>
  (
    await t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`,
    )
  ).rows[0]!.n > 0;

async function untilImportUnderWay(what: () => string): Promise<void> {
  const end = Date.now() + 30_000;
  while (!(await importUnderWay())) {
    if (Date.now() > end) throw new Error(`the import did not start; output:\n${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("Ctrl+C in the console during a long import", () => {
  it("prints stopping…, rolls the import back, says nothing was written and exits", async () => {
    const bot = startMain({ DATABASE_URL: t.url, PORT: "0" });
    try {
      await waitFor(bot.output, /Type \/scout help/);
      bot.stdin.write(`roster import ${creatorsFile} posts:${postsFile} platform:instagram\n`);
      await untilImportUnderWay(() => bot.output() + bot.errors());
      bot.kill("SIGINT");
      await waitFor(bot.output, /stopping…/, 5_000);
      await waitFor(bot.output, /Import cancelled: nothing was written/, 20_000);
      expect(await exitOf(bot)).toBe(130);
      expect(bot.output()).not.toMatch(/Roster imported/);
      expect(await rows()).toEqual(none);
    } finally {
      bot.kill();
    }
  });

  it("a second Ctrl+C leaves at once; the database rolls the open import back", async () => {
    const bot = startMain({ DATABASE_URL: t.url, PORT: "0" });
    try {
      await waitFor(bot.output, /Type \/scout help/);
      bot.stdin.write(`roster import ${creatorsFile} posts:${postsFile} platform:instagram\n`);
      await untilImportUnderWay(() => bot.output() + bot.errors());
      bot.kill("SIGINT");
      await waitFor(bot.output, /stopping…/, 5_000);
      bot.kill("SIGINT");
      expect(await exitOf(bot)).toBe(130);
      // Forced, or (on a fast machine) the cancel had already finished: either way, it exits 130.
      expect(bot.output()).toMatch(/stopping now|Import cancelled/);
      // The server ends the session of a process that is gone, and its transaction with it.
      const end = Date.now() + 10_000;
      while ((await importUnderWay()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(await rows()).toEqual(none);
    } finally {
      bot.kill();
    }
  });

  it("at the prompt, Ctrl+C leaves the console as before (exit 0)", async () => {
    const bot = startMain({ DATABASE_URL: t.url, PORT: "0" });
    try {
      await waitFor(bot.output, /Type \/scout help/);
      bot.kill("SIGINT");
      expect(await exitOf(bot)).toBe(0);
      expect(bot.output()).not.toMatch(/stopping/);
    } finally {
      bot.kill();
    }
  });
});

describe("Ctrl+C in the one-shot CLI during a long import", () => {
  it("prints stopping… on standard error, rolls the import back and exits 130", async () => {
    const cli = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/cli.ts"), "roster", "import", creatorsFile, `posts:${postsFile}`, "platform:instagram"], {
      cwd: ROOT,
      env: childEnv({ DATABASE_URL: t.url }),
    });
    let out = "";
    let err = "";
    cli.stdout.on("data", (d: Buffer) => (out += d.toString()));
    cli.stderr.on("data", (d: Buffer) => (err += d.toString()));
    try {
      await untilImportUnderWay(() => out + err);
      cli.kill("SIGINT");
      expect(await exitOf(cli)).toBe(130);
      expect(err).toMatch(/stopping…/);
      expect(err).toMatch(/Import cancelled: nothing was written/);
      expect(await rows()).toEqual(none);
    } finally {
      cli.kill();
    }
  });
});
