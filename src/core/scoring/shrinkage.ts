/**
 * Empirical-Bayes shrinkage of the engagement rate. Per platform and tier (benchmark band),
 * ln(ER) of an account is modelled as normal around the tier's median with spread tau, and each
 * post's ln(ER) as normal around the account's with spread sigmaWithin. An account measured on n
 * posts is then estimated at m + w·(ln er − m), w = tau² / (tau² + sigmaWithin²/n), with a posterior
 * spread that narrows as n grows. One lucky post moves the estimate a little; forty steady ones
 * move it all the way. Priors are fitted on the roster (fitErPriors, once per import) and fall
 * back to the benchmark table where the roster has too few accounts in a tier.
 */
import type { CompiledBand, ResolvedBenchmark } from "./benchmarks.ts";
import { findBand, isPerView, resolveBenchmark } from "./benchmarks.ts";
import type { Platform, PostSample } from "./types.ts";
import { PLATFORMS } from "./types.ts";

/** One tier's prior: where ER sits and how much it varies between accounts and between posts. */
export interface ErPrior {
  platform: Platform;
  /** The benchmark band's bounds (inclusive, exclusive; null = no upper bound). */
  minFollowers: number;
  maxFollowers: number | null;
  /** The tier's median ER (fraction). */
  median: number;
  /** Spread of ln(ER) between accounts (their true ER, noise removed). */
  tau: number;
  /** Spread of ln(ER) between one account's posts. */
  sigmaWithin: number;
  /** Accounts the prior was fitted on. */
  accounts: number;
}

/** Priors fitted on a roster (plain data, JSON-safe). */
export interface ErPriors {
  /** What the priors were fitted on, for the record ("roster of 22,669 accounts"). */
  source: string;
  priors: ErPrior[];
  /** The roster's 2.5th–97.5th percentile of comments per like (accounts with 50+ likes). */
  commentLikeRange?: [number, number];
}

/** Comments per like outside this range is unusual (instagram-micro's 2.5–97.5% range, where none is fitted). */
export const DEFAULT_COMMENT_LIKE_RANGE: readonly [number, number] = [0, 0.22];

/** Per-post ln(ER) spread measured on instagram-micro (0.58); the default where none is fitted. */
export const DEFAULT_SIGMA_WITHIN = 0.58;
/** Between-account spread when only the benchmark is known: its sigma less the per-post noise. */
const DEFAULT_TAU_SHARE = 0.8;
/** A tier needs this many accounts for a fitted prior of its own. */
export const MIN_FIT_ACCOUNTS = 30;
/** The range shown is the 10th–90th percentile of the estimate; ranking uses its lower end. */
export const RANGE_Z = 1.2816;
/** ERs below this (a post with no engagement) are taken at it, so ln() stays finite. */
export const ER_FLOOR = 1e-4;
/** Posts beyond this add nothing (the ER is the median of the 30 latest). */
export const MAX_POSTS = 30;

/** One post's ER: engagements per follower (per view on TikTok/YouTube); -1 when unknown. */
export function perPostEr(p: PostSample, followers: number | null, platform: string): number {
  if (p === null || typeof p !== "object") return -1;
  const l = typeof p.likes === "number" && p.likes >= 0 ? p.likes : -1;
  const c = typeof p.comments === "number" && p.comments >= 0 ? p.comments : -1;
  if (l < 0 && c < 0) return -1;
  const extra = (typeof p.shares === "number" && p.shares > 0 ? p.shares : 0) + (typeof p.saves === "number" && p.saves > 0 ? p.saves : 0);
  const eng = Math.max(l, 0) + Math.max(c, 0) + extra;
  const denom = isPerView(platform as Platform) ? (typeof p.views === "number" ? p.views : -1) : (followers ?? -1);
  if (!(denom > 0) || denom === Infinity) return -1;
  return eng / denom;
}

