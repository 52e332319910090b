/**
 * Engagement: the ER shrunk toward its tier's median (src/core/scoring/shrinkage.ts), ranked on the
 * lower end of its range as a percentile within platform and follower band, combined with the
 * consistency of per-post ER when posts are known (85% / 15%; neutral 50 when unknown).
 * Monotone: a higher ER never lowers the value.
 */
import type { CompiledCriteria } from "../compile.ts";
import { fmtNum, fmtPct, ordinal, percentileRank, platformLabel } from "../format.ts";
import { isBandFallback } from "../benchmarks.ts";
import { MIN_POSTS_FOR_SPREAD } from "../posts.ts";
import type { Scratch } from "../scratch.ts";
import { tierOf } from "../tiers.ts";

export const PERCENTILE_SHARE = 0.85;
export const CONSISTENCY_SHARE = 0.15;

/** 100 for identical per-post ER, 50 at a coefficient of variation of 1. */
export function consistencyScore(cv: number): number {
  return 100 / (1 + cv);
}

/** Consistency when it cannot be measured (fewer than 3 posts): neutral, not perfect. */
export const NEUTRAL_CONSISTENCY = 50;

/**
 * Points per standard deviation of ln(ER) within the band: the level is 50 + Z_POINTS·z of the lower
 * end, clamped to 0–100. A monotone stretch of the percentile (50 at the median, 75 at the 84th
 * percentile, 100 from the 97.7th): the percentile itself squashes the top (the 95th and the 99.9th
 * differ by 5 points while their ERs differ 2.5×), which bunched a niche's top 20 into tied scores.
 */
export const Z_POINTS = 25;

/** 0–100: the lower end of the shrunk ER's range, on a stretched percentile scale (see Z_POINTS). */
export function engagementLevel(s: Scratch): number {
  const v = 50 + Z_POINTS * s.zLo;
  return v < 0 ? 0 : v > 100 ? 100 : v;
}

export function engagementValue(s: Scratch): number {
  if (s.er < 0) return 50;
  return PERCENTILE_SHARE * engagementLevel(s) + CONSISTENCY_SHARE * (s.erCv >= 0 ? consistencyScore(s.erCv) : NEUTRAL_CONSISTENCY);
}

/** The shrunk ER and its range (10th–90th percentile), as fractions. */
export function shrunkEr(s: Scratch): { er: number; low: number; high: number } {
  return { er: Math.exp(s.lnShrunk), low: Math.exp(s.lnShrunk - s.zSd), high: Math.exp(s.lnShrunk + s.zSd) };
}

/** "4.1% (27% over 1 post, shrunk toward the tier's 4.2%)". */
export function shrunkErText(s: Scratch): string {
  const x = shrunkEr(s);
  const n = s.erSample;
  const over = n > 0 ? " over " + n + " post" + (n === 1 ? "" : "s") : " over an unknown number of posts";
  if (fmtPct(x.er) === fmtPct(s.er)) return fmtPct(s.er) + " (" + over.trim() + ")";
  return fmtPct(x.er) + " (" + fmtPct(s.er) + over + ", shrunk toward the tier's " + fmtPct(s.prior?.median ?? 0) + ")";
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
  const range = shrunkEr(s);
  let text =
    erLabel(s) + " " + shrunkErText(s) + ", likely " + fmtPct(range.low) + "–" + fmtPct(range.high) + ", is the " +
    ordinal(percentileRank(s.pct)) + " percentile for " + who + " Ranked on the lower end of that range: the " +
    ordinal(percentileRank(s.pctLo)) + " percentile (" + fmtNum(engagementLevel(s), 1) + "/100 on a scale that does not squash the top).";
  if (bench.platformFallback) text += " No benchmark for " + platformLabel(platform) + ", so Instagram figures are used.";
  if (s.erCv >= 0) {
    const word = s.erCv < 0.35 ? "steady" : s.erCv < 0.75 ? "fairly steady" : s.erCv < 1.5 ? "uneven" : "very uneven";
    text +=
      " Per-post ER is " + word + " across " + s.postErN + " posts (variation " + fmtNum(s.erCv, 2) +
      "; consistency " + Math.round(consistencyScore(s.erCv)) + "/100 counts 15%).";
  } else {
    text += " Consistency needs " + MIN_POSTS_FOR_SPREAD + " posts or more, so it counts as neutral (50, 15%).";
  }
  return text;
}
