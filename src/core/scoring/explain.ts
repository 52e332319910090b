/** Builds the full, plain-English explanation of one scored account from the numeric pass. */
import type { CompiledCriteria } from "./compile.ts";
import { audienceReason } from "./components/audience.ts";
import { authenticityReason } from "./components/authenticity.ts";
import { brandSafetyReason, brandSafetyReport } from "./components/brand-safety.ts";
import { costReason } from "./components/cost.ts";
import { engagementReason } from "./components/engagement.ts";
import { nicheReason } from "./components/niche.ts";
import { reliabilityReason } from "./components/reliability.ts";
import { tierFitReason } from "./components/tier-fit.ts";
import { fmtInt, platformLabel } from "./format.ts";
import {
  C_AUDIENCE, C_AUTH, C_BRAND, C_COST, C_ENGAGEMENT, C_NICHE, C_RELIABILITY, C_TIER,
  CF_BENCH_BAND, CF_BENCH_PLATFORM, CF_BENCH_VERSION, CF_COUNTRY_UNKNOWN, CF_ER_FEW_POSTS, CF_ER_UNKNOWN,
  CF_FOLLOWERS_UNKNOWN, CF_LANGUAGE_UNKNOWN, CF_NO_HISTORY, CF_NO_POSTS, CF_RATE_CURRENCY, CF_RATE_UNKNOWN, CONFIDENCE_DROPS,
  FEW_POSTS_DROPS, FEW_POSTS_UNTIL,
} from "./scratch.ts";
import { shrunkEr, shrunkErText } from "./components/engagement.ts";
import type { Scratch } from "./scratch.ts";
import { round1 } from "./stats.ts";
import { tierOf } from "./tiers.ts";
import { COMPONENT_NAMES } from "./types.ts";
import type { AccountInput, ComponentName, ComponentScore, Platform, ScoreResult } from "./types.ts";

export const COMPONENT_LABELS: Readonly<Record<ComponentName, string>> = {
  tierFit: "Tier fit",
  engagement: "Engagement",
  authenticity: "Authenticity",
  niche: "Niche",
  audience: "Audience",
  cost: "Cost",
  brandSafety: "Brand safety",
  reliability: "Reliability",
};

function drop(flag: number): string {
  const d = CONFIDENCE_DROPS.find((x) => x[0] === flag);
  return " (−" + (d ? d[1].toFixed(2) : "0") + ")";
}

function confidenceNotes(a: AccountInput, cc: CompiledCriteria, s: Scratch): string[] {
  const f = s.confFlags;
  const notes: string[] = [];
  const version = s.bench?.versionId ?? "";
  if (f & CF_FOLLOWERS_UNKNOWN) {
    notes.push("Follower count unknown: tier fit is neutral and ER is compared with a mid-micro band" + drop(CF_FOLLOWERS_UNKNOWN) + ".");
  }
  if (f & CF_ER_UNKNOWN) {
    notes.push("Engagement rate unknown: no median ER, median engagements or posts to compute it from" + drop(CF_ER_UNKNOWN) + ".");
  }
  if (f & CF_ER_FEW_POSTS) {
    const n = s.erSample;
    notes.push(
      "ER rests on " + (n === 0 ? "an unknown number of posts" : "only " + n + " post" + (n === 1 ? "" : "s")) +
        " (" + FEW_POSTS_UNTIL + " or more wanted), so it is shrunk toward the tier's median and ranked on the lower end of its range: " +
        shrunkErText(s) + " (−" + (FEW_POSTS_DROPS[n] ?? 0).toFixed(2) + ").",
    );
  }
  if (f & CF_BENCH_PLATFORM) {
    notes.push(
      "No benchmark for " + platformLabel(a.platform) + ": ER compared with Instagram figures (" + version + ")" +
        drop(CF_BENCH_PLATFORM) + ".",
    );
  }
  if (f & CF_BENCH_BAND && s.band !== null) {
    notes.push(
      "No benchmark band for " + fmtInt(s.followers) + " followers in " + version + ": the nearest band (" +
        s.band.label + ") was used" + drop(CF_BENCH_BAND) + ".",
    );
  }
  if (f & CF_BENCH_VERSION) {
    notes.push("Benchmark version " + String(cc.requestedVersion) + " is unknown: " + version + " was used" + drop(CF_BENCH_VERSION) + ".");
  }
  if (f & CF_COUNTRY_UNKNOWN) {
    notes.push("Country unknown while the campaign targets " + (cc.countries ?? []).join(", ") + drop(CF_COUNTRY_UNKNOWN) + ".");
  }
  if (f & CF_LANGUAGE_UNKNOWN) {
    notes.push("Language unknown while the campaign targets " + (cc.languages ?? []).join(", ") + drop(CF_LANGUAGE_UNKNOWN) + ".");
  }
  if (f & CF_RATE_UNKNOWN) notes.push("Rate unknown: cost efficiency is neutral" + drop(CF_RATE_UNKNOWN) + ".");
  if (f & CF_RATE_CURRENCY) {
    notes.push(
      "Rate is in " + String(a.currency).toUpperCase() + ", the campaign in " + cc.currency +
        ": cost, max-rate and budget not compared" + drop(CF_RATE_CURRENCY) + ".",
    );
  }
  if (f & CF_NO_HISTORY) {
    notes.push("No follower history yet: follower spikes and follow/unfollow automation could not be checked" + drop(CF_NO_HISTORY) + ".");
  }
  if (f & CF_NO_POSTS) {
    notes.push("No recent posts: disclosures and competitor collaborations could not be checked" + drop(CF_NO_POSTS) + ".");
  }
  return notes;
}

