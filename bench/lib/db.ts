// Benchmarks run on their own PostgreSQL server: BENCH_DATABASE_URL (a server URL), or an embedded
// server in .data/pg-bench on port 54349, so that they never touch the bot's own data.
import { startEmbeddedPostgres, stopEmbeddedPostgres } from "../../src/store/embedded.ts";
import { createScratchDatabase } from "../../src/store/scratch.ts";
import { connectDatabase, type Database } from "../../src/store/db.ts";

let serverUrl: string | undefined;

export async function benchServer(): Promise<string> {
  if (serverUrl) return serverUrl;
  serverUrl = process.env.BENCH_DATABASE_URL ?? (await startEmbeddedPostgres({ dir: ".data/pg-bench", port: 54349, database: "postgres" }));
  return serverUrl;
}

/** A fresh migrated database and its connection; `drop` closes and removes it. */
export async function scratchDb(prefix: string): Promise<{ db: Database; drop(): Promise<void> }> {
  const scratch = await createScratchDatabase(await benchServer(), prefix);
  const db = await connectDatabase({ databaseUrl: scratch.url, skipMigrations: true });
  return {
    db,
    async drop() {
      await db.close();
      await scratch.drop();
    },
  };
}

export async function stopBenchServer(): Promise<void> {
  await stopEmbeddedPostgres();
}
