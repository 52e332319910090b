// The canary: a test that fails on purpose, after using the test database and starting the embedded
// server's exit hooks, so that .ci/run can prove a failing test makes the run exit non-zero. It is
// outside the normal globs; test/vitest.config.ts includes it only when SCOUT_CANARY=1.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";

const t = useTestDatabase("canary");

describe("canary", () => {
  it("fails on purpose after a query on the test database (CI expects this run to exit non-zero)", async () => {
    const rows = await t.db.prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one`;
    expect(rows[0]?.one).toBe(1);
    expect("the canary", "this failure is deliberate: it proves that failing tests fail the run").toBe("a passing test");
  });
});
