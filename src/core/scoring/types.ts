/**
 * Public input and output types of the scoring core.
 * Pure data: no I/O, no chat or database library.
 */

import type { Platform } from "../platform.ts";
import type { ErPriors } from "./shrinkage.ts";

export type { Platform } from "../platform.ts";
export { PLATFORMS } from "../platform.ts";
export type Objective = "awareness" | "traffic" | "leads" | "sales";
export type Tier = "nano" | "micro" | "mid" | "macro" | "mega" | "unknown";

export const OBJECTIVES: readonly Objective[] = ["awareness", "traffic", "leads", "sales"];

export interface PostSample {
  postedAt?: Date | null;
  likes?: number | null;
  comments?: number | null;
  shares?: number | null;
  saves?: number | null;
  views?: number | null;
  isVideo?: boolean;
  isSponsored?: boolean;
  sponsorTags?: number;
  hashtags?: string[];
  caption?: string | null;
}

export interface FollowerSnapshot {
  takenOn: Date;
  followers: number | null;
  following: number | null;
  /** Where the figures came from: "platform" (fetched by roster refresh), "import", "creator", "manual". */
  source?: string | null;
}

export interface TrackRecord {
  participations: number;
  delivered: number;
  onTime: number;
  approvedFirstTime: number;
}

export interface AccountInput {
  id: string;
  handle: string;
  platform: Platform;
  followers: number | null;
  following: number | null;
  postsCount: number | null;
  medianEngagements: number | null;
  medianViews: number | null;
  /** Fraction, per follower (or per view on TikTok/YouTube). */
  medianEr: number | null;
  /** Posts the medians came from. */
  sampledPosts: number;
  categories: string[];
  hashtags: string[];
  bio?: string | null;
  /** ISO-3166 alpha-2, upper case. */
  country: string | null;
  /** ISO-639-1, lower case. */
  language: string | null;
  /** Price per deliverable. */
  rate: number | null;
  currency: string | null;
  /** Recent posts when known (consistency, unevenness, brand safety). */
  posts?: PostSample[];
  /** Follower history when known. */
  history?: FollowerSnapshot[];
  /** Past campaigns with this brand. */
  track?: TrackRecord;
}

/** Fixed order: components are always listed (and weighted) in this order. */
export const COMPONENT_NAMES = [
  "tierFit",
  "engagement",
  "authenticity",
  "niche",
  "audience",
  "cost",
  "brandSafety",
  "reliability",
] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];
export type Weights = Record<ComponentName, number>;

export interface Criteria {
  /** Default "awareness". */
  objective: Objective;
  /** Niche terms, may be multi-word ("plant based"). */
  niche: string[];
  /** Per-campaign synonyms: term -> alternatives. */
  synonyms?: Record<string, string[]>;
  /** Default micro: 1,000–100,000. */
  followers?: { min: number; max: number };
  platforms?: Platform[];
  countries?: string[];
  languages?: string[];
  minEr?: number;
  maxRate?: number;
  budget?: number;
  currency?: string;
  /** Competitor brand names or handles. */
  competitors?: string[];
  /** Disclosure tags/phrases that count; default DEFAULT_DISCLOSURES. */
  requiredDisclosure?: string[];
  /** Overrides, renormalised so weights sum to 1. */
  weights?: Partial<Record<ComponentName, number>>;
  /** Default: the current version for each platform. */
  benchmarkVersion?: string;
}

export interface ComponentScore {
  name: ComponentName;
  /** 0–100, one decimal. */
  value: number;
  /** 0–1; the weights of one result sum to 1. */
  weight: number;
  /** Plain-English sentence with the numbers. */
  reason: string;
}

export interface BrandSafetyReport {
  sponsoredPosts: number;
  undisclosedSponsoredPosts: number;
  /** Sponsored posts disclosed only by the platform's paid-partnership label (weak). */
  weakDisclosurePosts: number;
  competitorMentions: string[];
  flags: string[];
}

export interface ScoreResult {
  accountId: string;
  handle: string;
  platform: Platform;
  followers: number | null;
  tier: Tier;
  /** 0–100, one decimal: round(sum(value * weight), 1). */
  score: number;
  /** 0–1, two decimals. */
  confidence: number;
  confidenceNotes: string[];
  /** Engagement rate used (fraction), per follower or per view; null when unknown. */
  er: number | null;
  /** 0–100 (one decimal) of the shrunk ER within platform and follower band; null when ER is unknown. */
  erPercentile: number | null;
  /**
   * The ER shrunk toward the tier's median (empirical Bayes, strength from the posts it rests on),
   * with its range (10th–90th percentile): ranking uses the lower end. null when ER is unknown.
   */
  erEstimate: {
    er: number;
    low: number;
    high: number;
    /** Posts the measured ER rests on (0 = unknown, counted as 1). */
    posts: number;
    /** The tier's median ER it was shrunk toward, and whether it was fitted on the roster (else the benchmark's). */
    tierMedian: number;
    fitted: boolean;
    /** Percentile of the lower end (what engagement ranks on). */
    lowPercentile: number;
  } | null;
  benchmarkVersion: string;
  categories: string[];
  hashtags: string[];
  components: ComponentScore[];
  topReasons: [string, string, string];
  brandSafety: BrandSafetyReport;
}

export type ExclusionFilter = "platform" | "country" | "followers" | "niche" | "min-er" | "max-rate" | "budget";
/** Hard filters in the order they are tried. Unknown values pass, except where the marketer set a
 *  threshold on them: niche terms must match something, and min-er needs a known ER. */
export const EXCLUSION_FILTERS: readonly ExclusionFilter[] = [
  "platform",
  "country",
  "followers",
  "niche",
  "min-er",
  "max-rate",
  "budget",
];

export interface RankOptions {
  /** How many fully explained results to return; default 50. */
  top?: number;
  /** ER shrinkage priors fitted on the roster (fitErPriors); default: from the benchmark table. */
  priors?: ErPriors | null;
}

export interface RankResult {
  /** Best first, at most `top`. */
  results: ScoreResult[];
  /** Accounts that passed the hard filters and were scored (accounts.length = considered + sum of excluded). */
  considered: number;
  /** Accounts excluded, per filter name (the first filter that failed). */
  excluded: Record<ExclusionFilter, number>;
}
