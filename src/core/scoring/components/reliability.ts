/**
 * Reliability with this brand: delivered rate (half), on-time and approved-first-time rates
 * (a quarter each), shrunk toward neutral 50 by one imaginary campaign so one job is not a verdict.
 */
import type { Scratch } from "../scratch.ts";
import { clamp, nonNeg } from "../stats.ts";
import type { AccountInput, TrackRecord } from "../types.ts";

export const PRIOR_CAMPAIGNS = 1;

interface Rates {
  n: number;
  delivered: number;
  onTime: number;
  approved: number;
  raw: number;
}

function rates(track: TrackRecord | undefined): Rates | null {
  if (track === null || typeof track !== "object") return null;
  const n = Math.floor(nonNeg(track.participations));
  if (n <= 0) return null;
  const d = clamp(Math.floor(nonNeg(track.delivered)), 0, n);
  const ot = clamp(Math.floor(nonNeg(track.onTime)), 0, d);
  const ap = clamp(Math.floor(nonNeg(track.approvedFirstTime)), 0, d);
  const dr = d / n;
  const otr = d > 0 ? ot / d : 0;
  const apr = d > 0 ? ap / d : 0;
  return { n, delivered: d, onTime: ot, approved: ap, raw: 100 * (0.5 * dr + 0.25 * otr + 0.25 * apr) };
}

export function reliabilityValue(a: AccountInput, s: Scratch): number {
  const r = rates(a.track);
  if (r === null) return 50;
  s.trackN = r.n;
  // (n·raw + prior·50) / (n + prior), written so huge n cannot overflow.
  return r.raw + ((50 - r.raw) * PRIOR_CAMPAIGNS) / (r.n + PRIOR_CAMPAIGNS);
}

export function reliabilityReason(a: AccountInput): string {
  const r = rates(a.track);
  if (r === null) return "No history with this brand yet, so reliability is neutral (50).";
  return (
    r.n + " past campaign" + (r.n === 1 ? "" : "s") + " with this brand: " + r.delivered + " delivered (" +
    Math.round(100 * (r.delivered / r.n)) + "%), " + r.onTime + " on time, " + r.approved + " approved first time" +
    (r.n < 3 ? " (few campaigns, so pulled toward neutral)." : ".")
  );
}
