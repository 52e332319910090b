// Once-only runs of scheduled jobs: each (job, target, period) is claimed with one
// INSERT ... ON CONFLICT DO NOTHING RETURNING before anything is sent, so two processes on one
// database never both run it. A failed run is taken over by a conditional UPDATE (one winner).
import type pg from "pg";
import type { JobRun, JobRunStore, ReminderSource, RunData } from "../jobs/ports.ts";

interface Row {
  id: string;
  job: string;
  target: string;
  period: string;
  status: JobRun["status"];
  late: boolean;
  claimed_by: string;
  claimed_at: Date;
  finished_at: Date | null;
  error: string | null;
  data: RunData | null;
}

const toRun = (r: Row): JobRun => ({
  id: r.id,
  job: r.job,
  target: r.target,
  period: r.period,
  status: r.status,
  late: r.late,
  claimedBy: r.claimed_by,
  claimedAt: r.claimed_at,
  finishedAt: r.finished_at,
  error: r.error,
  data: r.data ?? {},
});

export function createJobRunRepo(pool: pg.Pool): JobRunStore {
  const one = async (sql: string, params: unknown[]) => {
    const r = await pool.query<Row>(sql, params);
    return r.rows[0] ? toRun(r.rows[0]) : null;
  };
  return {
    async claim(k, o) {
      const fresh = await one(
        `INSERT INTO job_run (id, job, target, period, status, late, claimed_by, claimed_at, data)
         VALUES (gen_random_uuid(), $1, $2, $3, 'claimed', $4, $5, $6, '{"attempts":1}'::jsonb)
         ON CONFLICT (job, target, period) DO NOTHING RETURNING *`,
        [k.job, k.target, k.period, o.late ?? false, o.by, o.at],
      );
      if (fresh) return fresh;
      // Row locks make this one winner too: a second updater re-reads the row and no longer matches.
      return one(
        `UPDATE job_run SET status = 'claimed', claimed_by = $4, claimed_at = $5, error = NULL,
           data = jsonb_set(coalesce(data, '{}'::jsonb), '{attempts}', to_jsonb(coalesce((data->>'attempts')::int, 1) + 1))
         WHERE job = $1 AND target = $2 AND period = $3
           AND ((status = 'failed' AND finished_at <= $5::timestamptz - make_interval(secs => $8::double precision / 1000))
             OR (status = 'claimed' AND claimed_at < $5::timestamptz - make_interval(secs => $6::double precision / 1000)))
           AND coalesce((data->>'attempts')::int, 1) < $7
         RETURNING *`,
        [k.job, k.target, k.period, o.by, o.at, o.staleMs, o.maxAttempts, o.retryAfterMs ?? 0],
      );
    },
    async finish(id, o) {
      const r = await pool.query(
        `UPDATE job_run SET status = 'done', finished_at = $3, error = NULL, data = coalesce(data, '{}'::jsonb) || $4::jsonb
         WHERE id = $1 AND claimed_by = $2 AND status = 'claimed'`,
        [id, o.by, o.at, JSON.stringify(o.data)],
      );
      return r.rowCount === 1;
    },
    async fail(id, o) {
      const r = await pool.query(
        `UPDATE job_run SET status = 'failed', finished_at = $3, error = $4, data = coalesce(data, '{}'::jsonb) || $5::jsonb
         WHERE id = $1 AND claimed_by = $2 AND status = 'claimed'`,
        [id, o.by, o.at, o.error.slice(0, 2000), JSON.stringify(o.data ?? {})],
      );
      return r.rowCount === 1;
    },
    find: (k) => one(`SELECT * FROM job_run WHERE job = $1 AND target = $2 AND period = $3`, [k.job, k.target, k.period]),
    lastDone: (jobs, target, scope) =>
      one(
        `SELECT * FROM job_run WHERE job = ANY($1) AND target = $2 AND status = 'done' AND (data->>'scope') IS NOT DISTINCT FROM $3
         ORDER BY finished_at DESC LIMIT 1`,
        [jobs, target, scope ?? null],
      ),
  };
}

/** Reminders' source: approved participations of open or active campaigns with a due date on given local days. */
export function createReminderSource(pool: pg.Pool): ReminderSource {
  return {
    async dueOn(dates, tz) {
      const r = await pool.query<{
        participation_id: string; creator_id: string; discord_user_id: string | null; creator_name: string;
        slug: string; name: string; what: "draft" | "live"; due_at: Date; via_draft: boolean;
      }>(
        // A campaign that asks for drafts (issue 16) waits for one through /draft: a creator whose draft is
        // waiting for review or approved is not reminded of the draft date.
        `SELECT p.id AS participation_id, cr.id AS creator_id, cr.discord_user_id, cr.display_name AS creator_name,
                c.slug, c.name, 'draft' AS what, c.draft_due_at AS due_at, coalesce(ag.drafts_required, false) AS via_draft
           FROM participation p JOIN campaign c ON c.id = p.campaign_id JOIN creator cr ON cr.id = p.creator_id
           LEFT JOIN campaign_agreement ag ON ag.campaign_id = c.id
          WHERE p.status = 'approved' AND c.status IN ('open', 'active') AND c.draft_due_at IS NOT NULL
            AND (c.draft_due_at AT TIME ZONE $2)::date = ANY($1::date[])
            AND NOT EXISTS (SELECT 1 FROM deliverable d WHERE d.participation_id = p.id)
            AND NOT (coalesce(ag.drafts_required, false)
                     AND EXISTS (SELECT 1 FROM draft dr WHERE dr.participation_id = p.id AND dr.status IN ('submitted', 'approved', 'approved_with_notes')))
         UNION ALL
         SELECT p.id, cr.id, cr.discord_user_id, cr.display_name, c.slug, c.name, 'live', c.go_live_at, false
           FROM participation p JOIN campaign c ON c.id = p.campaign_id JOIN creator cr ON cr.id = p.creator_id
          WHERE p.status = 'approved' AND c.status IN ('open', 'active') AND c.go_live_at IS NOT NULL
            AND (c.go_live_at AT TIME ZONE $2)::date = ANY($1::date[])
            AND EXISTS (SELECT 1 FROM deliverable d WHERE d.participation_id = p.id AND d.status = 'approved')
          ORDER BY 1, 7`,
        [dates, tz],
      );
      return r.rows.map((x) => ({
        participationId: x.participation_id,
        creatorId: x.creator_id,
        discordUserId: x.discord_user_id,
        creatorName: x.creator_name,
        campaignSlug: x.slug,
        campaignName: x.name,
        what: x.what,
        dueAt: x.due_at,
        ...(x.via_draft ? { viaDraft: true } : {}),
      }));
    },
  };
}
