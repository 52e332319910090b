// The port the digest commands use: daily digest schedules per Slack channel, and a digest now.
// src/jobs implements it (storage, once-only runs, sending); commands/digest.ts speaks to people.

/** The target of digests printed on the local console (npm start without tokens), stored in place
 *  of a Slack channel id. Only a process that runs the console sends them. */
export const CONSOLE_TARGET = "console";

/** A daily digest to one channel. */
export interface DigestScheduleView {
  channelId: string;
  channelName: string | null;
  /** Local "HH:MM". */
  at: string;
  /** IANA zone. */
  timezone: string;
  campaignSlug: string | null;
  createdBy: string | null;
  /** When the next digest goes out. */
  nextRunAt: Date;
  /** The last digest sent to this channel (scheduled or on demand). */
  lastSentAt: Date | null;
}

export interface DigestJobs {
  /** Stores (or updates: one per channel) a daily schedule. `at` and `timezone` are already checked. */
  schedule(req: {
    channelId: string;
    channelName?: string | null;
    at: string;
    timezone: string;
    campaignSlug?: string | null;
    by: string;
  }): Promise<{ schedule: DigestScheduleView; created: boolean; sentToday: boolean }>;
  list(): Promise<DigestScheduleView[]>;
  /** Removes the channel's schedule; null when it had none. */
  cancel(channelId: string): Promise<DigestScheduleView | null>;
  /** Composes and sends a digest at once to `channelId`, recorded so the next one shows the change. */
  sendNow(req: { channelId: string; campaignSlug?: string | null; requestId: string }): Promise<{
    channelId: string;
    campaigns: string[];
    messageId?: string;
    /** Where the chart was saved, when the surface saves it as a file (the console, the CLI). */
    chart?: string;
  }>;
  /** True when Slack is configured here (SLACK_BOT_TOKEN): Slack channels can be named. */
  slack?: boolean;
  /** SLACK_NOTIFY_CHANNEL, where a digest goes when no channel is named (and the surface has none). */
  defaultChannel?: string | undefined;
  /** Finds a channel id by its name ("growth") when the surface can list channels; null when not found. */
  findChannel?(name: string): Promise<{ id: string; name: string } | null>;
}
