// The digest's workflow counts in one query per call (the overdue rule is the campaign list's:
// src/store/campaign.repo.ts counts()).
import type pg from "pg";
import type { DigestCampaign, DigestCounts, DigestStore, PlatformWait } from "../core/digest/port.ts";
import type { Platform } from "../core/platform.ts";
import { MILESTONES } from "../core/platform-data/snapshots.ts";
import { reportQuery } from "./metrics.repo.ts";

/** A date-only due date (00:00 UTC) lasts the whole day. */
const lastMoment = (col: string) => `(CASE WHEN (${col} AT TIME ZONE 'UTC')::time = '00:00' THEN ${col} + interval '1 day' ELSE ${col} END)`;

const COUNTS = `
WITH parts AS (
  SELECT p.id, p.campaign_id, p.status, c.draft_due_at, c.go_live_at
    FROM participation p JOIN campaign c ON c.id = p.campaign_id
   WHERE p.campaign_id = ANY($1::uuid[])
),
opted AS (
  SELECT s.participation_id, bool_or(s.at > $2::timestamptz) AS recent
    FROM status_change s JOIN parts ON parts.id = s.participation_id
   WHERE s.to_status = 'opted_in' AND s.deliverable_id IS NULL
   GROUP BY s.participation_id
),
dl AS (
  SELECT d.participation_id, count(*) AS n,
         count(*) FILTER (WHERE d.status = 'submitted') AS to_review,
         count(*) FILTER (WHERE d.status = 'approved') AS approved,
         count(*) FILTER (WHERE d.status = 'live') AS live,
         count(*) FILTER (WHERE d.status = 'approved' AND parts.go_live_at IS NOT NULL AND ${lastMoment("parts.go_live_at")} < $3) AS late
    FROM deliverable d JOIN parts ON parts.id = d.participation_id
   GROUP BY d.participation_id
)
SELECT parts.campaign_id AS id,
       count(*) FILTER (WHERE parts.status <> 'invited' OR opted.participation_id IS NOT NULL)::int AS opt_ins,
       CASE WHEN $2::timestamptz IS NULL
            THEN count(*) FILTER (WHERE parts.status <> 'invited' OR opted.participation_id IS NOT NULL)
            ELSE count(*) FILTER (WHERE opted.recent) END::int AS new_opt_ins,
       count(*) FILTER (WHERE parts.status = 'opted_in')::int AS waiting,
       count(*) FILTER (WHERE parts.status IN ('approved', 'paid'))::int AS approved,
       coalesce(sum(dl.n), 0)::int AS submitted,
       coalesce(sum(dl.to_review), 0)::int AS to_review,
       coalesce(sum(dl.approved), 0)::int AS approved_deliverables,
       coalesce(sum(dl.live), 0)::int AS live,
       (count(*) FILTER (WHERE parts.status = 'approved' AND coalesce(dl.n, 0) = 0
                           AND coalesce(parts.draft_due_at, parts.go_live_at) IS NOT NULL
                           AND ${lastMoment("coalesce(parts.draft_due_at, parts.go_live_at)")} < $3)
        + coalesce(sum(dl.late), 0))::int AS overdue
  FROM parts
  LEFT JOIN opted ON opted.participation_id = parts.id
  LEFT JOIN dl ON dl.participation_id = parts.id
 GROUP BY parts.campaign_id`;

/** Per platform: why it is paused at $2 (a quota flag still ahead, a refused key, milestones waiting
 *  after "unavailable"), and the work of the campaigns $1 that waits: live deliverables whose latest
 *  due milestone is not taken (the snapshot sweep's own rule), links whose check could not be done. */
