/** Follower history signals: follower spikes and a seesaw in the following count. */
import type { Scratch } from "./scratch.ts";
import { nonNeg } from "./stats.ts";
import type { FollowerSnapshot } from "./types.ts";

const DAY_MS = 86_400_000;
/** "More than a few thousand a day" (and at least 1%/day, so large accounts' normal growth is not a spike). */
export const SPIKE_PER_DAY = 3_000;
export const SPIKE_MIN_REL_FOR_ABS = 0.01;
/** "More than 20% day over day" (and at least 500 followers, so tiny accounts are not flagged). */
export const SPIKE_REL_PER_DAY = 0.2;
export const SPIKE_MIN_GAIN = 500;
/** A change in following this large (or 10% of it) counts for the seesaw. */
export const SEESAW_MIN_STEP = 100;

interface Point {
  t: number;
  followers: number;
  following: number;
  source: string;
}

function timeOf(d: unknown): number {
  return d instanceof Date ? d.getTime() : NaN;
}

export function analyseHistory(history: readonly unknown[], s: Scratch): void {
  const pts: Point[] = [];
  for (const h of history) {
    if (h === null || typeof h !== "object") continue;
    const snap = h as FollowerSnapshot;
    const t = timeOf(snap.takenOn);
    if (!Number.isFinite(t)) continue;
    pts.push({ t, followers: nonNeg(snap.followers), following: nonNeg(snap.following), source: typeof snap.source === "string" ? snap.source : "" });
  }
  if (pts.length < 2) return;
  pts.sort((a, b) => a.t - b.t || a.followers - b.followers || a.following - b.following);

  // Spikes: compare each snapshot with the previous one that had a follower count.
  let prev: Point | null = null;
  let best = 0;
  for (const p of pts) {
    if (p.followers < 0) continue;
    if (prev !== null && p.t > prev.t) {
      const days = Math.max((p.t - prev.t) / DAY_MS, 1);
      const gain = p.followers - prev.followers;
      const perDay = gain / days;
      const rel = prev.followers > 0 ? gain / prev.followers / days : gain > 0 ? Infinity : 0;
      const spike =
        gain > 0 &&
        ((perDay > SPIKE_PER_DAY && rel > SPIKE_MIN_REL_FOR_ABS) || (rel > SPIKE_REL_PER_DAY && gain >= SPIKE_MIN_GAIN));
      if (spike) {
        s.spikeCount++;
        if (perDay > best) {
          best = perDay;
          s.spikeGain = gain;
          s.spikeDays = days;
          s.spikeRel = Number.isFinite(rel) ? rel * days : 1;
          s.spikeAt = p.t;
          s.spikeFrom = prev.t;
          s.spikeFromSource = prev.source;
          s.spikeAtSource = p.source;
        }
      }
    }
    if (prev === null || p.t > prev.t) prev = p;
  }

  // Seesaw: direction reversals between consecutive large changes in following.
  let last = -1;
  let lastDir = 0;
  let reversals = 0;
  for (const p of pts) {
    if (p.following < 0) continue;
    if (last >= 0) {
      const d = p.following - last;
      if (Math.abs(d) >= Math.max(SEESAW_MIN_STEP, 0.1 * last)) {
        const dir = d > 0 ? 1 : -1;
        if (lastDir !== 0 && dir !== lastDir) reversals++;
        lastDir = dir;
      }
    }
    last = p.following;
  }
  s.seesaw = reversals;
}
