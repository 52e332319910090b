// Campaigns, participations and deliverables as the core sees them, and the store port that
// keeps them (implemented in src/store). Pure types: no Prisma, no chat library.
import type { Posted } from "../notifier.ts";
import type { Platform } from "../platform.ts";
import type { Verification } from "../platform-data/verify.ts";
import type { Objective } from "../scoring/index.ts";
import type { Declared } from "../creators/types.ts";

export type CampaignStatus = "draft" | "open" | "active" | "closed";
export type ParticipationStatus = "invited" | "opted_in" | "approved" | "declined" | "withdrawn" | "paid";
export type DeliverableStatus = "submitted" | "approved" | "changes_requested" | "live" | "rejected";

export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = ["draft", "open", "active", "closed"];

/** Who did something, from which surface (recorded with every change). */
export interface By {
  id: string;
  name: string;
  surface: string;
  /** The invocation's reference id, when a command did it. */
  invocationId?: string | undefined;
}

/** The brief's fields, as a marketer sets them (everything but the name may be left out). */
export interface CampaignFields {
  name: string;
  brand: string | null;
  objective: Objective;
  product: string | null;
  /** Key messages. */
  messages: string[];
  dos: string[];
  donts: string[];
  /** Without "#". */
  hashtags: string[];
  /** Without "@". */
  mentions: string[];
  disclosure: string;
  deliverables: string[];
  compensation: string | null;
  fee: number | null;
  budget: number | null;
  currency: string;
  usageRights: string | null;
  optInClosesAt: Date | null;
  draftDueAt: Date | null;
  goLiveAt: Date | null;
  endsAt: Date | null;
  landingUrl: string | null;
  allowedHosts: string[];
  /** Target criteria for the shortlist (validated with criteriaSchema). */
  criteria: Record<string, unknown>;
  slackChannelId: string | null;
}

export interface Campaign extends CampaignFields {
  id: string;
  slug: string;
  status: CampaignStatus;
  /** Where the brief was last posted (so a re-post updates it). */
  brief: Posted | null;
  briefPostedAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
}

/** Per campaign: what needs a marketer's attention. */
export interface CampaignCounts {
  /** Opted in, waiting for approve or decline. */
  pendingOptIns: number;
  approved: number;
  /** Deliverables submitted, waiting for review. */
  toReview: number;
  /** Approved creators with nothing submitted after the draft due date (go-live when none), and approved
   *  deliverables not live after go-live. */
  overdue: number;
  invited: number;
  live: number;
}

export interface CreatorRef {
  creatorId: string;
  displayName: string;
  /** The account the creator takes part with, when known. */
  account: {
    id: string;
    platform: Platform;
    handle: string;
    followers: number | null;
    rate: number | null;
    /** The creator's own account (registered in Discord): all its figures are self-declared. */
    selfDeclared?: boolean;
    /** On a roster account: what the creator declared, kept apart from the roster's figures. */
    declared?: Declared | null;
  } | null;
  discordUserId: string | null;
}

