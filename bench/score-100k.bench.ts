/**
 * rankAccounts over 100,000 generated accounts, top 50. Target: ≤ 100 ms per run on a 2-core
 * machine (≥ 1,000,000 accounts/s). Run by bench/run.ts: setup once, then `runs` timed runs.
 */
import { rankAccounts } from "../src/core/scoring/index.ts";
import type { AccountInput, Criteria } from "../src/core/scoring/index.ts";
import { genAccounts } from "../test/unit/scoring/gen.ts";

const COUNT = 100_000;
const SEED = 20_261_121;

const criteria: Criteria = {
  objective: "sales",
  niche: ["food", "vegan"],
  followers: { min: 5_000, max: 50_000 },
};

let accounts: AccountInput[] = [];

export default {
  name: "score-100k",
  unit: "ms" as const,
  runs: 7,
  notes: "rankAccounts over 100,000 generated accounts in process, top 50 (target <= 100 ms, i.e. >= 1,000,000 accounts/s)",
  async setup(): Promise<void> {
    accounts = genAccounts(COUNT, SEED);
    // JIT warm-up on other criteria (a long-running bot is warm); the timed criteria stay cold.
    rankAccounts(accounts.slice(0, 20_000), { objective: "awareness", niche: ["travel"] }, { top: 10 });
  },
  async run(): Promise<Record<string, unknown>> {
    const r = rankAccounts(accounts, criteria, { top: 50 });
    return { accounts: accounts.length, considered: r.considered, excluded: r.excluded, best: r.results[0]?.score ?? null };
  },
};
