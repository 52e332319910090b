// Which errors mean "the database cannot be reached right now" (the person is told to try again)
// and which are bugs: shapes as pg, Node and Prisma's driver adapter report them.
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../../src/store/errors.ts";

describe("isDatabaseUnavailable", () => {
  it("takes a connection refused, cut or closed by a restart, as pg and Node report it, for the database being away", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("takes Prisma's 'Server has closed the connection' (P1017, a pooled connection a restart cut) for the database being away", () => {
    // As the bot logged it when PostgreSQL restarted under load.
    const e = Object.assign(new Error("\nInvalid `prisma.campaign.findMany()` invocation:\n\nServer has closed the connection."), {
      name: "PrismaClientKnownRequestError",
      code: "P1017",
      meta: { modelName: "Campaign", driverAdapterError: { name: "DriverAdapterError", cause: { kind: "ConnectionClosed" } } },
    });
    expect(isDatabaseUnavailable(e)).toBe(true);
    expect(isDatabaseUnavailable({ code: "P1017" })).toBe(true);
    expect(isDatabaseUnavailable(new Error("Server has closed the connection."))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: { code: "P1001" } }))).toBe(true);
  });

  it("leaves every other error a bug", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key value"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
