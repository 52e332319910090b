/** Authenticity: starts at 100; each warning sign found in the data is a penalty with a reason. */
import { fmtInt, fmtNum, fmtPct, listJoin, percentileRank } from "../format.ts";
import { analyseHistory } from "../history.ts";
import type { Scratch } from "../scratch.ts";
import { clamp } from "../stats.ts";
import type { AccountInput } from "../types.ts";

export const LOW_PCT = 5;
export const VERY_LOW_PCT = 1;
export const HIGH_PCT = 98;
export const MASS_FOLLOWING = 1_500;
export const F4F_RATIO = 0.8;
export const UNEVEN_SHARE = 0.3;

export function authenticityValue(a: AccountInput, s: Scratch): number {
  if (s.er >= 0) {
    if (s.pct < VERY_LOW_PCT) s.penLowEr = 40;
    else if (s.pct < LOW_PCT) s.penLowEr = 30;
    else if (s.pct > HIGH_PCT) s.penHighEr = 20;
  }
  const fw = s.following;
  if (fw > MASS_FOLLOWING) {
    const f = s.followers;
    if (f > 0 && fw / f >= F4F_RATIO) s.penF4f = 25;
    s.penMass = f > 0 ? clamp(15 * Math.sqrt(10_000 / f), 3, 15) : 15;
  }
  const history = a.history;
  if (Array.isArray(history) && history.length > 1) {
    analyseHistory(history, s);
    if (s.spikeCount > 0) s.penSpike = s.spikeCount > 1 ? 30 : 20;
    if (s.seesaw >= 2) s.penSeesaw = 15;
  }
  if (s.likesMedian > 0 && s.unevenCount >= 2 && s.unevenCount / s.likesN >= UNEVEN_SHARE) s.penUneven = 15;
  const total = s.penLowEr + s.penHighEr + s.penF4f + s.penMass + s.penSpike + s.penSeesaw + s.penUneven;
  return total >= 100 ? 0 : 100 - total;
}

function day(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

function minus(p: number): string {
  return " (−" + fmtNum(p, 1) + ")";
}

export function authenticityReason(s: Scratch): string {
  const found: string[] = [];
  const pctText = percentileRank(s.pct);
  if (s.penLowEr > 0) {
    found.push(
      "ER " + fmtPct(s.er) + " is in the bottom " + (s.pct < VERY_LOW_PCT ? "1%" : "5%") +
        " for its band (percentile " + pctText + "): bought followers do not engage" + minus(s.penLowEr),
    );
  }
  if (s.penHighEr > 0) {
    found.push(
      "ER " + fmtPct(s.er) + " is above the 98th percentile for its band: possible engagement pods" + minus(s.penHighEr),
    );
  }
  if (s.penF4f > 0) {
    found.push(
      "follows " + fmtInt(s.following) + " accounts, " + fmtNum(s.following / s.followers, 2) +
        "× its followers: looks like follow-for-follow" + minus(s.penF4f),
    );
  }
  if (s.penMass > 0) {
    found.push("mass following: follows " + fmtInt(s.following) + " accounts (over 1,500)" + minus(s.penMass));
  }
  if (s.penSpike > 0) {
    const rel = s.spikeRel > 0 ? ", " + Math.round(s.spikeRel * 100) + "%" : "";
    const days = s.spikeDays <= 1 ? "1 day" : fmtNum(s.spikeDays, 1) + " days";
    found.push(
      (s.spikeCount > 1 ? s.spikeCount + " follower spikes, the largest " : "a follower spike of ") + "+" +
        fmtInt(s.spikeGain) + " in " + days + rel + " (to " + day(s.spikeAt) + ")" + minus(s.penSpike),
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
  if (found.length === 0) {
    const thin: string[] = [];
    if (s.er < 0) thin.push("ER");
    if (s.following < 0) thin.push("following count");
    if (s.followers < 0) thin.push("followers");
    return thin.length === 0
      ? "No warning signs in the data we have."
      : "No warning signs in the data we have (" + listJoin(thin) + " unknown, so little could be checked).";
  }
  const first = found[0] as string;
  found[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return listJoin(found) + ".";
}
