// The shortlist use case: load candidates (filters the database can apply are pushed down), rank
// them all on what every account has, then re-rank the front runners with their recent posts,
// follower history and track record, and keep the top N, each fully explained.
import type { Platform } from "../platform.ts";
import { nichePatterns, rankAccounts } from "../scoring/index.ts";
import type { AccountInput, Criteria, ErPriors, FollowerSnapshot, PostSample, ScoreResult, TrackRecord } from "../scoring/index.ts";

/** A candidate as stored, with what the shortlist needs besides the scorer's input. */
export interface Candidate extends AccountInput {
  creatorId: string;
}

export interface CandidateQuery {
  platforms?: Platform[] | undefined;
  countries?: string[] | undefined;
  /** Accounts outside [min/2, max*2] are excluded (the scorer's soft edges). */
  followers: { min: number; max: number };
  /** LIKE patterns of the niche phrases (nichePatterns); accounts whose niche key matches none are excluded. */
  nichePatterns?: string[] | null | undefined;
}

/** The store's side of the shortlist (implemented in src/store). */
export interface ShortlistStore {
  /** Accounts that pass the pushed-down filters, a chunk at a time (so memory stays bounded). */
  candidates(q: CandidateQuery): AsyncIterable<Candidate[]>;
  /** How many accounts each pushed-down filter removed (under the first filter that failed). */
  excludedBy(q: CandidateQuery): Promise<{ platform: number; country: number; followers: number; niche: number }>;
  /** Recent posts (30 latest), follower history and track record of these accounts. */
  details(accounts: Candidate[]): Promise<Map<string, { posts: PostSample[]; history: FollowerSnapshot[]; track?: TrackRecord }>>;
  /** Account ids whose creator already takes part (invited, opted in...) in the campaign, or in any open campaign. */
  takingPart(campaignId?: string): Promise<Set<string>>;
  /** Accounts with this handle (on every platform unless one is given). */
  findByHandle(handle: string, platform?: Platform): Promise<Candidate[]>;
  /** Records that these accounts were shown in a shortlist at `at` (roster refresh covers them for 30 days). */
  markShortlisted?(accountIds: string[], at: Date): Promise<void>;
  /** ER shrinkage priors fitted on the roster (refitted when the roster changes, not per query); null: none yet. */
  erPriors?(): Promise<ErPriors | null>;
}

export interface ShortlistResult {
  results: ScoreResult[];
  /** Accounts scored (those that passed every filter). */
  considered: number;
  /** Accounts removed, per filter. */
  excluded: Record<string, number>;
  /** The filter that removed the most, when it removed any. */
  mostRestrictive: { filter: string; removed: number } | null;
  /** Accounts looked at in all. */
  total: number;
}

/** Front runners re-ranked with their posts: a few times the requested size. */
const frontRunners = (top: number) => Math.max(top * 3, 60);

export async function shortlist(
  store: ShortlistStore,
  criteria: Criteria,
  opts: { top: number; excludeTakingPart?: boolean; campaignId?: string | undefined },
): Promise<ShortlistResult> {
  const query: CandidateQuery = {
    platforms: criteria.platforms,
    countries: criteria.countries,
    followers: criteria.followers ?? { min: 1_000, max: 100_000 },
    nichePatterns: nichePatterns(criteria),
  };
  const [pushed, taking, priors] = await Promise.all([
    store.excludedBy(query),
    opts.excludeTakingPart ? store.takingPart(opts.campaignId) : Promise.resolve(new Set<string>()),
    store.erPriors ? store.erPriors() : Promise.resolve(null),
  ]);
  // First pass, a chunk at a time: keep each chunk's front runners, then rank those together.
  const size = frontRunners(opts.top);
  const excluded: Record<string, number> = {};
  let considered = 0;
  let loaded = 0;
  let invited = 0;
  let pool: Candidate[] = [];
  for await (const chunk of store.candidates(query)) {
    loaded += chunk.length;
    const accounts = taking.size ? chunk.filter((a) => !taking.has(a.id)) : chunk;
    invited += chunk.length - accounts.length;
    const r = rankAccounts(accounts, criteria, { top: size, priors });
    considered += r.considered;
    for (const [k, v] of Object.entries(r.excluded)) excluded[k] = (excluded[k] ?? 0) + v;
    const byId = new Map(accounts.map((a) => [a.id, a]));
    pool = pool.concat(r.results.map((x) => byId.get(x.accountId)!));
  }
  const first = rankAccounts(pool, criteria, { top: size, priors });
  for (const k of Object.keys(first.excluded)) excluded[k] ??= 0;
  const byId = new Map(pool.map((a) => [a.id, a]));
  const front = first.results.map((r) => byId.get(r.accountId)!);
  const details = await store.details(front);
  const enriched = front.map((a) => {
    const d = details.get(a.id);
    return d ? { ...a, posts: d.posts, history: d.history, ...(d.track ? { track: d.track } : {}) } : a;
  });
  const second = rankAccounts(enriched, criteria, { top: opts.top, priors });
  for (const [k, v] of Object.entries(pushed)) excluded[k] = (excluded[k] ?? 0) + v;
  if (opts.excludeTakingPart) excluded.invited = invited;
  const worst = Object.entries(excluded).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return {
    results: second.results,
    considered,
    excluded,
    mostRestrictive: worst && worst[1] > 0 ? { filter: worst[0], removed: worst[1] } : null,
    total: loaded + pushed.platform + pushed.country + pushed.followers + pushed.niche,
  };
}
