// What the digest reads besides the metrics sums (src/store/digest.repo.ts).
import type { Platform } from "../platform.ts";

export interface DigestCampaign {
  id: string;
  slug: string;
  name: string;
  currency: string;
  status: string;
  /** When it opened (created when never opened): where its chart starts. */
  startedAt: Date;
}

/** Per campaign: the workflow counts a digest shows. */
export interface DigestCounts {
  /** Every creator who opted in (whatever happened next). */
  optIns: number;
  /** Opted in after `since` (all of them when there is no previous digest). */
  newOptIns: number;
  /** Opted in, waiting for approve or decline. */
  waiting: number;
  approved: number;
  /** Deliverables submitted, by their current status. */
  submitted: number;
  toReview: number;
  approvedDeliverables: number;
  live: number;
  /** Approved creators with nothing submitted after the draft due date (go-live when none), and approved deliverables not live after go-live. */
  overdue: number;
}

/** A platform Scout cannot ask right now (issue 15), and the work of these campaigns that waits for it. */
export interface PlatformWait {
  platform: Platform;
  /** quota: its quota is spent until `until`; auth: it refuses Scout's key; unavailable: it does not answer (retried until `until`). */
  reason: "quota" | "auth" | "unavailable";
  until: Date | null;
  /** Live deliverables whose due snapshot is not taken yet. */
  snapshots: number;
  /** Delivered links whose check on the platform could not be done yet. */
  linkChecks: number;
}

export interface DigestStore {
  /** Active campaigns (or the one named, whatever its status), by slug. */
  campaigns(slug: string | null): Promise<DigestCampaign[]>;
  counts(campaignIds: string[], since: Date | null, now: Date): Promise<Map<string, DigestCounts>>;
  /** Platforms paused at `now` (quota spent, key refused, not answering) with work of these campaigns waiting; none when all answer. */
  platformWaits?(campaignIds: string[], now: Date): Promise<PlatformWait[]>;
}
