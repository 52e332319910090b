/**
 * rankAccounts: a fast numeric pass over every account (hard filters, then scores), a bounded
 * heap keeping the best N, and full explanations for those N only.
 * Order: score desc, confidence desc, then evidence (more posts with data, then the more recent latest
 * post), then id asc: total and deterministic, and never by handle (alphabetical luck is not a reason).
 */
import type { CompiledCriteria } from "./compile.ts";
import { getCompiled } from "./compile.ts";
import { evaluate, PASSED } from "./evaluate.ts";
import { explain } from "./explain.ts";
import { Scratch } from "./scratch.ts";
import { priorContext } from "./shrinkage.ts";
import type { ErPriors, PriorContext } from "./shrinkage.ts";
import { EXCLUSION_FILTERS } from "./types.ts";
import type { AccountInput, Criteria, ExclusionFilter, RankOptions, RankResult, ScoreResult } from "./types.ts";

export const DEFAULT_TOP = 50;

function str(x: unknown): string {
  return typeof x === "string" ? x : String(x);
}

/** Negative when account i (score si, confidence ci, posts ni, latest post ti) ranks before account j. */
function compareRank(
  accounts: readonly AccountInput[],
  i: number,
  si: number,
  ci: number,
  ni: number,
  ti: number,
  j: number,
  sj: number,
  cj: number,
  nj: number,
  tj: number,
): number {
  if (si !== sj) return sj - si;
  if (ci !== cj) return cj - ci;
  if (ni !== nj) return nj - ni;
  if (ti !== tj) return tj - ti;
  const ia = str(accounts[i]!.id);
  const ib = str(accounts[j]!.id);
  if (ia !== ib) return ia < ib ? -1 : 1;
  return i - j;
}

/**
 * Bounded heap of the best `cap` accounts. The root is the worst kept account, so a new one
 * enters only when it ranks before the root.
 */
class TopHeap {
  readonly idx: Int32Array;
  readonly score: Float64Array;
  readonly conf: Float64Array;
  readonly posts: Float64Array;
  readonly last: Float64Array;
  size = 0;
  constructor(
    readonly cap: number,
    readonly accounts: readonly AccountInput[],
  ) {
    this.idx = new Int32Array(cap);
    this.score = new Float64Array(cap);
    this.conf = new Float64Array(cap);
    this.posts = new Float64Array(cap);
    this.last = new Float64Array(cap);
  }

  /** Whether slot x ranks after (is worse than) slot y. */
  private worse(x: number, y: number): boolean {
    return this.cmp(x, y) > 0;
  }

  private cmp(x: number, y: number): number {
    return compareRank(
      this.accounts,
      this.idx[x]!, this.score[x]!, this.conf[x]!, this.posts[x]!, this.last[x]!,
      this.idx[y]!, this.score[y]!, this.conf[y]!, this.posts[y]!, this.last[y]!,
    );
  }

  private put(k: number, i: number, score: number, conf: number, posts: number, last: number): void {
    this.idx[k] = i;
    this.score[k] = score;
    this.conf[k] = conf;
    this.posts[k] = posts;
    this.last[k] = last;
  }

  private swap(x: number, y: number): void {
    const i = this.idx[x]!;
    const s = this.score[x]!;
    const c = this.conf[x]!;
    const n = this.posts[x]!;
    const t = this.last[x]!;
    this.put(x, this.idx[y]!, this.score[y]!, this.conf[y]!, this.posts[y]!, this.last[y]!);
    this.put(y, i, s, c, n, t);
  }

  offer(i: number, score: number, conf: number, posts: number, last: number): void {
    if (this.cap === 0) return;
    if (this.size < this.cap) {
      let k = this.size++;
      this.put(k, i, score, conf, posts, last);
      while (k > 0) {
        const parent = (k - 1) >> 1;
        if (!this.worse(k, parent)) break;
        this.swap(k, parent);
        k = parent;
      }
      return;
    }
    // Quick reject on score alone; full comparison only on ties.
    const rootScore = this.score[0]!;
    if (score < rootScore) return;
    if (score === rootScore) {
      const root = 0;
      if (
        compareRank(this.accounts, i, score, conf, posts, last,
          this.idx[root]!, rootScore, this.conf[root]!, this.posts[root]!, this.last[root]!) > 0
      ) return;
    }
    this.put(0, i, score, conf, posts, last);
    let k = 0;
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let m = k;
      if (l < this.size && this.worse(l, m)) m = l;
      if (r < this.size && this.worse(r, m)) m = r;
      if (m === k) break;
      this.swap(k, m);
      k = m;
    }
  }

  /** Kept account indexes, best first. */
  sorted(): number[] {
    const slots = Array.from({ length: this.size }, (_, k) => k);
    slots.sort((x, y) => this.cmp(x, y));
    return slots.map((k) => this.idx[k]!);
  }
}

function emptyExcluded(): Record<ExclusionFilter, number> {
  const out = {} as Record<ExclusionFilter, number>;
  for (const f of EXCLUSION_FILTERS) out[f] = 0;
  return out;
}

export function rankCompiled(accounts: readonly AccountInput[], cc: CompiledCriteria, top: number, ctx: PriorContext): RankResult {
  const list = Array.isArray(accounts) ? accounts : [];
  const cap = Math.max(0, Math.min(Number.isFinite(top) ? Math.floor(top) : DEFAULT_TOP, list.length));
  const heap = new TopHeap(cap, list);
  const s = new Scratch();
  const excludedCounts = new Int32Array(EXCLUSION_FILTERS.length);
  let considered = 0;
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    if (a === null || typeof a !== "object") continue;
    const outcome = evaluate(a, cc, s, true, ctx);
    if (outcome !== PASSED) {
      excludedCounts[outcome]!++;
      continue;
    }
    considered++;
    heap.offer(i, s.score, s.confidence, s.erSample, s.lastPostT);
  }
  const results: ScoreResult[] = [];
  for (const i of heap.sorted()) {
    const a = list[i]!;
    evaluate(a, cc, s, false, ctx);
    results.push(explain(a, cc, s));
  }
  const excluded = emptyExcluded();
  EXCLUSION_FILTERS.forEach((f, k) => {
    excluded[f] = excludedCounts[k]!;
  });
  return { results, considered, excluded };
}

/**
 * Applies the hard filters (platform, country, followers beyond the soft edge, min-er, max-rate,
 * budget; an account is counted under the first that fails, in that order), scores the rest and
 * returns the best `top` (default 50), fully explained. ER is shrunk with `options.priors` (fitted on
 * the roster) or, without them, priors from the benchmark table.
 */
export function rankAccounts(
  accounts: readonly AccountInput[],
  criteria: Criteria,
  options: RankOptions = {},
): RankResult {
  const top = typeof options?.top === "number" && options.top >= 0 ? options.top : DEFAULT_TOP;
  const cc = getCompiled(criteria);
  return rankCompiled(accounts, cc, top, priorContext(cc.bench, options?.priors ?? null));
}
