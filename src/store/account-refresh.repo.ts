// Roster refresh writes (issue 15, item 4): the figures a platform gave for one account, in one
// transaction per account, so a refresh stopped half-way leaves every account either refreshed or
// as it was. Snapshots are one per account and day (unique key account_id, taken_on): a second
// refresh on the same day updates that day's row, never adds one.
import type pg from "pg";
import type { Platform } from "../core/platform.ts";
import type { PlatformAccount, PlatformPost } from "../core/platform-data/port.ts";
import type { AccountRefreshStore, PreviousFigure, RefreshTarget } from "../core/roster/refresh.ts";
import { parseHashtags } from "../core/roster/values.ts";
import { RECOMPUTE_FROM_POSTS, REFRESH_ER } from "./roster.repo.ts";

/** The accounts of participations matching `where` (over p, and c when `withCampaign`): a
 *  participation's own account, or every account of its creator when it names none. Two index-friendly
 *  halves rather than one join on an OR, which PostgreSQL can only run as a nested loop over accounts. */
const participants = (where: string, withCampaign = false) => {
  const c = withCampaign ? " JOIN campaign c ON c.id = p.campaign_id" : "";
  return `SELECT p.account_id AS id FROM participation p${c} WHERE p.account_id IS NOT NULL AND ${where}
  UNION SELECT a2.id FROM participation p${c} JOIN account a2 ON a2.creator_id = p.creator_id WHERE p.account_id IS NULL AND ${where}`;
};

const OPEN_PARTICIPATION = `p.status NOT IN ('declined', 'withdrawn')`;

const TARGET_COLUMNS = `a.id AS account_id, a.platform::text AS platform, a.handle, a.followers`;

const BY_HANDLE = `SELECT ${TARGET_COLUMNS} FROM account a WHERE a.handle = $1 AND ($2::platform IS NULL OR a.platform = $2) ORDER BY a.platform`;

const BY_CAMPAIGN = `
SELECT ${TARGET_COLUMNS} FROM account a
WHERE a.id IN (${participants(`p.campaign_id = $1 AND ${OPEN_PARTICIPATION}`)})
  AND ($2::platform IS NULL OR a.platform = $2)
ORDER BY a.platform, a.handle`;

/** Least recently refreshed first, so a quota that stops a run early does not starve the same accounts every time. */
const DEFAULT_SET = `
SELECT ${TARGET_COLUMNS} FROM account a
LEFT JOIN LATERAL (SELECT max(s.taken_on) AS last FROM account_snapshot s WHERE s.account_id = a.id AND s.source = 'platform') r ON true
WHERE (a.id IN (${participants(`c.status IN ('open', 'active') AND ${OPEN_PARTICIPATION}`, true)}) OR a.shortlisted_at >= $1)
  AND ($2::platform IS NULL OR a.platform = $2)
  AND ($3::date IS NULL OR r.last IS NULL OR r.last < $3::date)
ORDER BY a.platform, r.last NULLS FIRST, a.handle`;

/** The figures the account held before its first platform snapshot (as imported, declared or typed),
 *  dated the day they were last written: history starts from them rather than from the refresh. */
const SEED_SNAPSHOT = `
INSERT INTO account_snapshot (id, account_id, taken_on, followers, following, posts_count, source)
SELECT gen_random_uuid(), a.id, a.updated_at::date, a.followers, a.following, a.posts_count,
       (CASE a.source WHEN 'community' THEN 'creator' WHEN 'manual' THEN 'manual' ELSE 'import' END)::snapshot_source
FROM account a
WHERE a.id = $1 AND a.followers IS NOT NULL AND a.updated_at::date < $2::date
  AND NOT EXISTS (SELECT 1 FROM account_snapshot s WHERE s.account_id = a.id)
ON CONFLICT (account_id, taken_on) DO NOTHING`;

const PREVIOUS = `
SELECT taken_on, followers, source::text AS source FROM account_snapshot
WHERE account_id = $1 AND taken_on < $2::date AND followers IS NOT NULL ORDER BY taken_on DESC LIMIT 1`;

const UPDATE_ACCOUNT = `
UPDATE account SET followers = coalesce($2, followers), following = coalesce($3, following),
                   posts_count = coalesce($4, posts_count), updated_at = $5
WHERE id = $1`;

const SNAPSHOT = `
INSERT INTO account_snapshot (id, account_id, taken_on, followers, following, posts_count, source)
VALUES (gen_random_uuid(), $1, $2::date, $3, $4, $5, 'platform')
ON CONFLICT (account_id, taken_on) DO UPDATE SET
  followers = EXCLUDED.followers, following = EXCLUDED.following, posts_count = EXCLUDED.posts_count, source = 'platform'`;

/** Recent posts as the platform counts them. The paid-partnership flag and sponsor tags an import
 *  recorded are kept (Business Discovery does not give them); counts the platform hides stay as known. */
const UPSERT_POSTS = `
INSERT INTO post AS p (id, account_id, external_id, posted_at, likes, comments, views, is_video, hashtags, caption, updated_at)
SELECT gen_random_uuid(), $1, t.external_id, t.posted_at, t.likes, t.comments, t.views, t.is_video,
       coalesce(t.hashtags, '{}'), t.caption, $3
FROM json_to_recordset($2::json)
  AS t(external_id text, posted_at timestamptz, likes int, comments int, views int, is_video bool, hashtags text[], caption text)
ON CONFLICT (account_id, external_id) DO UPDATE SET
  posted_at  = coalesce(EXCLUDED.posted_at, p.posted_at),
  likes      = coalesce(EXCLUDED.likes, p.likes),
  comments   = coalesce(EXCLUDED.comments, p.comments),
  views      = coalesce(EXCLUDED.views, p.views),
  is_video   = EXCLUDED.is_video OR p.is_video,
  hashtags   = CASE WHEN cardinality(EXCLUDED.hashtags) > 0 THEN EXCLUDED.hashtags ELSE p.hashtags END,
  caption    = coalesce(EXCLUDED.caption, p.caption),
  updated_at = $3`;

