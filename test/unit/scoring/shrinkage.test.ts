import { describe, expect, it } from "vitest";
import { fitErPriors, rankAccounts, scoreAccount } from "../../../src/core/scoring/index.ts";
import type { AccountInput, ErSample } from "../../../src/core/scoring/index.ts";
import { baseAccount, gaussian, mulberry32, shuffle } from "./gen.ts";

/** Accounts of one band whose true ln(ER) spreads by tau around ln(median), posts by sigma around it. */
function samples(n: number, seed: number, median = 0.03, tau = 0.7, sigma = 0.5): ErSample[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const mu = Math.log(median) + tau * gaussian(rand);
    const posts = 1 + Math.floor(rand() * 8);
    return { platform: "instagram", followers: 20_000, ers: Array.from({ length: posts }, () => Math.exp(mu + sigma * gaussian(rand))) };
  });
}

const criteria = { objective: "awareness" as const, niche: [] };
const onPosts = (ers: number[], over: Partial<AccountInput> = {}): AccountInput =>
  baseAccount({
    followers: 3_000,
    medianEr: null,
    medianEngagements: null,
    sampledPosts: 0,
    posts: ers.map((e, i) => ({ postedAt: new Date(Date.UTC(2026, 0, 1 + i)), likes: Math.round(e * 3_000), comments: 0 })),
    ...over,
  });

describe("ER shrinkage (empirical Bayes)", () => {
  it("fits the tier median, the spread between accounts and the spread between posts from the roster", () => {
    const p = fitErPriors(samples(4_000, 3)).priors.find((x) => x.minFollowers === 10_000)!;
    expect(p.accounts).toBe(4_000);
    expect(p.median).toBeGreaterThan(0.027);
    expect(p.median).toBeLessThan(0.033);
    expect(p.tau).toBeGreaterThan(0.6);
    expect(p.tau).toBeLessThan(0.8);
    expect(p.sigmaWithin).toBeGreaterThan(0.45);
    expect(p.sigmaWithin).toBeLessThan(0.55);
  });

  it("fits the same priors whatever the order of the roster", () => {
    const s = samples(1_000, 5);
    const a = fitErPriors(s).priors;
    const b = fitErPriors(shuffle(mulberry32(9), s)).priors;
    expect(b.length).toBe(a.length);
    a.forEach((p, i) => {
      expect(b[i]!.median).toBeCloseTo(p.median, 5);
      expect(b[i]!.tau).toBeCloseTo(p.tau, 3);
      expect(b[i]!.sigmaWithin).toBeCloseTo(p.sigmaWithin, 3);
    });
  });

  it("shows a one-post ER with its range, shrunk toward the tier's median", () => {
    const r = scoreAccount(onPosts([0.27]), criteria);
    const e = r.erEstimate!;
    expect(r.er).toBeCloseTo(0.27, 3);
    expect(e.posts).toBe(1);
    expect(e.er).toBeLessThan(0.27);
    expect(e.er).toBeGreaterThan(e.tierMedian);
    expect(e.low).toBeLessThan(e.er);
    expect(e.high).toBeGreaterThan(e.er);
    const engagement = r.components.find((c) => c.name === "engagement")!.reason;
    expect(engagement).toMatch(/^ER \d+(\.\d)?% \(27% over 1 post, shrunk toward the tier's 4.2%\), likely \d/);
    expect(engagement).toMatch(/Ranked on the lower end of that range/);
  });

  it("shrinks less the more posts the ER rests on", () => {
    const one = scoreAccount(onPosts([0.12]), criteria).erEstimate!;
    const ten = scoreAccount(onPosts(Array(10).fill(0.12)), criteria).erEstimate!;
    expect(ten.er).toBeGreaterThan(one.er);
    expect(ten.high - ten.low).toBeLessThan(one.high - one.low);
  });

  it("does not let one lucky post beat forty steady ones", () => {
    const lucky = onPosts([0.27], { id: "lucky", handle: "lucky" });
    const steady = onPosts(Array(40).fill(0.1), { id: "steady", handle: "steady" });
    const [first] = rankAccounts([lucky, steady], criteria).results;
    expect(first!.handle).toBe("steady");
    // Measured ERs alone would rank the lucky one first.
    expect(lucky.posts![0]!.likes! / 3_000).toBeGreaterThan(0.1);
  });

  it("lowers confidence with few posts, and says how many", () => {
    const c = (n: number) => scoreAccount(onPosts(Array(n).fill(0.04)), criteria);
    expect(c(1).confidence).toBeLessThan(c(3).confidence);
    expect(c(3).confidence).toBeLessThan(c(12).confidence);
    expect(c(1).confidenceNotes.join(" ")).toMatch(/ER rests on only 1 post .*shrunk toward the tier's median/);
    expect(c(12).confidenceNotes.join(" ")).not.toMatch(/ER rests on/);
  });

  it("uses priors fitted on the roster when given, and says the estimate was fitted", () => {
    const priors = fitErPriors(samples(2_000, 7, 0.01).map((s) => ({ ...s, followers: 3_000 })));
    const fitted = scoreAccount(onPosts([0.05]), criteria, priors).erEstimate!;
    const bench = scoreAccount(onPosts([0.05]), criteria).erEstimate!;
    expect(fitted.fitted).toBe(true);
    expect(bench.fitted).toBe(false);
    expect(fitted.tierMedian).toBeLessThan(0.012);
    expect(fitted.er).toBeLessThan(bench.er);
  });
});
