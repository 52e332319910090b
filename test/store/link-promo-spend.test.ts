// Promo codes and spend per participation, through the commands a marketer types, on a scratch database.
import { beforeAll, describe, expect, it } from "vitest";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";

const t = useTestDatabase("link_promo");
let s: TestApp;
const COMPLETE = 'objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://shop.example.com channel:C0123ABCD go-live:+365d currency:EUR';
const by = { id: "d1", name: "Creator", surface: "discord" };

const row = (handle: string, slug = "spring") =>
  t.db.prisma.participation.findFirstOrThrow({ where: { account: { handle }, campaign: { slug } } });

beforeAll(async () => {
  s = await testApp(t);
  await importRoster(
    { creators: { label: "r.csv", text: "handle,platform,followers,category\nana.cooks,instagram,15000,food\nben.bakes,instagram,9000,food\ncara.eats,instagram,9000,food\n" } },
    {},
    createRosterRepo(t.db.pool),
  );
  for (const slug of ["spring", "autumn"]) {
    await s.run(`campaign new name:"${slug}" ${COMPLETE}`);
    await s.run(`campaign open ${slug}`);
  }
  for (const h of ["ana.cooks", "ben.bakes"]) {
    const o = await s.app.services.campaigns.optIn("spring", { handle: h }, {}, by);
    await s.run(`optins approve id:${o.value.id}`);
  }
  await s.app.services.campaigns.optIn("autumn", { handle: "ana.cooks" }, {}, by);
});

describe("promo set", () => {
  it("stores the code upper-cased on the participation and records who set it", async () => {
    const r = await s.run("promo set campaign:spring creator:@ana.cooks code:ana10 --json");
    expect(r.outcome).toBe("ok");
    expect(r.reply.data).toMatchObject({ outcome: "done", promoCode: "ANA10", handle: "ana.cooks" });
    const p = await row("ana.cooks");
    expect(p.promoCode).toBe("ANA10");
    expect(await t.db.prisma.auditEvent.count({ where: { action: "participation.promo", entityId: p.id } })).toBe(1);
  });

  it("says so when the creator already has that code, without another record", async () => {
    const r = await s.run("promo set campaign:spring creator:ana.cooks code:ANA10");
    expect(r.reply.message.text).toBe("@ana.cooks already has the promo code ANA10 on spring.");
    expect(await t.db.prisma.auditEvent.count({ where: { action: "participation.promo" } })).toBe(1);
  });

  it("refuses a code another participation uses, with a clear message, and changes nothing", async () => {
    const r = await s.run("promo set campaign:spring creator:@ben.bakes code:ANA10");
    expect(r.outcome).toBe("user");
    expect(r.code).toBe("PROMO_TAKEN");
    expect(r.reply.message.text).toMatch(/ANA10 is already used/);
    expect((await row("ben.bakes")).promoCode).toBeNull();
    const other = await s.run("promo set campaign:autumn creator:@ana.cooks code:ana10");
    expect(other.code).toBe("PROMO_TAKEN");
  });

  it("refuses malformed codes naming the rule", async () => {
    for (const [code, msg] of [["ab", /3 to 32/], ['"ANA 10"', /letters A–Z, digits and hyphens/], ["ANA_10", /letters A–Z/]] as const) {
      const r = await s.run(`promo set campaign:spring creator:@ben.bakes code:${code}`);
      expect(r.outcome, code).toBe("usage");
      expect(r.reply.message.text).toMatch(msg);
    }
  });

  it("says who is not taking part, and which campaign does not exist", async () => {
    expect((await s.run("promo set campaign:spring creator:@cara.eats code:CARA1")).code).toBe("PARTICIPATION_NOT_FOUND");
    expect((await s.run("promo set campaign:nope creator:@ana.cooks code:CARA1")).code).toBe("CAMPAIGN_NOT_FOUND");
  });
});

