// Terms, acceptances, drafts and usage rights in PostgreSQL (issue 16). Every write is done once:
// inserts use ON CONFLICT DO NOTHING on their unique keys, decisions are conditional updates
// (WHERE status = 'submitted'), and versions are numbered under a row lock, so a double click or
// a retried request never adds a second row.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { By } from "../core/campaigns/types.ts";
import type { AgreementSettings, AgreementStore, Draft, DraftAttachment, RightsChannel, RightsExtension, RightsGrant, Terms, TermsAcceptance } from "../core/agreement/types.ts";

type Row = Record<string, unknown>;
const d = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

const toSettings = (campaignId: string, r: Row | undefined): AgreementSettings => ({
  campaignId,
  draftsRequired: Boolean(r?.drafts_required ?? false),
  rightsDays: (r?.rights_days as number | null | undefined) ?? null,
  rightsChannels: ((r?.rights_channels as string[] | null | undefined) ?? []) as RightsChannel[],
  rightsHandleAds: Boolean(r?.rights_handle_ads ?? false),
});
const toTerms = (r: Row): Terms => ({
  campaignId: r.campaign_id as string,
  version: r.version as number,
  text: r.text as string,
  sha256: r.sha256 as string,
  createdBy: r.created_by as string,
  createdByName: (r.created_by_name as string | null) ?? null,
  createdAt: d(r.created_at)!,
});
const toAcceptance = (r: Row): TermsAcceptance => ({
  campaignId: r.campaign_id as string,
  creatorId: r.creator_id as string,
  version: r.version as number,
  sha256: r.sha256 as string,
  actorId: r.actor_id as string,
  actorName: (r.actor_name as string | null) ?? null,
  surface: r.surface as string,
  acceptedAt: d(r.accepted_at)!,
});
const toDraft = (r: Row): Draft => ({
  id: r.id as string,
  participationId: r.participation_id as string,
  version: r.version as number,
  caption: r.caption as string,
  linkUrl: (r.link_url as string | null) ?? null,
  attachment: (r.attachment as DraftAttachment | null) ?? null,
  checkIssues: (r.check_issues as string[] | null) ?? [],
  status: r.status as Draft["status"],
  submittedBy: r.submitted_by as string,
  submittedAt: d(r.submitted_at)!,
  decidedBy: (r.decided_by as string | null) ?? null,
  decidedByName: (r.decided_by_name as string | null) ?? null,
  decidedAt: d(r.decided_at),
  decisionNote: (r.decision_note as string | null) ?? null,
});
const toGrant = (r: Row): RightsGrant => ({
  participationId: r.participation_id as string,
  channels: ((r.channels as string[] | null) ?? []) as RightsChannel[],
  handleAds: Boolean(r.handle_ads),
  days: r.days as number,
  grantedAt: d(r.granted_at)!,
  expiresAt: d(r.expires_at)!,
});
const toExtension = (r: Row): RightsExtension => ({
  id: r.id as string,
  participationId: r.participation_id as string,
  days: r.days as number,
  status: r.status as RightsExtension["status"],
  requestedBy: r.requested_by as string,
  requestedByName: (r.requested_by_name as string | null) ?? null,
  requestedAt: d(r.requested_at)!,
  acceptedAt: d(r.accepted_at),
  expiresBefore: d(r.expires_before),
  expiresAfter: d(r.expires_after),
});

async function tx<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    const out = await fn(c);
    await c.query("COMMIT");
    return out;
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

