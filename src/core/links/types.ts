// Tracked links, clicks, promo codes, spend and conversions as the core sees them, and the store
// ports that keep them (src/store/link.repo.ts, src/store/conversion.repo.ts).
import type { By } from "../campaigns/types.ts";
import type { ConversionInput } from "./webhook.ts";

/** What a redirect needs to know of a code. */
export interface LinkTarget {
  linkId: string;
  code: string;
  landingUrl: string | null;
  campaignSlug: string;
  campaignStatus: string;
  platform: string | null;
  handle: string | null;
}

/** One request to a tracked link (see counting.ts for how requests become counted clicks). */
export interface ClickRecord {
  linkId: string;
  at: Date;
  ipHash: string;
  userAgent: string | null;
  isBot: boolean;
  /** Over 60 requests a minute from this address: stored, never counted (false when not given). */
  suspect?: boolean;
}

export interface LinkRecords {
  /** The code's target; when the database cannot be reached, the last one seen (however old), else it throws. */
  resolve(code: string): Promise<LinkTarget | null>;
  /** Stores the request, folded into its counted click when it repeats one (resolves once written). */
  recordClick(click: ClickRecord): Promise<void>;
  /** CLICK_IP_SALT, or the per-install salt kept in the database (created once, shared by every process). */
  clickSalt(): Promise<string>;
}

export interface Spend {
  fee: number | null;
  productCost: number | null;
  commission: number | null;
}

/** One participation, as promo and spend commands see it. */
export interface ParticipationTarget extends Spend {
  participationId: string;
  status: string;
  campaignId: string;
  campaignSlug: string;
  campaignName: string;
  campaignStatus: string;
  currency: string;
  handle: string | null;
  platform: string | null;
  displayName: string;
  promoCode: string | null;
  trackedCode: string | null;
  /** Attributed revenue so far, in the campaign's currency. */
  revenue: number;
}

export interface PromoSpendRecords {
  /** The participations of creators with this handle in the campaign (null: no such campaign). */
  findParticipations(campaignSlug: string, handle: string, platform?: string): Promise<ParticipationTarget[] | null>;
  /**
   * Sets the promo code: "taken" when another participation has it (nothing changes). With
   * onlyIfNone, a participation that already has a code keeps it: "kept" with that code.
   */
  setPromo(
    participationId: string,
    code: string,
    by: By,
    at: Date,
    opts?: { onlyIfNone?: boolean },
  ): Promise<"set" | "same" | "taken" | { kept: string }>;
  /** Sets the given spend fields (others stay), with an audit event; returns the participation after. */
  setSpend(participationId: string, spend: Partial<Spend> & { commissionRate?: number | null }, by: By, at: Date): Promise<ParticipationTarget>;
}

export type ConversionResult =
  | { status: "unknown" }
  | { status: "created" | "duplicate"; conversionId: string; participationId: string; campaignSlug: string; campaignCurrency: string; currency: string };

export interface ConversionRecords {
  /** Inserts once per order id (a repeat finds the first); "unknown" when no link or promo code matches. */
  record(input: ConversionInput): Promise<ConversionResult>;
}
