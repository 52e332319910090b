import { describe, expect, it } from "vitest";
import { messageBlocks, renderMessage } from "../../../src/adapters/slack/render.ts";
import { campaignFigures, readFigures, type CampaignDigest } from "../../../src/core/digest/figures.ts";
import { DETAILED, renderDigest } from "../../../src/core/digest/render.ts";
import type { DigestCounts } from "../../../src/core/digest/port.ts";
import { EMPTY_TOTALS, type Totals } from "../../../src/core/metrics/types.ts";

const NOW = new Date("2026-11-20T08:00:00Z");
const SINCE = new Date("2026-11-19T08:00:00Z");

function digest(i: number, over: { counts?: Partial<DigestCounts>; totals?: Partial<Totals>; previous?: CampaignDigest["previous"] } = {}): CampaignDigest {
  const counts: DigestCounts = { optIns: 12, newOptIns: 3, waiting: i % 3, approved: 8, submitted: 10, toReview: i % 2, approvedDeliverables: 5, live: 4, overdue: i % 4 === 0 ? 1 : 0, ...over.counts };
  const totals: Totals = { ...EMPTY_TOTALS, deliverables: 10, reach: 50_000 + i, engagements: 4_000 + i * 10, erEngagements: 4_000, erBase: 100_000, clicks: 300, uniqueClicks: 250, clicksTracked: true, conversions: 12, revenue: 1_500, fee: 500, productCost: 80, commission: 20, ...over.totals };
  const f = campaignFigures(counts, totals);
  const handle = (n: number) => `creator.with.a.rather.long.handle.${i}.${n}`;
  return {
    campaign: { id: `id-${i}`, slug: `campaign-number-${String(i).padStart(3, "0")}-with-a-long-slug`, name: `Campaign ${i} — a long descriptive name for a spring launch`, currency: "EUR", status: "active", startedAt: new Date("2026-11-01T00:00:00Z") },
    counts: f.counts,
    totals,
    top: [1, 2, 3].map((n) => ({ participationId: `p${n}`, campaignId: `id-${i}`, handle: handle(n), platform: "instagram", displayName: handle(n), followers: 10_000, totals: { ...totals, engagements: 1_000 * (4 - n) } })),
    figures: f.figures,
    previous: over.previous ?? null,
    decisions: f.counts.waiting + f.counts.toReview + f.counts.overdue,
  };
}

