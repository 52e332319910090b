/**
 * A time-split evaluation of the score: does a shortlist still look good next month?
 * For accounts with at least `minPosts` posts (ordered by date), the scorer sees only the earlier
 * half; the later half's median ER gives the answer: its percentile among the evaluated accounts
 * of the same tier (benchmark band), and whether it is in that tier's top quartile.
 * Figures: Spearman ρ per objective and for the ER percentile alone; precision@20 per niche.
 * Pure: the benchmark reads the real dataset into EvalAccount, a test generates them.
 */
import { findBand, resolveBenchmark } from "./benchmarks.ts";
import { createScorer } from "./score.ts";
import { fitErPriors, perPostEr, type ErPriors, type ErSample } from "./shrinkage.ts";
import type { AccountInput, Criteria, Objective, Platform, PostSample } from "./types.ts";
import { OBJECTIVES } from "./types.ts";
import { byCodePoint } from "../text.ts";

export interface EvalPost extends PostSample {
  postedAt: Date;
}

/** An account as a research dataset knows it: its numbers and all its posts. */
export interface EvalAccount {
  id: string;
  handle: string;
  platform: Platform;
  followers: number;
  following: number | null;
  categories: string[];
  posts: EvalPost[];
}

export interface EvalOptions {
  minPosts: number;
  /** Niches for precision@20 (each as shortlist niche:<n>). */
  niches: readonly string[];
  /** Follower range of the shortlist (default 1k–100k). */
  followers?: { min: number; max: number };
  /** How many of each niche's list count (default 20). */
  k?: number;
  /** Score with shrinkage priors fitted on the earlier halves (default true). */
  fitPriors?: boolean;
}

export interface EvalFigures {
  minPosts: number;
  /** Accounts evaluated (in the follower range, with an ER in both halves). */
  accounts: number;
  rho: Record<Objective, number>;
  rhoErOnly: number;
  /** Precision@k of "later-half ER in the tier's top quartile", per niche and objective. */
  precision: Record<Objective, Record<string, number>>;
  precisionErOnly: Record<string, number>;
  /** Mean over niches. */
  meanPrecision: Record<Objective, number>;
  meanPrecisionErOnly: number;
  /** Accounts of each niche that the shortlist considered. */
  nicheSizes: Record<string, number>;
  /** The best precision@k any ranking could reach per niche: min(k, accounts in the later top
   *  quartile) / min(k, accounts in the niche). A niche with 21 accounts, 6 of them in the top
   *  quartile, cannot do better than 6/20. */
  precisionCeiling: Record<string, number>;
  meanPrecisionCeiling: number;
}

const byDate = (a: EvalPost, b: EvalPost) => a.postedAt.getTime() - b.postedAt.getTime();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The 30 hashtags used most in these posts (ties by code point), as an import folds them in. */
function topTags(posts: readonly PostSample[]): string[] {
  const counts = new Map<string, number>();
  for (const p of posts) for (const t of p.hashtags ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0])).slice(0, 30).map(([t]) => t);
}

/** What the scorer sees of an account when it knows only these posts. */
export function accountFromPosts(a: EvalAccount, posts: readonly EvalPost[]): AccountInput {
  const ers: number[] = [];
  const engs: number[] = [];
  for (const p of posts) {
    const e = perPostEr(p, a.followers, a.platform);
    if (e >= 0) {
      ers.push(e);
      engs.push((p.likes ?? 0) + (p.comments ?? 0) + (p.shares ?? 0) + (p.saves ?? 0));
    }
  }
  return {
    id: a.id,
    handle: a.handle,
    platform: a.platform,
    followers: a.followers,
    following: a.following,
    postsCount: null,
    medianEngagements: engs.length ? median(engs) : null,
    medianViews: null,
    medianEr: ers.length ? median(ers) : null,
    sampledPosts: ers.length,
    categories: a.categories,
    hashtags: topTags(posts),
    bio: null,
    country: null,
    language: null,
    rate: null,
    currency: null,
    posts: [...posts],
  };
}

/** Ranks 1..n with ties averaged. */
function ranks(xs: readonly number[]): number[] {
  const idx = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && xs[idx[j + 1]!] === xs[idx[i]!]) j++;
    for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation (Pearson on average ranks); 0 when either side is constant. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 2 || y.length !== n) return 0;
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = rx[i]! - mean;
    const b = ry[i]! - mean;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
/** ρ to 4 decimals: the score and the ER percentile alone can be within 0.001 of each other. */
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

interface Split {
  early: AccountInput;
  /** Later-half percentile within the tier (0–100) among the evaluated accounts. */
  laterPct: number;
  laterTop: boolean;
}