export function createAgreementRepo(pool: pg.Pool): AgreementStore {
  return {
    async settings(campaignId) {
      const r = await pool.query("SELECT * FROM campaign_agreement WHERE campaign_id = $1", [campaignId]);
      return toSettings(campaignId, r.rows[0]);
    },

    async saveSettings(campaignId, patch, at) {
      const r = await pool.query(
        `INSERT INTO campaign_agreement (campaign_id, drafts_required, rights_days, rights_channels, rights_handle_ads, updated_at)
         VALUES ($1, coalesce($2, false), $3, coalesce($4, ARRAY[]::text[]), coalesce($5, false), $7)
         ON CONFLICT (campaign_id) DO UPDATE SET
           drafts_required = coalesce($2, campaign_agreement.drafts_required),
           rights_days = CASE WHEN $6 THEN $3 ELSE campaign_agreement.rights_days END,
           rights_channels = coalesce($4, campaign_agreement.rights_channels),
           rights_handle_ads = coalesce($5, campaign_agreement.rights_handle_ads),
           updated_at = $7
         RETURNING *`,
        [campaignId, patch.draftsRequired ?? null, patch.rightsDays ?? null, patch.rightsChannels ?? null, patch.rightsHandleAds ?? null, "rightsDays" in patch, at],
      );
      return toSettings(campaignId, r.rows[0]);
    },

    async currentTerms(campaignId) {
      const r = await pool.query("SELECT * FROM campaign_terms WHERE campaign_id = $1 ORDER BY version DESC LIMIT 1", [campaignId]);
      return r.rows[0] ? toTerms(r.rows[0]) : null;
    },

    async terms(campaignId, version) {
      const r = await pool.query("SELECT * FROM campaign_terms WHERE campaign_id = $1 AND version = $2", [campaignId, version]);
      return r.rows[0] ? toTerms(r.rows[0]) : null;
    },

    addTerms: (campaignId, text, sha256, by, at) =>
      tx(pool, async (c) => {
        // The campaign row's lock numbers versions one at a time.
        await c.query("SELECT id FROM campaign WHERE id = $1 FOR UPDATE", [campaignId]);
        const cur = await c.query("SELECT * FROM campaign_terms WHERE campaign_id = $1 ORDER BY version DESC LIMIT 1", [campaignId]);
        const current = cur.rows[0] ? toTerms(cur.rows[0]) : null;
        if (current && current.sha256 === sha256) return { added: false, terms: current };
        const r = await c.query(
          `INSERT INTO campaign_terms (id, campaign_id, version, text, sha256, created_by, created_by_name, surface, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
          [randomUUID(), campaignId, (current?.version ?? 0) + 1, text, sha256, by.id, by.name, by.surface, at],
        );
        return { added: true, terms: toTerms(r.rows[0]) };
      }),

    async accept(a, at) {
      const r = await pool.query(
        `INSERT INTO terms_acceptance (id, campaign_id, creator_id, version, sha256, actor_id, actor_name, surface, accepted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (campaign_id, creator_id, version) DO NOTHING RETURNING *`,
        [randomUUID(), a.campaignId, a.creatorId, a.version, a.sha256, a.actorId, a.actorName, a.surface, at],
      );
      if (r.rows[0]) return { added: true, acceptance: toAcceptance(r.rows[0]) };
      const e = await pool.query("SELECT * FROM terms_acceptance WHERE campaign_id = $1 AND creator_id = $2 AND version = $3", [a.campaignId, a.creatorId, a.version]);
      return { added: false, acceptance: toAcceptance(e.rows[0]) };
    },

    async acceptances(campaignId) {
      const r = await pool.query("SELECT * FROM terms_acceptance WHERE campaign_id = $1 ORDER BY accepted_at, version", [campaignId]);
      return r.rows.map(toAcceptance);
    },

    async latestAccepted(campaignId, creatorId) {
      const r = await pool.query("SELECT * FROM terms_acceptance WHERE campaign_id = $1 AND creator_id = $2 ORDER BY version DESC LIMIT 1", [campaignId, creatorId]);
      return r.rows[0] ? toAcceptance(r.rows[0]) : null;
    },

    addDraft: (x) =>
      tx(pool, async (c) => {
        await c.query("SELECT id FROM participation WHERE id = $1 FOR UPDATE", [x.participationId]);
        const last = await c.query("SELECT * FROM draft WHERE participation_id = $1 ORDER BY version DESC LIMIT 1", [x.participationId]);
        const previous = last.rows[0] ? toDraft(last.rows[0]) : null;
        if (
          previous &&
          previous.status === "submitted" &&
          previous.caption === x.caption &&
          previous.linkUrl === x.linkUrl &&
          (previous.attachment?.url ?? null) === (x.attachment?.url ?? null)
        )
          return { added: false, draft: previous, previous: null };
        if (previous?.status === "submitted") await c.query("UPDATE draft SET status = 'superseded' WHERE id = $1 AND status = 'submitted'", [previous.id]);
        const r = await c.query(
          `INSERT INTO draft (id, participation_id, version, caption, link_url, attachment, check_issues, status, submitted_by, submitted_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'submitted', $8, $9) RETURNING *`,
          [randomUUID(), x.participationId, (previous?.version ?? 0) + 1, x.caption, x.linkUrl, x.attachment ? JSON.stringify(x.attachment) : null, x.checkIssues, x.by.id, x.at],
        );
        return { added: true, draft: toDraft(r.rows[0]), previous };
      }),

    async draft(id) {
      const r = await pool.query("SELECT * FROM draft WHERE id = $1", [id]);
      return r.rows[0] ? toDraft(r.rows[0]) : null;
    },

    async drafts(ids) {
      if (!ids.length) return [];
      const r = await pool.query("SELECT * FROM draft WHERE participation_id = ANY($1::uuid[]) ORDER BY participation_id, version", [ids]);
      return r.rows.map(toDraft);
    },

    async decideDraft(id, decision, note, by, at) {
      const r = await pool.query(
        `UPDATE draft SET status = $2, decision_note = $3, decided_by = $4, decided_by_name = $5, decided_surface = $6, decided_at = $7
          WHERE id = $1 AND status = 'submitted' RETURNING *`,
        [id, decision, note, by.id, by.name, by.surface, at],
      );
      return r.rows[0] ? toDraft(r.rows[0]) : null;
    },

    async saveDraftPosted(id, channelId, ts) {
      await pool.query("UPDATE draft SET slack_channel_id = $2, slack_message_ts = $3 WHERE id = $1", [id, channelId, ts]);
    },

    async grant(g) {
      await pool.query(
        `INSERT INTO usage_rights (participation_id, channels, handle_ads, days, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (participation_id) DO NOTHING`,
        [g.participationId, g.channels, g.handleAds, g.days, g.grantedAt, g.expiresAt],
      );
      const r = await pool.query("SELECT * FROM usage_rights WHERE participation_id = $1", [g.participationId]);
      return toGrant(r.rows[0]);
    },

    async grants(ids) {
      if (!ids.length) return [];
      const r = await pool.query("SELECT * FROM usage_rights WHERE participation_id = ANY($1::uuid[]) ORDER BY expires_at", [ids]);
      return r.rows.map(toGrant);
    },

    async expiring(from, to) {
      const r = await pool.query("SELECT * FROM usage_rights WHERE expires_at >= $1 AND expires_at < $2 ORDER BY expires_at", [from, to]);
      return r.rows.map(toGrant);
    },

    requestExtension: (participationId, days, by, at) =>
      tx(pool, async (c) => {
        await c.query("SELECT participation_id FROM usage_rights WHERE participation_id = $1 FOR UPDATE", [participationId]);
        const open = await c.query("SELECT * FROM rights_extension WHERE participation_id = $1 AND status = 'pending' AND days = $2", [participationId, days]);
        if (open.rows[0]) return { added: false, extension: toExtension(open.rows[0]) };
        const r = await c.query(
          `INSERT INTO rights_extension (id, participation_id, days, status, requested_by, requested_by_name, requested_at) VALUES ($1, $2, $3, 'pending', $4, $5, $6) RETURNING *`,
          [randomUUID(), participationId, days, by.id, by.name, at],
        );
        return { added: true, extension: toExtension(r.rows[0]) };
      }),

    async extension(id) {
      const r = await pool.query("SELECT * FROM rights_extension WHERE id = $1", [id]);
      return r.rows[0] ? toExtension(r.rows[0]) : null;
    },

    async extensions(ids) {
      if (!ids.length) return [];
      const r = await pool.query("SELECT * FROM rights_extension WHERE participation_id = ANY($1::uuid[]) ORDER BY requested_at", [ids]);
      return r.rows.map(toExtension);
    },

    acceptExtension: (id, by, at) =>
      tx(pool, async (c) => {
        const e = await c.query("SELECT * FROM rights_extension WHERE id = $1 FOR UPDATE", [id]);
        if (!e.rows[0] || e.rows[0].status !== "pending") return null;
        const g = await c.query("SELECT * FROM usage_rights WHERE participation_id = $1 FOR UPDATE", [e.rows[0].participation_id]);
        if (!g.rows[0]) return null;
        const before = toGrant(g.rows[0]);
        // An extension counts from the later of today and the current expiry.
        const base = Math.max(before.expiresAt.getTime(), at.getTime());
        const after = new Date(base + (e.rows[0].days as number) * 86_400_000);
        const ug = await c.query("UPDATE usage_rights SET expires_at = $2, days = days + $3 WHERE participation_id = $1 RETURNING *", [before.participationId, after, e.rows[0].days]);
        const ue = await c.query(
          `UPDATE rights_extension SET status = 'accepted', accepted_by = $2, accepted_surface = $3, accepted_at = $4, expires_before = $5, expires_after = $6 WHERE id = $1 RETURNING *`,
          [id, by.id, by.surface, at, before.expiresAt, after],
        );
        return { extension: toExtension(ue.rows[0]), grant: toGrant(ug.rows[0]) };
      }),
  };
}