function stringArray(x: unknown): string[] {
  return Array.isArray(x) ? x.filter((v): v is string => typeof v === "string") : [];
}

function estimate(s: Scratch, prior: NonNullable<Scratch["prior"]>): NonNullable<ScoreResult["erEstimate"]> {
  const x = shrunkEr(s);
  const r = (v: number) => Number(v.toPrecision(4));
  return {
    er: r(x.er),
    low: r(x.low),
    high: r(x.high),
    posts: s.erSample,
    tierMedian: prior.median,
    fitted: prior.fitted,
    lowPercentile: round1(s.pctLo),
  };
}

/** Turns the numeric pass of `a` (already in `s`) into a ScoreResult. */
export function explain(a: AccountInput, cc: CompiledCriteria, s: Scratch): ScoreResult {
  const platform = a.platform;
  const reasons: string[] = [];
  reasons[C_TIER] = tierFitReason(cc, s);
  reasons[C_ENGAGEMENT] = engagementReason(cc, s, platform);
  reasons[C_AUTH] = authenticityReason(s);
  reasons[C_NICHE] = nicheReason(a, cc, s);
  reasons[C_AUDIENCE] = audienceReason(a, cc, s);
  reasons[C_COST] = costReason(a, cc, s);
  reasons[C_BRAND] = brandSafetyReason(cc, s);
  reasons[C_RELIABILITY] = reliabilityReason(a);

  const components: ComponentScore[] = COMPONENT_NAMES.map((name, i) => ({
    name,
    value: s.values[i] as number,
    weight: cc.weightArr[i] as number,
    reason: reasons[i] as string,
  }));

  // Top reasons: the components that moved the score most away from neutral.
  // Components that do not apply (no targeting, no niche given) are not reasons.
  const notApplicable = (i: number): boolean =>
    (i === C_AUDIENCE && cc.countries === null && cc.languages === null) || (i === C_NICHE && cc.concepts.length === 0);
  const order = components
    .map((c, i) => ({ i, impact: notApplicable(i) ? -1 : c.weight * Math.abs(c.value - 50) }))
    .sort((x, y) => y.impact - x.impact || x.i - y.i)
    .slice(0, 3)
    .map(({ i }) => {
      const c = components[i] as ComponentScore;
      return COMPONENT_LABELS[c.name] + " " + Math.round(c.value) + "/100: " + c.reason;
    });

  return {
    accountId: typeof a.id === "string" ? a.id : a.id == null ? "" : String(a.id),
    handle: typeof a.handle === "string" ? a.handle : a.handle == null ? "" : String(a.handle),
    platform: a.platform as Platform,
    followers: s.followers > 0 ? s.followers : null,
    tier: tierOf(s.followers > 0 ? s.followers : null),
    score: s.score,
    confidence: s.confidence,
    confidenceNotes: confidenceNotes(a, cc, s),
    er: s.er >= 0 ? s.er : null,
    erPercentile: s.er >= 0 ? round1(s.pct) : null,
    erEstimate: s.er >= 0 && s.prior !== null ? estimate(s, s.prior) : null,
    benchmarkVersion: s.bench?.versionId ?? "",
    categories: stringArray(a.categories),
    hashtags: stringArray(a.hashtags),
    components,
    topReasons: [order[0] ?? "", order[1] ?? "", order[2] ?? ""],
    brandSafety: brandSafetyReport(cc, s),
  };
}
