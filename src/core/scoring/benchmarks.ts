/**
 * Versioned engagement-rate benchmarks. Each (platform, follower band) is modelled as a
 * log-normal ER distribution: percentile = 100 · Φ((ln er − ln median) / sigma).
 * Every band keeps its source and date so a score can say where its numbers come from.
 */
import type { Platform } from "./types.ts";
import { fmtCount } from "./format.ts";
import { normCdf, round1 } from "./stats.ts";

export interface BenchmarkBand {
  platform: Platform;
  /** Inclusive. */
  minFollowers: number;
  /** Exclusive; null = no upper bound. */
  maxFollowers: number | null;
  /** Median ER as a fraction (per follower, or per view on TikTok/YouTube). */
  median: number;
  /** Standard deviation of ln(ER). */
  sigma: number;
  source: string;
  date: string;
}

export interface BenchmarkVersion {
  id: string;
  title: string;
  bands: readonly BenchmarkBand[];
}

const HA = "HypeAuditor 2018 (Instagram ER by followers); sigma 0.9 not published, borrowed from the instagram-micro measurement";
const MODASH_IG =
  "Modash ER calculator 'average' band, midpoint (read 2025–26); sigma from its 'low' line, taken as the 20th percentile";
const MODASH_TT = "Modash TikTok ER per view, 'average' band midpoint (read 2025–26); sigma 0.9 assumed (not published)";
const MODASH_YT = "Modash YouTube ER per view, 'average' band midpoint (read 2025–26); sigma 0.9 assumed (not published)";
const DATASET =
  "instagram-micro dataset, Kim et al. WWW'20, measured 2026-11: median per-post ER; sigma = half the 16th–84th percentile spread of ln(per-account median ER)";

function band(
  platform: Platform,
  minFollowers: number,
  maxFollowers: number | null,
  median: number,
  sigma: number,
  source: string,
  date: string,
): BenchmarkBand {
  return { platform, minFollowers, maxFollowers, median, sigma, source, date };
}

/** Sigma for a Modash band whose 'low' line is read as the 20th percentile (z = −0.8416). */
function sigmaFromLow(median: number, low: number): number {
  return Math.round((Math.log(median / low) / 0.8416) * 100) / 100;
}

export const ER_BENCHMARKS: readonly BenchmarkVersion[] = [
  {
    id: "scout-ig-2018.1",
    title: "Instagram, HypeAuditor 2018",
    bands: [
      band("instagram", 1_000, 5_000, 0.0426, 0.9, HA, "2018"),
      band("instagram", 5_000, 20_000, 0.0228, 0.9, HA, "2018"),
      band("instagram", 20_000, 100_000, 0.0162, 0.9, HA, "2018"),
      band("instagram", 100_000, 1_000_000, 0.0155, 0.9, HA, "2018"),
      band("instagram", 1_000_000, null, 0.0154, 0.9, HA, "2018"),
    ],
  },
  {
    id: "scout-ig-2026.1",
    title: "Instagram, Modash average bands 2025–26",
    bands: [
      band("instagram", 1_000, 5_000, 0.039, sigmaFromLow(0.039, 0.0172), MODASH_IG, "2025-26"),
      band("instagram", 5_000, 10_000, 0.01435, sigmaFromLow(0.01435, 0.0062), MODASH_IG, "2025-26"),
      band("instagram", 10_000, 50_000, 0.00975, sigmaFromLow(0.00975, 0.0039), MODASH_IG, "2025-26"),
      band("instagram", 50_000, 100_000, 0.0088, sigmaFromLow(0.0088, 0.0032), MODASH_IG, "2025-26"),
    ],
  },
  {
    id: "scout-ig-2026.11",
    title: "Instagram, measured on the instagram-micro dataset (Kim et al. WWW'20)",
    bands: [
      band("instagram", 1_000, 5_000, 0.042, 0.92, DATASET + " (n=5,520)", "2026-11"),
      band("instagram", 5_000, 10_000, 0.035, 0.92, DATASET + " (n=2,775)", "2026-11"),
      band("instagram", 10_000, 50_000, 0.029, 0.85, DATASET + " (n=8,385)", "2026-11"),
      band("instagram", 50_000, 100_000, 0.024, 0.83, DATASET + " (n=2,327)", "2026-11"),
      band("instagram", 100_000, null, 0.024, 0.9, DATASET + " (n=3,662)", "2026-11"),
    ],
  },
  {
    id: "scout-tt-2026.1",
    title: "TikTok per view, Modash 2025–26",
    bands: [
      band("tiktok", 1_000, 5_000, 0.1305, 0.9, MODASH_TT, "2025-26"),
      band("tiktok", 5_000, 10_000, 0.1115, 0.9, MODASH_TT, "2025-26"),
      band("tiktok", 10_000, 50_000, 0.089, 0.9, MODASH_TT, "2025-26"),
      band("tiktok", 50_000, 100_000, 0.076, 0.9, MODASH_TT, "2025-26"),
    ],
  },
  {
    id: "scout-yt-2026.1",
    title: "YouTube per view, Modash 2025–26",
    bands: [
      band("youtube", 1_000, 5_000, 0.0175, 0.9, MODASH_YT, "2025-26"),
      band("youtube", 5_000, 10_000, 0.0087, 0.9, MODASH_YT + "; interpolated (geometric mean of the neighbours)", "2025-26"),
      band("youtube", 10_000, 50_000, 0.00435, 0.9, MODASH_YT, "2025-26"),
    ],
  },
];

