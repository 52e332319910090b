/**
 * Reusable per-account working state of the numeric pass. One instance is reused across all
 * accounts of a ranking, so the hot loop allocates nothing; the explanation is built from it.
 */
import type { CompiledBand, ResolvedBenchmark } from "./benchmarks.ts";
import type { CompiledPrior } from "./shrinkage.ts";

/** Component indexes, in COMPONENT_NAMES order. */
export const C_TIER = 0;
export const C_ENGAGEMENT = 1;
export const C_AUTH = 2;
export const C_NICHE = 3;
export const C_AUDIENCE = 4;
export const C_COST = 5;
export const C_BRAND = 6;
export const C_RELIABILITY = 7;

/** Confidence drops: bit -> amount. */
export const CF_FOLLOWERS_UNKNOWN = 1;
export const CF_ER_UNKNOWN = 2;
export const CF_ER_FEW_POSTS = 4;
export const CF_BENCH_PLATFORM = 8;
export const CF_BENCH_BAND = 16;
export const CF_COUNTRY_UNKNOWN = 32;
export const CF_LANGUAGE_UNKNOWN = 64;
export const CF_RATE_UNKNOWN = 128;
export const CF_RATE_CURRENCY = 256;
export const CF_NO_POSTS = 512;
export const CF_BENCH_VERSION = 1024;
export const CF_NO_HISTORY = 2048;

export const DROP_FOLLOWERS = 0.25;
export const DROP_ER = 0.25;
export const DROP_FEW_POSTS = 0.1;
export const DROP_BENCH_PLATFORM = 0.1;
export const DROP_BENCH_BAND = 0.05;
export const DROP_COUNTRY = 0.1;
export const DROP_LANGUAGE = 0.05;
export const DROP_RATE = 0.1;
export const DROP_RATE_CURRENCY = 0.1;
export const DROP_NO_POSTS = 0.1;
export const DROP_BENCH_VERSION = 0.05;
export const DROP_NO_HISTORY = 0.05;
/** The few-posts drop by posts the ER rests on (index = posts, 0 = unknown); none from FEW_POSTS_UNTIL on. */
export const FEW_POSTS_DROPS: readonly number[] = [0.25, 0.25, 0.2, 0.15, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05];
export const FEW_POSTS_UNTIL = FEW_POSTS_DROPS.length;

export const CONFIDENCE_DROPS: readonly (readonly [number, number])[] = [
  [CF_FOLLOWERS_UNKNOWN, DROP_FOLLOWERS],
  [CF_ER_UNKNOWN, DROP_ER],
  [CF_ER_FEW_POSTS, DROP_FEW_POSTS],
  [CF_BENCH_PLATFORM, DROP_BENCH_PLATFORM],
  [CF_BENCH_BAND, DROP_BENCH_BAND],
  [CF_COUNTRY_UNKNOWN, DROP_COUNTRY],
  [CF_LANGUAGE_UNKNOWN, DROP_LANGUAGE],
  [CF_RATE_UNKNOWN, DROP_RATE],
  [CF_RATE_CURRENCY, DROP_RATE_CURRENCY],
  [CF_NO_POSTS, DROP_NO_POSTS],
  [CF_BENCH_VERSION, DROP_BENCH_VERSION],
  [CF_NO_HISTORY, DROP_NO_HISTORY],
];

/** Where the ER came from. */
export const ER_NONE = 0;
export const ER_GIVEN = 1;
export const ER_MEDIANS = 2;
export const ER_POSTS = 3;

/** Audience states. */
export const AUD_NOT_TARGETED = 0;
export const AUD_MATCH = 1;
export const AUD_MISMATCH = 2;
export const AUD_UNKNOWN = 3;

/** Posts/ER sample below which the ER counts as thin. */
export const MIN_SAMPLE_POSTS = 5;

export class Scratch {
  readonly values = new Float64Array(8);
  score = 0;
  confidence = 1;
  confFlags = 0;

  // Basics
  followers = -1;
  following = -1;
  platformIdx = 0;
  perView = false;
  bench: ResolvedBenchmark | null = null;
  band: CompiledBand | null = null;
  er = -1;
  erSource = ER_NONE;
  /** Posts the ER rests on. */
  erSample = 0;
  /** Unrounded percentile of the shrunk ER, -1 when ER unknown. */
  pct = -1;
  /** Percentile of the lower end of the ER's range (what engagement ranks on). */
  pctLo = -1;
  /** z-score of the lower end within the band. */
  zLo = 0;
  /** Percentile of the measured (raw) ER. */
  pctRaw = -1;
  /** ln of the shrunk ER, and RANGE_Z times its spread (the range is exp(ln ± zSd)). */
  lnShrunk = 0;
  zSd = 0;
  prior: CompiledPrior | null = null;
  /** Posts the shrinkage counted (1..MAX_POSTS; unknown counts as 1). */
  shrinkN = 0;
  rate = -1;
  rateOtherCurrency = false;

