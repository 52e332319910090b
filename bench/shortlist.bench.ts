// The shortlist command end to end from PostgreSQL over 100,000 accounts (target: median ≤ 300 ms),
// and the raw SELECT of the columns the scorer needs (ratio = shortlist / select: target ≤ 2×).
// Peak RSS of the shortlist process: target ≤ 250 MB (the import runs in another process).
import { createApp, type App } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { CANDIDATE_COLUMNS, PACKED_ROW, unpack } from "../src/store/shortlist.repo.ts";
import type { Bench } from "./lib/bench.ts";
import { scratchDb } from "./lib/db.ts";
import { rosterFiles, seedDatabase } from "./lib/seed.ts";

const N = 100_000;
const LINE = "shortlist niche:food,vegan followers:5k-50k objective:sales top:10 --json";
const BROAD = "shortlist followers:1k-100k top:10 --json";
let scratch: Awaited<ReturnType<typeof scratchDb>> | undefined;
let app: App | undefined;

async function prepare() {
  scratch = await scratchDb("bench_shortlist");
  await seedDatabase(scratch.db.url, rosterFiles(N, 5000));
  await scratch.db.pool.query("VACUUM ANALYZE account");
  app = await createApp(loadConfig({ DATABASE_URL: scratch.db.url }), createLogger({ level: "warn" }), { db: scratch.db });
}

/** The columns the scorer needs, one JavaScript value per column: node-pg's usual way. */
async function rawSelect(): Promise<number> {
  const t = performance.now();
  const r = await scratch!.db.pool.query({ text: `SELECT ${CANDIDATE_COLUMNS} FROM account a`, rowMode: "array" });
  if (r.rows.length < N) throw new Error(`expected ${N} rows, got ${r.rows.length}`);
  return performance.now() - t;
}

/** The same columns packed one text per row, as the shortlist reads them (for comparison). */
async function packedSelect(): Promise<number> {
  const t = performance.now();
  const r = await scratch!.db.pool.query<{ packed: string }>(`SELECT string_agg(${PACKED_ROW}, chr(29)) AS packed FROM account a`);
  if (unpack(r.rows[0]!.packed).length < N) throw new Error("rows missing");
  return performance.now() - t;
}

const done = async () => {
  await scratch?.drop();
};

export default [
  {
    name: "shortlist-100k-db",
    unit: "ms",
    runs: 9,
    notes: `"${LINE}" through the command dispatcher on the embedded PostgreSQL, 100,000 accounts (5,000 with posts); target median <= 300 ms, <= 2x select-100k-db, rss <= 250 MB`,
    async setup() {
      await prepare();
      await app!.dispatch({ line: LINE, surface: "cli", actor: { id: "bench", name: "bench", roles: ["marketer"] } }); // warm-up
    },
    relativeTo: "select-100k-db",
    async run() {
      const r = await app!.dispatch({ line: LINE, surface: "cli", actor: { id: "bench", name: "bench", roles: ["marketer"] } });
      if (r.outcome !== "ok") throw new Error(JSON.stringify(r.reply.data));
      const d = r.reply.data as { considered: number; results: unknown[] };
      if (d.results.length !== 10) throw new Error("expected 10 results");
      return { accounts: N, considered: d.considered, target_ms: 300, target_ratio: 2, target_rss_mb: 250 };
    },
    teardown: done,
  },
  {
    name: "shortlist-100k-db-broad",
    unit: "ms",
    runs: 5,
    notes: `"${BROAD}": no niche, so nothing narrows the read and every account in the follower range is scored (no target; shows the cost of a broad query); ratio: to select-100k-db`,
    async setup() {
      await prepare();
      await app!.dispatch({ line: BROAD, surface: "cli", actor: { id: "bench", name: "bench", roles: ["marketer"] } });
    },
    relativeTo: "select-100k-db",
    async run() {
      const r = await app!.dispatch({ line: BROAD, surface: "cli", actor: { id: "bench", name: "bench", roles: ["marketer"] } });
      if (r.outcome !== "ok") throw new Error(JSON.stringify(r.reply.data));
      return { accounts: N, considered: (r.reply.data as { considered: number }).considered };
    },
    teardown: done,
  },
  {
    name: "select-100k-db",
    unit: "ms",
    runs: 9,
    notes: "raw SELECT of the columns the scorer needs, 100,000 accounts, no filter, one value per column (node-pg rows); packed_ms: the same columns packed one text per row",
    async setup() {
      await prepare();
      await rawSelect();
    },
    async run() {
      await rawSelect();
      return { accounts: N, packed_ms: Math.round((await packedSelect()) * 10) / 10 };
    },
    teardown: done,
  },
] satisfies Bench[];
