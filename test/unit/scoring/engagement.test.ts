import { describe, expect, it } from "vitest";
import {
  CURRENT_BENCHMARK_VERSION, DEFAULT_BENCHMARK, ER_BENCHMARKS, erPercentile, scoreAccount,
} from "../../../src/core/scoring/index.ts";
import type { AccountInput, Criteria } from "../../../src/core/scoring/index.ts";
import { normCdf } from "../../../src/core/scoring/stats.ts";
import { baseAccount, genAccounts, mulberry32 } from "./gen.ts";

const criteria: Criteria = { objective: "traffic", niche: ["food"] };
const engagement = (a: AccountInput, c: Criteria = criteria): number =>
  scoreAccount(a, c).components.find((x) => x.name === "engagement")!.value;

/** ER at a given percentile of the default Instagram 10k–50k band (log-normal). */
function erAt(p: number): number {
  const band = ER_BENCHMARKS.find((v) => v.id === "scout-ig-2026.11")!.bands.find((b) => b.minFollowers === 10_000)!;
  // inverse Φ by bisection on our own normCdf
  let lo = -8;
  let hi = 8;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return band.median * Math.exp(band.sigma * lo);
}

describe("engagement", () => {
  it("raising ER never lowers the engagement component (random accounts, with and without posts)", () => {
    const rand = mulberry32(11);
    const accounts = [...genAccounts(300, 5), ...genAccounts(200, 6, { posts: true })];
    for (const a of accounts) {
      let er = (a.medianEr ?? 0.02) * 0.05;
      let prev = -1;
      for (let step = 0; step < 25; step++) {
        const v = engagement({ ...a, medianEr: er });
        expect(v).toBeGreaterThanOrEqual(prev);
        prev = v;
        er *= 1 + rand() * 0.6;
      }
    }
  });

  it("raising median engagements (ER derived from medians) never lowers the engagement component", () => {
    for (const platform of ["instagram", "tiktok", "youtube"] as const) {
      let prev = -1;
      for (let eng = 0; eng < 20_000; eng += 137) {
        const v = engagement(baseAccount({ platform, medianEr: null, medianEngagements: eng, medianViews: 30_000 }));
        expect(v).toBeGreaterThanOrEqual(prev);
        prev = v;
      }
    }
  });

  it("a creator at the tier's 90th ER percentile outscores one at the 10th, all else equal", () => {
    const high = scoreAccount(baseAccount({ medianEr: erAt(0.9) }), criteria);
    const low = scoreAccount(baseAccount({ medianEr: erAt(0.1) }), criteria);
    // 30 posts: shrunk only slightly toward the tier's median.
    expect(Math.abs(high.erPercentile! - 90)).toBeLessThan(2);
    expect(Math.abs(low.erPercentile! - 10)).toBeLessThan(2);
    expect(high.score).toBeGreaterThan(low.score);
  });

  it("gives the 50th percentile at the band median and says so with the benchmark version", () => {
    const r = scoreAccount(baseAccount({ medianEr: 0.029 }), criteria);
    expect(r.erPercentile).toBe(50);
    expect(r.benchmarkVersion).toBe(CURRENT_BENCHMARK_VERSION);
    const reason = r.components.find((c) => c.name === "engagement")!.reason;
    expect(reason).toContain("ER 2.9% (over 30 posts), likely 2.5%–3.3%, is the 50th percentile for Instagram micro accounts");
    expect(reason).toContain("scout-ig-2026.11");
  });

  it("uses ER per view on TikTok and YouTube (median engagements / median views)", () => {
    const tt = scoreAccount(
      baseAccount({ platform: "tiktok", medianEr: null, medianEngagements: 890, medianViews: 10_000 }),
      criteria,
    );
    expect(tt.er).toBeCloseTo(0.089, 9);
    expect(tt.erPercentile).toBe(50);
    expect(tt.benchmarkVersion).toBe(DEFAULT_BENCHMARK.tiktok);
    expect(tt.components[1]!.reason).toMatch(/ER per view 8\.9%/);
  });

  it("falls back to Instagram figures for X, Twitch and blogs, with lower confidence", () => {
    for (const platform of ["x", "twitch", "blog"] as const) {
      const ig = scoreAccount(baseAccount({ posts: [{ likes: 1 }] }), criteria);
      const other = scoreAccount(baseAccount({ platform, posts: [{ likes: 1 }] }), criteria);
      expect(other.erPercentile).toBe(ig.erPercentile);
      expect(other.confidence).toBeLessThan(ig.confidence);
      expect(other.benchmarkVersion).toBe("scout-ig-2026.11");
    }
  });

  it("penalises uneven per-post ER a little (consistency is 15%)", () => {
    const steady = [500, 520, 480, 510, 490, 505].map((likes) => ({ likes, comments: 10 }));
    const jumpy = [50, 2_000, 100, 1_500, 30, 900].map((likes) => ({ likes, comments: 10 }));
    const a = engagement(baseAccount({ posts: steady }));
    const b = engagement(baseAccount({ posts: jumpy }));
    expect(a).toBeGreaterThan(b);
    expect(a - b).toBeLessThanOrEqual(15);
  });

  it("computes ER from posts when no medians are given", () => {
    const posts = [300, 400, 500].map((likes) => ({ likes, comments: 0 }));
    const r = scoreAccount(baseAccount({ medianEr: null, medianEngagements: null, posts }), criteria);
    expect(r.er).toBeCloseTo(400 / 20_000, 12);
  });
});

