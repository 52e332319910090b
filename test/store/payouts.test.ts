// Payouts (issue 17) on a scratch database: payables made once when a deliverable is approved (or
// goes live), amounts in exact minor units that follow spend and late conversions until the campaign
// closes, payments recorded once (even from concurrent clicks), bad input refused with nothing
// written, the tax form flag and the year's export.
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { createConversionRepo } from "../../src/store/conversion.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";

const t = useTestDatabase("payouts");
let s: TestApp;
const COMPLETE = 'objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://shop.example.com channel:C0123ABCD go-live:+365d currency:EUR';
const creatorBy = { id: "d1", name: "Creator", surface: "discord" };
const HANDLES = ["ana.cooks", "ben.bakes", "cara.eats", "dan.dines"];
const part: Record<string, string> = {};

async function deliverable(handle: string, n = 1) {
  const o = await s.app.services.campaigns.submitDeliverable(part[handle]!, { url: `https://instagram.com/p/${handle}-${n}`, platform: "instagram" }, creatorBy);
  return o.value.id;
}
const payables = (handle: string) => t.db.pool.query(`SELECT * FROM payable WHERE participation_id = $1`, [part[handle]]).then((r) => r.rows);
const payments = (handle: string) =>
  t.db.pool.query(`SELECT m.* FROM payment m JOIN payable y ON y.id = m.payable_id WHERE y.participation_id = $1`, [part[handle]]).then((r) => r.rows);
const today = () => new Date().toISOString().slice(0, 10);
const plusDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  s = await testApp(t);
  await importRoster(
    { creators: { label: "r.csv", text: `handle,platform,followers,category,country\n${HANDLES.map((h) => `${h},instagram,15000,food,${h === "ana.cooks" ? "US" : "FR"}`).join("\n")}\n` } },
    {},
    createRosterRepo(t.db.pool),
  );
  for (const slug of ["spring", "autumn"]) {
    await s.run(`campaign new name:"${slug}" ${COMPLETE}`);
    await s.run(`campaign open ${slug}`);
  }
  await s.run(`campaign edit autumn currency:USD`);
  for (const h of HANDLES) {
    const o = await s.app.services.campaigns.optIn("spring", { handle: h }, {}, creatorBy);
    await s.run(`optins approve id:${o.value.id}`);
    part[h] = o.value.id;
  }
  await s.run("spend campaign:spring creator:@ana.cooks fee:250");
  await s.run("spend campaign:spring creator:@ben.bakes fee:99.99 commission:10%");
  await s.run("promo set campaign:spring creator:@ben.bakes code:BEN10");
});

describe("payables", () => {
  it("concurrent approvals of a participation's deliverables make one payable, with the fee in cents and due net 30", async () => {
    const [d1, d2] = [await deliverable("ana.cooks", 1), await deliverable("ana.cooks", 2)];
    const rs = await Promise.all([d1, d2, d1, d2].map((id) => s.run(`deliverables approve id:${id}`)));
    expect(rs.map((r) => r.outcome)).toEqual(["ok", "ok", "ok", "ok"]);
    const rows = await payables("ana.cooks");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ milestone: "approved", currency: "EUR", fee_minor: "25000", commission_minor: "0", paid_minor: "0" });
    expect(rows[0].due_on.toISOString().slice(0, 10)).toBe(plusDays(30));
    expect(rs.map((r) => r.reply.message.text).join("\n")).toContain("Payable recorded: €250 to @ana.cooks");
  });

  it("a campaign paying on live makes no payable at approval, and one when the post is marked live", async () => {
    expect((await s.run("payouts terms spring on:live net:45")).outcome).toBe("ok");
    const d = await deliverable("cara.eats");
    await s.run(`deliverables approve id:${d}`);
    expect(await payables("cara.eats")).toHaveLength(0);
    await Promise.all([s.run(`deliverables live id:${d}`), s.run(`deliverables live id:${d}`)]);
    const rows = await payables("cara.eats");
    expect(rows).toHaveLength(1);
    expect(rows[0].milestone).toBe("live");
    expect(rows[0].due_on.toISOString().slice(0, 10)).toBe(plusDays(45));
    await s.run("payouts terms spring on:approved net:30");
  });

  it("recomputes the commission when a late conversion arrives, and stops once the campaign is closed", async () => {
    await s.run(`deliverables approve id:${await deliverable("ben.bakes")}`);
    expect((await payables("ben.bakes"))[0]).toMatchObject({ fee_minor: "9999", commission_minor: "0" });
    const conv = createConversionRepo(t.db.pool);
    await conv.record({ by: { kind: "promo", promo: "BEN10" }, orderId: "o-1", value: 123.45, currency: "EUR", occurredAt: new Date() });
    expect((await payables("ben.bakes"))[0].commission_minor).toBe("1235"); // 10% of 123.45, rounded to the cent
    const list = await s.json("payouts spring --json");
    expect(list.payables.find((p: any) => p.handle === "ben.bakes")).toMatchObject({ owedMinor: 11234, remainingMinor: 11234, state: "due" });
    await t.db.pool.query(`UPDATE campaign SET status = 'closed' WHERE slug = 'spring'`);
    await conv.record({ by: { kind: "promo", promo: "BEN10" }, orderId: "o-2", value: 100, currency: "EUR", occurredAt: new Date() });
    expect((await payables("ben.bakes"))[0].commission_minor).toBe("1235");
    await t.db.pool.query(`UPDATE campaign SET status = 'active' WHERE slug = 'spring'`);
  });
});

