/**
 * The numeric pass: one function used both to rank every account (no strings built, no
 * per-account allocation on the fast path) and to explain the top N, so a ranked score and
 * scoreAccount's score are the same number by construction.
 */
import { findBand, isBandFallback, percentileInBand } from "./benchmarks.ts";
import type { CompiledCriteria } from "./compile.ts";
import { platformIndex } from "./compile.ts";
import { audienceValue, codeIn } from "./components/audience.ts";
import { authenticityValue } from "./components/authenticity.ts";
import { brandSafetyValue } from "./components/brand-safety.ts";
import { costValue } from "./components/cost.ts";
import { engagementValue } from "./components/engagement.ts";
import { collectNiche, nicheValue } from "./components/niche.ts";
import { reliabilityValue } from "./components/reliability.ts";
import { tierFitValue } from "./components/tier-fit.ts";
import { sameCode } from "./normalize.ts";
import { analysePosts } from "./posts.ts";
import {
  AUD_UNKNOWN, C_AUDIENCE, C_AUTH, C_BRAND, C_COST, C_ENGAGEMENT, C_NICHE, C_RELIABILITY, C_TIER,
  CF_BENCH_BAND, CF_BENCH_PLATFORM, CF_BENCH_VERSION, CF_COUNTRY_UNKNOWN, CF_ER_FEW_POSTS, CF_ER_UNKNOWN,
  CF_FOLLOWERS_UNKNOWN, CF_LANGUAGE_UNKNOWN, CF_NO_POSTS, CF_RATE_CURRENCY, CF_RATE_UNKNOWN,
  DROP_BENCH_BAND, DROP_BENCH_PLATFORM, DROP_BENCH_VERSION, DROP_COUNTRY, DROP_ER, DROP_FOLLOWERS,
  DROP_LANGUAGE, DROP_NO_POSTS, DROP_RATE, DROP_RATE_CURRENCY, ER_GIVEN, ER_MEDIANS,
} from "./scratch.ts";
import type { Scratch } from "./scratch.ts";
import { CF_NO_HISTORY, DROP_NO_HISTORY, FEW_POSTS_DROPS, FEW_POSTS_UNTIL } from "./scratch.ts";
import { ER_FLOOR, MAX_POSTS, priorOfBand } from "./shrinkage.ts";
import type { PriorContext } from "./shrinkage.ts";
import { normCdf, nonNeg, positive, round1, round2 } from "./stats.ts";
import type { AccountInput } from "./types.ts";

/** Index into EXCLUSION_FILTERS, or -1 when the account passes every hard filter. */
export type FilterOutcome = number;
export const PASSED = -1;
export const F_PLATFORM = 0;
export const F_COUNTRY = 1;
export const F_FOLLOWERS = 2;
export const F_NICHE = 3;
export const F_MIN_ER = 4;
export const F_MAX_RATE = 5;
export const F_BUDGET = 6;

/** Basics shared by filters and components: followers, ER, percentile band, rate. */
function prepare(a: AccountInput, cc: CompiledCriteria, s: Scratch, ctx: PriorContext): void {
  s.reset();
  s.followers = positive(a.followers);
  s.following = nonNeg(a.following);
  const pi = platformIndex(a.platform);
  s.platformIdx = pi;
  s.perView = pi === 1 || pi === 2;
  const bench = cc.bench[pi] ?? (cc.bench[0] as NonNullable<(typeof cc.bench)[number]>);
  s.bench = bench;
  s.band = findBand(bench, s.followers);

  const given = nonNeg(a.medianEr);
  if (given >= 0) {
    s.er = given;
    s.erSource = ER_GIVEN;
  } else {
    const eng = nonNeg(a.medianEngagements);
    if (eng >= 0) {
      const denom = s.perView ? positive(a.medianViews) : s.followers;
      if (denom > 0) {
        const er = eng / denom;
        if (er < Infinity) {
          s.er = er;
          s.erSource = ER_MEDIANS;
        }
      }
    }
  }
  const sample = nonNeg(a.sampledPosts);
  s.erSample = sample > 0 ? Math.floor(sample) : 0;
  const posts = a.posts;
  s.clLo = ctx.clLo;
  s.clHi = ctx.clHi;
  if (Array.isArray(posts) && posts.length > 0) analysePosts(posts, cc, s);
  if (s.er >= 0) {
    // Empirical-Bayes shrinkage toward the tier's median; percentiles of the estimate and of its lower end.
    const band = s.band;
    const prior = priorOfBand(bench, ctx.byPlatform[pi] ?? (ctx.byPlatform[0] as NonNullable<(typeof ctx.byPlatform)[number]>), band);
    const n = s.erSample < 1 ? 1 : s.erSample > MAX_POSTS ? MAX_POSTS : s.erSample;
    // From the posts when they are known (the median post in log space), else the median ER given.
    const ln = s.postErN >= 2 && s.postErN >= s.erSample ? s.lnPostMedian : Math.log(s.er > ER_FLOOR ? s.er : ER_FLOOR);
    const mu = prior.lnMedian + (prior.weight[n] as number) * (ln - prior.lnMedian);
    const zSd = prior.zSd[n] as number;
    s.prior = prior;
    s.shrinkN = n;
    s.lnShrunk = mu;
    s.zSd = zSd;
    s.pctRaw = percentileInBand(s.er, band);
    s.pct = 100 * normCdf((mu - band.lnMedian) * band.invSigma);
    s.zLo = (mu - zSd - band.lnMedian) * band.invSigma;
    s.pctLo = 100 * normCdf(s.zLo);
  }

  const rate = positive(a.rate);
  if (rate > 0) {
    s.rate = rate;
    const cur = a.currency;
    if (cc.currency !== null && typeof cur === "string" && cur.trim() !== "" && !sameCode(cur.trim(), cc.currency)) {
      s.rateOtherCurrency = true;
    }
  }
}

