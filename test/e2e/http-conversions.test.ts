// POST /hooks/conversions on a real HTTP server (port 0) against a scratch database: signature and
// timestamp, field errors, unknown codes, once per order id (also at once), promo codes, limits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importRoster } from "../../src/core/roster/import.ts";
import { signConversion } from "../../src/core/links/webhook.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { startHttpServer, type HttpServer } from "../../src/http/server.ts";
import { mountTrackingRoutes } from "../../src/http/links.ts";
import { loadConfig } from "../../src/config.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";

const t = useTestDatabase("http_conversions");
let s: TestApp;
const servers: HttpServer[] = [];
let url = "";
let unconfigured = "";
let code = "";
let participationId = "";
const SECRET = "whsec-test-0123456789";

async function serve(env: Record<string, string>) {
  const http = await startHttpServer({ port: 0, host: "127.0.0.1", db: t.db, log: s.app.log, version: "test" });
  mountTrackingRoutes(http, { db: t.db, config: loadConfig({ DATABASE_URL: t.url, ...env }), log: s.app.log });
  servers.push(http);
  return `http://127.0.0.1:${http.port}/hooks/conversions`;
}

const now = () => Math.floor(Date.now() / 1000);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (r: Response): Promise<any> => r.json();

function post(body: unknown, opts: { ts?: number; secret?: string; sig?: string; target?: string } = {}) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const ts = String(opts.ts ?? now());
  return fetch(opts.target ?? url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-scout-timestamp": ts,
      "x-scout-signature": opts.sig ?? `sha256=${signConversion(opts.secret ?? SECRET, ts, raw)}`,
    },
    body: raw,
  });
}

const order = (id: string, extra: Record<string, unknown> = {}) => ({ code, order_id: id, value: 100, currency: "USD", occurred_at: new Date().toISOString(), ...extra });

beforeAll(async () => {
  s = await testApp(t);
  await importRoster({ creators: { label: "r.csv", text: "handle,platform,followers,category\nana.cooks,instagram,15000,food\n" } }, {}, createRosterRepo(t.db.pool));
  await s.run('campaign new name:"Spring" objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://shop.example.com channel:C0123ABCD go-live:+365d');
  await s.run("campaign open spring");
  const o = await s.app.services.campaigns.optIn("spring", { handle: "ana.cooks" }, {}, { id: "d1", name: "Ana", surface: "discord" });
  await s.run(`optins approve id:${o.value.id}`);
  participationId = o.value.id;
  code = (await t.db.prisma.trackedLink.findUniqueOrThrow({ where: { participationId } })).code;
  url = await serve({ CONVERSION_WEBHOOK_SECRET: SECRET });
  unconfigured = await serve({});
});

afterAll(async () => {
  for (const h of servers) await h.close();
});

