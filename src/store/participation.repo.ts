// Participations and deliverables in PostgreSQL. Every change runs in one transaction that locks
// the campaign row (FOR SHARE), inserts with ON CONFLICT DO NOTHING on the unique keys or updates
// conditionally (UPDATE ... WHERE status = <from>), and writes its StatusChange and AuditEvent.
// Two identical requests at once (a chat platform's retry) therefore change a row once.
import type { Prisma } from "../generated/prisma/client.ts";
import type {
  By,
  Deliverable,
  DeliverableStatus,
  ParticipationRecords,
  ParticipationStatus,
  StepResult,
} from "../core/campaigns/types.ts";
import type { PrismaClient } from "./db.ts";
import { ensureTrackedLink } from "./link.repo.ts";
import { audit, lockCampaign, PARTICIPATION_INCLUDE, runTx, toChange, toDeliverable, toParticipation, UUID, type Tx } from "./campaign-rows.ts";

async function loadParticipation(db: Pick<Tx, "participation">, id: string) {
  const r = await db.participation.findUnique({ where: { id }, include: PARTICIPATION_INCLUDE });
  return r ? toParticipation(r) : null;
}

async function lastChange(tx: Tx, where: { participationId: string; deliverableId: string | null }, status: string) {
  const s = await tx.statusChange.findFirst({ where: { ...where, toStatus: status }, orderBy: { at: "desc" } });
  return s ? toChange(s) : null;
}

async function record(tx: Tx, by: By, at: Date, change: { participationId: string; deliverableId?: string; from: string | null; to: string; note?: string | null }) {
  await tx.statusChange.create({
    data: {
      participationId: change.participationId,
      deliverableId: change.deliverableId ?? null,
      fromStatus: change.from,
      toStatus: change.to,
      actorId: by.id,
      actorName: by.name,
      surface: by.surface,
      note: change.note ?? null,
      at,
    },
  });
}

/** Moves a locked participation from its current status when that status is one of `from`. */
async function moveParticipation(
  tx: Tx,
  id: string,
  current: ParticipationStatus,
  req: { from: ParticipationStatus[]; to: ParticipationStatus; decided?: boolean; note?: string | null; by: By; at: Date; action: string; set?: Prisma.ParticipationUpdateManyMutationInput },
): Promise<boolean> {
  if (!req.from.includes(current)) return false;
  // The conditional update: a concurrent request that got here first leaves nothing to update.
  const n = await tx.participation.updateMany({
    where: { id, status: current },
    data: {
      ...(req.set ?? {}),
      status: req.to,
      updatedAt: req.at,
      ...(req.decided ? { decidedBy: req.by.id, decidedAt: req.at } : {}),
    },
  });
  if (n.count !== 1) return false;
  await record(tx, req.by, req.at, { participationId: id, from: current, to: req.to, note: req.note ?? null });
  await audit(tx, req.by, req.at, req.action, "participation", id, { from: current, to: req.to, ...(req.note ? { note: req.note } : {}) });
  return true;
}

