// Deliverables' platform checks in PostgreSQL (issue 15): what a check needs (the deliverable, its
// campaign, its creator and their account on the deliverable's platform) and its result, stored
// in one UPDATE on the deliverable.
import type pg from "pg";
import type { Platform } from "../core/platform.ts";
import type { VerificationStatus, VerificationStore, VerificationTarget } from "../core/platform-data/verify.ts";

interface TargetRow {
  id: string;
  url: string;
  platform: Platform;
  status: string;
  live_at: Date | null;
  verification_status: VerificationStatus;
  platform_post_id: string | null;
  campaign_id: string;
  slug: string;
  name: string;
  disclosure: string;
  hashtags: string[];
  mentions: string[];
  opt_in_closes_at: Date | null;
  draft_due_at: Date | null;
  go_live_at: Date | null;
  ends_at: Date | null;
  opened_at: Date | null;
  created_at: Date;
  slack_channel_id: string | null;
  creator_id: string;
  discord_user_id: string | null;
  display_name: string;
  part_handle: string | null;
  part_platform: Platform | null;
  handle: string | null;
}

export function createVerificationRepo(pool: pg.Pool): VerificationStore {
  return {
    async target(id) {
      const r = await pool.query<TargetRow>(
        `SELECT d.id, d.url, d.platform::text AS platform, d.status::text AS status, d.live_at, d.verification_status, d.platform_post_id,
                c.id AS campaign_id, c.slug, c.name, c.disclosure, c.hashtags, c.mentions, c.opt_in_closes_at, c.draft_due_at,
                c.go_live_at, c.ends_at, c.opened_at, c.created_at, c.slack_channel_id,
                cr.id AS creator_id, cr.discord_user_id, cr.display_name,
                pa.handle AS part_handle, pa.platform::text AS part_platform,
                -- The account the creator takes part with when it is on the deliverable's platform, else their other account there.
                CASE WHEN pa.platform = d.platform THEN pa.handle
                     ELSE (SELECT a.handle FROM account a WHERE a.creator_id = cr.id AND a.platform = d.platform ORDER BY a.created_at LIMIT 1) END AS handle
           FROM deliverable d
           JOIN participation p ON p.id = d.participation_id
           JOIN campaign c ON c.id = p.campaign_id
           JOIN creator cr ON cr.id = p.creator_id
           LEFT JOIN account pa ON pa.id = p.account_id
          WHERE d.id = $1::uuid`,
        [id],
      );
      const x = r.rows[0];
      if (!x) return null;
      const t: VerificationTarget = {
        deliverable: { id: x.id, url: x.url, platform: x.platform, status: x.status, liveAt: x.live_at, verificationStatus: x.verification_status, platformPostId: x.platform_post_id },
        campaign: {
          id: x.campaign_id,
          slug: x.slug,
          name: x.name,
          disclosure: x.disclosure,
          hashtags: x.hashtags ?? [],
          mentions: x.mentions ?? [],
          optInClosesAt: x.opt_in_closes_at,
          draftDueAt: x.draft_due_at,
          goLiveAt: x.go_live_at,
          endsAt: x.ends_at,
          openedAt: x.opened_at,
          createdAt: x.created_at,
          slackChannelId: x.slack_channel_id,
        },
        creator: { creatorId: x.creator_id, discordUserId: x.discord_user_id, handle: x.part_handle, platform: x.part_platform, name: x.display_name },
        account: x.handle ? { handle: x.handle } : null,
      };
      return t;
    },
    async save(id, r) {
      await pool.query(
        `UPDATE deliverable SET verification_status = $2, verification_issues = $3::text[], verified_at = $4,
                platform_post_id = coalesce($5, platform_post_id), platform_caption = coalesce($6, platform_caption),
                platform_published_at = coalesce($7, platform_published_at), updated_at = $4
          WHERE id = $1::uuid`,
        [id, r.status, r.issues, r.at, r.post?.id ?? null, r.post?.caption ?? null, r.post?.publishedAt ?? null],
      );
    },
    async pending(platforms, limit, now) {
      // Unavailable checks of the last 30 days; unchecked ones only when recent (a check cut short by a
      // restart), never the old deliverables of before a key was configured.
      const r = await pool.query<{ id: string }>(
        `SELECT d.id FROM deliverable d
          WHERE d.platform::text = ANY($1::text[]) AND d.status <> 'rejected'
            AND ((d.verification_status = 'unavailable' AND d.submitted_at > $3::timestamptz - interval '30 days')
              OR (d.verification_status = 'unchecked' AND d.submitted_at > $3::timestamptz - interval '1 day'
                  AND d.submitted_at < $3::timestamptz - interval '5 minutes'))
          ORDER BY d.submitted_at LIMIT $2`,
        [platforms, limit, now],
      );
      return r.rows.map((x) => x.id);
    },
  };
}