/** The current (default) version per platform. X, Twitch and blogs fall back to Instagram figures. */
export const DEFAULT_BENCHMARK: Readonly<Record<Platform, string>> = {
  instagram: "scout-ig-2026.11",
  tiktok: "scout-tt-2026.1",
  youtube: "scout-yt-2026.1",
  x: "scout-ig-2026.11",
  twitch: "scout-ig-2026.11",
  blog: "scout-ig-2026.11",
};

export const CURRENT_BENCHMARK_VERSION = DEFAULT_BENCHMARK.instagram;

export { isPerView } from "../platform.ts";

/** A band ready for fast lookups. */
export interface CompiledBand {
  band: BenchmarkBand;
  lo: number;
  hi: number;
  lnMedian: number;
  invSigma: number;
  /** "10k–50k" */
  label: string;
}

export interface ResolvedBenchmark {
  versionId: string;
  /** Bands sorted by minFollowers. */
  bands: readonly CompiledBand[];
  /** The platform has no figures of its own: Instagram figures are used. */
  platformFallback: boolean;
  /** The requested version was unknown: the default was used. */
  unknownVersion: boolean;
}

const byId = new Map<string, BenchmarkVersion>(ER_BENCHMARKS.map((v) => [v.id, v]));

export function benchmarkVersionIds(): string[] {
  return ER_BENCHMARKS.map((v) => v.id);
}

function compileBands(version: BenchmarkVersion, platform: Platform): CompiledBand[] {
  return version.bands
    .filter((b) => b.platform === platform)
    .slice()
    .sort((a, b) => a.minFollowers - b.minFollowers)
    .map((b) => ({
      band: b,
      lo: b.minFollowers,
      hi: b.maxFollowers ?? Infinity,
      lnMedian: Math.log(b.median),
      invSigma: 1 / b.sigma,
      label: fmtCount(b.minFollowers) + (b.maxFollowers === null ? "+" : "–" + fmtCount(b.maxFollowers)),
    }));
}

const resolvedCache = new Map<string, ResolvedBenchmark>();

/**
 * The bands to use for a platform: the requested version when it covers the platform (or,
 * for X/Twitch/blogs, when it has Instagram figures), else the platform's default version.
 */
export function resolveBenchmark(platform: string, versionId?: string | null): ResolvedBenchmark {
  const p: Platform = (typeof platform === "string" && Object.hasOwn(DEFAULT_BENCHMARK, platform) ? platform : "blog") as Platform;
  const id = typeof versionId === "string" ? versionId : "";
  // Unknown version ids share one cache entry per platform, so odd input cannot grow the cache.
  const key = p + "\u0000" + (id === "" || byId.has(id) ? id : "?");
  const hit = resolvedCache.get(key);
  if (hit !== undefined) return hit;
  const own = p === "instagram" || p === "tiktok" || p === "youtube";
  const lookupPlatform: Platform = own ? p : "instagram";
  let unknownVersion = false;
  let version: BenchmarkVersion | undefined;
  if (versionId) {
    version = byId.get(versionId);
    if (version === undefined) unknownVersion = true;
    else if (!version.bands.some((b) => b.platform === lookupPlatform)) version = undefined;
  }
  if (version === undefined) version = byId.get(DEFAULT_BENCHMARK[p]) as BenchmarkVersion;
  const resolved: ResolvedBenchmark = {
    versionId: version.id,
    bands: compileBands(version, lookupPlatform),
    platformFallback: !own,
    unknownVersion,
  };
  resolvedCache.set(key, resolved);
  return resolved;
}

/** Followers assumed when the count is unknown (a mid-micro account). */
export const UNKNOWN_FOLLOWERS_BAND_AT = 10_000;

/**
 * The band for a follower count. Outside every band (e.g. nano accounts) the nearest band is
 * used; `bandFallback` tells whether that happened (also when followers are unknown).
 */
export function findBand(resolved: ResolvedBenchmark, followers: number): CompiledBand {
  const bands = resolved.bands;
  const f = followers > 0 ? followers : UNKNOWN_FOLLOWERS_BAND_AT;
  const first = bands[0] as CompiledBand;
  if (f < first.lo) return first;
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i] as CompiledBand;
    if (f < b.hi) return b;
  }
  return bands[bands.length - 1] as CompiledBand;
}

export function isBandFallback(b: CompiledBand, followers: number): boolean {
  return !(followers > 0) || followers < b.lo || followers >= b.hi;
}

/** Unrounded percentile (0–100) of a valid ER (>= 0) in a band. Monotone in er. */
export function percentileInBand(er: number, b: CompiledBand): number {
  if (er <= 0) return 0;
  return 100 * normCdf((Math.log(er) - b.lnMedian) * b.invSigma);
}

/**
 * ER percentile (0–100, one decimal) within platform and follower band, against the given
 * benchmark version (default: the current one for the platform). null when ER is unknown.
 */
export function erPercentile(
  er: number | null,
  platform: string,
  followers: number | null,
  version?: string,
): number | null {
  if (typeof er !== "number" || !(er >= 0) || er === Infinity) return null;
  const resolved = resolveBenchmark(platform, version);
  const f = typeof followers === "number" && followers > 0 && followers !== Infinity ? followers : -1;
  return round1(percentileInBand(er, findBand(resolved, f)));
}
