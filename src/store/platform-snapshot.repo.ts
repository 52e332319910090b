// Platform snapshot milestones and flags in PostgreSQL (issue 15): one platform_snapshot_run row
// per (deliverable, milestone), claimed with INSERT ... ON CONFLICT DO NOTHING or a conditional
// UPDATE (one winner); the metric snapshot and the milestone's "done" are written in one
// transaction. platform_flag holds what was told once.
import type pg from "pg";
import type { Platform } from "../core/platform.ts";
import type { Milestone } from "../core/platform-data/snapshots.ts";
import type { DueSnapshot, PlatformSnapshotStore } from "../jobs/platform-snapshots.ts";

export function createPlatformSnapshotRepo(pool: pg.Pool): PlatformSnapshotStore {
  return {
    async due(req) {
      const r = await pool.query<{
        id: string; url: string; platform: Platform; handle: string | null; campaign_id: string; slug: string; name: string; slack_channel_id: string | null;
        milestone: Milestone; due_at: Date; was_verified: boolean;
      }>(
        `SELECT d.id, d.url, d.platform::text AS platform,
                CASE WHEN pa.platform = d.platform THEN pa.handle
                     ELSE (SELECT a.handle FROM account a WHERE a.creator_id = p.creator_id AND a.platform = d.platform ORDER BY a.created_at LIMIT 1) END AS handle,
                c.id AS campaign_id, c.slug, c.name, c.slack_channel_id, m.key AS milestone, m.due_at,
                (d.verification_status = 'verified' OR d.platform_post_id IS NOT NULL) AS was_verified
           FROM deliverable d
           JOIN participation p ON p.id = d.participation_id
           JOIN campaign c ON c.id = p.campaign_id
           LEFT JOIN account pa ON pa.id = p.account_id
           CROSS JOIN LATERAL (
             SELECT k.key, d.live_at + make_interval(secs => k.after_ms / 1000.0) AS due_at
               FROM unnest($3::text[], $4::float8[]) WITH ORDINALITY AS k(key, after_ms, ord)
              WHERE d.live_at + make_interval(secs => k.after_ms / 1000.0) <= $1
              ORDER BY k.ord DESC LIMIT 1) m
           LEFT JOIN platform_snapshot_run r ON r.deliverable_id = d.id AND r.milestone = m.key
          WHERE d.status = 'live' AND d.live_at IS NOT NULL AND d.platform::text = ANY($2::text[])
            AND (r.deliverable_id IS NULL
                 OR (r.status = 'waiting' AND r.retry_at <= $1)
                 OR (r.status = 'claimed' AND r.claimed_at < $1::timestamptz - make_interval(secs => $5::float8 / 1000)))
          ORDER BY m.due_at, d.id
          LIMIT $6`,
        [req.now, req.platforms, req.milestones.map((m) => m.key), req.milestones.map((m) => m.afterMs), req.staleMs, req.limit],
      );
      return r.rows.map(
        (x): DueSnapshot => ({
          deliverableId: x.id,
          url: x.url,
          platform: x.platform,
          handle: x.handle,
          campaign: { id: x.campaign_id, slug: x.slug, name: x.name, slackChannelId: x.slack_channel_id },
          milestone: x.milestone,
          dueAt: x.due_at,
          wasVerified: x.was_verified,
        }),
      );
    },
    async claim(k, o) {
      const fresh = await pool.query(
        `INSERT INTO platform_snapshot_run (deliverable_id, milestone, status, claimed_by, claimed_at)
         VALUES ($1::uuid, $2, 'claimed', $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
        [k.deliverableId, k.milestone, o.by, o.at],
      );
      if (fresh.rowCount === 1) return true;
      // Row locks make this one winner too: a second updater re-reads the row and no longer matches.
      const taken = await pool.query(
        `UPDATE platform_snapshot_run SET status = 'claimed', claimed_by = $3, claimed_at = $4, attempts = attempts + 1, retry_at = NULL
          WHERE deliverable_id = $1::uuid AND milestone = $2
            AND ((status = 'waiting' AND retry_at <= $4) OR (status = 'claimed' AND claimed_at < $4::timestamptz - make_interval(secs => $5::float8 / 1000)))
          RETURNING 1`,
        [k.deliverableId, k.milestone, o.by, o.at, o.staleMs],
      );
      return taken.rowCount === 1;
    },
    async complete(k, o) {
      const c = await pool.connect();
      try {
        await c.query("BEGIN");
        const done = await c.query(
          `UPDATE platform_snapshot_run SET status = 'done', taken_at = $4, error = NULL
            WHERE deliverable_id = $1::uuid AND milestone = $2 AND claimed_by = $3 AND status = 'claimed'`,
          [k.deliverableId, k.milestone, o.by, o.takenAt],
        );
        if (done.rowCount !== 1) {
          await c.query("ROLLBACK");
          return false;
        }
        await c.query(
          `INSERT INTO metric_snapshot (id, deliverable_id, source, taken_at, views, likes, comments, reported_by)
           VALUES (gen_random_uuid(), $1::uuid, 'platform', $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [k.deliverableId, o.takenAt, o.views, o.likes, o.comments, `platform:${k.milestone}`],
        );
        await c.query("COMMIT");
        return true;
      } catch (e) {
        await c.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    async wait(k, o) {
      await pool.query(
        `UPDATE platform_snapshot_run SET status = 'waiting', retry_at = $4, error = $5
          WHERE deliverable_id = $1::uuid AND milestone = $2 AND claimed_by = $3 AND status = 'claimed'`,
        [k.deliverableId, k.milestone, o.by, o.retryAt, o.error],
      );
    },
    async end(k, o) {
      await pool.query(
        `UPDATE platform_snapshot_run SET status = $4, taken_at = $5, error = $6
          WHERE deliverable_id = $1::uuid AND milestone = $2 AND claimed_by = $3 AND status = 'claimed'`,
        [k.deliverableId, k.milestone, o.by, o.status, o.at, o.error],
      );
    },
    async flag(key, o) {
      const r = await pool.query(
        `INSERT INTO platform_flag (key, deliverable_id, data, created_at) VALUES ($1, $2::uuid, $3::jsonb, $4) ON CONFLICT DO NOTHING RETURNING 1`,
        [key, o.deliverableId ?? null, JSON.stringify(o.data ?? {}), o.at],
      );
      return r.rowCount === 1;
    },
    async unflag(key) {
      await pool.query(`DELETE FROM platform_flag WHERE key = $1`, [key]);
    },
    async flagged(key) {
      const r = await pool.query<{ at: Date }>(`SELECT coalesce((data->>'at')::timestamptz, created_at) AS at FROM platform_flag WHERE key = $1`, [key]);
      return r.rows[0]?.at ?? null;
    },
    async touchFlag(key, at) {
      await pool.query(`UPDATE platform_flag SET data = data || jsonb_build_object('at', $2::timestamptz) WHERE key = $1`, [key, at]);
    },
    async selfReportPairs(platforms, limit, tolerance) {
      const r = await pool.query<{
        id: string; url: string; platform: Platform; handle: string | null; campaign_id: string; slug: string; name: string; slack_channel_id: string | null;
        c_views: number | null; c_likes: number | null; p_views: number | null; p_likes: number | null; p_at: Date;
      }>(
        `SELECT d.id, d.url, d.platform::text AS platform, pa.handle, c.id AS campaign_id, c.slug, c.name, c.slack_channel_id,
                cs.views AS c_views, cs.likes AS c_likes, ps.views AS p_views, ps.likes AS p_likes, ps.taken_at AS p_at
           FROM deliverable d
           JOIN participation p ON p.id = d.participation_id
           JOIN campaign c ON c.id = p.campaign_id
           LEFT JOIN account pa ON pa.id = p.account_id
           JOIN LATERAL (SELECT s.views, s.likes, s.taken_at FROM metric_snapshot s
                          WHERE s.deliverable_id = d.id AND s.source = 'platform' ORDER BY s.taken_at DESC LIMIT 1) ps ON true
           JOIN LATERAL (SELECT s.views, s.likes FROM metric_snapshot s
                          WHERE s.deliverable_id = d.id AND s.source = 'creator' ORDER BY s.taken_at DESC LIMIT 1) cs ON true
          WHERE d.platform::text = ANY($1::text[]) AND c.status <> 'closed'
            AND ((cs.views IS NOT NULL AND ps.views > 0 AND abs(cs.views - ps.views)::float8 > $3::float8 * ps.views
                  AND NOT EXISTS (SELECT 1 FROM platform_flag f WHERE f.key = 'selfreport:' || d.id || ':views'))
              OR (cs.likes IS NOT NULL AND ps.likes > 0 AND abs(cs.likes - ps.likes)::float8 > $3::float8 * ps.likes
                  AND NOT EXISTS (SELECT 1 FROM platform_flag f WHERE f.key = 'selfreport:' || d.id || ':likes')))
          ORDER BY d.id LIMIT $2`,
        [platforms, limit, tolerance],
      );
      return r.rows.map((x) => ({
        deliverableId: x.id,
        url: x.url,
        platform: x.platform,
        handle: x.handle,
        campaign: { id: x.campaign_id, slug: x.slug, name: x.name, slackChannelId: x.slack_channel_id },
        self: { views: x.c_views, likes: x.c_likes },
        platformFigures: { views: x.p_views, likes: x.p_likes },
        platformAt: x.p_at,
      }));
    },
  };
}
