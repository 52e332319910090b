// Tracked-link redirects under load: 200 concurrent GET /r/<code> (each on its own TCP connection,
// as 200 people clicking at once would be) against Scout's HTTP server on loopback, every click
// written to PostgreSQL before the 302. The clients run in another process (this file started with
// REDIRECT_LOAD=1), so only the server runs here. Records per-request latency over all runs:
// median, p95, p99 (target p99 <= 20 ms).
import { spawn, type ChildProcessByStdio } from "node:child_process";
import http from "node:http";
import readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import { loadConfig } from "../src/config.ts";
import { newLinkCode } from "../src/core/links/code.ts";
import { startHttpServer, type HttpServer } from "../src/http/server.ts";
import { mountTrackingRoutes } from "../src/http/links.ts";
import { createLogger } from "../src/logger.ts";
import { percentile, type Bench } from "./lib/bench.ts";
import { scratchDb } from "./lib/db.ts";

const CONCURRENCY = 200;
const LINKS = 500;
const BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** The load process: reads {port, codes} lines, fires one request per code at once, answers with the latencies. */
async function loadMain() {
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const msg = JSON.parse(line) as { port: number; codes: string[] } | { quit: true };
    if ("quit" in msg) break;
    const one = (code: string, i: number) =>
      new Promise<{ ms: number; status: number }>((resolve, reject) => {
        const t = performance.now();
        const req = http.request(
          {
            host: "127.0.0.1",
            port: msg.port,
            path: `/r/${code}`,
            agent: false,
            headers: { "user-agent": i % 10 === 0 ? "Slackbot-LinkExpanding 1.0" : BROWSER, "x-forwarded-for": `198.51.${(i >> 8) & 255}.${i & 255}` },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve({ ms: performance.now() - t, status: res.statusCode ?? 0 }));
          },
        );
        req.on("error", reject);
        req.end();
      });
    const r = await Promise.all(msg.codes.map(one));
    process.stdout.write(JSON.stringify({ lat: r.map((x) => x.ms), bad: r.filter((x) => x.status !== 302).length }) + "\n");
  }
}

let scratch: Awaited<ReturnType<typeof scratchDb>> | undefined;
let server: HttpServer | undefined;
let load: ChildProcessByStdio<Writable, Readable, null> | undefined;
let nextLine: (() => Promise<string>) | undefined;
let codes: string[] = [];
let floor: { p50: number; p99: number } | undefined;
const latencies: number[] = [];
/** In the server: from the request's headers parsed to the response finished. */
const serverSide: number[] = [];
let recordServer = false;
const batches: number[] = [];
const round = (x: number) => Math.round(x * 10) / 10;

async function fire(port = server!.port, pick = Array.from({ length: CONCURRENCY }, () => codes[Math.floor(Math.random() * codes.length)]!)): Promise<number[]> {
  load!.stdin.write(JSON.stringify({ port, codes: pick }) + "\n");
  const r = JSON.parse(await nextLine!()) as { lat: number[]; bad: number };
  if (r.bad) throw new Error(`${r.bad} requests were not answered with 302`);
  return r.lat;
}

async function seed(db: NonNullable<typeof scratch>["db"]) {
  const q = (sql: string, params: unknown[] = []) => db.pool.query(sql, params);
  const c = await q(
    `INSERT INTO campaign (id, slug, name, status, landing_url, currency, updated_at) VALUES (gen_random_uuid(), 'bench', 'Bench', 'active', 'https://shop.example.com/spring?ref=bench', 'USD', now()) RETURNING id`,
  );
  codes = Array.from({ length: LINKS }, newLinkCode);
  await q(
    `WITH cr AS (INSERT INTO creator (id, display_name, updated_at) SELECT gen_random_uuid(), 'Creator ' || i, now() FROM generate_series(1, $2::int) i RETURNING id),
          numbered AS (SELECT id, row_number() OVER () AS n FROM cr),
          acc AS (INSERT INTO account (id, creator_id, platform, handle, updated_at) SELECT gen_random_uuid(), id, 'instagram', 'creator' || n, now() FROM numbered RETURNING id, creator_id),
          p AS (INSERT INTO participation (id, campaign_id, creator_id, account_id, status, updated_at) SELECT gen_random_uuid(), $1::uuid, creator_id, id, 'approved', now() FROM acc RETURNING id),
          pn AS (SELECT id, row_number() OVER () AS n FROM p)
     INSERT INTO tracked_link (id, participation_id, code) SELECT gen_random_uuid(), pn.id, ($3::text[])[pn.n] FROM pn`,
    [c.rows[0].id, LINKS, codes],
  );
}

