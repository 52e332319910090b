// Bulk roster writes: one transaction, batched multi-row statements (a JSON array per batch), so that
// 100,000 rows take seconds and a failure leaves nothing half-written.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { ProgressFn } from "../core/invocation.ts";
import type { AccountRow, PostRow, RosterWriter } from "../core/roster/import.ts";
import { nicheKey } from "../core/scoring/index.ts";

const BATCH = 5000;

/** Upserts accounts (creating a creator for each new one) and records today's follower counts,
 *  the history that shows spikes. */
const UPSERT_ACCOUNTS = `
WITH input AS (
  SELECT * FROM json_to_recordset($1::json)
    AS t(platform platform, handle text, display_name text, bio text, followers int, following int, posts_count int,
         categories text[], hashtags text[], country text, language text, email text, rate numeric, currency text,
         discord_user_id text, new_creator_id uuid, niche_key text)
),
up AS (
INSERT INTO account AS a (id, creator_id, platform, handle, display_name, bio, followers, following, posts_count,
                          categories, hashtags, country, language, email, rate, currency, discord_user_id, niche_key, source, updated_at)
SELECT gen_random_uuid(), i.new_creator_id, i.platform, i.handle, i.display_name, i.bio, i.followers, i.following,
       i.posts_count, coalesce(i.categories, '{}'), coalesce(i.hashtags, '{}'), i.country, i.language, i.email, i.rate,
       i.currency, i.discord_user_id, i.niche_key, 'import', now()
FROM input i
ON CONFLICT (platform, handle) DO UPDATE SET
  display_name    = coalesce(EXCLUDED.display_name, a.display_name),
  bio             = coalesce(EXCLUDED.bio, a.bio),
  followers       = coalesce(EXCLUDED.followers, a.followers),
  following       = coalesce(EXCLUDED.following, a.following),
  posts_count     = coalesce(EXCLUDED.posts_count, a.posts_count),
  categories      = CASE WHEN cardinality(EXCLUDED.categories) > 0 THEN EXCLUDED.categories ELSE a.categories END,
  hashtags        = CASE WHEN cardinality(EXCLUDED.hashtags) > 0
                         THEN ARRAY(SELECT DISTINCT x FROM unnest(a.hashtags || EXCLUDED.hashtags) x ORDER BY x)
                         ELSE a.hashtags END,
  country         = coalesce(EXCLUDED.country, a.country),
  language        = coalesce(EXCLUDED.language, a.language),
  email           = coalesce(EXCLUDED.email, a.email),
  rate            = coalesce(EXCLUDED.rate, a.rate),
  currency        = coalesce(EXCLUDED.currency, a.currency),
  discord_user_id = coalesce(EXCLUDED.discord_user_id, a.discord_user_id),
  -- The key was computed from this row's text; when stored text merges with it, it is recomputed later.
  niche_key       = CASE WHEN cardinality(EXCLUDED.categories) = 0 AND cardinality(EXCLUDED.hashtags) = 0
                              AND EXCLUDED.bio IS NULL THEN a.niche_key ELSE NULL END,
  updated_at      = now()
RETURNING a.id, a.creator_id, a.handle, a.display_name, a.followers, a.following, a.posts_count, (xmax = 0) AS inserted
),
-- A new account's creator is inserted after it in the same statement: foreign keys are checked at
-- the end of the statement. No lookup of existing accounts is needed (ON CONFLICT finds them).
new_creators AS (
  INSERT INTO creator (id, display_name, source, updated_at)
  SELECT up.creator_id, coalesce(up.display_name, up.handle), 'import', now() FROM up WHERE up.inserted
),
-- Accounts already known, with their numbers before this import (this statement sees the old rows).
known AS (
  SELECT a.id, a.followers, a.following, a.posts_count, a.updated_at FROM account a
  JOIN up ON up.id = a.id WHERE NOT up.inserted
),
-- Follower history starts when an account is imported again: the numbers it had (on the day they
-- were last written) and today's. A new account's only data point is the account row itself.
snap AS (
  INSERT INTO account_snapshot (id, account_id, taken_on, followers, following, posts_count)
  SELECT gen_random_uuid(), x.id, x.taken_on, x.followers, x.following, x.posts_count FROM (
    SELECT k.id, k.updated_at::date AS taken_on, k.followers, k.following, k.posts_count, 0 AS newer FROM known k
    WHERE k.updated_at::date < current_date AND (k.followers IS NOT NULL OR k.following IS NOT NULL)
    UNION ALL
    SELECT up.id, current_date, up.followers, up.following, up.posts_count, 1 FROM up
    WHERE NOT up.inserted AND (up.followers IS NOT NULL OR up.following IS NOT NULL)
  ) x
  ON CONFLICT (account_id, taken_on) DO UPDATE SET
    followers = EXCLUDED.followers, following = EXCLUDED.following, posts_count = EXCLUDED.posts_count
)
SELECT id, inserted FROM up`;