describe("promo generate", () => {
  it("generates a unique code from the handle for a creator without one", async () => {
    const r = await s.json("promo generate campaign:spring creator:@ben.bakes --json");
    expect(r.promoCode).toMatch(/^BEN-[A-Z2-9]{4}$/);
    expect((await row("ben.bakes")).promoCode).toBe(r.promoCode);
  });

  it("keeps a creator's existing code; promo set changes it", async () => {
    const r = await s.run("promo generate campaign:spring creator:@ana.cooks");
    expect(r.reply.message.text).toBe("ANA10 is already @ana.cooks's promo code for spring; use promo set to change it.");
    expect((await row("ana.cooks")).promoCode).toBe("ANA10");
    await s.run("promo set campaign:spring creator:@ana.cooks code:ANA-SPRING");
    expect((await row("ana.cooks")).promoCode).toBe("ANA-SPRING");
  });

  it("lets the freed code be set on another creator", async () => {
    const r = await s.run("promo set campaign:spring creator:@ben.bakes code:ANA10");
    expect(r.outcome).toBe("ok");
    expect((await row("ben.bakes")).promoCode).toBe("ANA10");
  });
});

describe("spend", () => {
  it("records fee, product cost and commission in the campaign's currency and shows the total", async () => {
    const r = await s.run("spend campaign:spring creator:@ana.cooks fee:250 product:40 commission:15");
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.text).toBe("Spend recorded for @ana.cooks on spring: fee 250 EUR, product 40 EUR, commission 15 EUR. Total 305 EUR.");
    const p = await row("ana.cooks");
    expect([p.fee?.toNumber(), p.productCost?.toNumber(), p.commission?.toNumber()]).toEqual([250, 40, 15]);
    expect(await t.db.prisma.auditEvent.count({ where: { action: "participation.spend", entityId: p.id } })).toBe(1);
  });

  it("changes only the fields given", async () => {
    await s.run("spend campaign:spring creator:@ana.cooks fee:300");
    const p = await row("ana.cooks");
    expect([p.fee?.toNumber(), p.productCost?.toNumber(), p.commission?.toNumber()]).toEqual([300, 40, 15]);
  });

  it("takes a commission as a share of attributed revenue (none yet: 0)", async () => {
    const d = await s.json("spend campaign:spring creator:@ana.cooks commission:10% --json");
    expect(d).toMatchObject({ commission: 0, commissionRate: 0.1, total: 340, currency: "EUR" });
  });

  it("refuses amounts in another currency, negative amounts, a share over 100% and nothing to record", async () => {
    expect((await s.run("spend campaign:spring creator:@ana.cooks fee:250USD")).reply.message.text).toMatch(/campaign's currency, EUR; got USD/);
    expect((await s.run("spend campaign:spring creator:@ana.cooks fee:-5")).outcome).toBe("usage");
    expect((await s.run("spend campaign:spring creator:@ana.cooks commission:150%")).reply.message.text).toMatch(/100% or less/);
    expect((await s.run("spend campaign:spring creator:@ana.cooks")).outcome).toBe("usage");
    expect((await row("ana.cooks")).fee?.toNumber()).toBe(300);
  });

  it("shows promo codes and spend in the optins listing and its JSON", async () => {
    const r = await s.run("optins spring --json");
    const table = r.reply.message.sections!.find((x) => x.title === "Others")!.table!;
    expect(table.columns).toEqual(["creator", "status", "since", "link", "promo", "spend (EUR)", "id"]);
    const ana = (r.reply.data as any).participations.find((p: any) => p.handle === "ana.cooks");
    expect(ana.spend).toEqual({ fee: 300, productCost: 40, commission: 0, total: 340 });
    expect(ana.promoCode).toMatch(/^ANA-/);
    expect(ana.trackedLink).toMatch(/^http:\/\/localhost:3000\/r\/[A-Za-z0-9]{8}$/);
  });
});
