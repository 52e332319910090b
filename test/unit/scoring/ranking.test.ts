import { describe, expect, it } from "vitest";
import { createScorer, rankAccounts, scoreAccount } from "../../../src/core/scoring/index.ts";
import type { AccountInput, Criteria } from "../../../src/core/scoring/index.ts";
import { baseAccount, genAccounts, mulberry32, shuffle } from "./gen.ts";

const criteria: Criteria = { objective: "sales", niche: ["food", "vegan"], followers: { min: 5_000, max: 50_000 } };

describe("determinism", () => {
  it("gives the same output for the same input", () => {
    const accounts = genAccounts(300, 21, { posts: true, history: true, track: true });
    for (const a of accounts.slice(0, 50)) expect(scoreAccount(a, criteria)).toEqual(scoreAccount(a, criteria));
    expect(rankAccounts(accounts, criteria, { top: 40 })).toEqual(rankAccounts(accounts, criteria, { top: 40 }));
  });

  it("shuffling the input order gives the same ranking, ties included", () => {
    // Many exact ties: clones of a few accounts that differ only by handle/id/platform.
    const rand = mulberry32(5);
    const accounts: AccountInput[] = [];
    for (let i = 0; i < 400; i++) {
      accounts.push(
        baseAccount({
          id: "id-" + i,
          handle: "h" + Math.floor(rand() * 60),
          platform: rand() < 0.5 ? "instagram" : "x",
          medianEr: [0.02, 0.03, 0.04][i % 3]!,
        }),
      );
    }
    const ref = rankAccounts(accounts, criteria, { top: 100 }).results.map((r) => r.accountId);
    const scores = rankAccounts(accounts, criteria, { top: 100 }).results.map((r) => r.score);
    expect(new Set(scores).size).toBeLessThan(scores.length); // the test really has ties
    for (let k = 0; k < 10; k++) {
      const got = rankAccounts(shuffle(rand, accounts), criteria, { top: 100 }).results.map((r) => r.accountId);
      expect(got).toEqual(ref);
    }
  });

  it("orders by score desc, then confidence desc, then posts with data desc", () => {
    const accounts = genAccounts(3_000, 8, { posts: true });
    const { results } = rankAccounts(accounts, criteria, { top: 200 });
    for (let i = 1; i < results.length; i++) {
      const a = results[i - 1]!;
      const b = results[i]!;
      const key = (r: typeof a): [number, number, number] => [-r.score, -r.confidence, -(r.erEstimate?.posts ?? 0)];
      const ka = key(a);
      const kb = key(b);
      const cmp = ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
      expect(cmp).toBeLessThanOrEqual(0);
    }
  });

  it("breaks a tie by evidence (more posts, then more recent posts), never by handle", () => {
    const post = (d: number) => ({ postedAt: new Date(Date.UTC(2026, 0, d)), likes: 600, comments: 20 });
    const base = baseAccount({ medianEr: null, medianEngagements: null, sampledPosts: 0 });
    const few = { ...base, id: "z-few", handle: "aaa", posts: [post(1), post(2)] };
    const older = { ...base, id: "a-older", handle: "aab", posts: [post(1), post(2)] };
    const newer = { ...base, id: "z-newer", handle: "zzy", posts: [post(5), post(6)] };
    // Equal scores by construction: the same ER from the same number of posts.
    const ranked = rankAccounts([few, older, newer], { objective: "awareness", niche: [] }).results;
    expect(new Set(ranked.map((r) => r.score)).size).toBe(1);
    expect(new Set(ranked.map((r) => r.confidence)).size).toBe(1);
    // More recent posts first; then (same evidence) the id, not the handle.
    expect(ranked.map((r) => r.handle)).toEqual(["zzy", "aab", "aaa"]);
    // More posts first: 6 against 5 (the same confidence band), scores equal once ER does not count.
    const five = { ...base, id: "a-five", handle: "aaa", posts: [1, 2, 3, 4, 5].map(post) };
    const six = { ...base, id: "z-six", handle: "zzz", posts: [1, 2, 3, 4, 5, 6].map(post) };
    const two = rankAccounts([five, six], { objective: "awareness", niche: [], weights: { engagement: 0, authenticity: 0 } }).results;
    expect(two[0]!.score).toBe(two[1]!.score);
    expect(two.map((r) => r.handle)).toEqual(["zzz", "aaa"]);
  });

  it("top N of the heap equals the first N of a full sort", () => {
    const accounts = genAccounts(5_000, 12);
    const all = rankAccounts(accounts, criteria, { top: 5_000 }).results.map((r) => r.accountId);
    const top = rankAccounts(accounts, criteria, { top: 37 }).results.map((r) => r.accountId);
    expect(top).toEqual(all.slice(0, 37));
  });
});

