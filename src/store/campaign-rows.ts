// Rows of the campaign workflow tables → the core's types, and the records every change writes.
import type { Prisma } from "../generated/prisma/client.ts";
import type { By, Campaign, ChangeRecord, CampaignStatus, Deliverable, Participation } from "../core/campaigns/types.ts";
import type { Platform } from "../core/platform.ts";
import type { Verification } from "../core/platform-data/verify.ts";
import type { Declared } from "../core/creators/types.ts";
import type { PrismaClient } from "./db.ts";

export type Tx = Prisma.TransactionClient;

/** Interactive transactions wait for row locks of concurrent requests; give them room. */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;

export const runTx = <T>(prisma: PrismaClient, fn: (tx: Tx) => Promise<T>) => prisma.$transaction(fn, TX_OPTIONS);

const num = (d: { toNumber(): number } | null | undefined): number | null => (d === null || d === undefined ? null : d.toNumber());

type CampaignRow = Prisma.CampaignGetPayload<object>;

export function toCampaign(r: CampaignRow): Campaign {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    brand: r.brand,
    status: r.status,
    objective: r.objective,
    product: r.product,
    messages: r.messages,
    dos: r.dos,
    donts: r.donts,
    hashtags: r.hashtags,
    mentions: r.mentions,
    disclosure: r.disclosure,
    deliverables: r.deliverables,
    compensation: r.compensation,
    fee: num(r.fee),
    budget: num(r.budget),
    currency: r.currency,
    usageRights: r.usageRights,
    optInClosesAt: r.optInClosesAt,
    draftDueAt: r.draftDueAt,
    goLiveAt: r.goLiveAt,
    endsAt: r.endsAt,
    landingUrl: r.landingUrl,
    allowedHosts: r.allowedHosts,
    criteria: r.criteria && typeof r.criteria === "object" && !Array.isArray(r.criteria) ? (r.criteria as Record<string, unknown>) : {},
    slackChannelId: r.slackChannelId,
    // Briefs are posted in the community (Discord); the surface is not stored separately.
    brief:
      r.briefChannelId && r.briefMessageId
        ? { surface: "discord", channelId: r.briefChannelId, messageId: r.briefMessageId, ...(r.briefThreadId ? { threadId: r.briefThreadId } : {}) }
        : null,
    briefPostedAt: r.briefPostedAt,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
  };
}

const ACCOUNT_SELECT = { id: true, platform: true, handle: true, followers: true, rate: true, discordUserId: true, source: true, declared: true } as const;

export const PARTICIPATION_INCLUDE = {
  account: { select: ACCOUNT_SELECT },
  creator: { select: { id: true, displayName: true, accounts: { select: ACCOUNT_SELECT, orderBy: [{ followers: "desc" }, { handle: "asc" }] } } },
  trackedLink: { select: { code: true } },
  // The participation's own last step (not a deliverable's): when its status began.
  transitions: { where: { deliverableId: null }, orderBy: { at: "desc" }, take: 1, select: { at: true } },
} satisfies Prisma.ParticipationInclude;

type ParticipationRow = Prisma.ParticipationGetPayload<{ include: typeof PARTICIPATION_INCLUDE }>;
type AccountRow = { id: string; platform: Platform; handle: string; followers: number | null; rate: { toNumber(): number } | null; discordUserId: string | null; source: string; declared: unknown };

const toAccount = (a: AccountRow) => ({
  id: a.id,
  platform: a.platform,
  handle: a.handle,
  followers: a.followers,
  rate: num(a.rate),
  selfDeclared: a.source === "community",
  declared: (a.declared && typeof a.declared === "object" && Object.keys(a.declared).length ? a.declared : null) as Declared | null,
});

export function toParticipation(r: ParticipationRow): Participation {
  const account = r.account ?? r.creator.accounts[0] ?? null;
  return {
    id: r.id,
    campaignId: r.campaignId,
    status: r.status,
    creator: {
      creatorId: r.creatorId,
      displayName: r.creator.displayName,
      account: account ? toAccount(account) : null,
      discordUserId: r.account?.discordUserId ?? r.creator.accounts.find((a) => a.discordUserId)?.discordUserId ?? null,
    },
    rateAsk: num(r.rateAsk),
    currency: r.currency,
    promoCode: r.promoCode,
    trackedCode: r.trackedLink?.code ?? null,
    fee: num(r.fee),
    productCost: num(r.productCost),
    commission: num(r.commission),
    disclosureConfirmed: r.disclosureConfirmed,
    slackChannelId: r.slackChannelId,
    slackMessageTs: r.slackMessageTs,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    statusAt: r.transitions[0]?.at ?? r.decidedAt ?? r.createdAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function toDeliverable(r: Prisma.DeliverableGetPayload<object>): Deliverable {
  return {
    id: r.id,
    participationId: r.participationId,
    url: r.url,
    platform: r.platform,
    kind: r.kind,
    status: r.status,
    note: r.note,
    reviewNotes: r.reviewNotes,
    reviewedBy: r.reviewedBy,
    reviewedAt: r.reviewedAt,
    dueAt: r.dueAt,
    submittedAt: r.submittedAt,
    liveAt: r.liveAt,
    slackChannelId: r.slackChannelId,
    slackMessageTs: r.slackMessageTs,
    verification: { status: r.verificationStatus as Verification["status"], issues: r.verificationIssues, at: r.verifiedAt },
  };
}

export function toChange(r: { fromStatus: string | null; toStatus: string; actorId: string; actorName: string | null; surface: string; note: string | null; at: Date }): ChangeRecord {
  return { fromStatus: r.fromStatus, toStatus: r.toStatus, actorId: r.actorId, actorName: r.actorName, surface: r.surface, note: r.note, at: r.at };
}

export async function audit(tx: Tx, by: By, at: Date, action: string, entity: string, entityId: string, data: Record<string, unknown> = {}) {
  await tx.auditEvent.create({
    data: {
      at,
      actorId: by.id,
      actorName: by.name,
      surface: by.surface,
      action,
      entity,
      entityId,
      invocationId: by.invocationId ?? null,
      data: JSON.parse(JSON.stringify(data)) as Prisma.InputJsonValue,
    },
  });
}

/** Locks the campaign row (FOR SHARE: other changes of its participations go on; closing waits) and returns its status. */
export async function lockCampaign(tx: Tx, id: string, mode: "share" | "update"): Promise<CampaignStatus | null> {
  const rows =
    mode === "share"
      ? await tx.$queryRaw<{ status: CampaignStatus }[]>`SELECT status::text AS status FROM campaign WHERE id = ${id}::uuid FOR SHARE`
      : await tx.$queryRaw<{ status: CampaignStatus }[]>`SELECT status::text AS status FROM campaign WHERE id = ${id}::uuid FOR UPDATE`;
  return rows[0]?.status ?? null;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
