// Campaigns in PostgreSQL: the brief's fields, the lifecycle (conditional updates in transactions,
// each with its audit event), and the counts that tell marketers what needs them.
import type { Prisma } from "../generated/prisma/client.ts";
import type { CampaignLookup } from "../core/services.ts";
import type { CampaignCounts, CampaignFields, CampaignRecords, CampaignStatus, ChangeRecord } from "../core/campaigns/types.ts";
import type { PrismaClient } from "./db.ts";
import { audit, lockCampaign, runTx, toCampaign, UUID } from "./campaign-rows.ts";

/** Core field names → the Prisma update input (the same names; JSON and decimals as Prisma wants them). */
function toData(f: Partial<CampaignFields>): Prisma.CampaignUpdateInput {
  const { criteria, ...rest } = f;
  return { ...rest, ...(criteria !== undefined ? { criteria: criteria as Prisma.InputJsonValue } : {}) };
}

/** SQL: the last moment of a date (a date at 00:00 UTC means the whole day). */
const lastMoment = (col: string) => `(CASE WHEN (${col} AT TIME ZONE 'UTC')::time = '00:00' THEN ${col} + interval '1 day' ELSE ${col} END)`;

export function createCampaignRepo(prisma: PrismaClient): CampaignRecords & CampaignLookup {
  const byId = async (id: string) => {
    if (!UUID.test(id)) return null;
    const c = await prisma.campaign.findUnique({ where: { id } });
    return c ? toCampaign(c) : null;
  };

  return {
    async findBySlug(slug) {
      const c = await prisma.campaign.findUnique({ where: { slug: slug.trim().toLowerCase() } });
      return c ? toCampaign(c) : null;
    },

    findById: byId,

    async list(statuses) {
      const rows = await prisma.campaign.findMany({
        where: statuses ? { status: { in: statuses } } : {},
        orderBy: [{ createdAt: "desc" }, { slug: "asc" }],
      });
      return rows.map(toCampaign);
    },

    async counts(ids, now) {
      const out = new Map<string, CampaignCounts>();
      if (!ids.length) return out;
      const rows = await prisma.$queryRawUnsafe<
        { id: string; pending: number; approved: number; invited: number; to_review: number; live: number; overdue: number }[]
      >(
        `SELECT c.id::text AS id,
                count(p.id) FILTER (WHERE p.status = 'opted_in')::int AS pending,
                count(p.id) FILTER (WHERE p.status = 'approved')::int AS approved,
                count(p.id) FILTER (WHERE p.status = 'invited')::int AS invited,
                coalesce(sum(d.to_review), 0)::int AS to_review,
                coalesce(sum(d.live), 0)::int AS live,
                (count(p.id) FILTER (WHERE p.status = 'approved' AND coalesce(d.n, 0) = 0
                                      AND coalesce(c.draft_due_at, c.go_live_at) IS NOT NULL
                                      AND ${lastMoment("coalesce(c.draft_due_at, c.go_live_at)")} < $2)
                 + coalesce(sum(d.late), 0))::int AS overdue
           FROM campaign c
           LEFT JOIN participation p ON p.campaign_id = c.id
           LEFT JOIN LATERAL (
             SELECT count(*) AS n,
                    count(*) FILTER (WHERE dl.status = 'submitted') AS to_review,
                    count(*) FILTER (WHERE dl.status = 'live') AS live,
                    count(*) FILTER (WHERE dl.status = 'approved' AND c.go_live_at IS NOT NULL AND ${lastMoment("c.go_live_at")} < $2) AS late
               FROM deliverable dl WHERE dl.participation_id = p.id) d ON true
          WHERE c.id = ANY($1::uuid[])
          GROUP BY c.id`,
        ids,
        now,
      );
      for (const r of rows)
        out.set(r.id, { pendingOptIns: r.pending, approved: r.approved, invited: r.invited, toReview: r.to_review, live: r.live, overdue: r.overdue });
      return out;
    },

    async slugsLike(base) {
      const rows = await prisma.campaign.findMany({
        where: { OR: [{ slug: base }, { slug: { startsWith: `${base}-` } }] },
        select: { slug: true, name: true, status: true },
        orderBy: { createdAt: "desc" },
      });
      return rows;
    },

    async create(slug, fields, by, at) {
      return runTx(prisma, async (tx) => {
        // ON CONFLICT (slug) DO NOTHING: a slug taken meanwhile comes back as nothing, never as an error.
        const [row] = await tx.campaign.createManyAndReturn({
          data: [{ ...(toData(fields) as Prisma.CampaignCreateManyInput), slug, name: fields.name, status: "draft", createdBy: by.id, createdAt: at }],
          skipDuplicates: true,
        });
        if (!row) return null;
        await audit(tx, by, at, "campaign.create", "campaign", row.id, { slug, name: row.name });
        return toCampaign(row);
      });
    },

    async update(id, patch, by, at) {
      return runTx(prisma, async (tx) => {
        const status = await lockCampaign(tx, id, "update");
        if (!status || status === "closed") return null;
        const row = await tx.campaign.update({ where: { id }, data: { ...toData(patch), updatedAt: at } });
        await audit(tx, by, at, "campaign.edit", "campaign", id, { fields: Object.keys(patch) });
        return toCampaign(row);
      });
    },

    async setStatus(id, from, to, by, at) {
      return runTx(prisma, async (tx) => {
        const status = await lockCampaign(tx, id, "update");
        if (!status) return null;
        let changed = false;
        if (from.includes(status)) {
          const stamp = to === "open" ? `, opened_at = $3` : to === "closed" ? `, closed_at = $3` : "";
          const n = await tx.$executeRawUnsafe(
            `UPDATE campaign SET status = $2::campaign_status, updated_at = $3${stamp} WHERE id = $1::uuid AND status = $4::campaign_status`,
            id,
            to,
            at,
            status,
          );
          changed = n === 1;
          if (changed) await audit(tx, by, at, `campaign.${to}`, "campaign", id, { from: status, to });
        }
        const row = await tx.campaign.findUniqueOrThrow({ where: { id } });
        const last = changed ? null : await lastCampaignEvent(tx, `campaign.${row.status}`, { id });
        return { changed, row: toCampaign(row), last: changed ? { fromStatus: status, toStatus: to, actorId: by.id, actorName: by.name, surface: by.surface, note: null, at } : last };
      });
    },

    async deleteDraft(id, by, at) {
      return runTx(prisma, async (tx) => {
        const status = await lockCampaign(tx, id, "update");
        if (status !== "draft") return false;
        const row = await tx.campaign.findUniqueOrThrow({ where: { id }, select: { slug: true, name: true } });
        const n = await tx.$executeRaw`DELETE FROM campaign WHERE id = ${id}::uuid AND status = 'draft'`;
        if (n !== 1) return false;
        await audit(tx, by, at, "campaign.delete", "campaign", id, { slug: row.slug, name: row.name });
        return true;
      });
    },

    lastEvent: (action, ref) => lastCampaignEvent(prisma, action, ref),

    async saveBriefPosted(id, posted, at, by) {
      return runTx(prisma, async (tx) => {
        const row = await tx.campaign.update({
          where: { id },
          data: { briefChannelId: posted.channelId, briefMessageId: posted.messageId, briefThreadId: posted.threadId ?? null, briefPostedAt: at },
        });
        await audit(tx, by, at, "campaign.brief_post", "campaign", id, { surface: posted.surface, channelId: posted.channelId, messageId: posted.messageId });
        return toCampaign(row);
      });
    },
  };
}

async function lastCampaignEvent(
  db: Pick<PrismaClient, "auditEvent">,
  action: string,
  ref: { id: string } | { slug: string },
): Promise<ChangeRecord | null> {
  const e = await db.auditEvent.findFirst({
    where: { action, entity: "campaign", ...("id" in ref ? { entityId: ref.id } : { data: { path: ["slug"], equals: ref.slug } }) },
    orderBy: { at: "desc" },
  });
  if (!e) return null;
  const data = (e.data ?? {}) as { from?: string; to?: string };
  return {
    fromStatus: data.from ?? null,
    toStatus: data.to ?? (action.split(".")[1] as CampaignStatus),
    actorId: e.actorId,
    actorName: e.actorName,
    surface: e.surface,
    note: null,
    at: e.at,
  };
}
