// Reads for the shortlist: candidates with the columns the scorer needs (filters the database can
// apply are pushed into the query), and the details of the front runners.
import type pg from "pg";
import type { Platform } from "../core/platform.ts";
import type { Candidate, CandidateQuery, ShortlistStore } from "../core/shortlist/shortlist.ts";
import type { ErPriors, ErSample, FollowerSnapshot, PostSample, TrackRecord } from "../core/scoring/index.ts";
import { fitErPriors } from "../core/scoring/index.ts";
import { markShortlisted } from "./account-refresh.repo.ts";
import { PER_VIEW_SQL, recentFirst } from "./sql.ts";

/** The columns the scorer needs, in one place so the benchmark measures the same SELECT. */
export const CANDIDATE_COLUMNS = `a.id, a.creator_id, a.handle, a.platform::text AS platform, a.followers, a.following,
  a.posts_count, a.median_engagements, a.median_views, a.median_er, a.sampled_posts, a.categories, a.hashtags,
  a.bio, a.country, a.language, a.rate::float8 AS rate, a.currency`;

/**
 * The same columns packed into one text per row (fields split by \x1e, list items by \x1f, rows
 * by \x1d): node-pg builds a JavaScript value per column per row, which costs several µs a row at
 * 18 columns; one string per partition and a split cost a fraction of that. Stored text holds no
 * control characters (imports replace them with spaces), so the separators cannot be forged.
 */
export const PACKED_ROW = `concat_ws(chr(30), a.id, a.creator_id, a.handle, a.platform,
  coalesce(a.followers::text, ''), coalesce(a.following::text, ''), coalesce(a.posts_count::text, ''),
  coalesce(a.median_engagements::text, ''), coalesce(a.median_views::text, ''), coalesce(a.median_er::text, ''),
  a.sampled_posts, array_to_string(a.categories, chr(31)), array_to_string(a.hashtags, chr(31)),
  coalesce(a.bio, ''), coalesce(a.country, ''), coalesce(a.language, ''), coalesce(a.rate::text, ''),
  coalesce(a.currency, ''))`;

/** Unknown values pass every filter (the scorer lowers confidence instead). The niche test is a
 *  superset of the scorer's (see src/core/scoring/niche-key.ts); a key not computed yet passes. */
const BASE_FILTERS = `
  ($1::platform[] IS NULL OR a.platform = ANY($1))
  AND ($2::text[] IS NULL OR a.country IS NULL OR a.country = ANY($2))
  AND (a.followers IS NULL OR a.followers BETWEEN $3 AND $4)`;
const NICHE_FILTER = `($5::text[] IS NULL OR a.niche_key IS NULL OR a.niche_key LIKE ANY($5))`;
const FILTERS = `${BASE_FILTERS} AND ${NICHE_FILTER}`;

/** The candidates whose id falls in [$5, $6): ids are random, so ranges split the roster evenly. */
const PARTITION = `
SELECT string_agg(${PACKED_ROW}, chr(29)) AS packed FROM account a
WHERE ${FILTERS} AND a.id >= $6::uuid AND a.id <= $7::uuid`;

/** id ranges read in parallel: PostgreSQL packs one while Node ranks another. */
function partitions(n: number): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const lo = Math.floor((i * 0x10000) / n);
    const hi = Math.floor(((i + 1) * 0x10000) / n) - 1;
    const hex = (x: number) => x.toString(16).padStart(4, "0");
    out.push([`${hex(lo)}0000-0000-0000-0000-000000000000`, `${hex(hi)}ffff-ffff-ffff-ffff-ffffffffffff`]);
  }
  return out;
}

const PARTITIONS = 8;

const EXCLUDED = `
SELECT count(*) FILTER (WHERE NOT ($1::platform[] IS NULL OR a.platform = ANY($1)))::int AS platform,
       count(*) FILTER (WHERE ($1::platform[] IS NULL OR a.platform = ANY($1))
                          AND NOT ($2::text[] IS NULL OR a.country IS NULL OR a.country = ANY($2)))::int AS country,
       count(*) FILTER (WHERE ($1::platform[] IS NULL OR a.platform = ANY($1))
                          AND ($2::text[] IS NULL OR a.country IS NULL OR a.country = ANY($2))
                          AND a.followers IS NOT NULL AND a.followers NOT BETWEEN $3 AND $4)::int AS followers,
       count(*) FILTER (WHERE ${BASE_FILTERS} AND NOT ${NICHE_FILTER})::int AS niche
FROM account a`;

const num = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s));
const str = (s: string | undefined) => (s === undefined || s === "" ? null : s);
const items = (s: string | undefined) => (s === undefined || s === "" ? [] : s.split("\x1f"));

