import { describe, expect, it } from "vitest";
import { criteriaSchema, DEFAULT_DISCLOSURES, parseCriteria, safeParseCriteria, scoreAccount } from "../../../src/core/scoring/index.ts";
import type { Criteria } from "../../../src/core/scoring/index.ts";
import { baseAccount } from "./gen.ts";

describe("criteria", () => {
  it("fills the defaults: awareness, micro 1k–100k, the standard disclosures", () => {
    const c = parseCriteria({});
    expect(c.objective).toBe("awareness");
    expect(c.niche).toEqual([]);
    expect(c.followers).toEqual({ min: 1_000, max: 100_000 });
    expect(c.requiredDisclosure).toEqual([...DEFAULT_DISCLOSURES]);
    expect(c.requiredDisclosure).toEqual(expect.arrayContaining(["ad", "sponsored", "paidpartnership"]));
    expect(c.requiredDisclosure).not.toContain("sp");
    expect("platforms" in c).toBe(false);
  });

  it("normalises country, language and currency codes", () => {
    const c = parseCriteria({ countries: ["us", " gb "], languages: ["EN"], currency: "eur" });
    expect(c.countries).toEqual(["US", "GB"]);
    expect(c.languages).toEqual(["en"]);
    expect(c.currency).toBe("EUR");
  });

  it("rejects invalid input with a ZodError", () => {
    for (const bad of [
      { objective: "fame" },
      { followers: { min: 50_000, max: 1_000 } },
      { platforms: ["myspace"] },
      { countries: ["USA"] },
      { minEr: -0.1 },
      { weights: { cost: -1 } },
      { weights: { charisma: 1 } },
      { benchmarkVersion: "nope" },
      { niche: "food" },
    ]) {
      expect(() => parseCriteria(bad)).toThrow();
      expect(safeParseCriteria(bad).success).toBe(false);
    }
  });

  it("accepts a known benchmark version and uses it", () => {
    const c = parseCriteria({ benchmarkVersion: "scout-ig-2018.1" });
    expect(scoreAccount(baseAccount(), c).benchmarkVersion).toBe("scout-ig-2018.1");
    // a TikTok account keeps its own default when the version has no TikTok bands
    expect(scoreAccount(baseAccount({ platform: "tiktok" }), c).benchmarkVersion).toBe("scout-tt-2026.1");
  });

  it("an unknown benchmark version in raw criteria falls back to the default and lowers confidence", () => {
    const raw = { objective: "awareness", niche: [], benchmarkVersion: "nope" } as Criteria;
    const r = scoreAccount(baseAccount({ posts: [{ likes: 1 }] }), raw);
    expect(r.benchmarkVersion).toBe("scout-ig-2026.11");
    expect(r.confidenceNotes.join(" ")).toMatch(/nope is unknown/);
  });

  it("the parsed schema output is a Criteria", () => {
    const out: Criteria = criteriaSchema.parse({ objective: "sales", niche: ["food"] });
    expect(out.objective).toBe("sales");
  });
});

describe("audience and cost", () => {
  const c: Criteria = { objective: "sales", niche: [], countries: ["US"], languages: ["en"], currency: "USD" };
  const comp = (over: Parameters<typeof baseAccount>[0], name: string, cc: Criteria = c) =>
    scoreAccount(baseAccount(over), cc).components.find((x) => x.name === name)!;

  it("audience: match 100, unknown 50, mismatch lower, and no targeting 100 with a reason", () => {
    expect(comp({}, "audience").value).toBe(100);
    expect(comp({ country: null, language: null }, "audience").value).toBe(50);
    expect(comp({ language: "fr" }, "audience").value).toBe(50);
    const none = comp({}, "audience", { objective: "sales", niche: [] });
    expect(none.value).toBe(100);
    expect(none.reason).toMatch(/No country or language targeting/);
  });

  it("cost: 1 engagement per unit scores 50, more per unit scores higher, unknown rate is neutral", () => {
    expect(comp({ medianEngagements: 200, rate: 200 }, "cost").value).toBe(50);
    expect(comp({ medianEngagements: 2_000, rate: 200 }, "cost").value).toBeGreaterThan(90);
    expect(comp({ medianEngagements: 20, rate: 200 }, "cost").value).toBeLessThan(10);
    expect(comp({ rate: null }, "cost").value).toBe(50);
    const other = comp({ currency: "EUR" }, "cost");
    expect(other.value).toBe(50);
    expect(other.reason).toMatch(/EUR/);
  });

  it("reliability: neutral without history, higher for a creator who delivers on time", () => {
    expect(comp({}, "reliability").reason).toMatch(/No history with this brand yet/);
    const good = comp({ track: { participations: 6, delivered: 6, onTime: 6, approvedFirstTime: 5 } }, "reliability").value;
    const bad = comp({ track: { participations: 6, delivered: 2, onTime: 0, approvedFirstTime: 0 } }, "reliability").value;
    expect(good).toBeGreaterThan(80);
    expect(bad).toBeLessThan(40);
  });
});
