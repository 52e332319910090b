// Bulk roster writes: one transaction, batched multi-row statements (unnest of arrays), so that
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
  SELECT * FROM unnest($1::platform[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[],
                       $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::numeric[], $14::text[],
                       $15::text[], $16::uuid[])
    AS t(platform, handle, display_name, bio, followers, following, posts_count, categories, hashtags,
         country, language, email, rate, currency, discord_user_id, new_creator_id)
),
missing AS (
  SELECT i.* FROM input i
  WHERE NOT EXISTS (SELECT 1 FROM account a WHERE a.platform = i.platform AND a.handle = i.handle)
),
new_creators AS (
  INSERT INTO creator (id, display_name, source, updated_at)
  SELECT new_creator_id, coalesce(display_name, handle), 'import', now() FROM missing
  RETURNING id
),
up AS (
INSERT INTO account AS a (id, creator_id, platform, handle, display_name, bio, followers, following, posts_count,
                          categories, hashtags, country, language, email, rate, currency, discord_user_id, source, updated_at)
SELECT gen_random_uuid(), i.new_creator_id, i.platform, i.handle, i.display_name, i.bio, i.followers, i.following,
       i.posts_count, coalesce(string_to_array(nullif(i.categories, ''), E'\\x1f'), '{}'),
       coalesce(string_to_array(nullif(i.hashtags, ''), E'\\x1f'), '{}'), i.country, i.language, i.email, i.rate,
       i.currency, i.discord_user_id, 'import', now()
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
  niche_key       = NULL,
  updated_at      = now()
RETURNING a.id, a.followers, a.following, a.posts_count, (xmax = 0) AS inserted
),
snap AS (
  INSERT INTO account_snapshot (id, account_id, taken_on, followers, following, posts_count)
  SELECT gen_random_uuid(), up.id, current_date, up.followers, up.following, up.posts_count
  FROM up WHERE up.followers IS NOT NULL OR up.following IS NOT NULL
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
       t.is_video, t.is_sponsored, t.sponsor_tags, coalesce(string_to_array(nullif(t.hashtags, ''), E'\\x1f'), '{}'),
       t.caption, now()
FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[],
            $9::bool[], $10::bool[], $11::int[], $12::text[], $13::text[])
  AS t(account_id, external_id, posted_at, likes, comments, views, shares, saves, is_video, is_sponsored,
       sponsor_tags, hashtags, caption)
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
const RECOMPUTE_FROM_POSTS = `
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
  niche_key          = NULL,
  metrics_updated_at = now(),
  updated_at         = now()
FROM agg LEFT JOIN tags ON tags.account_id = agg.account_id
WHERE a.id = agg.account_id`;

/** Followers changed on re-import: ER per follower follows them. */
const REFRESH_ER = `
UPDATE account SET median_er = median_engagements / nullif(followers, 0)
WHERE id = ANY($1::uuid[]) AND platform NOT IN ('tiktok', 'youtube') AND median_engagements IS NOT NULL`;

const ER_COUNT = `SELECT count(*)::int AS n FROM account WHERE id = ANY($1::uuid[]) AND median_er IS NOT NULL`;

/** Lists travel as one text per row, split in SQL on the unit separator (cheaper than JSON). */
const joinList = (xs: string[]) => xs.map((x) => x.replace(/\x1f/g, " ")).join("\x1f");

function accountParams(rows: AccountRow[]): unknown[] {
  return [
    rows.map((r) => r.platform),
    rows.map((r) => r.handle),
    rows.map((r) => r.displayName),
    rows.map((r) => r.bio),
    rows.map((r) => r.followers),
    rows.map((r) => r.following),
    rows.map((r) => r.postsCount),
    rows.map((r) => joinList(r.categories)),
    rows.map((r) => joinList(r.hashtags)),
    rows.map((r) => r.country),
    rows.map((r) => r.language),
    rows.map((r) => r.email),
    rows.map((r) => (r.rate === null ? null : String(r.rate))),
    rows.map((r) => r.currency),
    rows.map((r) => r.discordUserId),
    rows.map(() => randomUUID()),
  ];
}

function postParams(rows: { accountId: string; row: PostRow }[]): unknown[] {
  return [
    rows.map((r) => r.accountId),
    rows.map((r) => r.row.externalId),
    rows.map((r) => r.row.postedAt),
    rows.map((r) => r.row.likes),
    rows.map((r) => r.row.comments),
    rows.map((r) => r.row.views),
    rows.map((r) => r.row.shares),
    rows.map((r) => r.row.saves),
    rows.map((r) => r.row.isVideo),
    rows.map((r) => r.row.isSponsored),
    rows.map((r) => r.row.sponsorTags),
    rows.map((r) => joinList(r.row.hashtags)),
    rows.map((r) => r.row.caption),
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

    async writeRoster({ accounts, posts }, progress?: ProgressFn) {
      const client = await pool.connect();
      const total = accounts.length + posts.length;
      let done = 0;
      const tick = (phase: string, n: number) => {
        done += n;
        progress?.({ phase, done, total });
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
        for (const batch of chunks(updatedIds, BATCH * 4)) await client.query(REFRESH_ER, [batch]);

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
        }
        const all = [...new Set([...touchedIds, ...withPosts])];
        let accountsWithEr = 0;
        for (const batch of chunks(all, BATCH * 4)) {
          const res = await client.query<{ n: number }>(ER_COUNT, [batch]);
          accountsWithEr += res.rows[0]?.n ?? 0;
        }
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