const KNOWN_ACCOUNTS = `
SELECT a.id, a.platform::text AS platform, a.handle FROM account a
JOIN unnest($1::platform[], $2::text[]) AS t(platform, handle) ON a.platform = t.platform AND a.handle = t.handle`;

const UPSERT_POSTS = `
INSERT INTO post AS p (id, account_id, external_id, posted_at, likes, comments, views, shares, saves, is_video,
                       is_sponsored, sponsor_tags, hashtags, caption, updated_at)
SELECT gen_random_uuid(), t.account_id, t.external_id, t.posted_at, t.likes, t.comments, t.views, t.shares, t.saves,
       t.is_video, t.is_sponsored, t.sponsor_tags, coalesce(t.hashtags, '{}'), t.caption, now()
FROM json_to_recordset($1::json)
  AS t(account_id uuid, external_id text, posted_at timestamptz, likes int, comments int, views int, shares int,
       saves int, is_video bool, is_sponsored bool, sponsor_tags int, hashtags text[], caption text)
ON CONFLICT (account_id, external_id) DO UPDATE SET
  posted_at    = coalesce(EXCLUDED.posted_at, p.posted_at),
  likes        = coalesce(EXCLUDED.likes, p.likes),
  comments     = coalesce(EXCLUDED.comments, p.comments),
  views        = coalesce(EXCLUDED.views, p.views),
  shares       = coalesce(EXCLUDED.shares, p.shares),
  saves        = coalesce(EXCLUDED.saves, p.saves),
  is_video     = EXCLUDED.is_video,
  is_sponsored = EXCLUDED.is_sponsored,
  sponsor_tags = EXCLUDED.sponsor_tags,
  hashtags     = EXCLUDED.hashtags,
  caption      = coalesce(EXCLUDED.caption, p.caption),
  updated_at   = now()
RETURNING (xmax = 0) AS inserted`;

/**
 * Medians over each account's 30 most recent posts (domain.md: the median post, not the mean).
 * ER per follower, or per view on TikTok and YouTube. The 30 hashtags used most in those posts
 * are folded into the account's hashtags, for niche matching.
 */
