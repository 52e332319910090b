import { describe, expect, it } from "vitest";
import { computeMetrics, cpc, cpe, cpm, engagements, FORMULAS, postEr, ratio, roas, roi, spend } from "../../../src/core/metrics/formulas.ts";
import { EMPTY_TOTALS, type Totals } from "../../../src/core/metrics/types.ts";

const totals = (t: Partial<Totals>): Totals => ({ ...EMPTY_TOTALS, ...t });

describe("formulas (domain.md, Performance metrics)", () => {
  it("worked example: a creator paid 500 + 80 of product + 20 of commission", () => {
    // Spend = fees + product cost + commission = 600.
    const s = spend({ fee: 500, productCost: 80, commission: 20 });
    expect(s).toBe(600);
    // CPM = spend / (impressions / 1000) = 600 / 120 = 5.
    expect(cpm(s, 120_000)).toBe(5);
    // CPE = spend / engagements = 600 / 4,800 = 0.125.
    expect(cpe(s, 4_800)).toBe(0.125);
    // CPC = spend / clicks = 600 / 300 = 2.
    expect(cpc(s, 300)).toBe(2);
    // ROI = (revenue − spend) / spend = (1,500 − 600) / 600 = 1.5 (150%).
    expect(roi(1_500, s)).toBe(1.5);
    // ROAS = revenue / spend = 1,500 / 600 = 2.5.
    expect(roas(1_500, s)).toBe(2.5);
  });

  it("engagements are likes + comments + shares + saves, and ER is per follower or per view", () => {
    const e = engagements({ likes: 900, comments: 60, shares: 20, saves: 20 });
    expect(e).toBe(1_000);
    // Instagram: 1,000 / 25,000 followers = 4%.
    expect(postEr(e, 25_000)).toBeCloseTo(0.04, 10);
    // TikTok: 1,200 / 30,000 views = 4%.
    expect(postEr(1_200, 30_000)).toBeCloseTo(0.04, 10);
    // A part that is not given counts as 0; nothing given is unknown.
    expect(engagements({ likes: 10, comments: null })).toBe(10);
    expect(engagements({})).toBeNull();
  });

  it("gives null, not 0, when a denominator is missing or zero", () => {
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(5, null)).toBeNull();
    expect(ratio(null, 5)).toBeNull();
    expect(cpm(600, 0)).toBeNull();
    expect(cpe(600, null)).toBeNull();
    expect(cpc(null, 300)).toBeNull();
    expect(roi(1_000, 0)).toBeNull();
    expect(roi(null, 600)).toBeNull();
    expect(roas(1_000, null)).toBeNull();
    expect(spend({ fee: null, productCost: null, commission: null })).toBeNull();
  });

  it("a loss is a negative ROI, and no revenue recorded leaves ROI unknown", () => {
    expect(roi(300, 600)).toBe(-0.5);
    expect(roi(0, 600)).toBe(-1);
    const m = computeMetrics(totals({ fee: 600, engagements: 1_000 }));
    expect(m.roi).toBeNull();
    expect(m.cpe).toBe(0.6);
  });

  it("computes every figure of a scope from its sums", () => {
    const m = computeMetrics(
      totals({ reach: 80_000, impressions: 120_000, engagements: 4_800, erEngagements: 4_800, erBase: 100_000, clicks: 300, uniqueClicks: 250, conversions: 12, revenue: 1_500, fee: 500, productCost: 80, commission: 20 }),
    );
    expect(m).toEqual({
      reach: 80_000,
      impressions: 120_000,
      engagements: 4_800,
      er: 0.048,
      clicks: 300,
      uniqueClicks: 250,
      conversions: 12,
      revenue: 1_500,
      spend: 600,
      cpm: 5,
      cpe: 0.125,
      cpc: 2,
      roi: 1.5,
      roas: 2.5,
    });
  });

  it("every figure has a formula, an explanation and its inputs", () => {
    const keys = Object.keys(computeMetrics(EMPTY_TOTALS));
    expect(FORMULAS.map((f) => f.key).sort()).toEqual(keys.sort());
    for (const f of FORMULAS) {
      expect(f.formula.length).toBeGreaterThan(5);
      expect(f.explanation.length).toBeGreaterThan(30);
      expect(f.inputs(EMPTY_TOTALS).length).toBeGreaterThan(0);
    }
    expect(FORMULAS.find((f) => f.key === "roi")!.formula).toBe("(revenue − spend) / spend");
  });
});
