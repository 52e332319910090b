// One PostgreSQL server for the whole run: TEST_DATABASE_URL (a real server, as in CI), or an
// embedded one in .data/pg-test on port 54339. A migrated template is built once; each test file
// clones its own database from it (see test/support/db.ts).
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, stopEmbeddedPostgres } from "../../src/store/embedded.ts";
import { ensureTemplate } from "../../src/store/scratch.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dbServerUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const url =
    process.env.TEST_DATABASE_URL ??
    (await startEmbeddedPostgres({ dir: process.env.TEST_PG_DIR ?? ".data/pg-test", port: Number(process.env.TEST_PG_PORT ?? 54339), database: "postgres" }));
  await ensureTemplate(url);
  project.provide("dbServerUrl", url);
  return async () => {
    await stopEmbeddedPostgres();
  };
}