/** A participation with what messages about it need. */
export interface Participation {
  id: string;
  campaignId: string;
  status: ParticipationStatus;
  creator: CreatorRef;
  rateAsk: number | null;
  currency: string | null;
  promoCode: string | null;
  /** The tracked link's code (approved participations), null before approval. */
  trackedCode: string | null;
  /** Spend recorded on the participation, in the campaign's currency. */
  fee: number | null;
  productCost: number | null;
  commission: number | null;
  disclosureConfirmed: boolean;
  slackChannelId: string | null;
  slackMessageTs: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** When the current status began (an approval's time stays when spend or a promo code is recorded later). */
  statusAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface Deliverable {
  id: string;
  participationId: string;
  url: string;
  platform: Platform;
  kind: string | null;
  status: DeliverableStatus;
  note: string | null;
  reviewNotes: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  dueAt: Date | null;
  submittedAt: Date;
  liveAt: Date | null;
  slackChannelId: string | null;
  slackMessageTs: string | null;
  /** The platform check of the post (issue 15); absent where not read. */
  verification?: Verification;
}

/** One recorded change: who moved what to which status, and when. */
export interface ChangeRecord {
  fromStatus: string | null;
  toStatus: string;
  actorId: string;
  actorName: string | null;
  surface: string;
  note: string | null;
  at: Date;
}

/** What a guarded, conditional change did: changed it, or found it already elsewhere. */
export interface StepResult<T> {
  changed: boolean;
  /** The row after the attempt (as it is now when not changed). */
  row: T;
  /** The latest recorded change to the row's current status (who and when), when known. */
  last: ChangeRecord | null;
}

/** The change was not tried: the campaign (or the participation) is in a status that forbids it. */
export interface Blocked {
  blocked: { of: "campaign" | "participation"; status: string };
}

export const isBlocked = (r: object): r is Blocked => "blocked" in r;

export interface AccountMatch {
  accountId: string;
  creatorId: string;
  platform: Platform;
  handle: string;
}

/** Finds a creator: by account, by creator, by handle (and platform), or by their Discord user id. */
export type CreatorLookup =
  | { accountId: string }
  | { creatorId: string }
  | { handle: string; platform?: Platform | undefined }
  | { discordUserId: string };

/** The store's side of campaigns (src/store/campaign.repo.ts). */
export interface CampaignRecords {
  findBySlug(slug: string): Promise<Campaign | null>;
  findById(id: string): Promise<Campaign | null>;
  list(statuses: CampaignStatus[] | null): Promise<Campaign[]>;
  counts(campaignIds: string[], now: Date): Promise<Map<string, CampaignCounts>>;
  /** The campaigns whose slug is base or starts with base- (slug, name and status). */
  slugsLike(base: string): Promise<{ slug: string; name: string; status: CampaignStatus }[]>;
  /** Inserts a draft (and its audit event) in one transaction; null when the slug is taken. */
  create(slug: string, fields: CampaignFields, by: By, at: Date): Promise<Campaign | null>;
  /** Updates fields of a campaign that is not closed (and records the audit event); null when it is closed or gone. */
  update(id: string, patch: Partial<CampaignFields>, by: By, at: Date): Promise<Campaign | null>;
  /** `UPDATE campaign SET status = to WHERE id = ? AND status IN from`, with its audit event. */
  setStatus(id: string, from: CampaignStatus[], to: CampaignStatus, by: By, at: Date): Promise<StepResult<Campaign> | null>;
  /** Deletes a draft (participations go with it) and records the audit event; false when it is not a draft. */
  deleteDraft(id: string, by: By, at: Date): Promise<boolean>;
  /** The latest audit event of this action on a campaign (by id, or by slug for deleted ones). */
  lastEvent(action: string, ref: { id: string } | { slug: string }): Promise<ChangeRecord | null>;
  saveBriefPosted(id: string, posted: Posted, at: Date, by: By): Promise<Campaign>;
}

/** The store's side of participations and deliverables (src/store/participation.repo.ts). */
export interface ParticipationRecords {
  findAccounts(who: CreatorLookup): Promise<AccountMatch[]>;
  participation(id: string): Promise<Participation | null>;
  participationOf(campaignId: string, creatorId: string): Promise<Participation | null>;
  participations(campaignId: string): Promise<Participation[]>;
  /**
   * Creates the participation at `to` (ON CONFLICT DO NOTHING on campaign + creator), or moves an
   * existing one from one of `from` to `to` (conditional update); with its StatusChange and audit
   * event, in one transaction that holds the campaign row (FOR SHARE) and checks its status.
   */
  enter(req: {
    campaignId: string;
    creatorId: string;
    accountId: string | null;
    to: "invited" | "opted_in";
    from: ParticipationStatus[];
    campaignStatusIn: CampaignStatus[];
    set?: { rateAsk?: number | null; currency?: string | null; disclosureConfirmed?: boolean };
    by: By;
    at: Date;
    action: string;
  }): Promise<(StepResult<Participation> & { created: boolean }) | Blocked>;
  /** Moves a participation from one of `from` to `to` (conditional update), with its records. */
  move(req: {
    id: string;
    from: ParticipationStatus[];
    to: ParticipationStatus;
    campaignStatusIn: CampaignStatus[];
    decided?: boolean;
    note?: string | null;
    /** When the participation ends approved (now or before): its tracked link, created once in the same transaction. */
    link?: { newCode(): string };
    by: By;
    at: Date;
    action: string;
  }): Promise<StepResult<Participation> | Blocked | null>;
  saveParticipationPosted(id: string, posted: Posted): Promise<void>;

  deliverable(id: string): Promise<Deliverable | null>;
  deliverables(campaignId: string): Promise<(Deliverable & { participation: Participation })[]>;
  /** Inserts (ON CONFLICT DO NOTHING on participation + url) or moves a changes_requested one back to submitted. */
  submit(req: {
    participationId: string;
    url: string;
    platform: Platform;
    kind: string | null;
    note: string | null;
    /** What the disclosure check found missing (empty: passed); null or left out: not checked. */
    disclosureIssues?: string[] | null;
    dueAt: Date | null;
    campaignStatusIn: CampaignStatus[];
    /** The participation must be in one of these (approved): checked under a row lock. */
    participationStatusIn: ParticipationStatus[];
    by: By;
    at: Date;
  }): Promise<(StepResult<Deliverable> & { created: boolean }) | Blocked>;
  moveDeliverable(req: {
    id: string;
    from: DeliverableStatus[];
    to: DeliverableStatus;
    campaignStatusIn: CampaignStatus[];
    reviewNote?: string | null;
    reviewed?: boolean;
    live?: boolean;
    by: By;
    at: Date;
    action: string;
  }): Promise<StepResult<Deliverable> | Blocked | null>;
  saveDeliverablePosted(id: string, posted: Posted): Promise<void>;
}

export type CampaignStore = CampaignRecords & ParticipationRecords;
