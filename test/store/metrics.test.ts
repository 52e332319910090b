import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/core/metrics/formulas.ts";
import { createMetricsRepo } from "../../src/store/metrics.repo.ts";
import type { MetricsStore } from "../../src/core/metrics/types.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";
import { fixtures } from "./metrics-fixtures.ts";

const t = useTestDatabase("metrics");
let repo: MetricsStore;
let s: TestApp;
const ids: Record<string, string> = {};
const AS_OF = new Date("2026-11-07T12:00:00Z");

beforeAll(async () => {
  repo = createMetricsRepo(t.db.pool);
  s = await testApp(t);
  const f = fixtures(t.db.pool);
  ids.spring = await f.campaign({ slug: "spring", currency: "USD" });
  const ana = await f.creator("ana.cooks", "instagram", 25_000);
  const ben = await f.creator("ben.bakes", "tiktok", 5_000);
  const cara = await f.creator("cara.eats", "instagram", 9_000);
  ids.ana = await f.participation(ids.spring, ana, { fee: 500, productCost: 80, commission: 20 });
  ids.ben = await f.participation(ids.spring, ben, { fee: 300 });
  ids.cara = await f.participation(ids.spring, cara, { status: "opted_in", fee: 999 });
  ids.d1 = await f.deliverable(ids.ana, "https://instagram.com/p/ana1/");
  ids.d2 = await f.deliverable(ids.ben, "https://tiktok.com/@ben.bakes/video/1", { platform: "tiktok" });
  // The creator's own reports (the latest has bigger numbers) and the platform's import.
  await f.snapshot(ids.d1, "creator", "2026-11-02T10:00Z", { reach: 3_000, likes: 300, comments: 20, clicks: 50 });
  await f.snapshot(ids.d1, "creator", "2026-11-05T10:00Z", { reach: 5_000, likes: 400, comments: 40, clicks: 90 });
  await f.snapshot(ids.d1, "import", "2026-11-03T10:00Z", { reach: 4_000, impressions: 6_000, likes: 380, comments: 30, shares: 10 });
  await f.snapshot(ids.d1, "import", "2026-11-04T10:00Z", { reach: 4_200, impressions: 9_000, likes: 900, comments: 60, shares: 20, saves: 20 });
  await f.snapshot(ids.d1, "import", "2026-11-09T10:00Z", { reach: 99_999, likes: 99_999 }); // after "as of": not counted
  await f.snapshot(ids.d2, "creator", "2026-11-05T09:00Z", { views: 20_000, likes: 700, comments: 50, shares: 30, saves: 20, clicks: 25 });
  // Ana has a tracked link: 2 clicks from A on the 5th, A and B on the 6th, and a crawler.
  const link = await f.link(ids.ana, "ana123");
  await f.click(link, "2026-11-05T08:00Z", "ipA");
  await f.click(link, "2026-11-05T09:00Z", "ipA");
  await f.click(link, "2026-11-06T08:00Z", "ipA");
  await f.click(link, "2026-11-06T08:30Z", "ipB");
  await f.click(link, "2026-11-06T08:31Z", "bot", true);
  await f.conversion(ids.ana, "o1", 100, "USD", "2026-11-05T12:00Z");
  await f.conversion(ids.ana, "o2", 200, "USD", "2026-11-06T12:00Z");
  await f.conversion(ids.ana, "o3", 50, "EUR", "2026-11-06T13:00Z");
});