function checkSlackLimits(m: ReturnType<typeof renderDigest>) {
  const blocks = messageBlocks(m);
  expect(blocks.length).toBeLessThanOrEqual(50);
  expect(renderMessage(m)).toHaveLength(1); // one Slack message, no continuation pages
  for (const b of blocks as any[]) {
    if (b.text?.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
    if (b.fields) expect(b.fields.length).toBeLessThanOrEqual(10);
  }
  return blocks;
}

describe("digest message", () => {
  it("shows one campaign in full: workflow counts, figures, top three creators and what needs a decision", () => {
    const m = renderDigest([digest(1, { counts: { waiting: 2, toReview: 1, overdue: 1 } })], { now: NOW, since: SINCE, single: true, hasChart: true });
    checkSlackLimits(m);
    expect(m.title).toBe("Scout digest: Campaign 1 — a long descriptive name for a spring launch, 2026-11-20");
    const s = m.sections![0]!;
    expect(s.text).toContain("Opt-ins: 12 (3 new since 2026-11-19 08:00 UTC), approved 8. Deliverables: 10 submitted, 5 approved, 4 live, 1 overdue.");
    expect(s.text).toContain("Top creators (by engagements): 1. @creator.with.a.rather.long.handle.1.1 3,000 eng.");
    expect(s.text).toContain("Needs a decision today: 2 opt-ins to approve or decline, 1 deliverable to review, 1 overdue.");
    expect(s.fields!.map((f) => f.label)).toEqual(["Reach", "Engagements", "Post ER", "Link clicks", "Conversions", "Spend", "CPE", "ROI"]);
    expect(s.fields!.find((f) => f.label === "ROI")!.value).toBe("150%");
    expect(s.actions!.map((a) => a.value)).toEqual(["optins campaign-number-001-with-a-long-slug", "deliverables campaign-number-001-with-a-long-slug", "metrics campaign:campaign-number-001-with-a-long-slug by:creator"]);
    expect(m.text).toContain("Changes are since the last digest (2026-11-19 08:00 UTC)");
  });

  it("says suspect clicks apart from the counted link clicks, and nothing of them when there are none", () => {
    const fields = (d: CampaignDigest) => Object.fromEntries(renderDigest([d], { now: NOW, since: null, single: true, hasChart: false }).sections![0]!.fields!.map((f) => [f.label, f.value]));
    expect(fields(digest(1, { totals: { suspectClicks: 940 } }))["Link clicks"]).toBe("300; 940 suspect, not counted");
    expect(fields(digest(1, { totals: { suspectClicks: 0 } }))["Link clicks"]).toBe("300");
  });

  it("shows the change of each figure since the previous digest", () => {
    const prev = digest(1).figures;
    const d = digest(1, {
      totals: { reach: 60_000, engagements: 5_200, clicks: 450, conversions: 15, revenue: 2_100 },
      previous: { ...prev, reach: 50_001, engagements: 4_010, er: 0.03, clicks: 300, conversions: 12, spend: 600, cpe: 0.15, roi: 1.5 },
    });
    const fields = Object.fromEntries(renderDigest([d], { now: NOW, since: SINCE, single: false, hasChart: false }).sections![0]!.fields!.map((f) => [f.label, f.value]));
    expect(fields).toMatchObject({
      Reach: "60,000 (+9,999)",
      Engagements: "5,200 (+1,190)",
      "Post ER": "4% (+1 pp)",
      "Link clicks": "450 (+150)",
      Conversions: "15 (+3)",
      Spend: "600.00 EUR (±0)",
      ROI: "250% (+100 pp)",
    });
    expect(fields["CPE"]).toMatch(/^0\.12 EUR \(-0\.03 EUR\)$/);
  });

  it("without a previous digest shows figures without changes, and n/a where a denominator is missing", () => {
    const d = digest(2, { totals: { fee: null, productCost: null, commission: null } });
    const fields = Object.fromEntries(renderDigest([d], { now: NOW, since: null, single: false, hasChart: false }).sections![0]!.fields!.map((f) => [f.label, f.value]));
    expect(fields).toMatchObject({ Reach: "50,002", Spend: "n/a", CPE: "n/a", ROI: "n/a" });
  });

  it("with 60 campaigns: the busiest in detail, the rest summarised with a pointer to App Home, within Block Kit limits", () => {
    const ds = Array.from({ length: 60 }, (_, i) => digest(i));
    const m = renderDigest(ds, { now: NOW, since: SINCE, single: false, hasChart: true });
    const blocks = checkSlackLimits(m);
    expect(blocks.length).toBeLessThanOrEqual(4 + 2 * DETAILED);
    const detailed = m.sections!.filter((s) => s.fields);
    expect(detailed).toHaveLength(DETAILED);
    // Ordered by decisions waiting: every detailed campaign needs at least as many as any summarised one.
    const rest = m.sections!.find((s) => s.title === "Other active campaigns")!;
    expect(rest.text).toMatch(/^52 more campaigns: together/);
    expect(rest.text).toContain("See all in Scout's App Home");
    expect(m.text).toMatch(/^60 active campaigns as of 2026-11-20 08:00 UTC/);
    const decisionsOf = (title: string) => ds.find((d) => title.endsWith(`(${d.campaign.slug})`))!.decisions;
    const shownMin = Math.min(...detailed.map((s) => decisionsOf(s.title!)));
    const shown = new Set(detailed.map((s) => s.title));
    const restMax = Math.max(...ds.filter((d) => !shown.has(`${d.campaign.name} (${d.campaign.slug})`)).map((d) => d.decisions));
    expect(shownMin).toBeGreaterThanOrEqual(restMax);
    expect(shownMin).toBe(3);
  });

  it("says so when there is no active campaign", () => {
    const m = renderDigest([], { now: NOW, since: null, single: false, hasChart: false });
    expect(m.text).toMatch(/No active campaigns/);
    checkSlackLimits(m);
  });

  it("reads back figures it stored and ignores anything else", () => {
    const f = { version: 1, at: NOW.toISOString(), campaigns: { a: digest(1).figures } };
    expect(readFigures(JSON.parse(JSON.stringify(f)))).toEqual(f);
    expect(readFigures({ version: 2 })).toBeNull();
    expect(readFigures(null)).toBeNull();
    expect(readFigures("junk")).toBeNull();
  });
});
