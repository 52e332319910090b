/** Scout scoring core: pure, deterministic, no I/O. */
export type {
  AccountInput, BrandSafetyReport, ComponentName, ComponentScore, Criteria, ExclusionFilter, FollowerSnapshot,
  Objective, Platform, PostSample, RankOptions, RankResult, ScoreResult, Tier, TrackRecord, Weights,
} from "./types.ts";
export { COMPONENT_NAMES, EXCLUSION_FILTERS, OBJECTIVES, PLATFORMS } from "./types.ts";
export { tierOf } from "./tiers.ts";
export { compactTerm, normalizeTerm, singularize } from "./normalize.ts";
export type { BenchmarkBand, BenchmarkVersion } from "./benchmarks.ts";
export { CURRENT_BENCHMARK_VERSION, DEFAULT_BENCHMARK, ER_BENCHMARKS, erPercentile, isPerView } from "./benchmarks.ts";
export { defaultWeights, resolveWeights } from "./weights.ts";
export type { CriteriaInput } from "./criteria.ts";
export { criteriaSchema, DEFAULT_DISCLOSURES, parseCriteria, safeParseCriteria, VAGUE_DISCLOSURES } from "./criteria.ts";
export { COMPONENT_LABELS } from "./explain.ts";
export { createScorer, scoreAccount } from "./score.ts";
export type { Scorer } from "./score.ts";
export { DEFAULT_TOP, rankAccounts } from "./rank.ts";
export { nicheKey, nichePatterns } from "./niche-key.ts";
export type { ErPrior, ErPriors, ErSample } from "./shrinkage.ts";
export { fitErPriors, perPostEr } from "./shrinkage.ts";
export type { EvalAccount, EvalFigures, EvalOptions, EvalPost } from "./evaluation.ts";
export { evaluateScoring, spearman } from "./evaluation.ts";
