// Fault: the bot is killed (SIGKILL) between receiving a conversion and writing it. The test holds
// the write by locking the conversion table from a connection of its own, posts a signed order to
// the real bot process, kills the bot while the write waits, then lets go of the lock. The order is
// absent and the shop saw no 2xx (its connection was reset), so it retries: once the bot is back
// the order is stored once, and a further retry leaves it at once.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp } from "../support/app.ts";
import { startBotDriver, type BotDriver } from "../support/bot-driver.ts";

const t = useTestDatabase("fault_conversion_kill");
let d: BotDriver;
let code = "";

beforeAll(async () => {
  const s = await testApp(t);
  await importRoster({ creators: { label: "r.csv", text: "handle,platform,followers,category\nana.cooks,instagram,15000,food\n" } }, {}, createRosterRepo(t.db.pool));
  await s.run('campaign new name:"Spring" objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://shop.example.com channel:C0123ABCD go-live:+365d');
  await s.run("campaign open spring");
  const o = await s.app.services.campaigns.optIn("spring", { handle: "ana.cooks" }, {}, { id: "d1", name: "Ana", surface: "discord" });
  await s.run(`optins approve id:${o.value.id}`);
  code = (await t.db.prisma.trackedLink.findUniqueOrThrow({ where: { participationId: o.value.id } })).code;
  d = await startBotDriver({ databaseUrl: t.url });
}, 90_000);
afterAll(async () => {
  await d?.close();
});

const count = async (orderId: string) => (await d.sql<{ n: number }>("SELECT count(*)::int AS n FROM conversion WHERE order_id = $1", [orderId]))[0]!.n;

describe("SIGKILL between a conversion's receipt and its write", () => {
  it("leaves it absent with no 2xx to the shop; the shop's retries after the restart store it once", async () => {
    const order = { code, order_id: "K-1", value: 80, currency: "USD", occurred_at: new Date().toISOString() };
    const locker = new pg.Client({ connectionString: t.url });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE conversion IN ACCESS EXCLUSIVE MODE");
      const answer = d.conversion(order).then(
        (r) => ({ status: r.status }),
        (e: Error) => ({ error: String((e.cause as Error | undefined)?.message ?? e.message) }),
      );
      // The bot's write waits for the lock (asked outside the locking transaction: pg_stat_activity is a snapshot within one).
      const waiting = await d.until(
        async () =>
          (await d.sql<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO conversion%'"))[0],
        "the bot's insert to wait on the lock",
        20_000,
      );
      await d.kill();
      expect(await answer).toMatchObject({ error: expect.stringMatching(/socket|closed|reset|terminated/i) });
      await locker.query("COMMIT");
      // The bot's session ends once PostgreSQL sees its client gone; its transaction is rolled back.
      await d.until(async () => (await d.sql("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [waiting.pid])).length === 0, "the killed bot's session to end");
      expect(await count("K-1")).toBe(0);
    } finally {
      await locker.end().catch(() => {});
    }

    await d.start();
    const retry = await d.conversion(order);
    expect(retry.status).toBe(201);
    expect(await count("K-1")).toBe(1);
    const again = await d.conversion(order);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ ok: true, duplicate: true });
    expect(await count("K-1")).toBe(1);
  }, 120_000);
});
