// What the jobs need from the database (src/store implements it).

export type RunStatus = "claimed" | "done" | "failed";

/** One claimed run of a job for a target and period (unique together). */
export interface JobRun {
  id: string;
  job: string;
  target: string;
  period: string;
  status: RunStatus;
  late: boolean;
  claimedBy: string;
  claimedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  /** Kept by the job: attempts, and what it sent (a digest's figures, where it posted). */
  data: RunData;
}

export interface RunData {
  attempts?: number;
  [k: string]: unknown;
}

export interface RunKey {
  job: string;
  target: string;
  period: string;
}

export interface JobRunStore {
  /**
   * Claims the run for `by` before any work: a new run, or one failed at least `retryAfterMs` ago
   * (or claimed by a process that went quiet for `staleMs`) while it has had fewer than `maxAttempts`.
   * Null when another process holds it, it is done, or it has used its attempts.
   */
  claim(key: RunKey, o: { by: string; at: Date; late?: boolean; maxAttempts: number; staleMs: number; retryAfterMs?: number }): Promise<JobRun | null>;
  /** Marks a run this process holds as done (with what it sent) or failed. False when it no longer holds it. */
  finish(id: string, o: { by: string; at: Date; data: RunData }): Promise<boolean>;
  fail(id: string, o: { by: string; at: Date; error: string; data?: RunData }): Promise<boolean>;
  find(key: RunKey): Promise<JobRun | null>;
  /** The latest done run of these jobs for the target whose data.scope equals `scope`. */
  lastDone(jobs: string[], target: string, scope?: string | null): Promise<JobRun | null>;
}

export interface ScheduleRow {
  id: string;
  channelId: string;
  channelName: string | null;
  at: string;
  timezone: string;
  campaignSlug: string | null;
  enabled: boolean;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ScheduleStore {
  /** One schedule per channel: creates it, or updates the channel's. */
  upsert(s: { channelId: string; channelName: string | null; at: string; timezone: string; campaignSlug: string | null; createdBy: string; now: Date }): Promise<{ row: ScheduleRow; created: boolean }>;
  list(): Promise<ScheduleRow[]>;
  remove(channelId: string): Promise<ScheduleRow | null>;
}

/** Something a creator owes, in an open or active campaign. */
export interface DueItem {
  participationId: string;
  creatorId: string;
  discordUserId: string | null;
  creatorName: string;
  campaignSlug: string;
  campaignName: string;
  /** "draft": the campaign's draft due date, nothing submitted yet; "live": go-live, approved content not live yet. */
  what: "draft" | "live";
  dueAt: Date;
  /** The campaign asks for drafts before posting (issue 16): the draft goes through /draft. */
  viaDraft?: boolean;
}

/** A product shipped to a creator more than 10 days ago and not confirmed received (issue 17). */
export interface ShipmentReminder {
  shipmentId: string;
  creatorId: string;
  discordUserId: string | null;
  creatorName: string;
  campaignName: string;
  product: string;
  variant: string;
  carrier: string | null;
  tracking: string | null;
}

export interface ReminderSource {
  /** Items whose due date falls on one of these local dates in `tz`. */
  dueOn(dates: string[], tz: string): Promise<DueItem[]>;
  /** Shipments not confirmed 10 days after shipping, as of `at`: each creator is asked once. */
  unconfirmedShipments?(at: Date): Promise<ShipmentReminder[]>;
}
