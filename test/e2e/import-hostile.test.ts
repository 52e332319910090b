// Issue 13, item 3: imports stream in bounded memory. Against the real bot process (npm start, heap
// capped as in production) in Slack HTTP mode, files shared in a DM and generated here in a temporary
// folder: 200 MB of random bytes (refused by its declared size without being fetched, and, when Slack
// gives no size, cut off at the limit while it downloads), a roster of 300,000 rows with the row cap
// lowered to 100,000 (refused by its row count), and an import that outgrows the command worker's
// heap (the worker dies, the person is told, the bot goes on). The bot stays up, answers /healthz,
// leaves no download behind, and its peak RSS (VmHWM) stays under 300 MB through the hostile files
// (they are answered before any command worker starts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { exitOf, startMain, waitFor } from "../support/run.ts";
import { peakRssMb } from "../support/raw-http.ts";
import { garbageFile, rosterFile } from "../support/hostile-files.ts";
import { BOT_TOKEN, MARKETER, eventBody, post, sign, slackProcessEnv } from "../fakes/slack-harness.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack-api.ts";

const t = useTestDatabase("import_hostile");
let fake: FakeSlack;
let tmp = "";
let garbage = "";

interface Bot {
  proc: ReturnType<typeof startMain>;
  url: string;
  port: number;
}

async function startBot(env: Record<string, string>): Promise<Bot> {
  const proc = startMain(slackProcessEnv(fake, t.url, { TMPDIR: tmp, ...env }));
  const [, port] = await waitFor(proc.errors, /HTTP on port (\d+)/, 60_000);
  await waitFor(proc.errors, /slack ready/, 60_000);
  return { proc, port: Number(port), url: `http://127.0.0.1:${port}/slack/events` };
}

async function stopBot(b: Bot | undefined) {
  if (!b) return;
  b.proc.kill("SIGTERM");
  await exitOf(b.proc, 15_000).catch(() => b.proc.kill("SIGKILL"));
}

let seq = 0;
/** Shares `file` in a DM with `comment`; returns the final text of the import's thread. */
async function shareAndWait(b: Bot, comment: string, file: Record<string, unknown>): Promise<string> {
  const ts = `1700009${String(++seq).padStart(3, "0")}.000100`;
  const event = { type: "message", subtype: "file_share", files: [file], channel: "D0MIA", channel_type: "im", user: MARKETER, text: comment, ts, event_ts: ts };
  const body = eventBody(event);
  const from = fake.calls.length;
  expect((await post(b.url, body, { "content-type": "application/json", ...sign(body) })).status).toBe(200);
  const done = await fake.waitForCall(
    (c) => fake.calls.indexOf(c) >= from && (c.method === "chat.update" || c.method === "chat.postMessage") && /Roster imported|Nothing imported|Could not import|too large|went wrong/i.test(String(c.args.text)),
    60_000,
  );
  return String(done.args.text);
}

const leftovers = () => fs.readdirSync(tmp).filter((n) => n.startsWith("scout-import-"));

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "scout-hostile-test-"));
  garbage = path.join(tmp, "garbage.csv");
  await garbageFile(garbage, 200);
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
}, 60_000);

afterAll(async () => {
  await fake?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("hostile imports from Slack", () => {
  it("answers a 200 MB file and a 300,000-row file clearly, and stays up under 300 MB", async () => {
    const bot = await startBot({ IMPORT_MAX_ROWS: "100000" });
    try {
      // Declared 200 MB: refused by its size, never fetched.
      const declared = fake.shareDiskFile("garbage.csv", garbage);
      const before = fake.downloads.length;
      expect(await shareAndWait(bot, "import platform:instagram", declared)).toMatch(/The file is too large: at most 100 MB \(garbage\.csv is 200 MB\)/);
      expect(fake.downloads.length).toBe(before);

      // No size given: the download is cut off at 100 MB.
      const undeclared = fake.shareDiskFile("garbage2.csv", garbage, { size: null });
      expect(await shareAndWait(bot, "import platform:instagram", undeclared)).toMatch(/The file is too large: at most 100 MB/);

      // 300,000 rows, over the (lowered) cap of 100,000: refused by its row count, nothing imported.
      const many = path.join(tmp, "many.csv");
      await rosterFile(many, 300_000);
      expect(await shareAndWait(bot, "import", fake.shareDiskFile("many.csv", many))).toMatch(/The file is too large: at most 100,000 rows \(many\.csv has more\)/);
      expect((await t.db.pool.query("SELECT count(*)::int AS n FROM account")).rows[0].n).toBe(0);

      expect(bot.proc.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status).toBe(200);
      expect(leftovers()).toEqual([]);
      const peak = peakRssMb(bot.proc.pid!);
      console.log(`import-hostile: bot peak RSS ${peak.toFixed(1)} MB`);
      expect(peak).toBeLessThan(300);
    } finally {
      await stopBot(bot);
    }
  }, 120_000);

  it("tells the person when an import outgrows the command worker's heap, and goes on", async () => {
    const bot = await startBot({ SLACK_WORKER_HEAP_MB: "48", SLACK_WORKER_THREADS: "1" });
    try {
      const big = path.join(tmp, "big.csv");
      await rosterFile(big, 240_000, "w");
      const answer = await shareAndWait(bot, "import", fake.shareDiskFile("big.csv", big));
      expect(answer).toMatch(/The file is too large: at most 250,000 rows, and this import needed more memory than Scout gives one\. Nothing was imported/);
      await waitFor(bot.proc.errors, /a command worker ran out of memory/, 10_000);
      expect(bot.proc.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status).toBe(200);
      expect((await t.db.pool.query("SELECT count(*)::int AS n FROM account")).rows[0].n).toBe(0);
      // The next import gets a new worker and works.
      const small = path.join(tmp, "small.csv");
      await rosterFile(small, 50, "ok");
      expect(await shareAndWait(bot, "import", fake.shareDiskFile("small.csv", small))).toMatch(/Roster imported/);
      expect(leftovers()).toEqual([]);
      // Two workers came and went (each an isolate of its own, some 80 MB): bounded all the same.
      expect(peakRssMb(bot.proc.pid!)).toBeLessThan(400);
    } finally {
      await stopBot(bot);
    }
  }, 120_000);
});
