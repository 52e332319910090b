import { describe, expect, it } from "vitest";
import { z } from "zod";
import { campaignOptionShape, dateOrderErrors, optionsToFields, dateForms, parseDate, validateFields } from "../../../src/core/campaigns/fields.ts";
import { nextFreeSlug, slugify } from "../../../src/core/campaigns/slug.ts";
import { missingEssentials } from "../../../src/core/campaigns/lifecycle.ts";
import type { CampaignFields } from "../../../src/core/campaigns/types.ts";
import { UsageError } from "../../../src/core/errors.ts";

const options = z.object(campaignOptionShape);
const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe("campaign options as typed", () => {
  it("reads lists, tags, amounts, dates, hosts and a Slack channel mention", () => {
    const o = options.parse({
      deliverables: "1 Reel, 2 Stories; 1 TikTok",
      dos: "Show it in use, smiling; Tag the shop",
      hashtags: "#Spring, #oat oat",
      mentions: "@oatly",
      budget: "$5k",
      "go-live": "2026-12-15 14:30",
      hosts: "https://www.Medium.com/x, substack.com",
      channel: "<#C0123ABCD|spring>",
      name: "   ",
    });
    expect(o).toMatchObject({
      deliverables: ["1 Reel", "2 Stories", "1 TikTok"],
      dos: ["Show it in use, smiling", "Tag the shop"],
      hashtags: ["Spring", "oat"],
      mentions: ["oatly"],
      budget: { amount: 5000, currency: "USD" },
      hosts: ["medium.com", "substack.com"],
      channel: "C0123ABCD",
    });
    expect(o.name).toBeUndefined(); // a blank form field counts as not given
    expect(o["go-live"]!.toISOString()).toBe("2026-12-15T14:30:00.000Z");
    expect(optionsToFields(o)).toMatchObject({ budget: 5000, currency: "USD", goLiveAt: new Date("2026-12-15T14:30:00Z"), slackChannelId: "C0123ABCD" });
  });

  it("explains each bad value in the option's own words", () => {
    const r = options.safeParse({ budget: "-5", fee: "lots", currency: "dollars", "landing-url": "example.com", hashtags: "#ok #not-ok", channel: "general" });
    expect(r.success).toBe(false);
    const byKey = Object.fromEntries(r.error!.issues.map((i) => [String(i.path[0]), i.message]));
    expect(byKey).toEqual({
      budget: "must be 0 or more (got -5)",
      fee: "expects an amount such as 500, $500 or 500 EUR (got lots)",
      currency: "expects a three-letter currency code such as USD or EUR",
      "landing-url": "expects an http(s) URL such as https://example.com/spring",
      hashtags: '"#not-ok" is not a hashtag (letters, digits, _ and . only)',
      channel: "expects a Slack channel id such as C0123ABCD (got general)",
    });
  });

  it("merges niche, followers and platform into the stored criteria", () => {
    const o = options.parse({ niche: "vegan, plant based", followers: "5k-50k", platform: "instagram,tiktok" });
    expect(optionsToFields(o, { competitors: ["oatside"] }).criteria).toEqual({
      competitors: ["oatside"],
      niche: ["vegan", "plant based"],
      followers: { min: 5000, max: 50000 },
      platforms: ["instagram", "tiktok"],
    });
  });

  it("refuses two different currencies for one campaign", () => {
    const o = options.parse({ budget: "500 EUR", currency: "USD" });
    expect(() => optionsToFields(o)).toThrow(UsageError);
  });

  it("parses whole days as UTC midnight and refuses impossible dates", () => {
    expect(parseDate("2026-12-01")!.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(parseDate("2026-12-01T10:00+02:00")!.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(parseDate("2026-02-30")).toBeNull();
    expect(parseDate("2026-12-01 25:00")).toBeNull();
    expect(parseDate("next friday")).toBeNull();
  });

  it("reads days relative to today (+14d, +2w, today, tomorrow) as UTC midnights from a given clock", () => {
    const now = new Date("2031-03-30T22:15:00Z");
    expect(parseDate("+14d", now)!.toISOString()).toBe("2031-04-13T00:00:00.000Z");
    expect(parseDate("+2w", now)!.toISOString()).toBe("2031-04-13T00:00:00.000Z");
    expect(parseDate("+1 day", now)!.toISOString()).toBe("2031-03-31T00:00:00.000Z");
    expect(parseDate("today", now)!.toISOString()).toBe("2031-03-30T00:00:00.000Z");
    expect(parseDate("Tomorrow", now)!.toISOString()).toBe("2031-03-31T00:00:00.000Z");
    expect(parseDate("-3d", now)).toBeNull();
    expect(parseDate("+9999d", now)).toBeNull();
  });

  it("shows an example date two weeks after the clock, never a fixed one, when a date is refused", () => {
    expect(dateForms(new Date("2031-03-30T22:15:00Z"))).toContain("2031-04-13");
    const r = options.safeParse({ "go-live": "soon" });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain("+14d");
  });
});

describe("the core's field rules", () => {
  it("refuses a negative budget and a bad URL from any caller, keyed by option name", () => {
    try {
      validateFields({ budget: -5, landingUrl: "javascript:alert(1)" });
      expect.unreachable();
    } catch (e) {
      expect((e as UsageError).fields).toEqual({ budget: "must be 0 or more", "landing-url": "expects an http(s) URL" });
    }
  });

  it("keeps dates in order: opt-in closes ≤ draft due ≤ go-live ≤ ends, blaming the field just given", () => {
    const f: Partial<CampaignFields> = { optInClosesAt: d("2026-12-10"), goLiveAt: d("2026-12-01") };
    expect(dateOrderErrors(f, new Set(["goLiveAt"]))).toEqual({ "go-live": "is before the opt-in close (2026-12-10)" });
    expect(dateOrderErrors(f, new Set(["optInClosesAt"]))).toEqual({ "opt-in-closes": "is after the go-live (2026-12-01)" });
    expect(dateOrderErrors({ optInClosesAt: d("2026-12-01"), draftDueAt: d("2026-12-01"), goLiveAt: d("2026-12-02"), endsAt: null }, new Set())).toEqual({});
  });
});

describe("slugs", () => {
  it("makes lower-case dashed slugs from names, without accents or symbols", () => {
    expect(slugify("Spring Launch!")).toBe("spring-launch");
    expect(slugify("  Café & Crème 2026 ")).toBe("cafe-and-creme-2026");
    expect(slugify("!!!")).toBe("campaign");
    expect(slugify("x".repeat(80))).toHaveLength(48);
  });

  it("adds -2, -3 ... to a taken slug", () => {
    expect(nextFreeSlug("spring", [])).toBe("spring");
    expect(nextFreeSlug("spring", ["spring", "spring-2"])).toBe("spring-3");
  });
});

describe("the brief's essentials", () => {
  const base = { name: "X", objective: "awareness" as const, deliverables: ["1 Reel"], compensation: "product", fee: null, landingUrl: null, optInClosesAt: null };
  const now = d("2026-11-20");

  it("asks for a landing URL only when the objective sends people somewhere", () => {
    expect(missingEssentials(base, now)).toEqual([]);
    expect(missingEssentials({ ...base, objective: "sales" }, now)).toEqual(["a landing URL: a sales campaign sends people to it (landing-url:https://...)"]);
  });

  it("accepts a fee as compensation, and wants an opt-in close still to come", () => {
    expect(missingEssentials({ ...base, compensation: null, fee: 200 }, now)).toEqual([]);
    expect(missingEssentials({ ...base, deliverables: [], compensation: null }, now)).toHaveLength(2);
    expect(missingEssentials({ ...base, optInClosesAt: d("2026-11-20") }, now)).toEqual([]); // the whole day counts
    expect(missingEssentials({ ...base, optInClosesAt: d("2026-11-19") }, now)[0]).toMatch(/opt-in close date still to come \(it was 2026-11-19/);
  });
});
