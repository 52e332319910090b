// Roster import, end to end from a CSV file through the core and the store, into a fresh database.
// Targets (issue 2): a 100,000-row generated CSV ≤ 10 s; the shared real dataset ≤ 10 s.
import fs from "node:fs";
import path from "node:path";
import { importRoster, type ImportSummary } from "../src/core/roster/import.ts";
import { createRosterRepo } from "../src/store/roster.repo.ts";
import { createFileStore } from "../src/store/files.ts";
import { loadConfig } from "../src/config.ts";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Bench } from "./lib/bench.ts";
import { scratchDb } from "./lib/db.ts";
import { generateCreators, rosterCsv } from "./lib/generate.ts";

const DEFAULTS = loadConfig({});
const SHARED = path.resolve("../shared/datasets/instagram-micro");

/** The floor: a bare COPY of the same files (every column text) into unindexed tables, in the same database. */
async function copyFloorMs(pool: pg.Pool, paths: string[]): Promise<number> {
  const client = await pool.connect();
  try {
    const t = performance.now();
    for (const [i, p] of paths.entries()) {
      const header = fs.readFileSync(p, "utf8").slice(0, 65536).split(/\r?\n/, 1)[0]!;
      const cols = header.split(",").map((_, j) => `c${j} text`);
      await client.query(`CREATE UNLOGGED TABLE copy_floor_${i} (${cols.join(", ")})`);
      await pipeline(fs.createReadStream(p), client.query(copyFrom(`COPY copy_floor_${i} FROM STDIN (FORMAT csv, HEADER true)`)));
    }
    const ms = performance.now() - t;
    for (const i of paths.keys()) await client.query(`DROP TABLE copy_floor_${i}`);
    return ms;
  } finally {
    client.release();
  }
}

/**
 * What the schema itself costs, beside the bare COPY: the rows the import wrote (creators, accounts,
 * posts) written again, server-side (no parsing, no merging), into empty copies of their tables, in
 * one committed transaction; at three levels, so that each part of the cost shows: `heap` (the
 * columns and defaults only, no index, key or constraint), `indexes` (the same indexes, unique ones
 * included) and `full` (the indexes and the foreign keys, as the real tables have them); and `built`,
 * the heap first, then the same indexes and foreign keys built over it, as a first import into an
 * empty roster does (bulkLoad). A re-import cannot write its rows faster than `full`, a first import
 * than `built`; the bare COPY has no index, key or constraint to maintain.
 */
async function writeFloorMs(pool: pg.Pool, level: "heap" | "indexes" | "full" | "built"): Promise<number> {
  const client = await pool.connect();
  const like = level === "heap" || level === "built" ? "INCLUDING DEFAULTS" : "INCLUDING ALL";
  try {
    await client.query(`
      CREATE TABLE wf_creator (LIKE creator ${like});
      CREATE TABLE wf_account (LIKE account ${like});
      CREATE TABLE wf_post (LIKE post ${like})`);
    if (level === "full")
      await client.query(`
        ALTER TABLE wf_account ADD FOREIGN KEY (creator_id) REFERENCES wf_creator (id);
        ALTER TABLE wf_post ADD FOREIGN KEY (account_id) REFERENCES wf_account (id)`);
    const t = performance.now();
    await client.query("BEGIN");
    await client.query("INSERT INTO wf_creator SELECT * FROM creator");
    await client.query("INSERT INTO wf_account SELECT * FROM account");
    await client.query("INSERT INTO wf_post SELECT * FROM post");
    if (level === "built") {
      const indexes = await client.query<{ table: string; def: string }>(`
        SELECT c.relname AS table, pg_get_indexdef(x.indexrelid) AS def FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid
        WHERE c.relname IN ('creator', 'account', 'post') AND c.relnamespace = current_schema()::regnamespace`);
      // Each index of the real tables, on its copy (named by the server).
      for (const i of indexes.rows) await client.query(i.def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+ USING/, `CREATE $1INDEX ON wf_${i.table} USING`));
      await client.query(`
        ALTER TABLE wf_account ADD FOREIGN KEY (creator_id) REFERENCES wf_creator (id);
        ALTER TABLE wf_post ADD FOREIGN KEY (account_id) REFERENCES wf_account (id)`);
    }
    await client.query("COMMIT");
    const ms = performance.now() - t;
    await client.query("DROP TABLE wf_post, wf_account, wf_creator");
    return ms;
  } finally {
    client.release();
  }
}