async function lockParticipation(tx: Tx, id: string, mode: "share" | "update") {
  const rows =
    mode === "share"
      ? await tx.$queryRaw<{ status: ParticipationStatus; campaign_id: string }[]>`SELECT status::text AS status, campaign_id::text AS campaign_id FROM participation WHERE id = ${id}::uuid FOR SHARE`
      : await tx.$queryRaw<{ status: ParticipationStatus; campaign_id: string }[]>`SELECT status::text AS status, campaign_id::text AS campaign_id FROM participation WHERE id = ${id}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

export function createParticipationRepo(prisma: PrismaClient): ParticipationRecords {
  return {
    async findAccounts(who) {
      const where: Prisma.AccountWhereInput =
        "accountId" in who
          ? UUID.test(who.accountId) ? { id: who.accountId } : { id: { in: [] } }
          : "creatorId" in who
            ? UUID.test(who.creatorId) ? { creatorId: who.creatorId } : { id: { in: [] } }
            : "discordUserId" in who
              ? { discordUserId: who.discordUserId }
              : { handle: who.handle.trim().replace(/^@+/, "").toLowerCase(), ...(who.platform ? { platform: who.platform } : {}) };
      const rows = await prisma.account.findMany({
        where,
        select: { id: true, creatorId: true, platform: true, handle: true },
        orderBy: [{ followers: { sort: "desc", nulls: "last" } }, { platform: "asc" }],
      });
      return rows.map((r) => ({ accountId: r.id, creatorId: r.creatorId, platform: r.platform, handle: r.handle }));
    },

    participation: (id) => (UUID.test(id) ? loadParticipation(prisma, id) : Promise.resolve(null)),

    async participationOf(campaignId, creatorId) {
      const r = await prisma.participation.findUnique({ where: { campaignId_creatorId: { campaignId, creatorId } }, include: PARTICIPATION_INCLUDE });
      return r ? toParticipation(r) : null;
    },

    async participations(campaignId) {
      const rows = await prisma.participation.findMany({ where: { campaignId }, include: PARTICIPATION_INCLUDE, orderBy: [{ updatedAt: "asc" }, { id: "asc" }] });
      return rows.map(toParticipation);
    },

    async enter(req) {
      return runTx(prisma, async (tx) => {
        const campaignStatus = await lockCampaign(tx, req.campaignId, "share");
        if (!campaignStatus || !req.campaignStatusIn.includes(campaignStatus)) return { blocked: { of: "campaign" as const, status: campaignStatus ?? "deleted" } };
        const set = {
          ...(req.set?.rateAsk !== undefined ? { rateAsk: req.set.rateAsk } : {}),
          ...(req.set?.currency !== undefined ? { currency: req.set.currency } : {}),
          ...(req.set?.disclosureConfirmed !== undefined ? { disclosureConfirmed: req.set.disclosureConfirmed } : {}),
        };
        // ON CONFLICT (campaign_id, creator_id) DO NOTHING: the second of two identical requests waits
        // for the first to commit, then inserts nothing.
        const [created] = await tx.participation.createManyAndReturn({
          data: [{ campaignId: req.campaignId, creatorId: req.creatorId, accountId: req.accountId, status: req.to, createdAt: req.at, updatedAt: req.at, ...set }],
          skipDuplicates: true,
          select: { id: true },
        });
        let id: string;
        let changed: boolean;
        if (created) {
          id = created.id;
          changed = true;
          await record(tx, req.by, req.at, { participationId: id, from: null, to: req.to });
          await audit(tx, req.by, req.at, req.action, "participation", id, { from: null, to: req.to, campaignId: req.campaignId, creatorId: req.creatorId });
        } else {
          const existing = await tx.participation.findUniqueOrThrow({ where: { campaignId_creatorId: { campaignId: req.campaignId, creatorId: req.creatorId } }, select: { id: true } });
          id = existing.id;
          const locked = (await lockParticipation(tx, id, "update"))!;
          changed = await moveParticipation(tx, id, locked.status, {
            from: req.from,
            to: req.to,
            by: req.by,
            at: req.at,
            action: req.action,
            set: { ...set, ...(req.accountId ? { accountId: req.accountId } : {}) },
          });
        }
        const row = (await loadParticipation(tx, id))!;
        const last = await lastChange(tx, { participationId: id, deliverableId: null }, row.status);
        return { changed, created: Boolean(created), row, last } satisfies StepResult<typeof row> & { created: boolean };
      });
    },

    async move(req) {
      if (!UUID.test(req.id)) return null;
      return runTx(prisma, async (tx) => {
        const head = await tx.participation.findUnique({ where: { id: req.id }, select: { campaignId: true } });
        if (!head) return null;
        const campaignStatus = await lockCampaign(tx, head.campaignId, "share");
        if (!campaignStatus || !req.campaignStatusIn.includes(campaignStatus)) return { blocked: { of: "campaign" as const, status: campaignStatus ?? "deleted" } };
        const locked = await lockParticipation(tx, req.id, "update");
        if (!locked) return null;
        const changed = await moveParticipation(tx, req.id, locked.status, req);
        if (req.link && (changed ? req.to : locked.status) === "approved") await ensureTrackedLink(tx, req.id, req.link.newCode, req.at);
        const row = (await loadParticipation(tx, req.id))!;
        const last = await lastChange(tx, { participationId: req.id, deliverableId: null }, row.status);
        return { changed, row, last };
      });
    },

    async saveParticipationPosted(id, posted) {
      await prisma.participation.update({ where: { id }, data: { slackChannelId: posted.channelId, slackMessageTs: posted.messageId } });
    },

    async deliverable(id) {
      if (!UUID.test(id)) return null;
      const r = await prisma.deliverable.findUnique({ where: { id } });
      return r ? toDeliverable(r) : null;
    },

    async deliverables(campaignId) {
      const rows = await prisma.deliverable.findMany({
        where: { participation: { campaignId } },
        include: { participation: { include: PARTICIPATION_INCLUDE } },
        orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
      });
      return rows.map((r) => ({ ...toDeliverable(r), participation: toParticipation(r.participation) }));
    },

    async submit(req) {
      return runTx(prisma, async (tx) => {
        const head = await tx.participation.findUnique({ where: { id: req.participationId }, select: { campaignId: true } });
        if (!head) return { blocked: { of: "participation" as const, status: "deleted" } };
        const campaignStatus = await lockCampaign(tx, head.campaignId, "share");
        if (!campaignStatus || !req.campaignStatusIn.includes(campaignStatus)) return { blocked: { of: "campaign" as const, status: campaignStatus ?? "deleted" } };
        const p = await lockParticipation(tx, req.participationId, "share");
        if (!p || !req.participationStatusIn.includes(p.status)) return { blocked: { of: "participation" as const, status: p?.status ?? "deleted" } };
        // The caption's disclosure findings, when it was checked (a resubmission without a caption keeps the old ones).
        const disclosure = req.disclosureIssues ? { disclosureIssues: req.disclosureIssues, disclosureChecked: true } : {};
        // ON CONFLICT (participation_id, url) DO NOTHING.
        const [created] = await tx.deliverable.createManyAndReturn({
          data: [{ participationId: req.participationId, url: req.url, platform: req.platform, kind: req.kind, note: req.note, dueAt: req.dueAt, status: "submitted", submittedAt: req.at, createdAt: req.at, updatedAt: req.at, ...disclosure }],
          skipDuplicates: true,
          select: { id: true },
        });
        let id: string;
        let changed = false;
        if (created) {
          id = created.id;
          changed = true;
          await record(tx, req.by, req.at, { participationId: req.participationId, deliverableId: id, from: null, to: "submitted", note: req.note });
          await audit(tx, req.by, req.at, "deliverable.submit", "deliverable", id, { participationId: req.participationId, url: req.url });
        } else {
          const existing = await tx.deliverable.findUniqueOrThrow({ where: { participationId_url: { participationId: req.participationId, url: req.url } }, select: { id: true } });
          id = existing.id;
          // A resubmission after changes were requested: changes_requested → submitted, conditionally.
          const n = await tx.deliverable.updateMany({
            where: { id, status: "changes_requested" },
            data: { status: "submitted", submittedAt: req.at, updatedAt: req.at, ...(req.note ? { note: req.note } : {}), ...(req.kind ? { kind: req.kind } : {}), ...disclosure },
          });
          if (n.count === 1) {
            changed = true;
            await record(tx, req.by, req.at, { participationId: req.participationId, deliverableId: id, from: "changes_requested", to: "submitted", note: req.note });
            await audit(tx, req.by, req.at, "deliverable.resubmit", "deliverable", id, { participationId: req.participationId, url: req.url });
          }
        }
        const row = toDeliverable(await tx.deliverable.findUniqueOrThrow({ where: { id } }));
        const last = await lastChange(tx, { participationId: req.participationId, deliverableId: id }, row.status);
        return { changed, created: Boolean(created), row, last };
      });
    },

    async moveDeliverable(req) {
      if (!UUID.test(req.id)) return null;
      return runTx(prisma, async (tx) => {
        const head = await tx.deliverable.findUnique({ where: { id: req.id }, select: { participationId: true, participation: { select: { campaignId: true } } } });
        if (!head) return null;
        const campaignStatus = await lockCampaign(tx, head.participation.campaignId, "share");
        if (!campaignStatus || !req.campaignStatusIn.includes(campaignStatus)) return { blocked: { of: "campaign" as const, status: campaignStatus ?? "deleted" } };
        const rows = await tx.$queryRaw<{ status: DeliverableStatus }[]>`SELECT status::text AS status FROM deliverable WHERE id = ${req.id}::uuid FOR UPDATE`;
        const current = rows[0]?.status;
        if (!current) return null;
        let changed = false;
        if (req.from.includes(current)) {
          const n = await tx.deliverable.updateMany({
            where: { id: req.id, status: current },
            data: {
              status: req.to,
              updatedAt: req.at,
              ...(req.reviewed ? { reviewedBy: req.by.id, reviewedAt: req.at, reviewNotes: req.reviewNote ?? null } : {}),
              ...(req.live ? { liveAt: req.at } : {}),
            },
          });
          changed = n.count === 1;
          if (changed) {
            await record(tx, req.by, req.at, { participationId: head.participationId, deliverableId: req.id, from: current, to: req.to, note: req.reviewNote ?? null });
            await audit(tx, req.by, req.at, req.action, "deliverable", req.id, { from: current, to: req.to, ...(req.reviewNote ? { note: req.reviewNote } : {}) });
          }
        }
        const row: Deliverable = toDeliverable(await tx.deliverable.findUniqueOrThrow({ where: { id: req.id } }));
        const last = await lastChange(tx, { participationId: head.participationId, deliverableId: req.id }, row.status);
        return { changed, row, last };
      });
    },

    async saveDeliverablePosted(id, posted) {
      await prisma.deliverable.update({ where: { id }, data: { slackChannelId: posted.channelId, slackMessageTs: posted.messageId } });
    },
  };
}