describe("metrics sums", () => {
  it("per campaign: the latest snapshot per source, import over creator, tracked clicks, conversions and spend", async () => {
    const { campaigns } = await repo.campaignTotals([ids.spring!], AS_OF);
    expect(campaigns).toHaveLength(1);
    const tot = campaigns[0]!.totals;
    expect(tot).toEqual({
      deliverables: 2,
      reach: 4_200, // ana's import; ben reported no reach
      impressions: 29_000, // 9,000 imported + ben's 20,000 views
      views: 20_000,
      engagements: 1_800, // ana's import 1,000 (not her report's 440, never both) + ben's 800
      erEngagements: 1_800,
      erBase: 45_000, // ana's 25,000 followers + ben's 20,000 views (TikTok: per view)
      clicks: 29, // ana: 4 tracked human clicks (her reported 90 ignored); ben: 25 reported
      uniqueClicks: 3,
      repeatClicks: 0,
      suspectClicks: 0,
      clicksTracked: true,
      conversions: 3,
      revenue: 300, // the EUR order is counted, its value left out
      otherCurrencyConversions: 1,
      fee: 800, // cara is not approved: her fee does not count
      productCost: 80,
      commission: 20,
    });
    const m = computeMetrics(tot);
    expect(m.er).toBeCloseTo(0.04, 10);
    expect(m.spend).toBe(900);
    expect(m.cpe).toBe(0.5);
    expect(m.roi).toBeCloseTo(-2 / 3, 10);
  });

  it("per creator, ranked by engagements, and only the top n when asked", async () => {
    const { creators } = await repo.campaignTotals([ids.spring!], AS_OF);
    expect(creators.map((c) => [c.handle, c.totals.engagements, c.totals.clicks, c.totals.clicksTracked])).toEqual([
      ["ana.cooks", 1_000, 4, true],
      ["ben.bakes", 800, 25, false],
    ]);
    expect(computeMetrics(creators[0]!.totals)).toMatchObject({ spend: 600, cpe: 0.6, roi: -0.5, er: 0.04 });
    const top = await repo.campaignTotals([ids.spring!], AS_OF, { topCreators: 1 });
    expect(top.creators.map((c) => c.handle)).toEqual(["ana.cooks"]);
    expect(top.campaigns[0]!.totals.engagements).toBe(1_800);
  });

  it("per deliverable, naming the source each figure came from", async () => {
    const ds = await repo.deliverableTotals(ids.spring!, AS_OF);
    expect(ds.map((d) => [d.handle, d.sources, d.totals.reach, d.totals.engagements, d.totals.clicks])).toEqual([
      ["ana.cooks", { reach: "import", engagements: "import" }, 4_200, 1_000, 90],
      ["ben.bakes", { reach: null, engagements: "creator" }, null, 800, 25],
    ]);
    expect(computeMetrics(ds[1]!.totals).er).toBeCloseTo(0.04, 10);
  });

  it("per day: engagements gained (one source per deliverable) and human clicks", async () => {
    const pts = await repo.daily([ids.spring!], new Date("2026-11-02T00:00:00Z"), AS_OF);
    expect(pts).toEqual([
      { day: "2026-11-02", engagements: 0, clicks: 0 },
      { day: "2026-11-03", engagements: 420, clicks: 0 },
      { day: "2026-11-04", engagements: 580, clicks: 0 },
      { day: "2026-11-05", engagements: 800, clicks: 2 },
      { day: "2026-11-06", engagements: 0, clicks: 2 },
      { day: "2026-11-07", engagements: 0, clicks: 0 },
    ]);
  });

  it("a campaign without approved creators has no numbers, and no figure is made up", async () => {
    const empty = await fixtures(t.db.pool).campaign({ slug: "empty" });
    const { campaigns, creators } = await repo.campaignTotals([empty], AS_OF);
    expect(creators).toEqual([]);
    expect(campaigns[0]?.totals ?? null).toBeNull();
  });
});