function importBench(
  name: string,
  notes: string,
  files: () => { creators: string; posts?: string },
  skip?: () => string | undefined,
  opts: { again?: boolean } = {},
): Bench {
  let scratch: Awaited<ReturnType<typeof scratchDb>> | undefined;
  let last: ImportSummary | undefined;
  let floor = 0;
  let lastTotal = 0;
  const importOnce = async (): Promise<number> => {
    const f = files();
    // As the command opens them: streamed from disk within the default limits, the row limit
    // checked before a row is kept.
    const store = createFileStore({ baseDir: "/", exportDir: "/tmp", maxBytes: DEFAULTS.IMPORT_MAX_MB * 1024 * 1024, maxRows: DEFAULTS.IMPORT_MAX_ROWS });
    const creators = await store.open(f.creators);
    const posts = f.posts ? await store.open(f.posts) : undefined;
    const repo = createRosterRepo(scratch!.db.pool);
    last = await importRoster({ creators, posts }, { platform: "instagram", maxRows: store.limits.maxRows }, repo);
    // As the command does: then the niche keys the import could not compute from the rows alone
    // (accounts stored before whose text changed).
    const t = performance.now();
    await repo.refreshNicheKeys();
    return Math.round(performance.now() - t);
  };
  return {
    name,
    unit: "ms",
    runs: 3,
    notes,
    ...(skip ? { skip } : {}),
    async setup() {
      files(); // generated data is written before the timed runs
    },
    async beforeEach() {
      scratch = await scratchDb("bench_import");
      // A re-import is timed against a database that already holds the same files (untimed first import).
      if (opts.again) await importOnce();
      // The floor, in the same run and database, before the timed import.
      const f = files();
      floor = await copyFloorMs(scratch.db.pool, [f.creators, ...(f.posts ? [f.posts] : [])]);
    },
    async run() {
      const t0 = performance.now();
      const niche = await importOnce();
      const total = performance.now() - t0;
      const summary = last!;
      lastTotal = total;
      return {
        import_ms: Math.round(total),
        copy_floor_ms: Math.round(floor),
        ratio: Math.round((total / floor) * 10) / 10,
        niche_keys_ms: niche,
        accounts: summary.accounts.created + summary.accounts.updated,
        posts: summary.posts.created + summary.posts.updated,
        skipped: summary.skipped.length,
        target_ms: 10_000,
      };
    },
    async afterEach() {
      try {
        // Untimed: the schema's floors, on the rows this run wrote.
        const pool = scratch!.db.pool;
        const heap = await writeFloorMs(pool, "heap");
        const indexes = await writeFloorMs(pool, "indexes");
        const written = await writeFloorMs(pool, "full");
        const built = await writeFloorMs(pool, "built");
        return {
          heap_floor_ms: Math.round(heap),
          index_floor_ms: Math.round(indexes),
          write_floor_ms: Math.round(written),
          write_floor_over_copy_floor: Math.round((written / floor) * 10) / 10,
          ratio_to_write_floor: Math.round((lastTotal / written) * 10) / 10,
          build_floor_ms: Math.round(built),
          ratio_to_build_floor: Math.round((lastTotal / built) * 10) / 10,
        };
      } finally {
        await scratch?.drop();
      }
    },
  };
}

let generated: string | undefined;
const generatedFile = () => {
  if (!generated) {
    generated = path.resolve(".data/bench/roster-100k.csv");
    fs.mkdirSync(path.dirname(generated), { recursive: true });
    // 1 bad row in 1,000 exercises the error path too.
    fs.writeFileSync(generated, rosterCsv(generateCreators(100_000, 42), { badEvery: 1000 }));
  }
  return { creators: generated };
};

const FLOORS =
  "ratio = import_ms / copy_floor_ms (a bare COPY of the same files into unindexed text tables, same run; target <= 5); " +
  "ratio_to_write_floor = import_ms / write_floor_ms (the rows the import wrote, written again server-side into copies of their tables with the same indexes and foreign keys); " +
  "heap_floor_ms and index_floor_ms: the same rows into copies without indexes and keys, and with the indexes only; write_floor_over_copy_floor: what the schema alone costs, in bare COPYs; " +
  "build_floor_ms: the same rows into copies without indexes and keys, then the indexes and keys built over them, as a first import into an empty roster does (ratio_to_build_floor = import_ms / build_floor_ms)";

export default [
  importBench("import-100k", `100,000-row generated roster CSV into an empty database (target <= 10,000 ms). ${FLOORS}`, generatedFile),
  importBench(
    "import-shared",
    `../shared/datasets/instagram-micro creators.csv + posts.csv into an empty database (target <= 10,000 ms). ${FLOORS}`,
    () => ({ creators: path.join(SHARED, "creators.csv"), posts: path.join(SHARED, "posts.csv") }),
    () => (fs.existsSync(path.join(SHARED, "creators.csv")) ? undefined : "skipped: ../shared/datasets/instagram-micro is absent"),
  ),
  importBench(
    "import-shared-again",
    `the same two files imported again into the database that holds them (updates and follower snapshots; target <= 10,000 ms). ${FLOORS}`,
    () => ({ creators: path.join(SHARED, "creators.csv"), posts: path.join(SHARED, "posts.csv") }),
    () => (fs.existsSync(path.join(SHARED, "creators.csv")) ? undefined : "skipped: ../shared/datasets/instagram-micro is absent"),
    { again: true },
  ),
] satisfies Bench[];