const HASHTAG = /#([\p{L}\p{N}_]+)/gu;
const SHORTCODE = /instagram\.com\/(?:[^/]+\/)?(?:p|reel|reels|tv)\/([A-Za-z0-9_-]+)/;

/** The ids an import may have given the same post: the platform's id, its address, the shortcode in it. */
function aliases(p: PlatformPost): string[] {
  const out = new Set([p.id, p.url, p.url.replace(/\/$/, "")]);
  const code = SHORTCODE.exec(p.url)?.[1];
  if (code) out.add(code);
  return [...out];
}

/** Posts an import already holds under another id (its address or shortcode) keep that row: one post, one row. */
const KNOWN_ALIASES = `SELECT external_id FROM post WHERE account_id = $1 AND external_id = ANY($2::text[])`;

function postJson(posts: PlatformPost[], known: Set<string>): string {
  const seen = new Set<string>();
  const rows = posts
    .map((p) => ({ p, external_id: known.has(p.id) ? p.id : (aliases(p).find((a) => known.has(a)) ?? p.id) }))
    // One row per post in a statement (ON CONFLICT cannot update a row twice).
    .filter((r) => !seen.has(r.external_id) && Boolean(seen.add(r.external_id)));
  return JSON.stringify(
    rows.map(({ p, external_id }) => ({
      external_id,
      posted_at: p.publishedAt,
      likes: p.likes,
      comments: p.comments,
      views: p.views,
      is_video: p.kind === "REELS" || p.kind === "VIDEO" || p.kind === "video" || p.platform === "youtube",
      hashtags: parseHashtags([...p.caption.matchAll(HASHTAG)].map((m) => m[1]).join(" ")),
      // Stored text never holds control characters (see src/store/shortlist.repo.ts).
      caption: p.caption ? p.caption.replace(/[\u0000-\u001f\u007f]+/g, " ") : null,
    })),
  );
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

export function createAccountRefreshRepo(pool: pg.Pool): AccountRefreshStore {
  return {
    async targets(sel) {
      const platform = sel.platform ?? null;
      const res =
        sel.handle !== undefined
          ? await pool.query(BY_HANDLE, [sel.handle, platform])
          : sel.campaignId !== undefined
            ? await pool.query(BY_CAMPAIGN, [sel.campaignId, platform])
            : await pool.query(DEFAULT_SET, [sel.shortlistedSince ?? new Date(0), platform, sel.notRefreshedSince ? sel.notRefreshedSince.toISOString().slice(0, 10) : null]);
      return (res.rows as { account_id: string; platform: Platform; handle: string; followers: number | null }[]).map((r) => ({
        accountId: r.account_id,
        platform: r.platform,
        handle: r.handle,
        followers: r.followers,
      }));
    },

    async writeFetched(t: RefreshTarget, a: PlatformAccount, at: Date) {
      const day = utcDay(at);
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        // One refresh of an account at a time: a second one waits and then updates the same day's row.
        const before = await client.query<{ median_er: number | null }>(`SELECT median_er FROM account WHERE id = $1 FOR UPDATE`, [t.accountId]);
        await client.query(SEED_SNAPSHOT, [t.accountId, day]);
        const prev = await client.query<{ taken_on: Date; followers: number | null; source: string }>(PREVIOUS, [t.accountId, day]);
        await client.query(UPDATE_ACCOUNT, [t.accountId, a.followers, a.following, a.posts, at]);
        await client.query(SNAPSHOT, [t.accountId, day, a.followers, a.following, a.posts]);
        const posts = a.recent.filter((p) => p.id);
        if (posts.length) {
          const known = await client.query<{ external_id: string }>(KNOWN_ALIASES, [t.accountId, posts.flatMap(aliases)]);
          await client.query(UPSERT_POSTS, [t.accountId, postJson(posts, new Set(known.rows.map((r) => r.external_id))), at]);
          await client.query(RECOMPUTE_FROM_POSTS, [[t.accountId]]);
        } else {
          await client.query(REFRESH_ER, [[t.accountId]]);
        }
        const after = await client.query<{ median_er: number | null }>(`SELECT median_er FROM account WHERE id = $1`, [t.accountId]);
        await client.query("COMMIT");
        const p = prev.rows[0];
        const previous: PreviousFigure | null = p ? { takenOn: p.taken_on, followers: p.followers, source: p.source } : null;
        return { previous, posts: posts.length, er: { before: before.rows[0]?.median_er ?? null, after: after.rows[0]?.median_er ?? null } };
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
  };
}

/** Records that these accounts were shown in a shortlist at `at` (the weekly refresh covers them for 30 days). */
export async function markShortlisted(pool: pg.Pool, accountIds: string[], at: Date): Promise<void> {
  if (!accountIds.length) return;
  await pool.query(
    `UPDATE account SET shortlisted_at = greatest(coalesce(shortlisted_at, $2), $2) WHERE id = ANY($1::uuid[])`,
    [accountIds, at],
  );
}