/** The time split: earlier half (floor(n/2) posts) for the scorer, the rest for the answer. */
export function timeSplit(accounts: readonly EvalAccount[], minPosts: number, range: { min: number; max: number }): Split[] {
  const rows: { early: AccountInput; later: number; tier: string }[] = [];
  for (const a of accounts) {
    if (!(a.followers >= range.min && a.followers <= range.max)) continue;
    const posts = a.posts.filter((p) => p.postedAt instanceof Date && Number.isFinite(p.postedAt.getTime())).sort(byDate);
    if (posts.length < minPosts) continue;
    const cut = Math.floor(posts.length / 2);
    const early = accountFromPosts(a, posts.slice(0, cut));
    const later = accountFromPosts(a, posts.slice(cut));
    if (early.medianEr === null || later.medianEr === null) continue;
    const band = findBand(resolveBenchmark(a.platform), a.followers);
    rows.push({ early, later: later.medianEr, tier: a.platform + ":" + band.label });
  }
  const byTier = new Map<string, number[]>();
  rows.forEach((r, i) => byTier.set(r.tier, [...(byTier.get(r.tier) ?? []), i]));
  const out: Split[] = new Array(rows.length);
  for (const members of byTier.values()) {
    const rk = ranks(members.map((i) => rows[i]!.later));
    members.forEach((i, k) => {
      const pct = ((rk[k]! - 0.5) / members.length) * 100;
      out[i] = { early: rows[i]!.early, laterPct: pct, laterTop: pct >= 75 };
    });
  }
  return out;
}

/** Fits shrinkage priors on what the scorer sees (the earlier halves). */
export function priorsFromAccounts(accounts: readonly AccountInput[]): ErPriors {
  const samples: ErSample[] = [];
  for (const a of accounts) {
    const ers: number[] = [];
    let likes = 0;
    let comments = 0;
    for (const p of a.posts ?? []) {
      const e = perPostEr(p, a.followers ?? -1, a.platform);
      if (e >= 0) ers.push(e);
      if (typeof p.likes === "number" && typeof p.comments === "number") {
        likes += p.likes;
        comments += p.comments;
      }
    }
    if (ers.length && a.followers) samples.push({ platform: a.platform, followers: a.followers, ers, likes, comments });
  }
  return fitErPriors(samples);
}

function precisionAt(order: readonly number[], splits: readonly Split[], k: number): number {
  const top = order.slice(0, k);
  if (!top.length) return 0;
  return top.filter((i) => splits[i]!.laterTop).length / top.length;
}

/** Runs the time split and computes every figure. Deterministic. */
export function evaluateScoring(accounts: readonly EvalAccount[], opts: EvalOptions): EvalFigures {
  const range = opts.followers ?? { min: 1_000, max: 100_000 };
  const k = opts.k ?? 20;
  const splits = timeSplit(accounts, opts.minPosts, range);
  const early = splits.map((s) => s.early);
  const priors = opts.fitPriors === false ? undefined : priorsFromAccounts(early);
  const target = splits.map((s) => s.laterPct);
  const index = new Map(early.map((a, i) => [a.id, i]));
  // The ER percentile alone: the raw earlier-half ER against the benchmark, ties by id.
  const erPct = early.map((a) => {
    const band = findBand(resolveBenchmark(a.platform), a.followers ?? -1);
    return (Math.log(a.medianEr! > 0 ? a.medianEr! : 1e-6) - band.lnMedian) * band.invSigma;
  });
  const rho = {} as Record<Objective, number>;
  const precision = {} as Record<Objective, Record<string, number>>;
  const meanPrecision = {} as Record<Objective, number>;
  const precisionErOnly: Record<string, number> = {};
  const nicheSizes: Record<string, number> = {};
  const precisionCeiling: Record<string, number> = {};
  for (const objective of OBJECTIVES) {
    const scorer = createScorer({ objective, niche: [], followers: range } as Criteria, priors);
    const r = scorer.rank(early, { top: early.length });
    const score = new Array<number>(early.length).fill(0);
    for (const x of r.results) score[index.get(x.accountId)!] = x.score;
    rho[objective] = round4(spearman(score, target));
    precision[objective] = {};
    for (const niche of opts.niches) {
      const ranked = createScorer({ objective, niche: [niche], followers: range } as Criteria, priors).rank(early, { top: k });
      precision[objective][niche] = round3(precisionAt(ranked.results.map((x) => index.get(x.accountId)!), splits, k));
      if (objective === "awareness") {
        const members = early.map((_, i) => i).filter((i) => scorer.excludedBy(early[i]!) === null);
        const nicheScorer = createScorer({ objective, niche: [niche], followers: range } as Criteria, priors);
        const inNiche = members.filter((i) => nicheScorer.excludedBy(early[i]!) === null);
        nicheSizes[niche] = inNiche.length;
        const positives = inNiche.filter((i) => splits[i]!.laterTop).length;
        precisionCeiling[niche] = inNiche.length ? round3(Math.min(k, positives) / Math.min(k, inNiche.length)) : 0;
        inNiche.sort((a, b) => erPct[b]! - erPct[a]! || (early[a]!.id < early[b]!.id ? -1 : 1));
        precisionErOnly[niche] = round3(precisionAt(inNiche, splits, k));
      }
    }
    const vals = Object.values(precision[objective]);
    meanPrecision[objective] = round3(vals.reduce((s, v) => s + v, 0) / Math.max(1, vals.length));
  }
  const po = Object.values(precisionErOnly);
  const pc = Object.values(precisionCeiling);
  return {
    minPosts: opts.minPosts,
    accounts: splits.length,
    rho,
    rhoErOnly: round4(spearman(erPct, target)),
    precision,
    precisionErOnly,
    meanPrecision,
    meanPrecisionErOnly: round3(po.reduce((s, v) => s + v, 0) / Math.max(1, po.length)),
    nicheSizes,
    precisionCeiling,
    meanPrecisionCeiling: round3(pc.reduce((s, v) => s + v, 0) / Math.max(1, pc.length)),
  };
}
