import { describe, expect, it } from "vitest";
import { COMPONENT_NAMES, rankAccounts, scoreAccount } from "../../../src/core/scoring/index.ts";
import type { AccountInput, Criteria, PostSample } from "../../../src/core/scoring/index.ts";
import { baseAccount, genAccounts, mulberry32, pick } from "./gen.ts";

const ODD_NUMBERS = [null, undefined, NaN, 0, -1, -1e9, Infinity, -Infinity, 1e308, 5e-324, 0.5];
const criteriaList: Criteria[] = [
  { objective: "awareness", niche: [] },
  { objective: "sales", niche: ["food", "vegan"], followers: { min: 5_000, max: 50_000 }, competitors: ["oatly"] },
  {
    objective: "leads", niche: ["plant based"], countries: ["US"], languages: ["en"], currency: "USD",
    minEr: 0.01, maxRate: 500, budget: 1_000, platforms: ["instagram", "tiktok"],
  },
];

/** Every invariant of a result; returns the broken ones (one expect per result keeps the test fast). */
function problems(r: ReturnType<typeof scoreAccount>): string[] {
  const out: string[] = [];
  const bad = (cond: boolean, what: string): void => {
    if (!cond) out.push(r.accountId + ": " + what);
  };
  bad(Number.isFinite(r.score) && r.score >= 0 && r.score <= 100, "score " + r.score);
  bad(Math.round(r.score * 10) / 10 === r.score, "score not rounded to one decimal");
  bad(r.confidence >= 0 && r.confidence <= 1, "confidence " + r.confidence);
  bad(r.components.map((c) => c.name).join() === COMPONENT_NAMES.join(), "component order");
  let sum = 0;
  for (const c of r.components) {
    bad(Number.isFinite(c.value) && c.value >= 0 && c.value <= 100, c.name + " value " + c.value);
    bad(c.reason.length > 10 && !/NaN|undefined|Infinity/.test(c.reason), c.name + " reason: " + c.reason);
    sum += c.value * c.weight;
  }
  bad(Math.abs(r.score - Math.round(sum * 10) / 10) < 1e-9, "score is not round(sum(value*weight), 1)");
  bad(r.topReasons.length === 3 && r.topReasons.every((t) => t.length > 0), "three top reasons");
  bad(r.erPercentile === null || (r.erPercentile >= 0 && r.erPercentile <= 100), "erPercentile " + r.erPercentile);
  bad(r.confidenceNotes.every((n) => !/NaN|undefined/.test(n)), "notes: " + r.confidenceNotes.join(" | "));
  return out;
}

function checkResult(r: ReturnType<typeof scoreAccount>): void {
  expect(problems(r)).toEqual([]);
}

function adversarial(seed: number): AccountInput {
  const rand = mulberry32(seed);
  const n = (): number => pick(rand, ODD_NUMBERS) as number;
  const posts: PostSample[] = Array.from({ length: Math.floor(rand() * 8) }, () => ({
    likes: n(), comments: n(), shares: n(), saves: n(), views: n(),
    isSponsored: rand() < 0.5, sponsorTags: n(),
    hashtags: rand() < 0.5 ? ["#", "", "AD", "sp", "oatly"] : (null as unknown as string[]),
    caption: rand() < 0.5 ? null : "🔥🔥 #ad ",
    postedAt: rand() < 0.5 ? new Date(NaN) : null,
  }));
  return {
    id: "odd-" + seed,
    handle: "odd",
    platform: pick(rand, ["instagram", "tiktok", "youtube", "x", "twitch", "blog", "myspace"]) as AccountInput["platform"],
    followers: n(), following: n(), postsCount: n(), medianEngagements: n(), medianViews: n(), medianEr: n(),
    sampledPosts: n(),
    categories: rand() < 0.3 ? (null as unknown as string[]) : ["", "#", "Fööd", 42 as unknown as string],
    hashtags: rand() < 0.3 ? (undefined as unknown as string[]) : ["vegan", "", "🌱"],
    bio: rand() < 0.5 ? null : "",
    country: rand() < 0.5 ? null : "",
    language: rand() < 0.5 ? null : "EN",
    rate: n(), currency: rand() < 0.5 ? null : "eur",
    posts: rand() < 0.3 ? (null as unknown as PostSample[]) : posts,
    history: rand() < 0.5
      ? [{ takenOn: new Date(NaN), followers: n(), following: n() }, { takenOn: new Date(0), followers: n(), following: n() }]
      : undefined,
    track: rand() < 0.5 ? { participations: n(), delivered: n(), onTime: n(), approvedFirstTime: n() } : undefined,
  };
}