/** One account's per-post ERs, for fitting. */
export interface ErSample {
  platform: string;
  followers: number;
  /** Per-post ER (fractions). */
  ers: number[];
  /** Likes and comments summed over the same posts, when known. */
  likes?: number;
  comments?: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const lnEr = (e: number) => Math.log(e > ER_FLOOR ? e : ER_FLOOR);
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Fits priors per platform and benchmark band: the median of accounts' mean ln(ER); the pooled
 * within-account variance of ln(ER) (accounts with 2+ posts, per platform); the between-account
 * variance from the interquartile range (robust to the odd viral post) less the part the per-post
 * noise explains. Deterministic: the same samples in any order give the same priors.
 */
export function fitErPriors(samples: readonly ErSample[], source?: string): ErPriors {
  const groups = new Map<string, { platform: Platform; band: CompiledBand; ys: number[]; ns: number[] }>();
  const within = new Map<string, { ss: number; df: number }>();
  let used = 0;
  for (const s of samples) {
    if (!(s.followers > 0) || !Array.isArray(s.ers)) continue;
    const ls = s.ers.filter((e) => typeof e === "number" && e >= 0 && e < Infinity).slice(0, MAX_POSTS).map(lnEr);
    if (!ls.length) continue;
    const platform = (PLATFORMS as readonly string[]).includes(s.platform) ? (s.platform as Platform) : "blog";
    const resolved = resolveBenchmark(platform);
    const band = findBand(resolved, s.followers);
    if (s.followers < band.lo || s.followers >= band.hi) continue;
    const benchPlatform = band.band.platform;
    const key = benchPlatform + ":" + band.lo;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { platform: benchPlatform, band, ys: [], ns: [] }));
    const mean = ls.reduce((a, b) => a + b, 0) / ls.length;
    g.ys.push(mean);
    g.ns.push(ls.length);
    used++;
    if (ls.length >= 2) {
      let ss = 0;
      for (const l of ls) ss += (l - mean) * (l - mean);
      const w = within.get(benchPlatform) ?? { ss: 0, df: 0 };
      w.ss += ss;
      w.df += ls.length - 1;
      within.set(benchPlatform, w);
    }
  }
  const ratios = samples
    .filter((s) => typeof s.likes === "number" && s.likes >= 50 && typeof s.comments === "number" && s.comments >= 0)
    .map((s) => s.comments! / s.likes!)
    .sort((a, b) => a - b);
  const priors: ErPrior[] = [];
  for (const g of [...groups.values()].sort((a, b) => (a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : a.band.lo - b.band.lo))) {
    if (g.ys.length < MIN_FIT_ACCOUNTS) continue;
    const w = within.get(g.platform);
    const sw2 = w && w.df >= MIN_FIT_ACCOUNTS ? w.ss / w.df : DEFAULT_SIGMA_WITHIN ** 2;
    const ys = [...g.ys].sort((a, b) => a - b);
    const iqrSd = (quantile(ys, 0.75) - quantile(ys, 0.25)) / 1.349;
    const noise = g.ns.reduce((s, n) => s + sw2 / n, 0) / g.ns.length;
    const tau2 = Math.max(iqrSd * iqrSd - noise, 0.05 * 0.05);
    priors.push({
      platform: g.platform,
      minFollowers: g.band.lo,
      maxFollowers: g.band.hi === Infinity ? null : g.band.hi,
      median: Math.round(Math.exp(quantile(ys, 0.5)) * 1e6) / 1e6,
      tau: r4(Math.sqrt(tau2)),
      sigmaWithin: r4(Math.sqrt(sw2)),
      accounts: g.ys.length,
    });
  }
  const out: ErPriors = { source: source ?? `a roster of ${used} accounts with posts`, priors };
  if (ratios.length >= MIN_FIT_ACCOUNTS * 10) {
    out.commentLikeRange = [r4(quantile(ratios, 0.025)), r4(quantile(ratios, 0.975))];
  }
  return out;
}

/** A band's prior ready for the hot path: the shrink weight and z·spread per post count. */
export interface CompiledPrior {
  lnMedian: number;
  median: number;
  tau: number;
  sigmaWithin: number;
  fitted: boolean;
  accounts: number;
  /** Index n = posts (0 = unknown, treated as 1), up to MAX_POSTS. */
  weight: Float64Array;
  zSd: Float64Array;
}

