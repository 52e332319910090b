/** Authenticity: starts at 100; each warning sign found in the data is a penalty with a reason. */
import { fmtInt, fmtNum, fmtPct, listJoin, percentileRank } from "../format.ts";
import { analyseHistory } from "../history.ts";
import type { Scratch } from "../scratch.ts";
import { clamp } from "../stats.ts";
import type { AccountInput } from "../types.ts";

/** Below this percentile of the (shrunk) ER the low-ER penalty starts; it grows smoothly to LOW_ER_MAX at 0. */
export const LOW_PCT = 30;
export const LOW_ER_MAX = 40;
/** ER above this percentile is "far above the tier": a warning only together with a second signal. */
export const HIGH_PCT = 98;
export const MASS_FOLLOWING = 1_500;
export const F4F_RATIO = 0.8;
/** Follow-for-follow costs F4F_MAX at or below F4F_FULL_PCT of ER, nothing from F4F_NONE_PCT up. */
export const F4F_MAX = 25;
export const F4F_FULL_PCT = 20;
export const F4F_NONE_PCT = 40;
export const MASS_MAX = 2;
export const UNEVEN_SHARE = 0.3;
/** One post whose engagements exceed this share of the followers. */
export const VIRAL_SHARE = 0.5;
export const GIVEAWAY_PENALTY = 5;
export const VIRAL_PENALTY = 10;
export const RATIO_PENALTY = 5;
/** Likes needed before the comment/like ratio says anything. */
export const RATIO_MIN_LIKES = 50;

/**
 * Every penalty is either independent of the ER or falls as the ER rises, so a higher ER never
 * lowers the score (no cliff at the top: an ER far above the tier costs nothing on its own).
 */
export function authenticityValue(a: AccountInput, s: Scratch): number {
  if (s.er >= 0 && s.pct < LOW_PCT) {
    const t = (LOW_PCT - s.pct) / LOW_PCT;
    s.penLowEr = LOW_ER_MAX * t * t;
  }
  if (s.er >= 0 && s.pct > HIGH_PCT) s.erFarAbove = true;
  const fw = s.following;
  if (fw > MASS_FOLLOWING) {
    const f = s.followers;
    if (f > 0 && fw / f >= F4F_RATIO) {
      // Follow-for-follow matters when engagement is low too; with ER unknown, half.
      const low = s.er < 0 ? 0.5 : clamp((F4F_NONE_PCT - s.pct) / (F4F_NONE_PCT - F4F_FULL_PCT), 0, 1);
      s.penF4f = F4F_MAX * low;
    }
    s.penMass = f > 0 ? clamp(MASS_MAX * Math.sqrt(10_000 / f), MASS_MAX * 0.4, MASS_MAX) : MASS_MAX;
  }
  const history = a.history;
  if (Array.isArray(history)) {
    s.historyPoints = history.length;
    if (history.length > 1) {
      analyseHistory(history, s);
      if (s.spikeCount > 0) s.penSpike = s.spikeCount > 1 ? 30 : 20;
      if (s.seesaw >= 2) s.penSeesaw = 15;
    }
  }
  if (s.likesMedian > 0 && s.unevenCount >= 2 && s.unevenCount / s.likesN >= UNEVEN_SHARE) s.penUneven = 15;
  if (s.giveawayPosts > 0) s.penGiveaway = GIVEAWAY_PENALTY;
  if (s.maxPostShare > VIRAL_SHARE) s.penViral = VIRAL_PENALTY;
  if (s.likesSum >= RATIO_MIN_LIKES) {
    const r = s.commentsSum / s.likesSum;
    if (r < s.clLo || r > s.clHi) s.penRatio = RATIO_PENALTY;
  }
  const total =
    s.penLowEr + s.penF4f + s.penMass + s.penSpike + s.penSeesaw + s.penUneven + s.penGiveaway + s.penViral + s.penRatio;
  return total >= 100 ? 0 : 100 - total;
}

/** A second signal beside an ER far above the tier (they make it a warning). */
export function secondSignals(s: Scratch): number {
  return (s.penSpike > 0 ? 1 : 0) + (s.penGiveaway > 0 ? 1 : 0) + (s.penViral > 0 ? 1 : 0) + (s.penRatio > 0 ? 1 : 0);
}