const bench: Bench = {
  name: "redirect",
  unit: "ms",
  runs: 10,
  notes:
    `${CONCURRENCY} concurrent GET /r/<code> (new TCP connection each, ${LINKS} links, 1 in 10 from a link-preview bot) on loopback, ` +
    `each click written to PostgreSQL behind the 302 (batched); every code clicked once before the runs; clients in another process. median/p95/p99: in the server, request headers read -> 302 sent, ` +
    `every request over all runs (target p99 <= 20 ms); client_*: as the clients saw it, connection set-up and their own queueing included; ` +
    `floor_client_*: the same clients against a bare server answering 302 at once (what this machine allows); batch_ms_median: all ${CONCURRENCY} answered`,
  async setup() {
    scratch = await scratchDb("bench_redirect");
    await seed(scratch.db);
    const log = createLogger({ level: "warn" });
    const config = loadConfig({ DATABASE_URL: scratch.db.url, CLICK_IP_SALT: "bench-salt-0123456789", TRUST_PROXY: "true" });
    server = await startHttpServer({ port: 0, host: "127.0.0.1", db: scratch.db, log, version: "bench" });
    mountTrackingRoutes(server, { db: scratch.db, config, log });
    load = spawn(process.execPath, ["--import", "tsx", import.meta.filename], { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, REDIRECT_LOAD: "1" } });
    const lines = readline.createInterface({ input: load.stdout })[Symbol.asyncIterator]();
    nextLine = async () => {
      const r = await lines.next();
      if (r.done) throw new Error("the load process stopped");
      return r.value as string;
    };
    server.server.on("request", (_req: http.IncomingMessage, res: http.ServerResponse) => {
      const t = performance.now();
      res.on("finish", () => recordServer && serverSide.push(performance.now() - t));
    });
    // Warm-up, not recorded: every code clicked once (as live links are), so the runs measure the steady state.
    for (let i = 0; i < codes.length; i += CONCURRENCY) await fire(server.port, codes.slice(i, i + CONCURRENCY));
    // The floor on this machine: the same load against a server that answers 302 at once (no Scout, no database).
    const bare = http.createServer((_req, res) => res.writeHead(302, { location: "https://shop.example.com/" }).end());
    await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
    const bareLat: number[] = [];
    for (let i = 0; i < 4; i++) bareLat.push(...(await fire((bare.address() as { port: number }).port)));
    bare.close();
    bareLat.sort((a, b) => a - b);
    floor = { p50: round(percentile(bareLat, 50)), p99: round(percentile(bareLat, 99)) };
    recordServer = true;
  },
  async run() {
    const t0 = performance.now();
    latencies.push(...(await fire()));
    batches.push(performance.now() - t0);
    const s = [...latencies].sort((a, b) => a - b);
    const sv = [...serverSide].sort((a, b) => a - b);
    const clicks = await scratch!.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM click");
    return {
      median: round(percentile(sv, 50)),
      p95: round(percentile(sv, 95)),
      p99: round(percentile(sv, 99)),
      max: round(sv.at(-1)!),
      requests: s.length,
      client_p50: round(percentile(s, 50)),
      client_p95: round(percentile(s, 95)),
      client_p99: round(percentile(s, 99)),
      floor_client_p50: floor!.p50,
      floor_client_p99: floor!.p99,
      target_p99_ms: 20,
      batch_ms_median: round(percentile([...batches].sort((a, b) => a - b), 50)),
      clicks_stored: clicks.rows[0]!.n,
      concurrency: CONCURRENCY,
    };
  },
  async teardown() {
    load?.stdin.write(JSON.stringify({ quit: true }) + "\n");
    await server?.close();
    await scratch?.drop();
  },
};

if (process.env.REDIRECT_LOAD) await loadMain();

export default bench;
