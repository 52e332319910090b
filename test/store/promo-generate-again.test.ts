// A second `promo generate` for a creator who has a code keeps that code: orders the shop already
// sends with it must keep counting (issue 12, item 2).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importRoster } from "../../src/core/roster/import.ts";
import { signConversion } from "../../src/core/links/webhook.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { startHttpServer, type HttpServer } from "../../src/http/server.ts";
import { mountTrackingRoutes } from "../../src/http/links.ts";
import { loadConfig } from "../../src/config.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";

const t = useTestDatabase("promo_again");
let s: TestApp;
let http: HttpServer;
let hook = "";
const SECRET = "whsec-test-promo-again";
const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
const by = { id: "d1", name: "Creator", surface: "discord" };

const row = (handle: string) => t.db.prisma.participation.findFirstOrThrow({ where: { account: { handle }, campaign: { slug: "spring" } } });

function postOrder(promo: string, orderId: string) {
  const raw = JSON.stringify({ promo, order_id: orderId, value: 30, currency: "EUR", occurred_at: new Date().toISOString() });
  const ts = String(Math.floor(Date.now() / 1000));
  return fetch(hook, {
    method: "POST",
    headers: { "content-type": "application/json", "x-scout-timestamp": ts, "x-scout-signature": `sha256=${signConversion(SECRET, ts, raw)}` },
    body: raw,
  });
}

beforeAll(async () => {
  s = await testApp(t);
  await importRoster(
    { creators: { label: "r.csv", text: "handle,platform,followers,category\nana.cooks,instagram,15000,food\nben.bakes,instagram,9000,food\n" } },
    {},
    createRosterRepo(t.db.pool),
  );
  await s.run(`campaign new name:"Spring" objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://shop.example.com channel:C0123ABCD go-live:${inAYear} currency:EUR`);
  await s.run("campaign open spring");
  for (const h of ["ana.cooks", "ben.bakes"]) {
    const o = await s.app.services.campaigns.optIn("spring", { handle: h }, {}, by);
    await s.run(`optins approve id:${o.value.id}`);
  }
  http = await startHttpServer({ port: 0, host: "127.0.0.1", db: t.db, log: s.app.log, version: "test" });
  mountTrackingRoutes(http, { db: t.db, config: loadConfig({ DATABASE_URL: t.url, CONVERSION_WEBHOOK_SECRET: SECRET }), log: s.app.log });
  hook = `http://127.0.0.1:${http.port}/hooks/conversions`;
});

afterAll(async () => {
  await http?.close();
});

describe("promo generate, run again", () => {
  it("keeps the creator's existing code, says so, and orders with it still count", async () => {
    const first = await s.json("promo generate campaign:spring creator:@ana.cooks --json");
    expect(first.promoCode).toMatch(/^ANA-[A-Z2-9]{4}$/);

    const again = await s.run("promo generate campaign:spring creator:@ana.cooks --json");
    expect(again.outcome).toBe("ok");
    expect(again.reply.data).toMatchObject({ outcome: "already", promoCode: first.promoCode });
    expect(again.reply.message.text).toBe(`${first.promoCode} is already @ana.cooks's promo code for spring; use promo set to change it.`);
    expect((await row("ana.cooks")).promoCode).toBe(first.promoCode);
    expect(await t.db.prisma.auditEvent.count({ where: { action: "participation.promo" } })).toBe(1);

    const r = await postOrder(first.promoCode, "A-1");
    expect(r.status).toBe(201);
  });

  it("keeps a code set by hand too", async () => {
    await s.run("promo set campaign:spring creator:@ben.bakes code:BEN10");
    const again = await s.run("promo generate campaign:spring creator:@ben.bakes");
    expect(again.reply.message.text).toBe("BEN10 is already @ben.bakes's promo code for spring; use promo set to change it.");
    expect((await row("ben.bakes")).promoCode).toBe("BEN10");
  });

  it("keeps the code when two generate at once: one code, given to both answers", async () => {
    await t.db.prisma.participation.updateMany({ where: { account: { handle: "ben.bakes" } }, data: { promoCode: null } });
    const [a, b] = await Promise.all([
      s.json("promo generate campaign:spring creator:@ben.bakes --json"),
      s.json("promo generate campaign:spring creator:@ben.bakes --json"),
    ]);
    expect(a.promoCode).toBe(b.promoCode);
    expect([a.outcome, b.outcome].sort()).toEqual(["already", "done"]);
    expect((await row("ben.bakes")).promoCode).toBe(a.promoCode);
  });
});