describe("rankAccounts", () => {
  it("scoreAccount(a).score equals the score that ranked it (fast path and posts path)", () => {
    for (const opts of [{}, { posts: true, history: true, track: true }]) {
      const accounts = genAccounts(4_000, 31, opts);
      const { results } = rankAccounts(accounts, criteria, { top: 50 });
      expect(results).toHaveLength(50);
      const byId = new Map(accounts.map((a) => [a.id, a]));
      for (const r of results) {
        const alone = scoreAccount(byId.get(r.accountId)!, criteria);
        expect(alone.score).toBe(r.score);
        expect(alone.confidence).toBe(r.confidence);
        expect(alone).toEqual(r);
      }
    }
  });

  it("counts exclusions under the first filter that failed, in the documented order", () => {
    const c: Criteria = {
      objective: "traffic", niche: [], platforms: ["instagram"], countries: ["US"], followers: { min: 10_000, max: 20_000 },
      minEr: 0.02, maxRate: 500, budget: 300, currency: "USD",
    };
    const ok = baseAccount({ followers: 15_000, medianEr: 0.03, rate: 100, country: "US" });
    const accounts: AccountInput[] = [
      ok,
      { ...ok, id: "p", platform: "tiktok", country: "FR" }, // platform (and country): counts as platform
      { ...ok, id: "c", country: "fr", followers: 1 }, // country (and followers)
      { ...ok, id: "f1", followers: 4_999 }, // below half the min
      { ...ok, id: "f2", followers: 40_001 }, // above double the max
      { ...ok, id: "e", medianEr: 0.01, rate: 10_000 }, // min-er (and max-rate)
      { ...ok, id: "m", rate: 501 }, // max-rate (and budget)
      { ...ok, id: "b", rate: 400 }, // budget only
      { ...ok, id: "soft", followers: 6_000 }, // inside the soft edge: kept
      { ...ok, id: "unknowns", country: null, followers: null, rate: null }, // unknowns pass
      { ...ok, id: "no-er", medianEr: null, medianEngagements: null }, // min-er asked: an unknown ER does not pass
      { ...ok, id: "eur", rate: 9_999, currency: "EUR" }, // other currency: not compared
    ];
    const r = rankAccounts(accounts, c, { top: 10 });
    expect(r.excluded).toEqual({ platform: 1, country: 1, followers: 2, niche: 0, "min-er": 2, "max-rate": 1, budget: 1 });
    expect(r.considered).toBe(4);
    expect(r.results.map((x) => x.accountId).sort()).toEqual(["base", "eur", "soft", "unknowns"]);
    const scorer = createScorer(c);
    expect(accounts.map((a) => scorer.excludedBy(a))).toEqual([
      null, "platform", "country", "followers", "followers", "min-er", "max-rate", "budget", null, null, "min-er", null,
    ]);
  });

  it("leaves out accounts whose categories, hashtags and bio match none of the niche terms", () => {
    const c: Criteria = { objective: "awareness", niche: ["food", "plant based"] };
    const base = baseAccount({ followers: 15_000, medianEr: 0.03 });
    const accounts: AccountInput[] = [
      { ...base, id: "cat", categories: ["Food"], hashtags: [] },
      { ...base, id: "tag", categories: ["travel"], hashtags: ["plantbased"] },
      { ...base, id: "bio", categories: [], hashtags: [], bio: "Plant-based recipes every day" },
      { ...base, id: "none", categories: ["travel"], hashtags: ["beach"], bio: "sun and sea" },
      { ...base, id: "unknown", categories: [], hashtags: [], bio: null },
    ];
    const r = rankAccounts(accounts, c, { top: 10 });
    expect(r.excluded.niche).toBe(2);
    expect(r.results.map((x) => x.accountId).sort()).toEqual(["bio", "cat", "tag"]);
  });

  it("returns at most top results and handles top 0 and empty input", () => {
    const accounts = genAccounts(100, 2);
    expect(rankAccounts(accounts, criteria, { top: 0 }).results).toEqual([]);
    expect(rankAccounts([], criteria, { top: 5 })).toEqual({
      results: [], considered: 0,
      excluded: { platform: 0, country: 0, followers: 0, niche: 0, "min-er": 0, "max-rate": 0, budget: 0 },
    });
    expect(rankAccounts(accounts, criteria).results.length).toBeLessThanOrEqual(50);
  });
});
