// The digest commands' port (src/core/jobs/digest-jobs.ts): schedules stored per channel, and a
// digest sent at once, recorded like a scheduled one so the next digest shows the change since.
import type { DigestService } from "../core/digest/types.ts";
import { isUserError, UserError } from "../core/errors.ts";
import type { DigestJobs, DigestScheduleView } from "../core/jobs/digest-jobs.ts";
import type { Notifier } from "../core/notifier.ts";
import type { Logger } from "../logger.ts";
import type { JobRunStore, ScheduleRow, ScheduleStore } from "./ports.ts";
import { DIGEST_JOBS, sendDigest } from "./digest-send.ts";
import { localTime, nextOccurrence } from "../core/jobs/time.ts";

export interface ChannelDirectory {
  findChannel(name: string): Promise<{ id: string; name: string } | null>;
}

export interface DigestJobsDeps {
  schedules: ScheduleStore;
  runs: JobRunStore;
  digests(): DigestService | undefined;
  notifier: Notifier;
  now(): Date;
  log: Logger;
  instance: string;
  defaultChannel?: string | undefined;
  channels?: ChannelDirectory | undefined;
  /** Slack is configured (a bot token): digests can go to Slack channels. */
  slack?: boolean;
  /** Called after a schedule is set or cancelled (this process's scheduler reloads at once). */
  onChange?: () => void;
}

/** What a platform error means for the marketer, when it is one they can fix. */
function explain(e: Error, channelId: string): UserError {
  const m = e.message;
  if (/not_in_channel|channel_not_found|is_archived/.test(m))
    return new UserError("DIGEST_CHANNEL", `Scout cannot post in <#${channelId}> (${/not_in_channel|channel_not_found|is_archived/.exec(m)![0]}).`, "Invite Scout to the channel (/invite @Scout) or pick another one.");
  return new UserError("DIGEST_FAILED", "The digest could not be sent; the error was logged.", "Try again in a minute.");
}

export function createDigestJobs(d: DigestJobsDeps): DigestJobs {
  // One scheduled digest per channel and local day: when today's went out already, the next is tomorrow's.
  const nextRun = async (s: ScheduleRow) => {
    const now = d.now();
    const next = nextOccurrence(now, s.at, s.timezone);
    const today = localTime(now, s.timezone).date;
    if (localTime(next, s.timezone).date !== today) return next;
    const run = await d.runs.find({ job: "digest", target: s.channelId, period: today });
    return run?.status === "done" ? nextOccurrence(next, s.at, s.timezone) : next;
  };
  const view = async (s: ScheduleRow): Promise<DigestScheduleView> => {
    const last = await d.runs.lastDone(DIGEST_JOBS, s.channelId, s.campaignSlug);
    return {
      channelId: s.channelId,
      channelName: s.channelName,
      at: s.at,
      timezone: s.timezone,
      campaignSlug: s.campaignSlug,
      createdBy: s.createdBy,
      nextRunAt: await nextRun(s),
      lastSentAt: last?.finishedAt ?? null,
    };
  };
  return {
    defaultChannel: d.defaultChannel,
    slack: d.slack ?? false,
    ...(d.channels ? { findChannel: (name: string) => d.channels!.findChannel(name) } : {}),
    async schedule(req) {
      const now = d.now();
      const { row, created } = await d.schedules.upsert({
        channelId: req.channelId,
        channelName: req.channelName ?? null,
        at: req.at,
        timezone: req.timezone,
        campaignSlug: req.campaignSlug ?? null,
        createdBy: req.by,
        now,
      });
      d.onChange?.();
      const today = await d.runs.find({ job: "digest", target: row.channelId, period: localTime(now, row.timezone).date });
      const v = await view(row);
      return { schedule: v, created, sentToday: today?.status === "done" };
    },
    list: async () => Promise.all((await d.schedules.list()).map(view)),
    async cancel(channelId) {
      const row = await d.schedules.remove(channelId);
      if (row) d.onChange?.();
      return row ? view(row) : null;
    },
    async sendNow(req) {
      const r = await sendDigest(
        { digests: d.digests, notifier: d.notifier, runs: d.runs, instance: d.instance, log: d.log },
        { job: "digest-now", channelId: req.channelId, period: req.requestId, campaignSlug: req.campaignSlug ?? null, at: d.now() },
      );
      if (r.status === "skipped") throw new UserError("DIGEST_ALREADY_SENT", "This request already sent its digest.");
      if (r.status === "failed") throw isUserError(r.error) ? r.error : explain(r.error, req.channelId);
      const chart = r.posted?.files?.find((f) => f.endsWith(".png"));
      return { channelId: r.posted?.channelId ?? req.channelId, campaigns: r.campaigns, ...(r.posted ? { messageId: r.posted.messageId } : {}), ...(chart ? { chart } : {}) };
    },
  };
}
