// Product seeding (issue 17) on a scratch database: products with variants and a value, the variant
// a creator picks, the shipment recorded once (its value becomes product cost in spend), receipt
// confirmed by the creator only, and each bad input refused with nothing written.
import { beforeAll, describe, expect, it } from "vitest";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";
import { sendReminders } from "../../src/jobs/reminders.ts";
import { createJobRunRepo } from "../../src/store/job-run.repo.ts";
import type { Message } from "../../src/core/message.ts";

const t = useTestDatabase("seeding");
let s: TestApp;
const COMPLETE = 'objective:sales deliverables:"1 Reel" compensation:"product" landing-url:https://shop.example.com channel:C0123ABCD go-live:+365d currency:EUR';
const by = { id: "d1", name: "Creator", surface: "discord" };
const as = (handle: string, line: string) => s.app.dispatch({ line: `${line} as:@${handle}`, surface: "console", actor: { id: "c1", name: handle, roles: ["creator"] } });
const shipments = () => t.db.pool.query(`SELECT * FROM shipment`).then((r) => r.rows);

beforeAll(async () => {
  s = await testApp(t);
  await importRoster({ creators: { label: "r.csv", text: "handle,platform,followers,category\nana.cooks,instagram,15000,food\nben.bakes,instagram,9000,food\ncara.eats,instagram,9000,food\n" } }, {}, createRosterRepo(t.db.pool));
  await s.run(`campaign new name:"glow" ${COMPLETE}`);
  await s.run("campaign open glow");
  for (const h of ["ana.cooks", "ben.bakes"]) {
    const o = await s.app.services.campaigns.optIn("glow", { handle: h }, {}, by);
    await s.run(`optins approve id:${o.value.id}`);
  }
});

describe("products", () => {
  it("adds a product once, with its variants and exact value, and refuses a bad value", async () => {
    const r = await s.json('products add glow name:"Glow serum" variants:"30ml, 50ml,30ml" value:39.90 --json');
    expect(r).toMatchObject({ outcome: "done", product: { name: "Glow serum", variants: ["30ml", "50ml"], valueMinor: 3990, currency: "EUR" } });
    expect((await s.json('products add glow name:"Glow serum" value:39.90 --json')).outcome).toBe("already");
    for (const v of ["-5", "abc", "10 USD"]) expect((await s.run(`products add glow name:Other value:"${v}"`)).outcome, v).toBe("usage");
    expect((await t.db.pool.query("SELECT count(*)::int AS n FROM campaign_product")).rows[0].n).toBe(1);
  });

  it("lets a creator pick a variant, change it, and refuses one that does not exist", async () => {
    const bad = await as("ana.cooks", "pick campaign:glow variant:100ml");
    expect(bad.outcome).toBe("usage");
    expect(bad.reply.message.text).toMatch(/Glow serum comes in 30ml, 50ml; there is no "100ml"/);
    expect(await shipments()).toHaveLength(0);
    expect((await as("ana.cooks", "pick campaign:glow variant:30ml product:Lipstick")).reply.message.text).toMatch(/offers no product "Lipstick"/);
    expect((await as("ana.cooks", "pick campaign:glow variant:30ml")).reply.data).toMatchObject({ outcome: "done" });
    expect((await as("ana.cooks", "pick campaign:glow variant:50ML")).reply.message.text).toMatch(/Changed to Glow serum \(50ml\)/);
    expect((await as("ana.cooks", "pick campaign:glow variant:50ml")).reply.data).toMatchObject({ outcome: "already" });
    expect((await as("cara.eats", "pick campaign:glow variant:50ml")).code).toBe("PARTICIPATION_NOT_FOUND");
    const rows = await shipments();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ variant: "50ml", status: "chosen" });
  });
});

