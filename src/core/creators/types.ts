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
  /** Where the account's figures come from: the roster ("import", "manual") or the creator ("community"). */
  source: "import" | "community" | "manual";
  /** What the creator declared for a roster account, kept apart from the roster's figures (null: nothing). */
  declared: Declared | null;
}

/** Figures a creator gave themselves. On a roster account they never overwrite the roster's; they are shown as self-declared. */
export interface Declared {
  followers?: number;
  rate?: number;
  currency?: string;
  country?: string;
  language?: string;
  categories?: string[];
  /** A declared rate that filled a roster rate that was unknown (shown as self-declared while it is the account's rate). */
  filled?: { rate?: number; currency?: string };
}

export type ClaimStatus = "pending" | "confirmed" | "rejected";

/** An opt-in held on a claim until the identity is confirmed. */
export interface HeldOptIn {
  campaignId: string;
  slug: string;
  name: string;
  rateAsk: number | null;
  currency: string | null;
  disclosureConfirmed: boolean;
  /** ISO time it was made. */
  at: string;
}

/**
 * A Discord member's claim to a roster account whose row does not carry their Discord id: held until a
 * marketer confirms (the member is then linked) or rejects it (the member stays unlinked).
 */
export interface IdentityClaim {
  id: string;
  status: ClaimStatus;
  discordUserId: string;
  claimantName: string;
  /** The claimed account, with the roster's figures. */
  account: { id: string; creatorId: string; platform: Platform; handle: string; followers: number | null; rate: number | null; currency: string | null; country: string | null };
  declared: Declared;
  held: HeldOptIn[];
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  createdAt: Date;
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
  | {
      ok: true;
      /** Null when the member's only handles are claims to roster accounts (nothing is linked yet). */
      creator: CreatorProfile | null;
      created: boolean;
      accountIds: Record<string, string>;
      /** Handles the roster holds for someone not (yet) linked to this member: claims, held until a marketer decides. */
      claims: (IdentityClaim & { created: boolean })[];
    }
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
   * by (platform, handle) with ON CONFLICT DO NOTHING. New rows are source "community". A roster
   * account is linked to a Discord user only when its row carries that user's id; a handle the roster
   * holds for someone unlinked becomes a claim (never linked here). On roster accounts, what the
   * creator gives is stored apart as declared, never over the roster's figures.
   */
  register(req: { identity: CreatorIdentity; displayName: string; accounts: AccountInput[]; patch: ProfilePatch; at: Date }): Promise<RegisterResult>;
  /** The creator's participations, newest first, with campaign dates and deliverables. */
  participationsOf(creatorId: string): Promise<MyParticipation[]>;
  /** Stores a self-reported snapshot (source creator); false when one exists for that instant. */
  saveReport(req: { deliverableId: string; metrics: MetricValues; reportedBy: string; takenAt: Date }): Promise<{ id: string; created: boolean }>;
  /** Whether a deliverable with this url exists for a participation other than `participationId`. */
  urlTakenElsewhere(url: string, participationId: string): Promise<boolean>;

  claim(id: string): Promise<IdentityClaim | null>;
  /** A member's claims, newest first. */
  claimsOf(discordUserId: string): Promise<IdentityClaim[]>;
  /** Pending claims holding an opt-in to this campaign. */
  pendingClaimsFor(campaignId: string): Promise<IdentityClaim[]>;
  /** Holds an opt-in on a pending claim; false when it already holds one for that campaign (or is no longer pending). */
  holdOptIn(claimId: string, held: HeldOptIn, at: Date): Promise<boolean>;
  /** Lets go of a held opt-in (the member said Not for me); false when none was held for that campaign. */
  releaseOptIn(claimId: string, campaignId: string, at: Date): Promise<boolean>;
  /**
   * Confirms (links the member to the claimed account's creator, in one transaction) or rejects a
   * pending claim, conditionally: a claim already decided is returned unchanged. `taken`: the account
   * was linked to someone else meanwhile. Null when there is no such claim.
   */
  decideClaim(req: { id: string; to: "confirmed" | "rejected"; by: { id: string; name: string }; at: Date }): Promise<{ changed: boolean; claim: IdentityClaim; taken?: boolean } | null>;
}
