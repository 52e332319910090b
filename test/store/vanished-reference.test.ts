// A write that refers to something deleted meanwhile (a draft campaign deleted while another command
// on it runs: the console fuzz found `payouts terms` doing so) is answered as what it is, not as
// "something went wrong": PostgreSQL's own foreign-key errors, as pg and as Prisma report them.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { dispatch } from "../../src/adapters/dispatch.ts";
import type { AnyCommand } from "../../src/core/command.ts";
import type { Services } from "../../src/core/services.ts";
import { createLogger } from "../../src/logger.ts";
import { useTestDatabase } from "../support/db.ts";

const t = useTestDatabase("vanished");
const logs: string[] = [];
const log = createLogger({ level: "info", destination: { write: (l: string) => void logs.push(l) } });

/** The real `payouts terms` (a marketer command) and `mystatus` (a creator's), each running `write` instead. */
function registry(write: () => Promise<unknown>): AnyCommand[] {
  return commands
    .filter((c) => c.name === "payouts terms" || c.name === "mystatus")
    .map((c) => ({ ...c, run: async () => (await write(), { message: { text: "done" } }) }));
}
const run = (line: string, write: () => Promise<unknown>, roles = ["marketer"]) =>
  dispatch({ registry: registry(write), services: {} as Services, log }, { line, surface: "console", actor: { id: "u1", name: "Ana", roles } });

describe("a write whose campaign was deleted meanwhile", () => {
  it("through pg: is told the campaign was deleted, with where to look, not reported as a bug", async () => {
    const r = await run("payouts terms slug:gone", () => t.db.pool.query("INSERT INTO payout_terms (campaign_id) VALUES ($1::uuid)", [randomUUID()]));
    expect(r.outcome).toBe("user");
    expect(r.code).toBe("GONE_MEANWHILE");
    expect(r.reply.message.text).toBe("The campaign this command refers to was deleted while it ran, so the command stopped.\n/scout campaign list shows the campaigns there are now.");
  });

  it("through Prisma: the same, and a creator is pointed to /campaigns", async () => {
    const r = await run("mystatus", () => t.db.prisma.campaignAgreement.create({ data: { campaignId: randomUUID() } }), ["creator"]);
    expect(r.outcome).toBe("user");
    expect(r.code).toBe("GONE_MEANWHILE");
    expect(r.reply.message.text).toMatch(/^The campaign this command refers to was deleted while it ran/);
    expect(r.reply.message.text).toMatch(/\/campaigns lists the campaigns open now\.$/);
    const rows = await t.db.pool.query("SELECT count(*)::int AS n FROM campaign_agreement");
    expect(rows.rows[0].n).toBe(0);
  });

  it("other database errors stay bugs, logged with their reference", async () => {
    const before = logs.length;
    const r = await run("payouts terms slug:x", () => t.db.pool.query("SELECT 1/0"));
    expect(r.outcome).toBe("bug");
    expect(logs.slice(before).some((l) => JSON.parse(l).level >= 50)).toBe(true);
  });
});