export const RECOMPUTE_FROM_POSTS = `
WITH ids AS (SELECT DISTINCT unnest($1::uuid[]) AS id),
recent AS (
  SELECT p.account_id, p.views, p.hashtags,
         (coalesce(p.likes,0) + coalesce(p.comments,0) + coalesce(p.shares,0) + coalesce(p.saves,0))::float8 AS eng,
         row_number() OVER (PARTITION BY p.account_id ORDER BY p.posted_at DESC NULLS LAST, p.external_id DESC) AS rn
  FROM post p JOIN ids ON p.account_id = ids.id
  WHERE p.likes IS NOT NULL OR p.comments IS NOT NULL
), agg AS (
  SELECT account_id, count(*)::int AS n,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY eng) AS med_eng,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY views) FILTER (WHERE views > 0) AS med_views,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY eng / views) FILTER (WHERE views > 0) AS med_er_view
  FROM recent WHERE rn <= 30 GROUP BY account_id
), tag_counts AS (
  SELECT r.account_id, tag, count(*) AS cnt FROM recent r, unnest(r.hashtags) AS tag WHERE r.rn <= 30 GROUP BY 1, 2
), tags AS (
  SELECT account_id, (array_agg(tag ORDER BY cnt DESC, tag))[1:30] AS tags FROM tag_counts GROUP BY account_id
)
UPDATE account a SET
  median_engagements = agg.med_eng,
  median_views       = agg.med_views,
  sampled_posts      = agg.n,
  median_er          = CASE WHEN a.platform IN ('tiktok', 'youtube') THEN agg.med_er_view
                            ELSE agg.med_eng / nullif(a.followers, 0) END,
  hashtags           = CASE WHEN tags.tags IS NULL THEN a.hashtags
                            ELSE ARRAY(SELECT DISTINCT x FROM unnest(a.hashtags || tags.tags) x ORDER BY x) END,
  niche_key          = CASE WHEN tags.tags IS NULL THEN a.niche_key ELSE NULL END,
  metrics_updated_at = now(),
  updated_at         = now()
FROM agg LEFT JOIN tags ON tags.account_id = agg.account_id
WHERE a.id = agg.account_id`;

/** Followers changed on re-import: ER per follower follows them. */
export const REFRESH_ER = `
UPDATE account SET median_er = median_engagements / nullif(followers, 0)
WHERE id = ANY($1::uuid[]) AND platform NOT IN ('tiktok', 'youtube') AND median_engagements IS NOT NULL`;

const ER_COUNT = `SELECT count(*)::int AS n FROM account WHERE id = ANY($1::uuid[]) AND median_er IS NOT NULL`;

/** One JSON parameter per batch: JSON.stringify and PostgreSQL's json_to_recordset are both
 *  native, far cheaper than node-pg serialising one array parameter per column. */
function accountParams(rows: AccountRow[]): unknown[] {
  return [
    JSON.stringify(
      rows.map((r) => ({
        platform: r.platform,
        handle: r.handle,
        display_name: r.displayName,
        bio: r.bio,
        followers: r.followers,
        following: r.following,
        posts_count: r.postsCount,
        categories: r.categories,
        hashtags: r.hashtags,
        country: r.country,
        language: r.language,
        email: r.email,
        rate: r.rate,
        currency: r.currency,
        discord_user_id: r.discordUserId,
        new_creator_id: randomUUID(),
        // Exact for a new account (its stored text is this row's); an update recomputes it later.
        niche_key: nicheKey(r),
      })),
    ),
  ];
}

function postParams(rows: { accountId: string; row: PostRow }[]): unknown[] {
  return [
    JSON.stringify(
      rows.map(({ accountId, row: r }) => ({
        account_id: accountId,
        external_id: r.externalId,
        posted_at: r.postedAt === null ? null : new Date(r.postedAt),
        likes: r.likes,
        comments: r.comments,
        views: r.views,
        shares: r.shares,
        saves: r.saves,
        is_video: r.isVideo,
        is_sponsored: r.isSponsored,
        sponsor_tags: r.sponsorTags,
        hashtags: r.hashtags,
        caption: r.caption,
      })),
    ),
  ];
}

const chunks = <T>(xs: T[], n: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
};

const STALE_KEYS = `
SELECT id, categories, hashtags, bio FROM account WHERE niche_key IS NULL ORDER BY id LIMIT $1`;
const SET_KEYS = `
UPDATE account a SET niche_key = t.key FROM unnest($1::uuid[], $2::text[]) AS t(id, key) WHERE a.id = t.id`;

