// Hostile imports against the real bot process (npm start in Slack HTTP mode, a fake Slack in this
// process), as files shared in a DM, generated in a temporary folder: 200 MB of random bytes with its
// size declared (refused unread) and without (cut off at IMPORT_MAX_MB while it downloads), and a
// roster of 1,000,000 rows (over IMPORT_MAX_ROWS, 250,000 by default: refused by its row count).
// Records the time per run (the three answers), `largest_mb`, `rows`, `rss_mb` (the bot's peak
// resident memory, VmHWM; target under 300) and the answers given.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startFakeSlack, type FakeSlack } from "../test/fakes/slack-api.ts";
import { BOT_TOKEN, MARKETER, eventBody, post, sign, slackProcessEnv } from "../test/fakes/slack-harness.ts";
import { garbageFile, rosterFile } from "../test/support/hostile-files.ts";
import { peakRssMb } from "../test/support/raw-http.ts";
import { exitOf, startMain, waitFor } from "../test/support/run.ts";
import type { Bench } from "./lib/bench.ts";
import { scratchDb } from "./lib/db.ts";

const LARGEST_MB = 200;
const ROWS = 1_000_000;

let scratch: Awaited<ReturnType<typeof scratchDb>> | undefined;
let fake: FakeSlack | undefined;
let bot: ReturnType<typeof startMain> | undefined;
let url = "";
let tmp = "";
let garbage = "";
let many = "";
let seq = 0;
let peakMb = 0;
let crashes = 0;
const answers: Record<string, string> = {};

async function share(comment: string, file: Record<string, unknown>): Promise<string> {
  const ts = `1800000${String(++seq).padStart(3, "0")}.000100`;
  const body = eventBody({ type: "message", subtype: "file_share", files: [file], channel: "D0MIA", channel_type: "im", user: MARKETER, text: comment, ts, event_ts: ts });
  const from = fake!.calls.length;
  await post(url, body, { "content-type": "application/json", ...sign(body) });
  const done = await fake!.waitForCall(
    (c) => fake!.calls.indexOf(c) >= from && (c.method === "chat.update" || c.method === "chat.postMessage") && /imported|Could not import|too large|went wrong/i.test(String(c.args.text)),
    120_000,
  );
  return String(done.args.text).split("\n")[0]!;
}

export default {
  name: "import-hostile",
  unit: "ms",
  runs: 3,
  notes:
    `Files shared in a Slack DM with the real bot (npm start, heap capped at 192 MB): ${LARGEST_MB} MB of random bytes with its size declared (refused unread) and ` +
    `without (cut off at IMPORT_MAX_MB = 100 while it downloads), and a ${ROWS.toLocaleString("en-US")}-row roster (over IMPORT_MAX_ROWS = 250,000: refused by its row count before a worker starts). ` +
    "median/p95: time per run for the three answers; rss_mb: the bot's peak RSS (VmHWM, target < 300); crashes: times the bot died (target 0)",
  async setup() {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "scout-bench-hostile-"));
    garbage = path.join(tmp, "garbage.csv");
    many = path.join(tmp, "million.csv");
    await garbageFile(garbage, LARGEST_MB);
    await rosterFile(many, ROWS);
    scratch = await scratchDb("bench_import_hostile");
    fake = await startFakeSlack({ botToken: BOT_TOKEN });
    bot = startMain(slackProcessEnv(fake, scratch.db.url, { LOG_LEVEL: "info", TMPDIR: tmp }));
    const [, port] = await waitFor(bot.errors, /HTTP on port (\d+)/, 60_000);
    await waitFor(bot.errors, /slack ready/, 60_000);
    url = `http://127.0.0.1:${port}/slack/events`;
  },
  async run() {
    answers.declared = await share("import platform:instagram", fake!.shareDiskFile("garbage.csv", garbage));
    answers.undeclared = await share("import platform:instagram", fake!.shareDiskFile("garbage.csv", garbage, { size: null }));
    answers.rows = await share("import platform:instagram", fake!.shareDiskFile("million.csv", many));
    peakMb = Math.max(peakMb, peakRssMb(bot!.pid!) || 0);
    if (bot!.exitCode !== null || bot!.signalCode !== null) crashes++;
    return {
      largest_mb: LARGEST_MB,
      rows: ROWS,
      rss_mb: Math.round(peakMb * 10) / 10,
      crashes,
      answers: { ...answers },
    };
  },
  async teardown() {
    if (bot) {
      bot.kill("SIGTERM");
      await exitOf(bot, 15_000).catch(() => bot?.kill("SIGKILL"));
    }
    await fake?.close();
    await scratch?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  },
} satisfies Bench;
