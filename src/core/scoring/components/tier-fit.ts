/** Tier fit: 100 inside the campaign range, falling smoothly (in log space) to 0 at half the min and double the max. */
import type { CompiledCriteria } from "../compile.ts";
import { fmtInt } from "../format.ts";
import type { Scratch } from "../scratch.ts";

const LN2 = Math.LN2;

function smoothFall(t: number): number {
  if (t >= 1) return 0;
  if (t <= 0) return 100;
  return 100 * (1 - t * t * (3 - 2 * t));
}

export function tierFitValue(cc: CompiledCriteria, s: Scratch): number {
  const f = s.followers;
  if (f < 0) return 50;
  if (f < cc.minF) return smoothFall((cc.lnMinF - Math.log(f)) / LN2);
  if (f > cc.maxF) return smoothFall((Math.log(f) - cc.lnMaxF) / LN2);
  return 100;
}

/** followers:10k+ is stored with an upper bound no account reaches (2,000,000,000): shown as "10,000+". */
const OPEN_ENDED = 1_000_000_000;

function range(cc: CompiledCriteria): string {
  return fmtInt(cc.minF) + (cc.maxF >= OPEN_ENDED ? "+" : "–" + fmtInt(cc.maxF));
}

export function tierFitReason(cc: CompiledCriteria, s: Scratch): string {
  const f = s.followers;
  if (f < 0) return "Follower count unknown, so tier fit is scored as neutral (50).";
  if (f < cc.minF) {
    return (
      fmtInt(f) + " followers is below the campaign range " + range(cc) +
      " (the score falls to 0 at " + fmtInt(cc.softLo) + ")."
    );
  }
  if (f > cc.maxF) {
    return (
      fmtInt(f) + " followers is above the campaign range " + range(cc) +
      " (the score falls to 0 at " + fmtInt(cc.softHi) + ")."
    );
  }
  return fmtInt(f) + " followers is inside the campaign range " + range(cc) + ".";
}
