// What the digest reads besides the metrics sums (src/store/digest.repo.ts).

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

export interface DigestStore {
  /** Active campaigns (or the one named, whatever its status), by slug. */
  campaigns(slug: string | null): Promise<DigestCampaign[]>;
  counts(campaignIds: string[], since: Date | null, now: Date): Promise<Map<string, DigestCounts>>;
}
