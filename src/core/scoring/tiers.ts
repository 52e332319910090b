import type { Tier } from "./types.ts";

/**
 * Tier by followers (domain.md): nano 100–1k (and under 100), micro 1k–100k,
 * mid 100k–500k, macro 500k–1M, mega 1M+. Lower bounds inclusive.
 * Unknown, NaN, zero or negative followers give "unknown".
 */
export function tierOf(followers: number | null | undefined): Tier {
  if (typeof followers !== "number" || !(followers > 0) || followers === Infinity) return "unknown";
  if (followers < 1_000) return "nano";
  if (followers < 100_000) return "micro";
  if (followers < 500_000) return "mid";
  if (followers < 1_000_000) return "macro";
  return "mega";
}