  // Posts pass
  postsSeen = 0;
  postErN = 0;
  /** ln of the median per-post ER (log space), NaN when no post has one. */
  lnPostMedian = NaN;
  /** Coefficient of variation of per-post ER, -1 when not computed. */
  erCv = -1;
  likesN = 0;
  likesMedian = -1;
  unevenCount = 0;
  sponsored = 0;
  undisclosed = 0;
  /** Sponsored posts disclosed only by the platform's paid-partnership label. */
  weakDisclosed = 0;
  /** Competitor bits in sponsored posts. */
  compPosts = 0;
  /** Latest post time (ms), 0 when unknown. */
  lastPostT = 0;
  likesSum = 0;
  commentsSum = 0;
  giveawayPosts = 0;
  /** Largest engagements of one post as a share of followers (per-follower platforms), -1 unknown. */
  maxPostShare = -1;
  historyPoints = 0;
  /** The roster's usual range of comments per like (set per account from the prior context). */
  clLo = 0;
  clHi = Infinity;

  // Authenticity penalties (0 = none)
  penLowEr = 0;
  penHighEr = 0;
  penF4f = 0;
  penMass = 0;
  penSpike = 0;
  penSeesaw = 0;
  penUneven = 0;
  penGiveaway = 0;
  penViral = 0;
  penRatio = 0;
  /** ER (shrunk) far above its tier; a warning only together with a second signal. */
  erFarAbove = false;
  spikeCount = 0;
  spikeGain = 0;
  spikeDays = 0;
  spikeRel = 0;
  spikeAt = 0;
  /** The snapshot the largest spike is measured from (ms), and both snapshots' sources ("" unknown). */
  spikeFrom = 0;
  spikeFromSource = "";
  spikeAtSource = "";
  seesaw = 0;

  // Niche
  catMask = 0;
  tagMask = 0;
  bioMask = 0;
  /** The niche masks are filled (by the niche filter) for this account. */
  nicheCollected = false;
  /** Competitor bits in the account's own hashtags. */
  compAccount = 0;

  // Audience
  countryState = AUD_NOT_TARGETED;
  languageState = AUD_NOT_TARGETED;

  // Cost
  expEng = -1;
  epm = -1;

  // Reliability
  trackN = 0;

  // Buffers for the posts pass (grown on demand).
  bufA = new Float64Array(64);
  bufB = new Float64Array(64);

  reset(): void {
    this.score = 0;
    this.confidence = 1;
    this.confFlags = 0;
    this.followers = -1;
    this.following = -1;
    this.platformIdx = 0;
    this.perView = false;
    this.bench = null;
    this.band = null;
    this.er = -1;
    this.erSource = ER_NONE;
    this.erSample = 0;
    this.pct = -1;
    this.pctLo = -1;
    this.zLo = 0;
    this.pctRaw = -1;
    this.lnShrunk = 0;
    this.zSd = 0;
    this.prior = null;
    this.shrinkN = 0;
    this.rate = -1;
    this.rateOtherCurrency = false;
    this.postsSeen = 0;
    this.postErN = 0;
    this.lnPostMedian = NaN;
    this.erCv = -1;
    this.likesN = 0;
    this.likesMedian = -1;
    this.unevenCount = 0;
    this.sponsored = 0;
    this.undisclosed = 0;
    this.weakDisclosed = 0;
    this.compPosts = 0;
    this.lastPostT = 0;
    this.likesSum = 0;
    this.commentsSum = 0;
    this.giveawayPosts = 0;
    this.maxPostShare = -1;
    this.historyPoints = 0;
    this.penLowEr = 0;
    this.penHighEr = 0;
    this.penF4f = 0;
    this.penMass = 0;
    this.penSpike = 0;
    this.penSeesaw = 0;
    this.penUneven = 0;
    this.penGiveaway = 0;
    this.penViral = 0;
    this.penRatio = 0;
    this.erFarAbove = false;
    this.spikeCount = 0;
    this.spikeGain = 0;
    this.spikeDays = 0;
    this.spikeRel = 0;
    this.spikeAt = 0;
    this.spikeFrom = 0;
    this.spikeFromSource = "";
    this.spikeAtSource = "";
    this.seesaw = 0;
    this.catMask = 0;
    this.tagMask = 0;
    this.bioMask = 0;
    this.nicheCollected = false;
    this.compAccount = 0;
    this.countryState = AUD_NOT_TARGETED;
    this.languageState = AUD_NOT_TARGETED;
    this.expEng = -1;
    this.epm = -1;
    this.trackN = 0;
  }

  ensureBuffers(n: number): void {
    if (this.bufA.length < n) {
      let size = this.bufA.length;
      while (size < n) size *= 2;
      this.bufA = new Float64Array(size);
      this.bufB = new Float64Array(size);
    }
  }
}