describe("amounts follow the spend", () => {
  it("a fee changed with /scout spend after approval moves the payable's fee", async () => {
    await s.run(`deliverables approve id:${await deliverable("dan.dines")}`);
    expect((await payables("dan.dines"))[0]).toMatchObject({ fee_minor: "0" });
    await s.run("spend campaign:spring creator:@dan.dines fee:120.50");
    expect((await payables("dan.dines"))[0]).toMatchObject({ fee_minor: "12050", currency: "EUR" });
  });
});

describe("marking paid", () => {
  it("concurrent Mark paid submissions record one payment", async () => {
    const [y] = await payables("ana.cooks");
    const line = `payouts pay id:${y.id} amount:100 date:${today()} method:bank-transfer reference:8812`;
    const rs = await Promise.all([s.run(line), s.run(line), s.run(line)]);
    expect(rs.every((r) => r.outcome === "ok")).toBe(true);
    expect((await payments("ana.cooks")).length).toBe(1);
    expect((await payables("ana.cooks"))[0].paid_minor).toBe("10000");
    expect(rs.filter((r) => (r.reply.data as any).outcome === "done")).toHaveLength(1);
    expect(rs.map((r) => r.reply.message.text).join("\n")).toMatch(/already recorded/);
  });

  it("refuses bad amounts, more than is due and another currency, writing nothing", async () => {
    const [y] = await payables("ana.cooks");
    const cases: [string, RegExp][] = [
      ["amount:-5", /more than zero/],
      ["amount:abc", /expects a number/],
      ["amount:0", /more than zero/],
      ["amount:1.234", /3 decimals; EUR has 2/],
      ["amount:151", /more than the €150 still due/],
      ['amount:"150 USD"', /is in USD; this is owed in EUR/],
      [`amount:10 date:${plusDays(3)}`, /in the future/],
      ["amount:10 date:2026-02-30", /YYYY-MM-DD/],
    ];
    for (const [opts, msg] of cases) {
      const r = await s.run(`payouts pay id:${y.id} ${opts} method:paypal`);
      expect(r.outcome, opts).toBe("usage");
      expect(r.reply.message.text, opts).toMatch(msg);
    }
    expect((await payments("ana.cooks")).length).toBe(1);
  });

  it("a part payment leaves the rest due; paying the rest makes it paid, and a further payment is refused", async () => {
    const [y] = await payables("ana.cooks");
    const r = await s.run(`payouts pay id:${y.id} amount:€150 method:paypal reference:8813`);
    expect(r.reply.message.text).toMatch(/€150 paid on .*ref 8813.*Paid in full/);
    const again = await s.run(`payouts pay id:${y.id} amount:1 method:paypal reference:x`);
    expect(again.code).toBe("NOTHING_DUE");
    expect((await payables("ana.cooks"))[0].paid_minor).toBe("25000");
    const list = await s.json("payouts spring --json");
    expect(list.payables.find((p: any) => p.handle === "ana.cooks")).toMatchObject({ state: "paid", paidMinor: 25000, remainingMinor: 0 });
  });

  it("without an amount answers with the Mark paid form, filled with what is still due", async () => {
    const [y] = await payables("ben.bakes");
    const r = await s.run(`payouts pay id:${y.id}`);
    const form = (r.reply.data as any).form;
    expect(form.command).toBe("payouts pay");
    expect(form.hidden).toEqual({ id: y.id });
    expect(form.fields.find((f: any) => f.key === "amount").initial).toBe("112.34");
  });

  it("the creator sees the payment in /mystatus", async () => {
    const r = await s.app.dispatch({ line: "mystatus as:@ana.cooks", surface: "console", actor: { id: "c1", name: "Ana", roles: ["creator"] } });
    const text = JSON.stringify(r.reply.message);
    expect(text).toMatch(/€100 paid on \d+ \w{3}, ref 8812/);
    expect(text).toMatch(/paid in full/);
  });

  it("lists overdue payables first, with Mark paid buttons, and totals per currency", async () => {
    await t.db.pool.query(`UPDATE payable SET due_on = current_date - 3 WHERE participation_id = $1`, [part["ben.bakes"]]);
    const r = await s.run("payouts spring");
    const m = r.reply.message;
    expect(m.sections![0]!.title).toBe("Overdue: @ben.bakes");
    expect(m.sections![0]!.actions![0]!.value).toMatch(/^payouts pay id:/);
    expect(m.text).toMatch(/^Overdue €112.34 · due .* · paid €250/);
  });

  it("the digest and the App Home's campaign list show overdue payouts, with the amount still due", async () => {
    const d = await s.app.services.digests.compose({ now: new Date() });
    const sec = d.message.sections!.find((x) => x.title?.startsWith("Payouts overdue"));
    expect(sec?.title).toBe("Payouts overdue: €112.34");
    expect(sec?.text).toMatch(/spring \(spring\): @ben\.bakes, €112\.34 due/);
    const list = await s.run("campaign list --json");
    expect((list.reply.data as any).overduePayables).toEqual([expect.objectContaining({ campaign: "spring", creator: "@ben.bakes", remainingMinor: 11234, currency: "EUR" })]);
  });
});

