/** Entry points: scoreAccount for one account, createScorer to reuse compiled criteria. */
import type { CompiledCriteria } from "./compile.ts";
import { getCompiled } from "./compile.ts";
import { evaluate, hardFilterOutcome, PASSED } from "./evaluate.ts";
import { explain } from "./explain.ts";
import { rankCompiled, DEFAULT_TOP } from "./rank.ts";
import { Scratch } from "./scratch.ts";
import { priorContext } from "./shrinkage.ts";
import type { ErPriors, PriorContext } from "./shrinkage.ts";
import { EXCLUSION_FILTERS } from "./types.ts";
import type { AccountInput, Criteria, ExclusionFilter, RankOptions, RankResult, ScoreResult } from "./types.ts";

function scoreCompiled(account: AccountInput, cc: CompiledCriteria, s: Scratch, ctx: PriorContext): ScoreResult {
  const a = (account !== null && typeof account === "object" ? account : {}) as AccountInput;
  evaluate(a, cc, s, false, ctx);
  return explain(a, cc, s);
}

/**
 * Full explanation for one account. Hard filters are not applied (see `excludedBy`); the
 * score is the same number rankAccounts ranks it by.
 */
export function scoreAccount(account: AccountInput, criteria: Criteria, priors?: ErPriors | null): ScoreResult {
  const cc = getCompiled(criteria);
  return scoreCompiled(account, cc, new Scratch(), priorContext(cc.bench, priors));
}

export interface Scorer {
  readonly criteria: Criteria;
  score(account: AccountInput): ScoreResult;
  rank(accounts: readonly AccountInput[], options?: RankOptions): RankResult;
  /** The first hard filter the account fails, or null when it passes them all. */
  excludedBy(account: AccountInput): ExclusionFilter | null;
}

/** Compiles criteria once (niche terms, benchmarks, weights, match caches) for repeated use; `priors` as in rankAccounts. */
export function createScorer(criteria: Criteria, priors?: ErPriors | null): Scorer {
  const cc = getCompiled(criteria);
  const s = new Scratch();
  const ctx = priorContext(cc.bench, priors);
  return {
    criteria,
    score: (account) => scoreCompiled(account, cc, s, ctx),
    rank: (accounts, options = {}) =>
      rankCompiled(
        accounts,
        cc,
        typeof options.top === "number" && options.top >= 0 ? options.top : DEFAULT_TOP,
        options.priors !== undefined ? priorContext(cc.bench, options.priors) : ctx,
      ),
    excludedBy: (account) => {
      if (account === null || typeof account !== "object") return null;
      const outcome = hardFilterOutcome(account, cc, s, ctx);
      return outcome === PASSED ? null : (EXCLUSION_FILTERS[outcome] ?? null);
    },
  };
}