describe("POST /hooks/conversions", () => {
  it("stores a signed conversion attributed by link code and answers 201", async () => {
    const r = await post(order("A-1", { value: "49.90" }));
    expect(r.status).toBe(201);
    const body = await json(r);
    expect(body).toMatchObject({ ok: true, duplicate: false, campaign: "spring", attributedBy: "code" });
    const row = await t.db.prisma.conversion.findUniqueOrThrow({ where: { orderId: "A-1" } });
    expect(row).toMatchObject({ participationId, currency: "USD", attributedBy: "code", id: body.conversionId });
    expect(row.value.toNumber()).toBe(49.9);
  });

  it("counts the same order once: a repeat answers 200 with duplicate: true", async () => {
    const again = await post(order("A-1", { value: 999 }));
    expect(again.status).toBe(200);
    expect(await json(again)).toMatchObject({ ok: true, duplicate: true });
    expect(await t.db.prisma.conversion.count({ where: { orderId: "A-1" } })).toBe(1);
    expect((await t.db.prisma.conversion.findUniqueOrThrow({ where: { orderId: "A-1" } })).value.toNumber()).toBe(49.9);
  });

  it("counts the same order once when it arrives many times at once", async () => {
    const rs = await Promise.all(Array.from({ length: 8 }, () => post(order("A-2"))));
    expect(rs.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(await t.db.prisma.conversion.count({ where: { orderId: "A-2" } })).toBe(1);
  });

  it("attributes by promo code", async () => {
    const set = await s.run("promo set campaign:spring creator:@ana.cooks code:ana10");
    expect(set.reply.message.text).toBe("@ana.cooks's promo code for spring is now ANA10.");
    const r = await post({ promo: "ANA10", order_id: "P-1", value: 20, currency: "usd", occurred_at: new Date().toISOString() });
    expect(r.status).toBe(201);
    expect(await json(r)).toMatchObject({ attributedBy: "promo" });
    expect(await t.db.prisma.conversion.findUniqueOrThrow({ where: { orderId: "P-1" } })).toMatchObject({ participationId, attributedBy: "promo" });
  });

  it("refuses a bad signature or a stale timestamp with 401 and stores nothing", async () => {
    const bad = await post(order("X-1"), { secret: "another-secret-123" });
    expect(bad.status).toBe(401);
    expect(await json(bad)).toMatchObject({ error: "unauthorized", message: "signature does not match" });
    const stale = await post(order("X-2"), { ts: now() - 600 });
    expect(stale.status).toBe(401);
    expect((await json(stale)).message).toMatch(/5 minutes/);
    const none = await post(order("X-3"), { sig: "" });
    expect(none.status).toBe(401);
    expect(await t.db.prisma.conversion.count({ where: { orderId: { in: ["X-1", "X-2", "X-3"] } } })).toBe(0);
  });

  it("answers a bad body with 400 naming the field", async () => {
    const r = await post(order("B-1", { currency: "dollars" }));
    expect(r.status).toBe(400);
    expect(await json(r)).toMatchObject({ error: "invalid_body", field: "currency" });
    const missing = await post({ code, value: 1, currency: "USD", occurred_at: new Date().toISOString() });
    expect(await json(missing)).toMatchObject({ field: "order_id" });
    const notJson = await post("{nope");
    expect(notJson.status).toBe(400);
    expect(await json(notJson)).toMatchObject({ field: "body" });
  });

  it("answers an unknown code or promo with 422", async () => {
    const r = await post(order("U-1", { code: "ZZZZZZZZ" }));
    expect(r.status).toBe(422);
    expect(await json(r)).toMatchObject({ error: "unknown_code", field: "code" });
    const p = await post({ promo: "NOPE-123", order_id: "U-2", value: 1, currency: "USD", occurred_at: new Date().toISOString() });
    expect(p.status).toBe(422);
    expect(await t.db.prisma.conversion.count({ where: { orderId: { in: ["U-1", "U-2"] } } })).toBe(0);
  });

  it("stores a conversion in another currency as given and says so", async () => {
    const r = await post(order("C-1", { currency: "EUR" }));
    expect(r.status).toBe(201);
    expect((await json(r)).warning).toMatch(/EUR differs from the campaign's USD/);
  });

  it("refuses bodies over 64 kB with 413", async () => {
    const r = await post(order("L-1", { note: "x".repeat(70_000) }));
    expect(r.status).toBe(413);
  });

  it("answers 503 when CONVERSION_WEBHOOK_SECRET is not set", async () => {
    const r = await post(order("N-1"), { target: unconfigured });
    expect(r.status).toBe(503);
    expect((await json(r)).message).toMatch(/CONVERSION_WEBHOOK_SECRET/);
  });

  it("keeps a commission set as a share of revenue up to date as conversions arrive", async () => {
    const before = await s.json("spend campaign:spring creator:@ana.cooks fee:250 product:40 commission:10% --json");
    // 49.90 + 100 + 20 in USD so far (the EUR order is left out).
    expect(before).toMatchObject({ fee: 250, productCost: 40, commission: 16.99, commissionRate: 0.1, total: 306.99 });
    expect((await post(order("R-1", { value: 30.1 }))).status).toBe(201);
    const p = await t.db.prisma.participation.findUniqueOrThrow({ where: { id: participationId } });
    expect(p.commission!.toNumber()).toBe(20);
  });
});
