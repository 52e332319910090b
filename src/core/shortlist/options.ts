// Shortlist criteria as a marketer types them: niche:"plant based,vegan" followers:5k-50k
// platform:instagram,tiktok country:US,DE min-er:2% max-rate:500 budget:5000 top:10.
import { z } from "zod";
import { UserError } from "../errors.ts";
import { parsePlatform, parseCount, parseMoney, parseCountry, parseLanguage } from "../roster/values.ts";
import { PLATFORMS, type Platform } from "../platform.ts";
import type { Criteria, Objective } from "../scoring/index.ts";
import { OBJECTIVES, criteriaSchema } from "../scoring/index.ts";
import { normalizeTerm } from "../scoring/normalize.ts";

const list = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * Niche terms, comma-separated. A term the matcher cannot use (only emoji or punctuation: nothing
 * is left once normalised) is refused with the expected form, never silently dropped.
 */
export const nicheTerms = z.string().transform((v, ctx) => {
  const terms = list(v);
  const unusable = terms.find((t) => normalizeTerm(t) === "");
  if (!terms.length || unusable !== undefined) {
    ctx.addIssue({
      code: "custom",
      message:
        'expects words such as vegan or "plant based", comma-separated' +
        (unusable !== undefined ? `; "${unusable.slice(0, 40)}" has no letters or digits to match` : "; none was given"),
    });
    return z.NEVER;
  }
  return terms;
});

/** "5k-50k", "5000-50000", "10k+" → { min, max }. */
export const followerRange = z.string().transform((v, ctx) => {
  const m = /^\s*([^-+\s]+)\s*(?:(-)\s*([^-+\s]+)|(\+))\s*$/.exec(v);
  if (!m) {
    ctx.addIssue({ code: "custom", message: `expects a range such as 5k-50k or 10k+ (got ${v})` });
    return z.NEVER;
  }
  const lo = parseCount(m[1], "the lower bound");
  const hi = m[4] ? ({ ok: true, value: 2_000_000_000 } as const) : parseCount(m[3], "the upper bound");
  if (!lo.ok || !hi.ok || lo.value === null || hi.value === null) {
    ctx.addIssue({ code: "custom", message: `expects a range such as 5k-50k or 10k+ (${!lo.ok ? lo.reason : !hi.ok ? hi.reason : "a bound is missing"})` });
    return z.NEVER;
  }
  if (lo.value > hi.value) {
    ctx.addIssue({ code: "custom", message: `the range is reversed (${v}); write the smaller number first, e.g. followers:5k-50k` });
    return z.NEVER;
  }
  return { min: lo.value, max: hi.value };
});

/** "2%", "2.5 %", "0.02" → 0.02 (a fraction). */
export const percentOption = z.string().transform((v, ctx) => {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(v);
  const n = m ? Number(m[1]) : NaN;
  if (!m || !Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: `expects a percentage such as 2% or 0.02 (got ${v})` });
    return z.NEVER;
  }
  const fraction = m[2] === "%" || n > 1 ? n / 100 : n;
  if (fraction > 1) {
    ctx.addIssue({ code: "custom", message: "must be at most 100%" });
    return z.NEVER;
  }
  return fraction;
});

const money = z.string().transform((v, ctx) => {
  const p = parseMoney(v, "the amount");
  if (!p.ok || p.value === null) {
    ctx.addIssue({ code: "custom", message: `expects an amount such as 500, $500 or 500 EUR (got ${v})` });
    return z.NEVER;
  }
  return p.value;
});

const platforms = z.string().transform((v, ctx) => {
  const out: Platform[] = [];
  for (const item of list(v)) {
    const p = parsePlatform(item);
    if (!p.ok || p.value === null) {
      ctx.addIssue({ code: "custom", message: `expects ${PLATFORMS.join(", ")} (comma-separated); "${item}" is not one` });
      return z.NEVER;
    }
    if (!out.includes(p.value)) out.push(p.value);
  }
  return out;
});