export function createRosterRepo(pool: pg.Pool): RosterWriter {
  return {
    async refreshNicheKeys(progress?: ProgressFn) {
      let done = 0;
      for (;;) {
        const res = await pool.query<{ id: string; categories: string[] | null; hashtags: string[] | null; bio: string | null }>(STALE_KEYS, [BATCH * 2]);
        if (!res.rows.length) return done;
        const keys = res.rows.map((r) => nicheKey({ categories: r.categories ?? [], hashtags: r.hashtags ?? [], bio: r.bio }));
        await pool.query(SET_KEYS, [res.rows.map((r) => r.id), keys]);
        done += res.rows.length;
        progress?.({ phase: "indexing", done, total: done });
        if (res.rows.length < BATCH * 2) return done;
      }
    },

    async writeRoster({ accounts, posts }, progress?: ProgressFn, signal?: AbortSignal) {
      const client = await pool.connect();
      const total = accounts.length + posts.length;
      let done = 0;
      // Cancelled (Ctrl+C): stop before the next statement; the catch below rolls everything back.
      const tick = (phase: string, n: number) => {
        done += n;
        progress?.({ phase, done, total });
        signal?.throwIfAborted();
      };
      try {
        await client.query("BEGIN");
        let created = 0;
        const touchedIds: string[] = [];
        const updatedIds: string[] = [];
        for (const batch of chunks(accounts, BATCH)) {
          const res = await client.query<{ id: string; inserted: boolean }>(UPSERT_ACCOUNTS, accountParams(batch));
          for (const r of res.rows) {
            touchedIds.push(r.id);
            if (r.inserted) created++;
            else updatedIds.push(r.id);
          }
          tick("accounts", batch.length);
        }
        const updated = updatedIds.length;
        for (const batch of chunks(updatedIds, BATCH * 4)) {
          await client.query(REFRESH_ER, [batch]);
          signal?.throwIfAborted();
        }

        // Posts: resolve each (platform, handle) to an account id once.
        const postAccounts = new Map<string, string>();
        const keys = [...new Set(posts.map((p) => `${p.platform}\u0000${p.handle}`))];
        for (const batch of chunks(keys, BATCH * 4)) {
          const split = batch.map((k) => k.split("\u0000") as [string, string]);
          const res = await client.query<{ id: string; platform: string; handle: string }>(KNOWN_ACCOUNTS, [
            split.map((s) => s[0]),
            split.map((s) => s[1]),
          ]);
          for (const r of res.rows) postAccounts.set(`${r.platform}\u0000${r.handle}`, r.id);
        }
        const orphanPosts: PostRow[] = [];
        const resolved: { accountId: string; row: PostRow }[] = [];
        for (const p of posts) {
          const id = postAccounts.get(`${p.platform}\u0000${p.handle}`);
          if (id) resolved.push({ accountId: id, row: p });
          else orphanPosts.push(p);
        }
        let postsCreated = 0;
        let postsUpdated = 0;
        for (const batch of chunks(resolved, BATCH)) {
          const res = await client.query<{ inserted: boolean }>(UPSERT_POSTS, postParams(batch));
          for (const r of res.rows) {
            if (r.inserted) postsCreated++;
            else postsUpdated++;
          }
          tick("posts", batch.length);
        }
        if (orphanPosts.length) tick("posts", orphanPosts.length);
        const withPosts = [...new Set(resolved.map((r) => r.accountId))];
        for (const batch of chunks(withPosts, BATCH * 2)) {
          await client.query(RECOMPUTE_FROM_POSTS, [batch]);
          signal?.throwIfAborted();
        }
        const all = [...new Set([...touchedIds, ...withPosts])];
        let accountsWithEr = 0;
        for (const batch of chunks(all, BATCH * 4)) {
          const res = await client.query<{ n: number }>(ER_COUNT, [batch]);
          accountsWithEr += res.rows[0]?.n ?? 0;
        }
        // The last moment to cancel: after COMMIT the import is whole and stays.
        signal?.throwIfAborted();
        await client.query("COMMIT");
        return {
          accounts: { created, updated },
          posts: { created: postsCreated, updated: postsUpdated },
          orphanPosts,
          accountsWithEr,
        };
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
  };
}