const WAITS = `
WITH flags AS (
  SELECT split_part(key, ':', 2) AS platform, split_part(key, ':', 1) AS kind, coalesce((data->>'at')::timestamptz, created_at) AS at
    FROM platform_flag WHERE key LIKE 'quota:%' OR key LIKE 'auth:%'
),
dl AS (
  SELECT d.* FROM deliverable d JOIN participation p ON p.id = d.participation_id WHERE p.campaign_id = ANY($1::uuid[])
),
down AS (
  SELECT dl.platform::text AS platform, max(r.retry_at) AS until
    FROM platform_snapshot_run r JOIN dl ON dl.id = r.deliverable_id
   WHERE r.status = 'waiting' AND r.retry_at > $2 AND r.error LIKE 'unavailable:%'
   GROUP BY 1
),
snaps AS (
  SELECT dl.platform::text AS platform, count(*)::int AS n
    FROM dl
    CROSS JOIN LATERAL (
      SELECT k.key FROM unnest($3::text[], $4::float8[]) WITH ORDINALITY AS k(key, after_ms, ord)
       WHERE dl.live_at + make_interval(secs => k.after_ms / 1000.0) <= $2
       ORDER BY k.ord DESC LIMIT 1) m
    LEFT JOIN platform_snapshot_run r ON r.deliverable_id = dl.id AND r.milestone = m.key
   WHERE dl.status = 'live' AND dl.live_at IS NOT NULL AND (r.deliverable_id IS NULL OR r.status IN ('waiting', 'claimed'))
   GROUP BY 1
),
checks AS (
  SELECT dl.platform::text AS platform, count(*)::int AS n FROM dl
   WHERE dl.verification_status = 'unavailable' AND dl.status <> 'rejected' AND dl.submitted_at > $2::timestamptz - interval '30 days'
   GROUP BY 1
),
paused AS (
  SELECT platform, 'auth' AS reason, NULL::timestamptz AS until, 1 AS rank FROM flags WHERE kind = 'auth'
  UNION ALL SELECT platform, 'quota', at, 2 FROM flags WHERE kind = 'quota' AND at > $2
  UNION ALL SELECT platform, 'unavailable', until, 3 FROM down
)
SELECT DISTINCT ON (paused.platform) paused.platform, paused.reason, paused.until,
       coalesce(snaps.n, 0) AS snapshots, coalesce(checks.n, 0) AS link_checks
  FROM paused
  LEFT JOIN snaps ON snaps.platform = paused.platform
  LEFT JOIN checks ON checks.platform = paused.platform
 ORDER BY paused.platform, paused.rank`;

export function createDigestRepo(pool: pg.Pool): DigestStore {
  return {
    async campaigns(slug) {
      const r = await pool.query(
        `SELECT id, slug, name, currency, status::text AS status, coalesce(opened_at, created_at) AS started_at
           FROM campaign WHERE ${slug === null ? "status = 'active'" : "slug = $1"} ORDER BY slug`,
        slug === null ? [] : [slug],
      );
      return r.rows.map((x): DigestCampaign => ({ id: x.id, slug: x.slug, name: x.name, currency: x.currency, status: x.status, startedAt: x.started_at }));
    },

    async counts(ids, since, now) {
      const out = new Map<string, DigestCounts>();
      if (!ids.length) return out;
      const r = await reportQuery(pool, COUNTS, [ids, since, now]);
      for (const x of r.rows)
        out.set(x.id, {
          optIns: x.opt_ins,
          newOptIns: x.new_opt_ins,
          waiting: x.waiting,
          approved: x.approved,
          submitted: x.submitted,
          toReview: x.to_review,
          approvedDeliverables: x.approved_deliverables,
          live: x.live,
          overdue: x.overdue,
        });
      return out;
    },

    async platformWaits(ids, now) {
      const r = await pool.query<{ platform: Platform; reason: PlatformWait["reason"]; until: Date | null; snapshots: number; link_checks: number }>(WAITS, [
        ids,
        now,
        MILESTONES.map((m) => m.key),
        MILESTONES.map((m) => m.afterMs),
      ]);
      return r.rows.map((x): PlatformWait => ({ platform: x.platform, reason: x.reason, until: x.until, snapshots: x.snapshots, linkChecks: x.link_checks }));
    },
  };
}
