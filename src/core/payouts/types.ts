// Payouts: what each participation is owed (payables), what was paid (payments, recorded by a
// marketer; Scout moves no money), whether a tax form is on file, and product seeding.
import type { By } from "../campaigns/types.ts";

export type Milestone = "approved" | "live";
export const MILESTONES: Milestone[] = ["approved", "live"];

export interface PayoutTerms {
  payoutOn: Milestone;
  netDays: number;
}
export const DEFAULT_TERMS: PayoutTerms = { payoutOn: "approved", netDays: 30 };

export interface PaymentRecord {
  id: string;
  amountMinor: number;
  currency: string;
  /** YYYY-MM-DD */
  paidOn: string;
  method: string;
  reference: string;
  recordedByName: string | null;
}

/** A payable with who it is for and its campaign. Amounts in minor units of `currency`. */
export interface Payable {
  id: string;
  participationId: string;
  campaignId: string;
  campaignSlug: string;
  campaignName: string;
  campaignStatus: string;
  creatorId: string;
  handle: string | null;
  platform: string | null;
  displayName: string;
  discordUserId: string | null;
  milestone: Milestone;
  currency: string;
  feeMinor: number;
  commissionMinor: number;
  paidMinor: number;
  /** YYYY-MM-DD (UTC). */
  dueOn: string;
  payments: PaymentRecord[];
  /** The creator's accounts' countries (roster), and whether a tax form is on file (null: never recorded). */
  countries: string[];
  taxFormOnFile: boolean | null;
}

export const owedMinor = (p: Pick<Payable, "feeMinor" | "commissionMinor">) => p.feeMinor + p.commissionMinor;
export const remainingMinor = (p: Pick<Payable, "feeMinor" | "commissionMinor" | "paidMinor">) => Math.max(0, owedMinor(p) - p.paidMinor);

export type PayableState = "due" | "overdue" | "paid" | "nothing";
export function payableState(p: Payable, today: string): PayableState {
  if (owedMinor(p) === 0) return "nothing";
  if (remainingMinor(p) === 0) return "paid";
  return p.dueOn < today ? "overdue" : "due";
}

export interface PaymentInput {
  payableId: string;
  amountMinor: number;
  currency: string;
  paidOn: string;
  method: string;
  reference: string;
  by: By;
  at: Date;
}

export type PayResult =
  | { status: "recorded" | "duplicate"; payable: Payable; payment: PaymentRecord }
  | { status: "too_much"; payable: Payable }
  | { status: "nothing_due"; payable: Payable }
  | { status: "currency"; payable: Payable }
  | { status: "not_found" };

export interface TaxFormStatus {
  onFile: boolean;
  recordedOn: string;
  recordedBy: string;
}

/** One creator's payments in a year, per currency (for the export). */
export interface YearRow {
  creatorId: string;
  displayName: string;
  handles: string[];
  countries: string[];
  currency: string;
  paidMinor: number;
  payments: number;
  taxForm: TaxFormStatus | null;
}

export interface PayoutStore {
  terms(campaignId: string): Promise<PayoutTerms>;
  setTerms(campaignId: string, terms: Partial<PayoutTerms>, by: By, at: Date): Promise<PayoutTerms>;
  /** Creates the payable for a participation and milestone when the campaign pays on that milestone
   *  and none exists yet (INSERT ... ON CONFLICT DO NOTHING). Answers whether it was created now. */
  ensurePayable(input: { participationId: string; milestone: Milestone; deliverableId: string; at: Date }): Promise<{ created: boolean; payable: Payable } | null>;
  /** Fee and commission follow the participation's spend until the campaign closes. */
  syncAmounts(participationId: string): Promise<void>;
  payables(campaignId: string): Promise<Payable[]>;
  payable(id: string): Promise<Payable | null>;
  forCreator(creatorId: string): Promise<Payable[]>;
  /** Payables of campaigns not deleted, with something still to pay and due before `today`. */
  overdue(today: string): Promise<Payable[]>;
  pay(input: PaymentInput): Promise<PayResult>;
  setTaxForm(creatorId: string, onFile: boolean, recordedOn: string, by: By, at: Date): Promise<TaxFormStatus>;
  year(year: number): Promise<YearRow[]>;
  /** Creators with an account of that handle (case-insensitive), on that platform when given. */
  creatorsByHandle(handle: string, platform?: string): Promise<{ creatorId: string; displayName: string; handle: string; platform: string }[]>;
}