describe("benchmarks", () => {
  it("every band carries a source, a date and a sane median and sigma", () => {
    for (const v of ER_BENCHMARKS) {
      expect(v.id).toMatch(/^scout-/);
      for (const b of v.bands) {
        expect(b.source.length).toBeGreaterThan(10);
        expect(b.date).toMatch(/^20\d\d/);
        expect(b.median).toBeGreaterThan(0);
        expect(b.median).toBeLessThan(1);
        expect(b.sigma).toBeGreaterThan(0.3);
        expect(b.sigma).toBeLessThan(2);
      }
    }
  });

  it("keeps the seeded figures from domain.md", () => {
    const ha = ER_BENCHMARKS.find((v) => v.id === "scout-ig-2018.1")!;
    expect(ha.bands.map((b) => b.median)).toEqual([0.0426, 0.0228, 0.0162, 0.0155, 0.0154]);
    const ds = ER_BENCHMARKS.find((v) => v.id === "scout-ig-2026.11")!;
    expect(ds.bands.map((b) => b.median)).toEqual([0.042, 0.035, 0.029, 0.024, 0.024]);
  });

  it("erPercentile is monotone in ER, 50 at the median and null for unknown ER", () => {
    expect(erPercentile(0.042, "instagram", 2_000)).toBe(50);
    expect(erPercentile(0.0426, "instagram", 2_000, "scout-ig-2018.1")).toBe(50);
    expect(erPercentile(null, "instagram", 2_000)).toBeNull();
    expect(erPercentile(NaN, "instagram", 2_000)).toBeNull();
    expect(erPercentile(-0.1, "instagram", 2_000)).toBeNull();
    expect(erPercentile(0, "instagram", 2_000)).toBe(0);
    let prev = -1;
    for (let er = 0.0001; er < 2; er *= 1.01) {
      const p = erPercentile(er, "instagram", 20_000)!;
      expect(p).toBeGreaterThanOrEqual(prev);
      prev = p;
    }
    expect(prev).toBe(100);
  });

  it("the same ER ranks higher in a bigger band, where the median ER is lower", () => {
    expect(erPercentile(0.03, "instagram", 80_000)!).toBeGreaterThan(erPercentile(0.03, "instagram", 2_000)!);
  });

  it("normal CDF matches reference values", () => {
    expect(normCdf(0)).toBeCloseTo(0.5, 12);
    expect(normCdf(1)).toBeCloseTo(0.8413447461, 6);
    expect(normCdf(-1.959964)).toBeCloseTo(0.025, 6);
    expect(normCdf(-Infinity)).toBe(0);
    expect(normCdf(Infinity)).toBe(1);
  });
});