describe("metrics import", () => {
  const file = (name: string, text: string) => {
    const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scout-metrics-")), name);
    fs.writeFileSync(p, text);
    return p;
  };

  it("stores good rows as imported snapshots, lists the bad ones, and a re-import adds nothing", async () => {
    const csv =
      "url,deliverable_id,reach,impressions,likes,comments,shares,saves\n" +
      "https://instagram.com/p/ana1,,4500,10000,950,70,25,25\n" + // trailing slash and case do not matter
      `,${ids.d2},,25000,800,60,40,20\n` +
      "https://instagram.com/p/nobody,,10,10,1,1,1,1\n" +
      "https://instagram.com/p/ana1,,abc,,,,,\n";
    const p = file("insights.csv", csv);
    const before = await t.db.pool.query("SELECT count(*)::int AS n FROM metric_snapshot");
    const first = await s.json(`metrics import ${p}`);
    expect(first).toMatchObject({ rows: 4, created: 2, updated: 0, unchanged: 0 });
    expect(first.skipped.map((x: { line: number; reason: string }) => [x.line, x.reason])).toEqual([
      [4, "no deliverable with the link https://instagram.com/p/nobody (deliverables are listed by /scout deliverables <campaign>)"],
      [5, 'reach "abc" is not a number (write 12500, 12,500 or 12.5k)'],
    ]);
    const again = await s.json(`metrics import ${p}`);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const after = await t.db.pool.query("SELECT count(*)::int AS n FROM metric_snapshot");
    expect(after.rows[0].n - before.rows[0].n).toBe(2);
    const rows = await t.db.pool.query("SELECT source::text, reach, likes, taken_at FROM metric_snapshot WHERE deliverable_id = $1 AND reported_by = 'm1'", [ids.d1]);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ source: "import", reach: 4500, likes: 950 });
    expect(new Date(rows.rows[0].taken_at).toISOString()).toMatch(/T00:00:00\.000Z$/);
  });

  it("a corrected file the same day updates the numbers in place; a given taken_at makes a new snapshot", async () => {
    const corrected = await s.json(`metrics import ${file("fix.csv", "url,reach,likes\nhttps://instagram.com/p/ana1/,4600,960\n")}`);
    expect(corrected).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const dated = await s.json(`metrics import ${file("dated.csv", "url,taken_at,reach\nhttps://instagram.com/p/ana1/,2026-11-06T10:00:00Z,4300\n")}`);
    expect(dated).toMatchObject({ created: 1 });
    const again = await s.json(`metrics import ${file("dated.csv", "url,taken_at,reach\nhttps://instagram.com/p/ana1/,2026-11-06T10:00:00Z,4300\n")}`);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });

  it("an unreadable file or an unknown campaign changes nothing and says what to do", async () => {
    const r = await s.run(`metrics import ${file("bad.csv", "handle,reach\nana,5\n")}`);
    expect(r.outcome).not.toBe("ok");
    expect(r.reply.message.text).toMatch(/no url or deliverable_id column/);
    const u = await s.run(`metrics import ${file("ok.csv", "url,reach\nhttps://instagram.com/p/ana1/,1\n")} campaign:nope`);
    expect(u.outcome).not.toBe("ok");
  });
});

describe("metrics commands", () => {
  it("shows a campaign's figures with how they are computed, by creator", async () => {
    const r = await s.run("metrics campaign:spring by:creator");
    expect(r.outcome).toBe("ok");
    const d = r.reply.data as any;
    expect(d.campaign).toBe("spring");
    expect(d.creators.map((c: any) => c.handle)).toEqual(["ana.cooks", "ben.bakes"]);
    expect(r.reply.message.sections!.some((x) => x.title === "How computed")).toBe(true);
    expect(r.reply.message.sections![1]!.table!.columns[0]).toBe("Creator");
  });

  it("by deliverable lists each post with its source", async () => {
    const d = await s.json("metrics campaign:spring by:deliverable --json");
    // Both posts have imported numbers by now (the import tests above).
    expect(d.deliverables.map((x: any) => [x.url, x.sources.engagements])).toEqual([
      ["https://instagram.com/p/ana1/", "import"],
      ["https://tiktok.com/@ben.bakes/video/1", "import"],
    ]);
  });

  it("explains a formula with the campaign's own inputs, and refuses an unknown metric", async () => {
    const r = await s.run("metrics explain metric:cpe campaign:spring");
    expect(r.outcome).toBe("ok");
    const f = (r.reply.data as any).formulas;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ metric: "cpe", formula: "spend / engagements" });
    expect(f[0].inputs.map((i: any) => i.label)).toEqual(["spend", "engagements"]);
    expect(r.reply.message.sections![0]!.text).toMatch(/spend 900\.00 USD, engagements [\d,]+ → CPE/);
    const all = await s.json("metrics explain");
    expect(all.formulas.length).toBe(14);
    const bad = await s.run("metrics explain metric:vibes");
    expect(bad.outcome).not.toBe("ok");
    expect(bad.reply.message.text).toMatch(/metric/);
  });
});