describe("shipping and receipt", () => {
  it("without a tracking number answers with the Record shipment form", async () => {
    const [row] = await shipments();
    const r = await s.run(`products ship id:${row.id}`);
    expect((r.reply.data as any).form).toMatchObject({ command: "products ship", hidden: { id: row.id } });
    const list = await s.run("products glow");
    expect(list.reply.message.sections![0]!.actions![0]!.value).toBe(`products ship id:${row.id}`);
  });

  it("records a shipment once even from concurrent clicks, and the product's value becomes product cost", async () => {
    const [row] = await shipments();
    const line = `products ship id:${row.id} carrier:DHL tracking:JD0146000038`;
    const rs = await Promise.all([s.run(line), s.run(line)]);
    expect(rs.map((r) => (r.reply.data as any).outcome).sort()).toEqual(["already", "done"]);
    expect((await t.db.pool.query("SELECT count(*)::int AS n FROM audit_event WHERE action = 'seeding.ship'")).rows[0].n).toBe(1);
    const p = await t.db.prisma.participation.findUniqueOrThrow({ where: { id: row.participation_id } });
    expect(p.productCost?.toString()).toBe("39.9");
    const other = await s.run(`products ship id:${row.id} carrier:UPS tracking:1Z999`);
    expect(other.code).toBe("ALREADY_SHIPPED");
    expect((await shipments())[0]).toMatchObject({ carrier: "DHL", tracking: "JD0146000038" });
    expect((await as("ana.cooks", "pick campaign:glow variant:30ml")).code).toBe("ALREADY_SHIPPED");
  });

  it("shows the tracking number in /mystatus with an I got it button; only that creator may confirm, once", async () => {
    const [row] = await shipments();
    const st = await as("ana.cooks", "mystatus");
    const sec = st.reply.message.sections!.find((x) => x.title === "Products")!;
    expect(sec.text).toMatch(/shipped with DHL, tracking JD0146000038/);
    expect(sec.actions![0]!.value).toBe(`received id:${row.id}`);
    expect((await as("ben.bakes", `received id:${row.id}`)).code).toBe("SHIPMENT_NOT_FOUND");
    expect((await shipments())[0].status).toBe("shipped");
    expect((await as("ana.cooks", `received id:${row.id}`)).reply.data).toMatchObject({ outcome: "done" });
    expect((await as("ana.cooks", `received id:${row.id}`)).reply.data).toMatchObject({ outcome: "already" });
    expect((await shipments())[0].status).toBe("received");
  });

  it("lists shipments not confirmed 10 days after shipping", async () => {
    await as("ben.bakes", "pick campaign:glow variant:30ml");
    const ben = (await shipments()).find((r) => r.status === "chosen")!;
    await s.run(`products ship id:${ben.id} carrier:DHL tracking:JD0000000001`);
    expect(await s.app.services.seeding.unconfirmed()).toHaveLength(0);
    await t.db.pool.query("UPDATE shipment SET shipped_at = now() - interval '11 days' WHERE id = $1", [ben.id]);
    const late = await s.app.services.seeding.unconfirmed();
    expect(late.map((x) => x.handle)).toEqual(["ben.bakes"]);
    expect(JSON.stringify((await s.run("products glow")).reply.message)).toMatch(/NOT CONFIRMED after 10 days/);
    const d = await s.app.services.digests.compose({ now: new Date() });
    const sec = d.message.sections!.find((x) => x.title === "Shipments not confirmed after 10 days");
    expect(sec?.text).toMatch(/@ben\.bakes, Glow serum \(30ml\) shipped .* with DHL, tracking JD0000000001/);
  });

  it("asks the creator once, by private message with the I got it button, when a shipment is unconfirmed after 10 days", async () => {
    const sent: { to: string; m: Message }[] = [];
    const notifier = { toMarketers: async () => undefined, toCreator: async (c: { creatorId: string }, m: Message) => (sent.push({ to: c.creatorId, m }), true) };
    const source = {
      dueOn: async () => [],
      unconfirmedShipments: async (at: Date) =>
        (await s.app.services.seeding.unconfirmed(at)).map((x) => ({ shipmentId: x.id, creatorId: x.creatorId, discordUserId: x.discordUserId, creatorName: x.displayName, campaignName: x.campaignName, product: x.product.name, variant: x.variant, carrier: x.carrier, tracking: x.tracking })),
    };
    const deps = { source, runs: createJobRunRepo(t.db.pool), notifier, instance: "test", log: s.app.log };
    const day = new Date().toISOString().slice(0, 10);
    const first = await sendReminders(deps, { day, tz: "UTC", at: new Date() });
    const again = await sendReminders(deps, { day, tz: "UTC", at: new Date() });
    expect(first.sent).toBe(1);
    expect(again).toMatchObject({ sent: 0, skipped: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.m.text).toMatch(/Glow serum \(30ml\) for glow was shipped with DHL, tracking number JD0000000001/);
    expect(sent[0]!.m.actions![0]!.value).toMatch(/^received id:/);
  });

  it("offers the products to pick by DM when a creator is approved, with buttons that pick the variant", async () => {
    const sent: Message[] = [];
    s.app.notifiers.add({ toMarketers: async () => undefined, toCreator: async (_c, m) => (sent.push(m), true) });
    const o = await s.app.services.campaigns.optIn("glow", { handle: "cara.eats" }, {}, by);
    await s.run(`optins approve id:${o.value.id}`);
    const offer = sent.find((m) => m.title === "Pick your Glow serum")!;
    expect(offer.text).toMatch(/value €39\.90.*Scout never asks for your address/);
    expect(offer.actions!.map((a) => [a.label, a.value])).toEqual([
      ["30ml", 'pick campaign:glow product:"Glow serum" variant:30ml'],
      ["50ml", 'pick campaign:glow product:"Glow serum" variant:50ml'],
    ]);
    const r = await as("cara.eats", offer.actions![1]!.value!);
    expect(r.reply.message.text).toMatch(/Picked Glow serum \(50ml\)/);
    // Approving again offers nothing new.
    await s.run(`optins approve id:${o.value.id}`);
    expect(sent.filter((m) => m.title === "Pick your Glow serum")).toHaveLength(1);
  });
});