/** Unpacks one chunk of PACKED_ROW rows. */
export function unpack(packed: string): Candidate[] {
  const rows = packed.split("\x1d");
  const out: Candidate[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const f = rows[i]!.split("\x1e");
    out[i] = {
      id: f[0]!,
      creatorId: f[1]!,
      handle: f[2]!,
      platform: f[3] as Platform,
      followers: num(f[4]),
      following: num(f[5]),
      postsCount: num(f[6]),
      medianEngagements: num(f[7]),
      medianViews: num(f[8]),
      medianEr: num(f[9]),
      sampledPosts: Number(f[10]),
      categories: items(f[11]),
      hashtags: items(f[12]),
      bio: str(f[13]),
      country: str(f[14]),
      language: str(f[15]),
      rate: num(f[16]),
      currency: str(f[17]),
    };
  }
  return out;
}

function filterParams(q: CandidateQuery): unknown[] {
  return [
    q.platforms?.length ? q.platforms : null,
    q.countries?.length ? q.countries : null,
    Math.floor(q.followers.min / 2),
    q.followers.max === Infinity ? 2_147_483_647 : Math.min(2_147_483_647, Math.ceil(q.followers.max * 2)),
    q.nichePatterns?.length ? q.nichePatterns : null,
  ];
}

/** What changes when an import (or anything else) writes accounts: the priors are refitted then. */
const ROSTER_VERSION = `SELECT count(*)::int AS n, coalesce(max(updated_at)::text, '') AS at FROM account`;

/** Per-post ER of each account's 30 latest posts, for fitting the shrinkage priors (in id order: deterministic). */
const PRIOR_SAMPLES = `
WITH recent AS (
  SELECT p.account_id, p.likes, p.comments, p.shares, p.saves, p.views,
         row_number() OVER (PARTITION BY p.account_id ORDER BY ${recentFirst("p")}) AS rn
  FROM post p WHERE p.likes IS NOT NULL OR p.comments IS NOT NULL
)
SELECT a.platform::text AS platform, a.followers,
       array_agg((coalesce(r.likes,0) + coalesce(r.comments,0) + coalesce(r.shares,0) + coalesce(r.saves,0))::float8
                 / CASE WHEN a.platform IN ${PER_VIEW_SQL} THEN nullif(r.views, 0) ELSE a.followers END
                 ORDER BY r.rn) AS ers,
       sum(r.likes) FILTER (WHERE r.likes IS NOT NULL AND r.comments IS NOT NULL)::float8 AS likes,
       sum(r.comments) FILTER (WHERE r.likes IS NOT NULL AND r.comments IS NOT NULL)::float8 AS comments
FROM recent r JOIN account a ON a.id = r.account_id
WHERE r.rn <= 30 AND a.followers > 0
GROUP BY a.id ORDER BY a.id`;

