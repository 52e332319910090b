/** Deterministic number formatting for reasons (no locale dependence). */

export function fmtInt(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? "an extreme number of" : "an unknown number of";
  if (Math.abs(n) >= 1e15) return n.toExponential(2);
  const neg = n < 0;
  const s = String(Math.round(Math.abs(n)));
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ",";
    out += s[i];
  }
  return neg ? "-" + out : out;
}

/** Compact follower count: 950, 4.2k, 12k, 1.5M. */
export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n >= 1_000_000) return trimZero((n / 1_000_000).toFixed(n >= 10_000_000 ? 0 : 1)) + "M";
  if (n >= 1_000) return trimZero((n / 1_000).toFixed(n >= 10_000 ? 0 : 1)) + "k";
  return String(Math.round(n));
}

function trimZero(s: string): string {
  return s.endsWith(".0") ? s.slice(0, -2) : s;
}

/** A fraction as a percentage: 0.031 -> "3.1%", 0.0004 -> "0.04%". */
export function fmtPct(fraction: number): string {
  const p = fraction * 100;
  if (!(Math.abs(p) < 1e9)) return "over 1,000,000,000%";
  if (p !== 0 && Math.abs(p) < 0.1) return p.toFixed(2) + "%";
  if (Math.abs(p) >= 1000) return fmtInt(p) + "%";
  return trimZero(p.toFixed(1)) + "%";
}

/** Fixed decimals without trailing zeros: fmtNum(250, 2) = "250", fmtNum(1.6, 2) = "1.6". */
export function fmtNum(n: number, digits: number): string {
  if (!Number.isFinite(n)) return n > 0 ? "an extreme number" : "an unknown number";
  if (Math.abs(n) >= 1e6) return fmtInt(n);
  let s = n.toFixed(digits);
  if (s.indexOf(".") >= 0) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s === "-0" ? "0" : s;
}

/**
 * The whole percentile a message shows for an unrounded or one-decimal one: the one-decimal value
 * (as the JSON gives it) rounded, kept within 1–99 ("100th percentile" is not a rank). Every
 * message that names an account's percentile uses this, so one message never shows two.
 */
export function percentileRank(p: number): number {
  return Math.min(99, Math.max(1, Math.round(Math.round(p * 10) / 10)));
}

/** 1 -> "1st", 72 -> "72nd", 13 -> "13th". */
export function ordinal(n: number): string {
  const k = Math.round(n);
  const m100 = k % 100;
  if (m100 >= 11 && m100 <= 13) return k + "th";
  switch (k % 10) {
    case 1:
      return k + "st";
    case 2:
      return k + "nd";
    case 3:
      return k + "rd";
    default:
      return k + "th";
  }
}

export function listJoin(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  if (items.length === 2) return items[0] + " and " + items[1];
  return items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
}

const PLATFORM_LABEL: Record<string, string> = {
  instagram: "Instagram",
  tiktok: "TikTok",
  youtube: "YouTube",
  x: "X",
  twitch: "Twitch",
  blog: "blog",
};

/** "Instagram", "TikTok"...; an unknown platform as "the platform "myspace"" or "an unknown platform". */
export function platformLabel(p: unknown): string {
  if (typeof p !== "string" || p.trim() === "") return "an unknown platform";
  return PLATFORM_LABEL[p] ?? 'the platform "' + p + '"';
}