function failedFilter(a: AccountInput, cc: CompiledCriteria, s: Scratch): FilterOutcome {
  if (cc.platforms !== null && !cc.platforms.includes(a.platform)) return F_PLATFORM;
  if (cc.countries !== null) {
    const c = a.country;
    if (typeof c === "string" && c.trim() !== "" && !codeIn(cc.countries, c.trim())) return F_COUNTRY;
  }
  const f = s.followers;
  if (f > 0 && (f < cc.softLo || f > cc.softHi)) return F_FOLLOWERS;
  if (cc.concepts.length > 0) {
    collectNiche(a, cc, s);
    s.nicheCollected = true;
    if ((s.catMask | s.tagMask | s.bioMask) === 0) return F_NICHE;
  }
  // A minimum ER asked for is a minimum known ER: an unknown ER does not pass it.
  if (cc.minEr > 0 && s.er < cc.minEr) return F_MIN_ER;
  const comparableRate = s.rate > 0 && !s.rateOtherCurrency;
  if (comparableRate && cc.maxRate >= 0 && s.rate > cc.maxRate) return F_MAX_RATE;
  if (comparableRate && cc.budget >= 0 && s.rate > cc.budget) return F_BUDGET;
  return PASSED;
}

function components(a: AccountInput, cc: CompiledCriteria, s: Scratch): void {
  const v = s.values;
  if (!s.nicheCollected) collectNiche(a, cc, s);
  v[C_TIER] = round1(tierFitValue(cc, s));
  v[C_ENGAGEMENT] = round1(engagementValue(s));
  v[C_AUTH] = round1(authenticityValue(a, s));
  v[C_NICHE] = round1(nicheValue(cc, s));
  v[C_AUDIENCE] = round1(audienceValue(a, cc, s));
  v[C_COST] = round1(costValue(a, s));
  v[C_BRAND] = round1(brandSafetyValue(s));
  v[C_RELIABILITY] = round1(reliabilityValue(a, s));
  const w = cc.weightArr;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (v[i] as number) * (w[i] as number);
  s.score = round1(sum < 0 ? 0 : sum > 100 ? 100 : sum);

  // Confidence: each missing piece drops it by a fixed amount (CONFIDENCE_DROPS).
  let flags = 0;
  let conf = 1;
  if (s.followers < 0) {
    flags |= CF_FOLLOWERS_UNKNOWN;
    conf -= DROP_FOLLOWERS;
  }
  if (s.er < 0) {
    flags |= CF_ER_UNKNOWN;
    conf -= DROP_ER;
  } else if (s.erSample < FEW_POSTS_UNTIL) {
    flags |= CF_ER_FEW_POSTS;
    conf -= FEW_POSTS_DROPS[s.erSample] as number;
  }
  const bench = s.bench;
  if (bench !== null) {
    if (bench.platformFallback) {
      flags |= CF_BENCH_PLATFORM;
      conf -= DROP_BENCH_PLATFORM;
    }
    if (bench.unknownVersion) {
      flags |= CF_BENCH_VERSION;
      conf -= DROP_BENCH_VERSION;
    }
    if (s.er >= 0 && s.followers > 0 && s.band !== null && isBandFallback(s.band, s.followers)) {
      flags |= CF_BENCH_BAND;
      conf -= DROP_BENCH_BAND;
    }
  }
  if (s.countryState === AUD_UNKNOWN) {
    flags |= CF_COUNTRY_UNKNOWN;
    conf -= DROP_COUNTRY;
  }
  if (s.languageState === AUD_UNKNOWN) {
    flags |= CF_LANGUAGE_UNKNOWN;
    conf -= DROP_LANGUAGE;
  }
  if (s.rate <= 0) {
    flags |= CF_RATE_UNKNOWN;
    conf -= DROP_RATE;
  } else if (s.rateOtherCurrency) {
    flags |= CF_RATE_CURRENCY;
    conf -= DROP_RATE_CURRENCY;
  }
  if (s.postsSeen === 0) {
    flags |= CF_NO_POSTS;
    conf -= DROP_NO_POSTS;
  }
  if (s.historyPoints < 2) {
    flags |= CF_NO_HISTORY;
    conf -= DROP_NO_HISTORY;
  }
  s.confFlags = flags;
  s.confidence = round2(conf < 0 ? 0 : conf);
}

/**
 * Scores one account into `s`. With `filters`, returns the first hard filter that fails
 * (components are then not computed) or PASSED.
 */
export function evaluate(a: AccountInput, cc: CompiledCriteria, s: Scratch, filters: boolean, ctx: PriorContext): FilterOutcome {
  prepare(a, cc, s, ctx);
  if (filters) {
    const failed = failedFilter(a, cc, s);
    if (failed !== PASSED) return failed;
  }
  components(a, cc, s);
  return PASSED;
}

/** The first hard filter an account fails, or PASSED (for reporting in scoreAccount users). */
export function hardFilterOutcome(a: AccountInput, cc: CompiledCriteria, s: Scratch, ctx: PriorContext): FilterOutcome {
  prepare(a, cc, s, ctx);
  return failedFilter(a, cc, s);
}