export function createShortlistRepo(pool: pg.Pool, opts: { partitions?: number } = {}): ShortlistStore {
  const ranges = partitions(opts.partitions ?? PARTITIONS);
  // Priors are fitted once per roster version (an import changes it), not per query.
  let priors: { version: string; value: Promise<ErPriors | null> } | null = null;
  const fit = async (): Promise<ErPriors | null> => {
    const res = await pool.query<{ platform: string; followers: number; ers: (number | null)[]; likes: number | null; comments: number | null }>(PRIOR_SAMPLES);
    if (!res.rows.length) return null;
    const samples: ErSample[] = res.rows.map((r) => ({
      platform: r.platform,
      followers: r.followers,
      ers: r.ers.filter((e): e is number => typeof e === "number"),
      ...(r.likes !== null ? { likes: r.likes } : {}),
      ...(r.comments !== null ? { comments: r.comments } : {}),
    }));
    return fitErPriors(samples, `the roster's ${samples.length.toLocaleString("en-US")} accounts with posts`);
  };
  return {
    async erPriors() {
      const v = (await pool.query<{ n: number; at: string }>(ROSTER_VERSION)).rows[0]!;
      const version = `${v.n}|${v.at}`;
      if (!priors || priors.version !== version) {
        const value = fit();
        priors = { version, value };
        value.catch(() => {
          if (priors?.value === value) priors = null;
        });
      }
      return priors.value;
    },


    async excludedBy(q) {
      const res = await pool.query<{ platform: number; country: number; followers: number; niche: number }>(EXCLUDED, filterParams(q));
      return res.rows[0]!;
    },

    async *candidates(q) {
      const params = filterParams(q);
      // All partitions are asked at once (a few pool connections); each is yielded when it arrives.
      const pending = ranges.map(([lo, hi]) => pool.query<{ packed: string | null }>(PARTITION, [...params, lo, hi]));
      pending.forEach((p) => p.catch(() => {})); // a failure surfaces below, in order
      for (const p of pending) {
        const packed = (await p).rows[0]?.packed;
        if (packed) yield unpack(packed);
      }
    },

    async details(accounts) {
      const out = new Map<string, { posts: PostSample[]; history: FollowerSnapshot[]; track?: TrackRecord }>();
      if (!accounts.length) return out;
      const ids = accounts.map((a) => a.id);
      const creators = [...new Set(accounts.map((a) => a.creatorId))];
      const [posts, history, tracks] = await Promise.all([
        pool.query<{ account_id: string; posted_at: Date | null; likes: number | null; comments: number | null; shares: number | null; saves: number | null; views: number | null; is_video: boolean; is_sponsored: boolean; sponsor_tags: number; hashtags: string[]; caption: string | null }>(
          `SELECT account_id, posted_at, likes, comments, shares, saves, views, is_video, is_sponsored, sponsor_tags, hashtags, caption
           FROM (SELECT p.*, row_number() OVER (PARTITION BY p.account_id ORDER BY ${recentFirst("p")}) AS rn
                 FROM post p WHERE p.account_id = ANY($1::uuid[])) x
           WHERE rn <= 30 ORDER BY account_id, rn`,
          [ids],
        ),
        pool.query<{ account_id: string; taken_on: Date; followers: number | null; following: number | null; source: string }>(
          `SELECT account_id, taken_on, followers, following, source::text AS source FROM account_snapshot
           WHERE account_id = ANY($1::uuid[]) ORDER BY account_id, taken_on`,
          [ids],
        ),
        pool.query<{ creator_id: string; participations: number; delivered: number; on_time: number; approved_first_time: number }>(
          `SELECT p.creator_id,
                  count(*)::int AS participations,
                  count(*) FILTER (WHERE d.first_at IS NOT NULL)::int AS delivered,
                  count(*) FILTER (WHERE d.first_at IS NOT NULL
                                     AND d.first_at <= coalesce(c.go_live_at, c.draft_due_at, d.first_at))::int AS on_time,
                  count(*) FILTER (WHERE d.approved AND NOT d.changes)::int AS approved_first_time
           FROM participation p
           JOIN campaign c ON c.id = p.campaign_id
           LEFT JOIN LATERAL (
             SELECT min(dl.submitted_at) AS first_at,
                    bool_or(dl.status IN ('approved', 'live')) AS approved,
                    EXISTS (SELECT 1 FROM status_change s WHERE s.participation_id = p.id AND s.to_status = 'changes_requested') AS changes
             FROM deliverable dl WHERE dl.participation_id = p.id
           ) d ON true
           WHERE p.creator_id = ANY($1::uuid[]) AND p.status IN ('approved', 'paid')
           GROUP BY p.creator_id`,
          [creators],
        ),
      ]);
      const trackBy = new Map(tracks.rows.map((t) => [t.creator_id, t]));
      for (const a of accounts) {
        const t = trackBy.get(a.creatorId);
        out.set(a.id, {
          posts: [],
          history: [],
          ...(t ? { track: { participations: t.participations, delivered: t.delivered, onTime: t.on_time, approvedFirstTime: t.approved_first_time } } : {}),
        });
      }
      for (const p of posts.rows)
        out.get(p.account_id)!.posts.push({
          postedAt: p.posted_at,
          likes: p.likes,
          comments: p.comments,
          shares: p.shares,
          saves: p.saves,
          views: p.views,
          isVideo: p.is_video,
          isSponsored: p.is_sponsored,
          sponsorTags: p.sponsor_tags,
          hashtags: p.hashtags ?? [],
          caption: p.caption,
        });
      for (const h of history.rows) out.get(h.account_id)!.history.push({ takenOn: h.taken_on, followers: h.followers, following: h.following, source: h.source });
      return out;
    },

    async takingPart(campaignId) {
      const res = await pool.query<{ id: string }>(
        campaignId
          ? `SELECT a.id FROM account a JOIN participation p ON p.creator_id = a.creator_id WHERE p.campaign_id = $1`
          : `SELECT DISTINCT a.id FROM account a JOIN participation p ON p.creator_id = a.creator_id
             JOIN campaign c ON c.id = p.campaign_id WHERE c.status IN ('draft', 'open', 'active')`,
        campaignId ? [campaignId] : [],
      );
      return new Set(res.rows.map((r) => r.id));
    },

    markShortlisted: (accountIds, at) => markShortlisted(pool, accountIds, at),

    async findByHandle(handle, platform) {
      const res = await pool.query<{ packed: string | null }>(
        `SELECT string_agg(${PACKED_ROW}, chr(29) ORDER BY a.platform) AS packed FROM account a
         WHERE a.handle = $1 AND ($2::platform IS NULL OR a.platform = $2)`,
        [handle, platform ?? null],
      );
      const packed = res.rows[0]?.packed;
      return packed ? unpack(packed) : [];
    },
  };
}
