// Creators as they see themselves: their profile and accounts, their participations with what is
// due, and the store port that keeps them (src/store/creator.repo.ts). Pure types.
import type { CampaignStatus, DeliverableStatus, ParticipationStatus } from "../campaigns/types.ts";
import type { Platform } from "../platform.ts";

/** Who a creator command acts for: a Discord user, or (console and CLI only) a handle. */
export type CreatorIdentity = { kind: "discord"; discordUserId: string; name: string } | { kind: "local"; handle: string; name: string };

export interface ProfileAccount {
  id: string;
  platform: Platform;
  handle: string;
  followers: number | null;
  rate: number | null;
  currency: string | null;
  country: string | null;
  language: string | null;
  categories: string[];
}

export interface CreatorProfile {
  creatorId: string;
  displayName: string;
  source: "import" | "community" | "manual";
  discordUserId: string | null;
  accounts: ProfileAccount[];
}

/** One account to create or update (numbers left null are kept as they are). */
export interface AccountInput {
  platform: Platform;
  handle: string;
  followers?: number | null;
  /** A rate for the account when it has none yet (the rate given at opt-in); a known rate is kept. */
  rateIfUnknown?: { amount: number; currency: string } | null;
}

/** Fields set on every account of the creator (left undefined: kept). */
export interface ProfilePatch {
  categories?: string[];
  nicheKey?: string | null;
  country?: string;
  language?: string;
  rate?: number;
  currency?: string;
}

export type RegisterResult =
  | { ok: true; creator: CreatorProfile; created: boolean; accountIds: Record<string, string> }
  /** The handle belongs to another creator (another Discord user, or a roster entry already linked). */
  | { ok: false; taken: { platform: Platform; handle: string } };

export interface MyDeliverable {
  id: string;
  url: string;
  platform: Platform;
  status: DeliverableStatus;
  submittedAt: Date;
  reviewNotes: string | null;
  disclosureChecked: boolean;
  disclosureIssues: string[];
  /** The creator's latest own report, when any. */
  lastReportAt: Date | null;
}

export interface MyParticipation {
  id: string;
  status: ParticipationStatus;
  account: { platform: Platform; handle: string } | null;
  rateAsk: number | null;
  currency: string | null;
  promoCode: string | null;
  createdAt: Date;
  updatedAt: Date;
  campaign: {
    id: string;
    slug: string;
    name: string;
    brand: string | null;
    status: CampaignStatus;
    disclosure: string;
    hashtags: string[];
    mentions: string[];
    allowedHosts: string[];
    deliverables: string[];
    optInClosesAt: Date | null;
    draftDueAt: Date | null;
    goLiveAt: Date | null;
    endsAt: Date | null;
  };
  deliverables: MyDeliverable[];
}

export interface MetricValues {
  views?: number;
  likes?: number;
  comments?: number;
  shares?: number;
  saves?: number;
  reach?: number;
  clicks?: number;
}

/** The store's side of creators (src/store/creator.repo.ts). */
export interface CreatorRecords {
  /** The creator linked to this Discord user (or whose roster account carries that id), or null. */
  byDiscordUser(discordUserId: string): Promise<CreatorProfile | null>;
  /** Creators with an account of this handle (lower case, no "@"), on one platform or any. */
  byHandle(handle: string, platform?: Platform): Promise<CreatorProfile[]>;
  /**
   * Creates or updates the creator and accounts in one transaction: the creator found by Discord
   * user id (ON CONFLICT on creator.discord_user_id) or, for a local identity, by handle; accounts
   * by (platform, handle) with ON CONFLICT DO NOTHING. New rows are source "community". An
   * unlinked roster creator who owns the handle is linked to the Discord user instead of duplicated.
   */
  register(req: { identity: CreatorIdentity; displayName: string; accounts: AccountInput[]; patch: ProfilePatch; at: Date }): Promise<RegisterResult>;
  /** The creator's participations, newest first, with campaign dates and deliverables. */
  participationsOf(creatorId: string): Promise<MyParticipation[]>;
  /** Stores a self-reported snapshot (source creator); false when one exists for that instant. */
  saveReport(req: { deliverableId: string; metrics: MetricValues; reportedBy: string; takenAt: Date }): Promise<{ id: string; created: boolean }>;
  /** Whether a deliverable with this url exists for a participation other than `participationId`. */
  urlTakenElsewhere(url: string, participationId: string): Promise<boolean>;
}