const codes = (parse: typeof parseCountry, what: string) =>
  z.string().transform((v, ctx) => {
    const out: string[] = [];
    for (const item of list(v)) {
      const p = parse(item);
      if (!p.ok || p.value === null) {
        ctx.addIssue({ code: "custom", message: `expects ${what}, comma-separated; "${item}" is not one` });
        return z.NEVER;
      }
      out.push(p.value);
    }
    return out;
  });

/** Options shared by `shortlist` and `creator`: the criteria a score is computed against. */
export const criteriaOptions = {
  campaign: z.string().min(1).optional().describe("<slug> score for this campaign's criteria"),
  niche: nicheTerms.optional().describe("<terms> niche terms, comma-separated (quotes for spaces)"),
  followers: followerRange.optional().describe("<range> follower range, e.g. 5k-50k or 10k+ (default 1k-100k)"),
  platform: platforms.optional().describe("<platforms> instagram, tiktok, youtube, x, twitch, blog"),
  country: codes(parseCountry, "ISO 3166 two-letter country codes such as US, DE (or English names such as Germany)").optional().describe("<codes> audience countries, e.g. US,DE"),
  language: codes(parseLanguage, "ISO 639-1 two-letter language codes such as en, de (or English names such as German)").optional().describe("<codes> languages, e.g. en,de"),
  "min-er": percentOption.optional().describe("<percent> minimum engagement rate, e.g. 2%"),
  "max-rate": money.optional().describe("<amount> highest rate per deliverable"),
  budget: money.optional().describe("<amount> total budget: creators whose rate exceeds it are left out"),
  objective: z
    .enum(OBJECTIVES as [Objective, ...Objective[]], { message: `expects one of ${OBJECTIVES.join(", ")}` })
    .optional()
    .describe("<objective> awareness, traffic, leads or sales (sets the weights)"),
  competitors: z.string().transform(list).optional().describe("<names> competitor brands, comma-separated"),
};

export type CriteriaOptions = {
  niche?: string[] | undefined;
  followers?: { min: number; max: number } | undefined;
  platform?: Platform[] | undefined;
  country?: string[] | undefined;
  language?: string[] | undefined;
  "min-er"?: number | undefined;
  "max-rate"?: { amount: number; currency: string | null } | undefined;
  budget?: { amount: number; currency: string | null } | undefined;
  objective?: Objective | undefined;
  competitors?: string[] | undefined;
};

/** Campaign criteria (stored JSON, may be empty) overlaid with the options typed inline. */
export function buildCriteria(base: { objective?: string; criteria?: unknown } | null, o: CriteriaOptions): Criteria {
  const stored = (base?.criteria && typeof base.criteria === "object" ? base.criteria : {}) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...stored, objective: o.objective ?? base?.objective ?? stored.objective ?? "awareness" };
  if (o.niche) merged.niche = o.niche;
  if (o.followers) merged.followers = o.followers;
  if (o.platform) merged.platforms = o.platform;
  if (o.country) merged.countries = o.country;
  if (o.language) merged.languages = o.language;
  if (o["min-er"] !== undefined) merged.minEr = o["min-er"];
  if (o["max-rate"]) merged.maxRate = o["max-rate"].amount;
  if (o.budget) merged.budget = o.budget.amount;
  const currency = o["max-rate"]?.currency ?? o.budget?.currency;
  if (currency) merged.currency = currency;
  if (o.competitors) merged.competitors = o.competitors;
  const parsed = criteriaSchema.safeParse(merged);
  if (!parsed.success)
    throw new UserError(
      "CRITERIA_INVALID",
      `The criteria are not valid: ${parsed.error.issues.map((i) => `${i.path.join(".") || "criteria"} ${i.message}`).join("; ")}.`,
      "Fix the campaign's target criteria, or give the criteria inline.",
    );
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined) out[k] = v;
  return out as unknown as Criteria;
}
