// Slack's 3-second rule under load: 50 concurrent signed slash commands (half `/scout help`, half a
// shortlist over 100,000 seeded creators) against real Bolt behind Scout's HTTP receiver
// (src/adapters/slack/receiver.ts) on Scout's own port, on loopback. Slack (the client, the Web API and response_url) is played by another process
// (lib/slack-load.ts), so that only the bot runs in this one. Records the ack latency of every
// command (median, p95, p99 over all runs; target p99 <= 50 ms) and how long each deferred
// shortlist takes to reach its response_url.
import { spawn, type ChildProcessByStdio } from "node:child_process";
import http from "node:http";
import type { Readable, Writable } from "node:stream";
import path from "node:path";
import readline from "node:readline";
import { createApp, type App } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { startHttpServer, type HttpServer } from "../src/http/server.ts";
import { createLogger } from "../src/logger.ts";
import { startSlack, type SlackAdapter } from "../src/adapters/slack/slack.adapter.ts";
import { BOT_TOKEN, SIGNING_SECRET } from "../test/fakes/slack-harness.ts";
import { percentile, type Bench } from "./lib/bench.ts";
import { scratchDb } from "./lib/db.ts";
import { rosterFiles, seedDatabase } from "./lib/seed.ts";

const N = 100_000;
const CONCURRENCY = 50;
const SHORTLIST = "shortlist niche:food,vegan followers:5k-50k objective:sales top:10";
const USER = "U0BENCH";
const WORKERS = Number(process.env.SLACK_WORKER_THREADS ?? 1);

let scratch: Awaited<ReturnType<typeof scratchDb>> | undefined;
let app: App | undefined;
let server: HttpServer | undefined;
let slack: SlackAdapter | undefined;
let load: ChildProcessByStdio<Writable, Readable, null> | undefined;
let nextLine: (() => Promise<Record<string, any>>) | undefined;
const acks: number[] = [];
const shortlistDone: number[] = [];
const helpDone: number[] = [];
const batches: number[] = [];
let floor: ReturnType<typeof stats> | undefined;

/** Starts the Slack stand-in process and returns a reader of its JSON lines. */
async function startLoad(): Promise<Record<string, any>> {
  load = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "lib/slack-load.ts")], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: load.stdout })[Symbol.asyncIterator]();
  nextLine = async () => {
    const r = await lines.next();
    if (r.done) throw new Error("the Slack stand-in stopped");
    return JSON.parse(r.value) as Record<string, any>;
  };
  return nextLine();
}

async function fire(lines: string[], port = server!.port, ackOnly = false): Promise<{ acks: number[]; done: number[] }> {
  load!.stdin.write(JSON.stringify({ run: { port, lines, user: USER, ackOnly } }) + "\n");
  const r = await nextLine!();
  if (r.error) throw new Error(r.error);
  if (r.problems?.length) throw new Error(`calls outside Slack's API description: ${r.problems.join("; ")}`);
  return r as { acks: number[]; done: number[] };
}

const round = (x: number) => Math.round(x * 10) / 10;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), p99: round(percentile(s, 99)), max: round(s.at(-1) ?? NaN) };
};

export default {
  name: "slack-ack",
  unit: "ms",
  runs: 5,
  notes:
    `${CONCURRENCY} concurrent signed slash commands (half "/scout help", half "/scout ${SHORTLIST}") on Bolt behind Scout's HTTP receiver (acks first) on Scout's port, ` +
    `loopback, 100,000 accounts, ${WORKERS} command worker thread(s); Slack played by another process. median/p95/p99: ack latency of every command ` +
    `over all runs (target p99 <= 50 ms); floor_client_*: the same requests from the same client against a bare server that answers 200 at once; ratio: p99 over floor_client_p99; shortlist_done_*: command sent -> its answer at response_url; batch_ms_median: all ${CONCURRENCY} answered`,
  async setup() {
    scratch = await scratchDb("bench_slack_ack");
    await seedDatabase(scratch.db.url, rosterFiles(N, 5000));
    await scratch.db.pool.query("VACUUM ANALYZE account");
    const ready = await startLoad();
    const config = loadConfig({
      DATABASE_URL: scratch.db.url,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: ready.apiUrl as string,
      SLACK_MARKETER_IDS: USER,
      SLACK_WORKER_THREADS: String(WORKERS),
    });
    const log = createLogger({ level: "warn" });
    app = await createApp(config, log, { db: scratch.db });
    server = await startHttpServer({ port: 0, host: "127.0.0.1", db: app.db, log, version: "bench" });
    slack = startSlack(app, { http: server });
    await slack.ready;
    // Warm-up (worker start, first queries), not recorded.
    await fire(["help", SHORTLIST]);
    await fire(Array.from({ length: CONCURRENCY }, (_, i) => (i % 2 ? SHORTLIST : "help")));
    // The floor on this machine: the same signed requests from the same client against a bare
    // server in this process that reads each body and answers 200 at once (no Bolt, no Scout).
    const bare = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(200, { "content-type": "text/plain" }).end());
    });
    await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
    const bareAcks: number[] = [];
    const barePort = (bare.address() as { port: number }).port;
    await fire(Array.from({ length: CONCURRENCY }, () => "help"), barePort, true); // warm-up
    for (let i = 0; i < 4; i++) bareAcks.push(...(await fire(Array.from({ length: CONCURRENCY }, (_, j) => (j % 2 ? SHORTLIST : "help")), barePort, true)).acks);
    await new Promise<void>((r) => bare.close(() => r()));
    floor = stats(bareAcks);
  },
  async run() {
    const t0 = Date.now();
    const lines = Array.from({ length: CONCURRENCY }, (_, i) => (i % 2 ? SHORTLIST : "help"));
    const r = await fire(lines);
    batches.push(Date.now() - t0);
    acks.push(...r.acks);
    r.done.forEach((ms, i) => (lines[i] === SHORTLIST ? shortlistDone : helpDone).push(ms));
    const a = stats(acks);
    const sl = stats(shortlistDone);
    const hp = stats(helpDone);
    return {
      median: a.p50,
      p95: a.p95,
      p99: a.p99,
      ack_max: a.max,
      floor_client_p99: floor!.p99,
      floor_client_p50: floor!.p50,
      ratio: round(a.p99 / floor!.p99),
      acks: acks.length,
      target_p99_ms: 50,
      shortlist_done_p50: sl.p50,
      shortlist_done_p99: sl.p99,
      shortlist_done_max: sl.max,
      help_done_p50: hp.p50,
      help_done_p99: hp.p99,
      batch_ms_median: round(percentile([...batches].sort((x, y) => x - y), 50)),
      concurrency: CONCURRENCY,
      workers: WORKERS,
      accounts: N,
    };
  },
  async teardown() {
    load?.stdin.write(JSON.stringify({ quit: true }) + "\n");
    await slack?.close();
    await server?.close();
    await scratch?.drop();
  },
} satisfies Bench;