function compilePrior(median: number, tau: number, sigmaWithin: number, fitted: boolean, accounts: number): CompiledPrior {
  const weight = new Float64Array(MAX_POSTS + 1);
  const zSd = new Float64Array(MAX_POSTS + 1);
  const t2 = tau * tau;
  const s2 = sigmaWithin * sigmaWithin;
  for (let n = 0; n <= MAX_POSTS; n++) {
    const k = n < 1 ? 1 : n;
    // Measured on instagram-micro, inflating the noise of 1–2 posts further (heavier tails) predicted
    // next month's ER worse, so the plain normal model is kept.
    const noise = s2 / k;
    weight[n] = t2 / (t2 + noise);
    zSd[n] = RANGE_Z * Math.sqrt(1 / (1 / t2 + 1 / noise));
  }
  return { lnMedian: Math.log(median), median, tau, sigmaWithin, fitted, accounts, weight, zSd };
}

/** Priors for each band of a resolved benchmark, in its band order. */
export type BandPriors = readonly CompiledPrior[];

const compiledCache = new WeakMap<ErPriors, Map<ResolvedBenchmark, BandPriors>>();
const defaultCache = new Map<ResolvedBenchmark, BandPriors>();

/** The priors for a resolved benchmark's bands: fitted where the roster had enough accounts, else from the benchmark. */
export function priorsFor(resolved: ResolvedBenchmark, priors: ErPriors | undefined | null): BandPriors {
  const cache = priors ? (compiledCache.get(priors) ?? new Map<ResolvedBenchmark, BandPriors>()) : defaultCache;
  if (priors && !compiledCache.has(priors)) compiledCache.set(priors, cache);
  const hit = cache.get(resolved);
  if (hit) return hit;
  const list = Array.isArray(priors?.priors) ? priors.priors : [];
  const out = resolved.bands.map((b) => {
    const p = list.find((x) => x.platform === b.band.platform && x.minFollowers === b.lo);
    if (p && p.median > 0 && p.tau > 0 && p.sigmaWithin > 0) return compilePrior(p.median, p.tau, p.sigmaWithin, true, p.accounts);
    return compilePrior(b.band.median, b.band.sigma * DEFAULT_TAU_SHARE, DEFAULT_SIGMA_WITHIN, false, 0);
  });
  cache.set(resolved, out);
  return out;
}

/** The prior of one compiled band (bands are shared objects, so identity finds the index). */
export function priorOfBand(resolved: ResolvedBenchmark, priors: BandPriors, band: CompiledBand): CompiledPrior {
  const bands = resolved.bands;
  for (let i = 0; i < bands.length; i++) if (bands[i] === band) return priors[i]!;
  return priors[0]!;
}

/** What the scorer needs of the priors for one compiled criteria: band priors per platform index, the comment/like range. */
export interface PriorContext {
  byPlatform: readonly BandPriors[];
  clLo: number;
  clHi: number;
  source: string | null;
}

const contextCache = new WeakMap<readonly ResolvedBenchmark[], Map<ErPriors | null, PriorContext>>();

/** Cached per (compiled benchmarks, priors object): building it is not on the per-account path. */
export function priorContext(bench: readonly ResolvedBenchmark[], priors: ErPriors | null | undefined): PriorContext {
  const key = priors && typeof priors === "object" ? priors : null;
  let byPriors = contextCache.get(bench);
  if (!byPriors) contextCache.set(bench, (byPriors = new Map()));
  const hit = byPriors.get(key);
  if (hit) return hit;
  const range = key?.commentLikeRange;
  const ok = Array.isArray(range) && range.length === 2 && range[0] >= 0 && range[1] > range[0];
  const ctx: PriorContext = {
    byPlatform: bench.map((b) => priorsFor(b, key)),
    clLo: ok ? range[0] : DEFAULT_COMMENT_LIKE_RANGE[0],
    clHi: ok ? range[1] : DEFAULT_COMMENT_LIKE_RANGE[1],
    source: key ? String(key.source ?? "") : null,
  };
  if (byPriors.size >= 8) byPriors.clear();
  byPriors.set(key, ctx);
  return ctx;
}
