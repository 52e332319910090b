// Each interaction is handled once: its id is claimed in memory (a duplicate delivery in this
// process) and in the ProcessedRequest table (another process, or a gateway replay after a resume)
// before anything is answered, so a duplicate INTERACTION_CREATE gets no second callback.
import type { PrismaClient } from "../../store/db.ts";
import type { Logger } from "../../logger.ts";
import { createRequestClaims } from "../../store/request-claims.ts";

export interface Dedupe {
  /** True the first time this process sees the key (no database: it runs before the 3-second answer). */
  first(key: string): boolean;
  /** True when no process has claimed the key before (the ProcessedRequest row). */
  claim(key: string): Promise<boolean>;
  prune(days: number): Promise<number>;
}

export function createDedupe(prisma: PrismaClient, log: Logger, memoryMax = 10_000, claimBudgetMs = 1000): Dedupe {
  const seen = new Set<string>();
  const claims = createRequestClaims(prisma, "discord", log);
  return {
    first(key) {
      if (seen.has(key)) return false;
      seen.add(key);
      // A Set keeps insertion order: forget the oldest when full.
      if (seen.size > memoryMax) seen.delete(seen.values().next().value!);
      return true;
    },
    // A busy database must not cost the 3-second answer: past the budget, this process's own claim stands.
    claim: (key) => claims.claim(key, { budgetMs: claimBudgetMs }),
    prune: (days) => claims.prune(days),
  };
}
