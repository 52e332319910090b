// Malformed HTTP against the real bot process (npm start in Slack HTTP mode, a fake Slack in this
// process): 2,000 requests per run on raw sockets, 40 at a time, from the seeded generator the fuzz
// test uses (test/support/http-fuzz.ts; FUZZ_SEED picks the seed, 1 by default). Records the time per
// run, `requests`, `crashes` (times the bot died; it is started again to go on) and `rss_mb`, the
// bot's peak resident memory (VmHWM), with the answers by status.
import { startFakeSlack, type FakeSlack } from "../test/fakes/slack-api.ts";
import { BOT_TOKEN, slackProcessEnv } from "../test/fakes/slack-harness.ts";
import { httpFuzzCases, runHttpFuzz } from "../test/support/http-fuzz.ts";
import { peakRssMb } from "../test/support/raw-http.ts";
import { exitOf, startMain, waitFor } from "../test/support/run.ts";
import type { Bench } from "./lib/bench.ts";
import { scratchDb } from "./lib/db.ts";

const N = 2000;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 1;

let scratch: Awaited<ReturnType<typeof scratchDb>> | undefined;
let fake: FakeSlack | undefined;
let bot: ReturnType<typeof startMain> | undefined;
let port = 0;
let run = 0;
let requests = 0;
let crashes = 0;
let peakMb = 0;
const statuses: Record<string, number> = {};

const alive = () => Boolean(bot && bot.exitCode === null && bot.signalCode === null);

async function startBot(): Promise<void> {
  bot = startMain(slackProcessEnv(fake!, scratch!.db.url, { LOG_LEVEL: "error", CONVERSION_WEBHOOK_SECRET: "bench-secret-0123456789" }));
  port = Number((await waitFor(bot.errors, /HTTP on port (\d+)/, 60_000))[1]);
  // "slack ready" is logged at info; with error logs only, wait for the Slack API's auth.test instead.
  const t = Date.now();
  while (!fake!.ok("auth.test").length && Date.now() - t < 30_000) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 200));
}

export default {
  name: "http-fuzz",
  unit: "ms",
  runs: 3,
  notes:
    `${N} malformed requests per run (bad request lines and URLs such as "GET http://[", header floods, wrong content-lengths, chunked garbage, slow clients, ` +
    `bodies of 1-3 MB declared up to 260 MB, random bytes, pipelining) on raw sockets, 40 at a time, against npm start in Slack HTTP mode; seed ${SEED}. ` +
    `median/p95: time per run; requests: sent over all runs; crashes: times the bot died (target 0); rss_mb: the bot's peak RSS (VmHWM; node's heap is capped at 192 MB)`,
  async setup() {
    scratch = await scratchDb("bench_http_fuzz");
    fake = await startFakeSlack({ botToken: BOT_TOKEN });
    await startBot();
  },
  async run() {
    let list = httpFuzzCases(SEED + run++, N);
    while (list.length) {
      const r = await runHttpFuzz(port, list, { concurrency: 40, alive });
      requests += r.requests;
      for (const [s, c] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + c;
      peakMb = Math.max(peakMb, peakRssMb(bot!.pid!) || 0);
      list = list.slice(r.requests);
      if (!alive()) {
        crashes++;
        await startBot();
      }
    }
    const health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    return {
      requests,
      crashes,
      rss_mb: Math.round(peakMb * 10) / 10,
      healthz: health?.status ?? null,
      answers: { ...statuses },
    };
  },
  async teardown() {
    if (bot) {
      bot.kill("SIGTERM");
      await exitOf(bot, 15_000).catch(() => bot?.kill("SIGKILL"));
    }
    await fake?.close();
    await scratch?.drop();
  },
} satisfies Bench;
