// The agreement between a brand and a creator (issue 16): terms (versioned, each acceptance kept),
// drafts reviewed before posting, and the usage rights an approved participation grants.
// Pure types and the store port: no Prisma, no chat library.
import type { By } from "../campaigns/types.ts";

/** Channels a campaign may reuse a creator's content on. */
export const RIGHTS_CHANNELS = ["organic", "paid-ads", "website"] as const;
export type RightsChannel = (typeof RIGHTS_CHANNELS)[number];

export const RIGHTS_CHANNEL_WORDS: Record<RightsChannel, string> = { organic: "organic repost", "paid-ads": "paid ads", website: "website" };

/** A campaign's settings beyond its brief. */
export interface AgreementSettings {
  campaignId: string;
  draftsRequired: boolean;
  /** How long the rights last from approval, in days; null: the campaign takes no usage rights. */
  rightsDays: number | null;
  rightsChannels: RightsChannel[];
  /** Ads may run from the creator's handle. */
  rightsHandleAds: boolean;
}

export interface Terms {
  campaignId: string;
  version: number;
  text: string;
  sha256: string;
  createdBy: string;
  createdByName: string | null;
  createdAt: Date;
}

export interface TermsAcceptance {
  campaignId: string;
  creatorId: string;
  version: number;
  sha256: string;
  actorId: string;
  actorName: string | null;
  surface: string;
  acceptedAt: Date;
}

export type DraftStatus = "submitted" | "approved" | "approved_with_notes" | "changes_requested" | "superseded";
export type DraftDecision = "approved" | "approved_with_notes" | "changes_requested";

/** A file attached in Discord: only its address and what Discord said about it (never downloaded). */
export interface DraftAttachment {
  url: string;
  name: string;
  contentType: string;
  size: number;
}

export interface Draft {
  id: string;
  participationId: string;
  version: number;
  caption: string;
  linkUrl: string | null;
  attachment: DraftAttachment | null;
  /** What the caption check found missing (empty: all good). */
  checkIssues: string[];
  status: DraftStatus;
  submittedBy: string;
  submittedAt: Date;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
}

export interface RightsGrant {
  participationId: string;
  channels: RightsChannel[];
  handleAds: boolean;
  days: number;
  grantedAt: Date;
  expiresAt: Date;
}

export interface RightsExtension {
  id: string;
  participationId: string;
  days: number;
  status: "pending" | "accepted";
  requestedBy: string;
  requestedByName: string | null;
  requestedAt: Date;
  acceptedAt: Date | null;
  expiresBefore: Date | null;
  expiresAfter: Date | null;
}

/** The store's side (src/store/agreement.repo.ts). Every write is done once: a repeat finds the row. */
export interface AgreementStore {
  settings(campaignId: string): Promise<AgreementSettings>;
  saveSettings(campaignId: string, patch: Partial<Omit<AgreementSettings, "campaignId">>, at: Date): Promise<AgreementSettings>;
  currentTerms(campaignId: string): Promise<Terms | null>;
  terms(campaignId: string, version: number): Promise<Terms | null>;
  /** Adds the next version unless the current one has this hash (then `added` is false and the current comes back). */
  addTerms(campaignId: string, text: string, sha256: string, by: By, at: Date): Promise<{ added: boolean; terms: Terms }>;
  /** Records the acceptance once (campaign, creator, version); `added` false: it was there already. */
  accept(a: Omit<TermsAcceptance, "acceptedAt">, at: Date): Promise<{ added: boolean; acceptance: TermsAcceptance }>;
  acceptances(campaignId: string): Promise<TermsAcceptance[]>;
  /** Accepted version of each of the creators given (the latest each accepted). */
  latestAccepted(campaignId: string, creatorId: string): Promise<TermsAcceptance | null>;

  /** Adds the next version of a participation's draft (the one waiting, if any, is superseded);
   *  an identical resubmission of the waiting one adds nothing (`added` false). */
  addDraft(d: { participationId: string; caption: string; linkUrl: string | null; attachment: DraftAttachment | null; checkIssues: string[]; by: By; at: Date }): Promise<{ added: boolean; draft: Draft; previous: Draft | null }>;
  draft(id: string): Promise<Draft | null>;
  drafts(participationIds: string[]): Promise<Draft[]>;
  /** Decides a waiting draft (status submitted) once; null when it was not waiting. */
  decideDraft(id: string, decision: DraftDecision, note: string | null, by: By, at: Date): Promise<Draft | null>;
  saveDraftPosted(id: string, channelId: string, ts: string): Promise<void>;

  /** Records the grant once; the existing one comes back otherwise. */
  grant(g: RightsGrant): Promise<RightsGrant>;
  grants(participationIds: string[]): Promise<RightsGrant[]>;
  /** Grants expiring in [from, to), with their participations' ids. */
  expiring(from: Date, to: Date): Promise<RightsGrant[]>;
  requestExtension(participationId: string, days: number, by: By, at: Date): Promise<{ added: boolean; extension: RightsExtension }>;
  extension(id: string): Promise<RightsExtension | null>;
  extensions(participationIds: string[]): Promise<RightsExtension[]>;
  /** Accepts a pending extension and moves the grant's expiry, in one transaction; null when not pending. */
  acceptExtension(id: string, by: By, at: Date): Promise<{ extension: RightsExtension; grant: RightsGrant } | null>;
}
