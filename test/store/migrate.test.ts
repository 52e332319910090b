import { describe, expect, it } from "vitest";
import { migrationNames, pendingMigrations } from "../../src/store/migrate.ts";
import { scratchDatabase, useTestDatabase } from "../support/db.ts";
import pg from "pg";

const t = useTestDatabase("migrate");

describe("migrations at start-up", () => {
  it("finds nothing to apply on a migrated database, so start-up skips the slow migrate command", async () => {
    expect(migrationNames().length).toBeGreaterThan(0);
    expect(await pendingMigrations(t.url)).toEqual([]);
  });

  it("finds every migration pending on an empty database", async () => {
    const scratch = await scratchDatabase("empty");
    try {
      const c = new pg.Client({ connectionString: scratch.url });
      await c.connect();
      await c.query("DROP TABLE _prisma_migrations");
      await c.end();
      expect(await pendingMigrations(scratch.url)).toEqual(migrationNames());
    } finally {
      await scratch.drop();
    }
  });

  it("answers health with the database state", async () => {
    const h = await t.db.health();
    expect(h.state).toBe("up");
    expect(h.latencyMs).toBeGreaterThanOrEqual(0);
  });
});
