// A fresh migrated database per test file, cloned from the template on the run's server.
import { afterAll, beforeAll, inject } from "vitest";
import { connectDatabase, type Database } from "../../src/store/db.ts";
import { createScratchDatabase } from "../../src/store/scratch.ts";

export interface TestDb {
  db: Database;
  url: string;
}

/** Call at the top of a test file; the returned object is filled before the tests run. */
export function useTestDatabase(prefix = "test"): TestDb {
  const handle = {} as TestDb;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const scratch = await createScratchDatabase(inject("dbServerUrl"), prefix);
    drop = scratch.drop;
    handle.url = scratch.url;
    handle.db = await connectDatabase({ databaseUrl: scratch.url, skipMigrations: true, poolSize: 4 });
  });
  afterAll(async () => {
    await handle.db?.close();
    await drop?.();
  });
  return handle;
}

/** Another scratch database (for tests that need an empty or separate one). */
export async function scratchDatabase(prefix = "extra") {
  return createScratchDatabase(inject("dbServerUrl"), prefix);
}

export const SHARED_DATASET = new URL("../../../shared/datasets/instagram-micro/", import.meta.url).pathname;
