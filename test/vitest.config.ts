import { defineConfig } from "vitest/config";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
// test/canary holds a test that fails on purpose; .ci/run runs it (SCOUT_CANARY=1) and fails
// unless that run exits non-zero. Normal runs never include it.
const canary = process.env.SCOUT_CANARY === "1" ? ["test/canary/**/*.test.ts"] : [];
// These start and stop a PostgreSQL server of their own (test/support/own-postgres.ts) and never
// touch the shared one: a run on TEST_DATABASE_URL would repeat them unchanged, so it leaves them out.
const ownServer = process.env.TEST_DATABASE_URL ? ["test/e2e/fault-db-restart.test.ts", "test/e2e/links-db-down.test.ts"] : [];

// Two projects: "unit" needs nothing; "db" tests share one PostgreSQL server (embedded, or
// TEST_DATABASE_URL) with a migrated template database cloned once per test file.
export default defineConfig({
  root,
  test: {
    reporters: ["default"],
    // Two test files at a time, even on a 2-core machine (vitest's default there is one): most
    // files wait on processes, sockets and timers rather than compute, so two halve the wall time
    // without starving each other. VITEST_MAX_WORKERS overrides it.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 2),
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["test/store/**/*.test.ts", "test/e2e/**/*.test.ts", "test/contract/**/*.test.ts", ...canary],
          exclude: ["**/node_modules/**", ...ownServer],
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