function day(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

const SOURCE_WORDS: Record<string, string> = {
  platform: "fetched from the platform",
  import: "imported",
  creator: "declared by the creator",
  manual: "typed by a marketer",
};

/** "2026-11-28 to 2026-12-05, both fetched from the platform", or each date with its own source. */
function spikeDates(s: Scratch): string {
  const from = SOURCE_WORDS[s.spikeFromSource] ?? "";
  const to = SOURCE_WORDS[s.spikeAtSource] ?? "";
  const span = (s.spikeFrom > 0 ? day(s.spikeFrom) + " " : "") + "to " + day(s.spikeAt);
  if (!from && !to) return span;
  if (from === to) return span + ", both " + from;
  // Figures from different sources: each date says where its figure came from.
  return (s.spikeFrom > 0 ? day(s.spikeFrom) + (from ? " " + from : "") + ", " : "") + day(s.spikeAt) + (to ? " " + to : "");
}

function minus(p: number): string {
  return " (−" + fmtNum(p, 1) + ")";
}

export function authenticityReason(s: Scratch): string {
  const found: string[] = [];
  const pctText = percentileRank(s.pct);
  if (s.penLowEr >= 0.05) {
    found.push(
      "ER " + fmtPct(s.er) + " is low for its band (percentile " + pctText + " of the estimate; the penalty grows below the " +
        LOW_PCT + "th): bought followers do not engage" + minus(s.penLowEr),
    );
  }
  if (s.erFarAbove && secondSignals(s) > 0) {
    found.push(
      "ER " + fmtPct(s.er) + " is far above its band (percentile " + pctText + ") together with the sign" +
        (secondSignals(s) > 1 ? "s" : "") + " below: possible engagement pods or bought engagement (the ER itself costs nothing)",
    );
  }
  if (s.penF4f >= 0.05) {
    found.push(
      "follows " + fmtInt(s.following) + " accounts, " + fmtNum(s.following / s.followers, 2) +
        "× its followers, with " + (s.er < 0 ? "engagement unknown" : "low engagement") + ": looks like follow-for-follow" +
        minus(s.penF4f),
    );
  }
  if (s.penMass > 0) {
    found.push("follows " + fmtInt(s.following) + " accounts (over 1,500), a small sign on its own" + minus(s.penMass));
  }
  if (s.penSpike > 0) {
    const rel = s.spikeRel > 0 ? ", " + Math.round(s.spikeRel * 100) + "%" : "";
    const days = s.spikeDays <= 1 ? "1 day" : fmtNum(s.spikeDays, 1) + " days";
    found.push(
      (s.spikeCount > 1 ? s.spikeCount + " follower spikes, the largest " : "a follower spike of ") + "+" +
        fmtInt(s.spikeGain) + " in " + days + rel + " (" + spikeDates(s) + ")" + minus(s.penSpike),
    );
  }
  if (s.penSeesaw > 0) {
    found.push(
      "the following count went up and down " + s.seesaw + " times: follow/unfollow automation" + minus(s.penSeesaw),
    );
  }
  if (s.penUneven > 0) {
    found.push(
      s.unevenCount + " of " + s.likesN + " posts have likes over 5× or under 0.2× the account's median (" +
        fmtInt(s.likesMedian) + "): very uneven" + minus(s.penUneven),
    );
  }
  if (s.penGiveaway > 0) {
    found.push(s.giveawayPosts + " post" + (s.giveawayPosts === 1 ? "" : "s") + " with giveaway or contest tags: engagement that was asked for" + minus(s.penGiveaway));
  }
  if (s.penViral > 0) {
    found.push("one post's engagements reached " + Math.round(s.maxPostShare * 100) + "% of the followers (over half)" + minus(s.penViral));
  }
  if (s.penRatio > 0) {
    found.push(
      "comments per like " + fmtNum(s.commentsSum / s.likesSum, 3) + ", outside the roster's usual " + fmtNum(s.clLo, 3) + "–" +
        fmtNum(s.clHi, 3) + minus(s.penRatio),
    );
  }
  const noHistory = s.historyPoints < 2 ? "no follower history yet, so spikes and follow/unfollow automation could not be checked (confidence says so)" : "";
  if (found.length === 0) {
    const thin: string[] = [];
    if (s.er < 0) thin.push("ER");
    if (s.following < 0) thin.push("following count");
    if (s.followers < 0) thin.push("followers");
    const high = s.erFarAbove ? "; ER is far above its band, but with no second sign that is not a warning" : "";
    const tail = noHistory ? "; " + noHistory : "";
    return thin.length === 0
      ? "No warning signs in the data we have" + high + tail + "."
      : "No warning signs in the data we have (" + listJoin(thin) + " unknown, so little could be checked)" + high + tail + ".";
  }
  if (noHistory) found.push(noHistory);
  const first = found[0] as string;
  found[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return listJoin(found) + ".";
}
