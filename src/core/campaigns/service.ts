// The campaign workflow: create and edit briefs, the lifecycle, participations and deliverables.
// Every change is guarded by its state machine and done once by the store (a repeat says it was
// already done, by whom and when); notices go out through the notifier after the change commits.
import type { Message } from "../message.ts";
import type { Posted } from "../notifier.ts";
import type { Platform } from "../platform.ts";
import { createCampaignOps } from "./campaign.ops.ts";
import { createContext, type CampaignServiceDeps, type Outcome } from "./context.ts";
import { createDeliverableOps } from "./deliverable.ops.ts";
import { createParticipationOps } from "./participation.ops.ts";
import {
  CAMPAIGN_STATUSES,
  type By,
  type Campaign,
  type CampaignCounts,
  type CampaignFields,
  type CampaignStatus,
  type CreatorLookup,
  type Deliverable,
  type Participation,
} from "./types.ts";

export type { CampaignServiceDeps, Outcome } from "./context.ts";

export interface BriefPostResult {
  campaign: Campaign;
  message: Message;
  /** Where it was posted, or null when no surface posts briefs. */
  posted: Posted | null;
  previous: Posted | null;
  /** The draft was opened by this post. */
  opened: boolean;
  warnings: string[];
}

export interface CampaignService {
  findBySlug(slug: string): Promise<Campaign | null>;
  /** The campaign, or CAMPAIGN_NOT_FOUND. */
  get(slug: string): Promise<Campaign>;
  /**
   * A draft. Refuses (CAMPAIGN_NAME_TAKEN) a name another campaign that is not closed has; slugNote
   * says why the slug is not the one made from the name (a closed campaign, or another, has it).
   */
  create(fields: Partial<CampaignFields> & { name: string }, by: By, opts?: { slug?: string | undefined }): Promise<{ campaign: Campaign; slugNote: string | null }>;
  /** changed: the fields whose value differs; unchanged: those given with the value they already had (none changed: nothing stored). */
  edit(slug: string, patch: Partial<CampaignFields>, by: By): Promise<{ campaign: Campaign; changed: (keyof CampaignFields)[]; unchanged: (keyof CampaignFields)[] }>;
  list(statuses?: CampaignStatus[] | null): Promise<{ campaign: Campaign; counts: CampaignCounts }[]>;
  counts(campaign: Campaign): Promise<CampaignCounts>;
  /** What the campaign lacks before it can open (empty when nothing). */
  missing(campaign: Campaign): string[];
  open(slug: string, by: By): Promise<Outcome<Campaign>>;
  activate(slug: string, by: By): Promise<Outcome<Campaign>>;
  close(slug: string, by: By): Promise<Outcome<Campaign>>;
  remove(slug: string, by: By): Promise<{ outcome: "done" | "already"; text: string; slug: string }>;
  postBrief(slug: string, by: By): Promise<BriefPostResult>;

  inviteCreator(slug: string, who: CreatorLookup, by: By): Promise<Outcome<Participation>>;
  optIn(slug: string, who: CreatorLookup, terms: { rateAsk?: number | null; currency?: string | null; disclosureConfirmed?: boolean }, by: By): Promise<Outcome<Participation>>;
  withdraw(slug: string, who: CreatorLookup, by: By): Promise<Outcome<Participation>>;
  approveParticipation(participationId: string, by: By): Promise<Outcome<Participation>>;
  declineParticipation(participationId: string, by: By, note?: string | null): Promise<Outcome<Participation>>;
  participation(participationId: string): Promise<{ participation: Participation; campaign: Campaign }>;
  participations(slug: string): Promise<{ campaign: Campaign; participations: Participation[] }>;
  /** The public address of a tracked link code: PUBLIC_BASE_URL/r/<code>. */
  linkUrl(code: string): string;

  submitDeliverable(
    participationId: string,
    /** disclosureIssues: what the caption check found missing (empty: passed); null or left out: not checked. */
    d: { url: string; platform: Platform; kind?: string | null; note?: string | null; disclosureIssues?: string[] | null },
    by: By,
  ): Promise<Outcome<Deliverable>>;
  reviewDeliverable(deliverableId: string, decision: { approve: true } | { approve: false; note: string }, by: By): Promise<Outcome<Deliverable>>;
  markLive(deliverableId: string, by: By): Promise<Outcome<Deliverable>>;
  deliverable(deliverableId: string): Promise<{ deliverable: Deliverable; participation: Participation; campaign: Campaign }>;
  deliverables(slug: string): Promise<{ campaign: Campaign; deliverables: (Deliverable & { participation: Participation })[] }>;
}

export function createCampaignService(deps: CampaignServiceDeps): CampaignService {
  const ctx = createContext(deps);
  return { ...createCampaignOps(ctx), ...createParticipationOps(ctx), ...createDeliverableOps(ctx) };
}

export const isCampaignStatus = (s: string): s is CampaignStatus => (CAMPAIGN_STATUSES as readonly string[]).includes(s);