describe("tax form and the year's export", () => {
  it("records a tax form yes/no with a date and refuses an unknown creator or a bad answer", async () => {
    expect((await s.run("payouts tax-form creator:@nobody on-file:yes")).code).toBe("CREATOR_NOT_FOUND");
    expect((await s.run("payouts tax-form creator:@ben.bakes on-file:maybe")).outcome).toBe("usage");
    const r = await s.json(`payouts tax-form creator:@ben.bakes on-file:yes date:${today()} --json`);
    expect(r).toMatchObject({ onFile: true, recordedOn: today() });
  });

  it("exports per creator and currency, flagging a US creator paid 600 USD or more without a form", async () => {
    const o = await s.app.services.campaigns.optIn("autumn", { handle: "ana.cooks" }, {}, creatorBy);
    await s.run(`optins approve id:${o.value.id}`);
    await s.run("spend campaign:autumn creator:@ana.cooks fee:600");
    const d = await s.app.services.campaigns.submitDeliverable(o.value.id, { url: "https://instagram.com/p/ana-autumn", platform: "instagram" }, creatorBy);
    await s.run(`deliverables approve id:${d.value.id}`);
    const { rows } = await t.db.pool.query(`SELECT id FROM payable WHERE participation_id = $1`, [o.value.id]);
    await s.run(`payouts pay id:${rows[0].id} amount:600 method:wise reference:=HYPERLINK("x")`);
    const year = Number(today().slice(0, 4));
    const r = await s.json(`payouts export year:${year} --json`);
    const csv = fs.readFileSync(r.file, "utf8").trim().split("\n");
    expect(csv[0]).toBe("creator,handles,countries,currency,total_paid,payments,tax_form_on_file,tax_form_date,us_600_usd_without_form");
    const ana = csv.filter((l) => l.includes(",ana.cooks,"));
    expect(ana).toHaveLength(2);
    expect(ana.find((l) => l.includes(",EUR,"))).toMatch(/,EUR,250\.00,2,not recorded,,no$/);
    expect(ana.find((l) => l.includes(",USD,"))).toMatch(/,US,USD,600\.00,1,not recorded,,yes$/);
    expect(r.usWithoutForm).toHaveLength(1);
    const taxLine = async () => JSON.stringify((await s.run("payouts autumn")).reply.message.sections);
    expect(await taxLine()).toMatch(/Tax form: not recorded; record it with \/scout payouts tax-form creator:@ana.cooks on-file:yes/);
    expect(JSON.stringify((await s.run("payouts spring")).reply.message.sections)).not.toMatch(/Tax form/); // EUR, and not US creators' USD
    await s.run("payouts tax-form creator:@ana.cooks on-file:yes");
    expect(await taxLine()).toMatch(/Tax form: on file\./);
    const after = await s.json(`payouts export year:${year} --json`);
    expect(after.usWithoutForm).toHaveLength(0);
    expect((await s.json(`payouts export year:${year - 5} --json`)).rows).toBe(0);
  });
});
