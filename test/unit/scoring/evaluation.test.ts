import { describe, expect, it } from "vitest";
import { evaluateScoring, spearman } from "../../../src/core/scoring/index.ts";
import type { EvalAccount } from "../../../src/core/scoring/index.ts";
import { timeSplit } from "../../../src/core/scoring/evaluation.ts";
import { gaussian, mulberry32 } from "./gen.ts";

const DAY = 86_400_000;

/**
 * A generated roster: each account has a true ER (log-normal around its tier's median) and posts
 * around it. A few "flukes" have one viral early post (6–7× the median) and a weak one after it.
 */
function roster(n: number, flukes: number, seed: number): EvalAccount[] {
  const rand = mulberry32(seed);
  const out: EvalAccount[] = [];
  for (let i = 0; i < n + flukes; i++) {
    const followers = Math.round(Math.exp(Math.log(2_000) + rand() * Math.log(40)));
    const mu = Math.log(0.03) + 0.7 * gaussian(rand);
    const fluke = i >= n;
    const count = fluke ? 2 : 2 + Math.floor(rand() * 8);
    const posts = Array.from({ length: count }, (_, k) => {
      const er = fluke ? (k === 0 ? 0.2 : 0.01) : Math.exp(mu + 0.5 * gaussian(rand));
      return { postedAt: new Date(Date.UTC(2026, 0, 1) + k * 7 * DAY), likes: Math.round(er * followers), comments: 0, hashtags: ["food"] };
    });
    out.push({ id: `acc-${String(i).padStart(4, "0")}`, handle: `h${i}`, platform: "instagram", followers, following: 500, categories: ["food"], posts });
  }
  return out;
}

describe("scoring evaluation (time split)", () => {
  it("computes Spearman's rank correlation with ties averaged", () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 10);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 10);
    expect(spearman([1, 1, 2, 2], [1, 2, 3, 4])).toBeCloseTo(0.8944, 3);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBe(0);
  });

  it("shows the scorer only the earlier half of each account's posts, ordered by date", () => {
    const a: EvalAccount = {
      id: "a", handle: "a", platform: "instagram", followers: 10_000, following: 100, categories: [],
      // Given out of order: by date the two earliest are the low ones.
      posts: [3, 1, 4, 2].map((d) => ({ postedAt: new Date(Date.UTC(2026, 0, d)), likes: d <= 2 ? 100 : 900, comments: 0 })),
    };
    const [split] = timeSplit([a], 4, { min: 1_000, max: 100_000 });
    expect(split!.early.posts).toHaveLength(2);
    expect(split!.early.medianEr).toBeCloseTo(0.01, 6);
    expect(timeSplit([a], 5, { min: 1_000, max: 100_000 })).toHaveLength(0);
  });

  it("records rho per objective, the ER percentile alone and precision@20 per niche", () => {
    const f = evaluateScoring(roster(800, 0, 4), { minPosts: 4, niches: ["food"] });
    expect(f.accounts).toBeGreaterThan(400);
    for (const o of ["awareness", "traffic", "leads", "sales"] as const) {
      expect(f.rho[o]).toBeGreaterThan(0.3);
      expect(f.rho[o]).toBeLessThanOrEqual(1);
    }
    expect(f.rhoErOnly).toBeGreaterThan(0.3);
    expect(f.precision.awareness.food).toBeGreaterThanOrEqual(0);
    expect(f.nicheSizes.food).toBe(f.accounts);
  });

  it("keeps one-viral-post flukes out of the top 20, where the ER percentile alone lets them in", () => {
    const f = evaluateScoring(roster(600, 60, 8), { minPosts: 2, niches: ["food"] });
    expect(f.precisionErOnly.food).toBeLessThan(0.3);
    expect(f.meanPrecision.awareness).toBeGreaterThan(f.meanPrecisionErOnly + 0.25);
    expect(f.rho.awareness).toBeGreaterThan(f.rhoErOnly);
  });

  it("records the best precision@20 any ranking could reach: a niche smaller than 20 with few later-top accounts caps it", () => {
    // 24 accounts: about a quarter of each tier ends in its later top quartile, so no ordering can put more than those in a top 20.
    const r = roster(24, 0, 5);
    const small = evaluateScoring(r, { minPosts: 2, niches: ["food"] });
    const top = timeSplit(r, 2, { min: 1_000, max: 100_000 }).filter((s) => s.laterTop).length;
    expect(small.nicheSizes.food).toBe(24);
    expect(top).toBeGreaterThanOrEqual(5);
    expect(top).toBeLessThanOrEqual(8);
    expect(small.precisionCeiling.food).toBeCloseTo(top / 20, 3);
    expect(small.precision.awareness.food).toBeLessThanOrEqual(small.precisionCeiling.food!);
    // With hundreds of accounts the ceiling is 1: 20 of them can be in the top quartile.
    const big = evaluateScoring(roster(600, 0, 6), { minPosts: 2, niches: ["food"] });
    expect(big.precisionCeiling.food).toBe(1);
    expect(big.meanPrecisionCeiling).toBe(1);
  });

  it("gives the same figures for the same roster", () => {
    const r = roster(300, 20, 2);
    expect(evaluateScoring(r, { minPosts: 2, niches: ["food"] })).toEqual(evaluateScoring([...r].reverse(), { minPosts: 2, niches: ["food"] }));
  });
});
