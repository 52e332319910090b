// 2,000 malformed HTTP requests on raw sockets against the real bot process (npm start in Slack HTTP
// mode on a fake Slack, so POST /slack/events is served next to /healthz, /r/<code> and
// /hooks/conversions): broken request lines and URLs, header floods, wrong content-lengths, chunked
// garbage, slow clients, oversized bodies, random bytes. The process must be alive at the end,
// /healthz must answer, no request may get a 500, and the peak memory (VmHWM) must stay bounded.
// The seed is printed; FUZZ_SEED=<seed> replays a run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { fuzzSeed } from "../support/fuzz.ts";
import { httpFuzzCases, runHttpFuzz } from "../support/http-fuzz.ts";
import { peakRssMb } from "../support/raw-http.ts";
import { exitOf, startMain, waitFor } from "../support/run.ts";
import { BOT_TOKEN, slackProcessEnv } from "../fakes/slack-harness.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack-api.ts";

const N = 2000;
/** The bot's peak resident memory may grow this much over its peak at start (node's heap is capped at 192 MB). */
const RSS_GROWTH_MB = 120;
const seed = fuzzSeed();
console.log(`http-fuzz.test.ts: FUZZ_SEED=${seed}`);

const t = useTestDatabase("http_fuzz");
let fake: FakeSlack;
let bot: ReturnType<typeof startMain>;
let port = 0;

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
  bot = startMain(slackProcessEnv(fake, t.url, { CONVERSION_WEBHOOK_SECRET: "fuzz-secret-0123456789" }));
  port = Number((await waitFor(bot.errors, /HTTP on port (\d+)/, 30_000))[1]);
  await waitFor(bot.errors, /slack ready \(HTTP at POST \/slack\/events\)/, 30_000);
});
afterAll(async () => {
  bot?.kill("SIGTERM");
  if (bot) await exitOf(bot, 15_000).catch(() => bot.kill("SIGKILL"));
  await fake?.close();
});

describe(`http fuzz: ${N.toLocaleString("en-US")} malformed requests on raw sockets (seed ${seed})`, () => {
  it("leaves the bot running, answering /healthz, without a 500, in bounded memory", async () => {
    const startPeak = peakRssMb(bot.pid!);
    const result = await runHttpFuzz(port, httpFuzzCases(seed, N), { concurrency: 40, alive: () => bot.exitCode === null && bot.signalCode === null });
    const peak = peakRssMb(bot.pid!);
    console.log(
      `http-fuzz: ${result.requests} requests in ${(result.ms / 1000).toFixed(1)} s; answers ${JSON.stringify(result.statuses)}; ` +
        `bot peak RSS ${peak.toFixed(0)} MB (${startPeak.toFixed(0)} MB at start)`,
    );
    expect(bot.exitCode, `the bot exited (FUZZ_SEED=${seed}):\n${bot.errors().slice(-3000)}`).toBeNull();
    expect(bot.signalCode).toBeNull();
    expect(result.requests).toBe(N);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", database: "up" });
    expect(result.serverErrors, `FUZZ_SEED=${seed}`).toEqual([]);
    // Most requests are refused with an answer (400, 404, 413, 401...): the server is not just closing sockets.
    expect(Object.entries(result.statuses).filter(([s]) => s !== "none").reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(N / 2);
    expect(peak - startPeak, `peak RSS ${peak} MB`).toBeLessThan(RSS_GROWTH_MB);
    // Still serving Slack: a request with a bad signature is refused as before.
    const forged = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", body: "x=1", headers: { "x-slack-request-timestamp": "1", "x-slack-signature": "v0=0" } });
    expect(forged.status).toBe(401);
    expect(bot.errors()).not.toMatch(/http handler failed|Slack request failed|FATAL|heap out of memory/i);
  }, 90_000);
});