describe("robustness", () => {
  it("keeps every score and component within 0–100 for random accounts", () => {
    const accounts = genAccounts(700, 7, { posts: true, history: true, track: true });
    for (const c of criteriaList) for (const a of accounts) checkResult(scoreAccount(a, c));
  });

  it("never throws and stays within 0–100 on nulls, zeros, NaN, negative and huge numbers", () => {
    for (let seed = 1; seed <= 600; seed++) {
      const a = adversarial(seed);
      for (const c of criteriaList) checkResult(scoreAccount(a, c));
    }
  });

  it("ranks adversarial accounts without throwing and counts every account once", () => {
    const accounts = Array.from({ length: 300 }, (_, i) => adversarial(i + 1));
    for (const c of criteriaList) {
      const r = rankAccounts(accounts, c, { top: 20 });
      const excluded = Object.values(r.excluded).reduce((x, y) => x + y, 0);
      expect(r.considered + excluded).toBe(accounts.length);
      r.results.forEach(checkResult);
    }
  });

  it("treats an empty account object and raw criteria without defaults as unknown data", () => {
    const r = scoreAccount({} as AccountInput, {} as Criteria);
    checkResult(r);
    expect(r.tier).toBe("unknown");
    expect(r.er).toBeNull();
    expect(r.confidence).toBeLessThan(0.5);
  });

  it("treats 0 and negative followers as unknown", () => {
    for (const followers of [0, -5, NaN]) {
      const r = scoreAccount(baseAccount({ followers }), { objective: "awareness", niche: [] });
      expect(r.followers).toBeNull();
      expect(r.tier).toBe("unknown");
      expect(r.confidenceNotes.join(" ")).toMatch(/Follower count unknown/);
    }
  });
});

describe("confidence", () => {
  const criteria: Criteria = { objective: "sales", niche: ["food"], countries: ["US"], languages: ["en"] };
  const full = baseAccount({
    posts: [{ likes: 500, comments: 20 }],
    history: [
      { takenOn: new Date("2026-01-01"), followers: 15_000, following: 400 },
      { takenOn: new Date("2026-02-01"), followers: 15_100, following: 400 },
    ],
  });
  const missing: [string, Partial<AccountInput>, RegExp][] = [
    ["followers", { followers: null }, /Follower count unknown/],
    ["ER", { medianEr: null, medianEngagements: null, posts: [{ isSponsored: false }] }, /Engagement rate unknown/],
    ["ER sample", { sampledPosts: 2 }, /only 2 posts/],
    ["country", { country: null }, /Country unknown/],
    ["language", { language: null }, /Language unknown/],
    ["rate", { rate: null }, /Rate unknown/],
    ["posts", { posts: undefined }, /No recent posts/],
    ["follower history", { history: undefined }, /No follower history yet/],
    ["platform benchmark", { platform: "twitch" }, /No benchmark for Twitch/],
  ];

  it("is 1 with no notes when every piece is known", () => {
    const r = scoreAccount(full, criteria);
    expect(r.confidence).toBe(1);
    expect(r.confidenceNotes).toEqual([]);
  });

  for (const [name, patch, note] of missing) {
    it(`drops and says so when ${name} is missing`, () => {
      const base = scoreAccount(full, criteria);
      const r = scoreAccount({ ...full, ...patch }, criteria);
      expect(r.confidence).toBeLessThan(base.confidence);
      expect(r.confidenceNotes.join(" ")).toMatch(note);
    });
  }

  it("does not drop for a missing country when the campaign does not target countries", () => {
    const c: Criteria = { objective: "sales", niche: ["food"] };
    expect(scoreAccount({ ...full, country: null }, c).confidence).toBe(scoreAccount(full, c).confidence);
  });
});
