// Builds the jobs from the app's parts: the digest commands' port (every process, the Slack
// worker threads too) and the scheduler (the main process only, started by main.ts).
import type { App } from "../app.ts";
import type { Config } from "../config.ts";
import type { DigestService } from "../core/digest/types.ts";
import type { DigestJobs } from "../core/jobs/digest-jobs.ts";
import type { Notifier } from "../core/notifier.ts";
import type { Logger } from "../logger.ts";
import type { Database } from "../store/db.ts";
import { createJobRunRepo, createReminderSource } from "../store/job-run.repo.ts";
import { createScheduleRepo } from "../store/schedule.repo.ts";
import { createDigestJobs, type ChannelDirectory } from "./digest-jobs.ts";
import { createScheduler, type CronLike, type Scheduler } from "./scheduler.ts";
import { rosterRefreshJob, type WeeklyJob } from "./roster-refresh.ts";
import { reportRefusedOnce } from "./platform-snapshots.ts";
import { createPlatformSnapshotRepo } from "../store/platform-snapshot.repo.ts";

/** Channel names looked up with the Slack API, loaded only when a name must be resolved. */
function slackChannels(config: Config, log: Logger): ChannelDirectory | undefined {
  const token = config.SLACK_BOT_TOKEN;
  if (!token) return undefined;
  return {
    async findChannel(name) {
      const { findSlackChannel } = await import("../adapters/slack/notifier.ts");
      return findSlackChannel({ token, apiUrl: config.SLACK_API_URL, log }, name);
    },
  };
}

export function createAppDigestJobs(o: {
  config: Config;
  db: Database;
  digests(): DigestService | undefined;
  notifier: Notifier;
  now(): Date;
  log: Logger;
}): DigestJobs {
  const listeners = new Set<() => void>();
  const jobs = createDigestJobs({
    onChange: () => listeners.forEach((f) => f()),
    schedules: createScheduleRepo(o.db.prisma),
    runs: createJobRunRepo(o.db.pool),
    digests: o.digests,
    notifier: o.notifier,
    now: o.now,
    log: o.log.child({ job: "digest" }),
    instance: `commands:${process.pid}`,
    defaultChannel: o.config.SLACK_NOTIFY_CHANNEL,
    channels: slackChannels(o.config, o.log),
    slack: Boolean(o.config.SLACK_BOT_TOKEN),
  });
  changeListeners.set(jobs, listeners);
  return jobs;
}

const changeListeners = new WeakMap<DigestJobs, Set<() => void>>();

/** Runs `fn` whenever a digest schedule is set or cancelled through these jobs (in this process;
 *  other processes see it at their next poll, within a minute). */
export function onScheduleChange(jobs: DigestJobs | undefined, fn: () => void): void {
  if (jobs) changeListeners.get(jobs)?.add(fn);
}

/** The weekly roster refresh, where a platform API is configured (without one it could refresh nothing). */
function weeklyJobs(app: App, notifier?: Notifier): WeeklyJob[] {
  const store = app.services.accountRefresh;
  if (!store || !app.services.platforms.configured().length) return [];
  const flags = createPlatformSnapshotRepo(app.db.pool);
  const to = notifier ?? app.services.notifier;
  return [
    rosterRefreshJob({
      runs: createJobRunRepo(app.db.pool),
      store,
      platforms: app.services.platforms,
      roster: app.services.roster,
      refused: {
        tellOnce: (platform, message, at) => reportRefusedOnce({ store: flags, notifier: to, now: () => at }, platform, message),
        worked: (platform) => flags.unflag(`auth:${platform}`),
      },
      log: app.log,
    }),
  ];
}

export function createAppScheduler(
  app: App,
  o: { instance?: string; pollMs?: number; cron?: CronLike; now?: () => Date; notifier?: Notifier; digestTargets?: (channelId: string) => boolean; weekly?: WeeklyJob[] } = {},
): Scheduler {
  return createScheduler({
    weekly: weeklyJobs(app, o.notifier),
    schedules: createScheduleRepo(app.db.prisma),
    runs: createJobRunRepo(app.db.pool),
    reminders: {
      ...createReminderSource(app.db.pool),
      // Products not confirmed 10 days after shipping (issue 17).
      unconfirmedShipments: async (at) =>
        (await app.services.seeding.unconfirmed(at)).map((s) => ({
          shipmentId: s.id,
          creatorId: s.creatorId,
          discordUserId: s.discordUserId,
          creatorName: s.displayName,
          campaignName: s.campaignName,
          product: s.product.name,
          variant: s.variant,
          carrier: s.carrier,
          tracking: s.tracking,
        })),
    },
    digests: () => app.services.digests,
    notifier: app.services.notifier,
    now: app.services.now,
    log: app.log,
    reminderAt: app.config.REMINDER_AT,
    reminderTz: app.config.REMINDER_TZ,
    ...o,
  });
}
