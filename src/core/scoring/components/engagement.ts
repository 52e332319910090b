/**
 * Engagement: ER percentile within platform and follower band (log-normal benchmark),
 * combined with the consistency of per-post ER when posts are known (85% / 15%).
 * Monotone: a higher ER never lowers the value.
 */
import type { CompiledCriteria } from "../compile.ts";
import { fmtNum, fmtPct, ordinal, percentileRank, platformLabel } from "../format.ts";
import { isBandFallback } from "../benchmarks.ts";
import type { Scratch } from "../scratch.ts";
import { tierOf } from "../tiers.ts";

export const PERCENTILE_SHARE = 0.85;
export const CONSISTENCY_SHARE = 0.15;

/** 100 for identical per-post ER, 50 at a coefficient of variation of 1. */
export function consistencyScore(cv: number): number {
  return 100 / (1 + cv);
}

export function engagementValue(s: Scratch): number {
  if (s.er < 0) return 50;
  if (s.erCv >= 0) return PERCENTILE_SHARE * s.pct + CONSISTENCY_SHARE * consistencyScore(s.erCv);
  return s.pct;
}

export function erLabel(s: Scratch): string {
  return s.perView ? "ER per view" : "ER";
}

export function engagementReason(_cc: CompiledCriteria, s: Scratch, platform: unknown): string {
  const bench = s.bench;
  const band = s.band;
  if (s.er < 0 || bench === null || band === null) {
    return "Engagement rate unknown, so engagement is scored as neutral (50).";
  }
  const tier = tierOf(s.followers > 0 ? s.followers : null);
  const benchPlatform = bench.platformFallback ? "Instagram" : platformLabel(platform);
  const tail = ", median " + fmtPct(band.band.median) + "; benchmark " + bench.versionId + ").";
  let who: string;
  if (!(s.followers > 0)) {
    who = benchPlatform + " accounts (followers unknown, so compared with the " + band.label + " band" + tail;
  } else if (isBandFallback(band, s.followers)) {
    who = benchPlatform + " accounts in the nearest band (" + band.label + " followers; this account is " + tier + tail;
  } else {
    who = benchPlatform + " " + tier + " accounts (" + band.label + " followers" + tail;
  }
  let text =
    erLabel(s) + " " + fmtPct(s.er) + " is the " + ordinal(percentileRank(s.pct)) +
    " percentile for " + who;
  if (bench.platformFallback) text += " No benchmark for " + platformLabel(platform) + ", so Instagram figures are used.";
  if (s.erCv >= 0) {
    const word = s.erCv < 0.35 ? "steady" : s.erCv < 0.75 ? "fairly steady" : s.erCv < 1.5 ? "uneven" : "very uneven";
    text +=
      " Per-post ER is " + word + " across " + s.postErN + " posts (variation " + fmtNum(s.erCv, 2) +
      "; consistency " + Math.round(consistencyScore(s.erCv)) + "/100 counts 15%).";
  }
  return text;
}
