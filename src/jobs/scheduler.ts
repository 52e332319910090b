// The scheduler: one node-cron task per digest schedule (in the schedule's zone) and one for the
// daily reminders. What runs at a given time is `tick(at)`, a plain function tests call with any
// time; node-cron only triggers it in production. Every minute (and at start) `poll` reloads the
// schedules (another process may have changed them), sends a run missed while Scout was down
// (once, marked late) and retries a failed one. Every run is claimed first (see digest-send.ts).
import os from "node:os";
import { randomBytes } from "node:crypto";
import nodeCron, { type ScheduledTask, type TaskOptions } from "node-cron";
import type { DigestService } from "../core/digest/types.ts";
import type { Notifier } from "../core/notifier.ts";
import type { Logger } from "../logger.ts";
import type { JobRunStore, ReminderSource, ScheduleRow, ScheduleStore } from "./ports.ts";
import { sendDigest, MAX_ATTEMPTS, RETRY_AFTER_MS, STALE_MS, type DigestOutcome } from "./digest-send.ts";
import { sendReminders } from "./reminders.ts";
import { dailyCron, latestOccurrence, localTime } from "../core/jobs/time.ts";
import { isWeeklyMinute, latestWeekly, weeklyCron, type WeeklyJob } from "./roster-refresh.ts";

export interface CronLike {
  schedule(expression: string, fn: () => unknown, options: TaskOptions): ScheduledTask;
}

export interface SchedulerDeps {
  schedules: ScheduleStore;
  runs: JobRunStore;
  reminders: ReminderSource;
  digests(): DigestService | undefined;
  notifier: Notifier;
  now(): Date;
  log: Logger;
  /** Who claims runs (default: host, process id and a random suffix). */
  instance?: string;
  /** Local time and zone of the daily reminders (default 09:00 UTC). */
  reminderAt?: string;
  reminderTz?: string;
  /** How often the schedules are re-read and missed runs looked for (default 60 s; 0: never, tests call poll). */
  pollMs?: number;
  /** A run sent more than this after its time is marked late (default 90 s). */
  lateAfterMs?: number;
  cron?: CronLike;
  /** Which digest schedules this process sends, by target (default: all). The console's schedules
   *  belong to a process that runs the console; Slack channels' to one that has Slack. */
  digestTargets?: (channelId: string) => boolean;
  /** Jobs run once a week (the roster refresh): triggered, caught up once when missed; each claims its own run. */
  weekly?: WeeklyJob[];
}

export interface CronEntry {
  name: string;
  expression: string;
  timezone: string;
  task: ScheduledTask;
}

export interface Scheduler {
  readonly instance: string;
  /** Loads the schedules, starts the cron tasks, catches up, and polls. */
  start(): Promise<void>;
  /** Runs what is due at this minute (what node-cron would trigger then). */
  tick(at: Date): Promise<void>;
  /** Re-reads the schedules, then sends missed runs (late) and retries failed ones. */
  poll(at?: Date): Promise<void>;
  /** Re-reads the schedules and re-creates the cron tasks if they changed. */
  reload(): Promise<void>;
  tasks(): CronEntry[];
  /** Resolves when the runs under way are finished. */
  idle(): Promise<void>;
  /** Stops the cron tasks and the poll, and waits for the runs under way. */
  stop(): Promise<void>;
}

export const REMINDER_SWEEP = "reminder-sweep";

export function createScheduler(d: SchedulerDeps): Scheduler {
  const instance = d.instance ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const cron: CronLike = d.cron ?? nodeCron;
  const reminderAt = d.reminderAt ?? "09:00";
  const reminderTz = d.reminderTz ?? "UTC";
  const lateAfterMs = d.lateAfterMs ?? 90_000;
  const log = d.log.child({ job: "scheduler" });
  const send = { digests: d.digests, notifier: d.notifier, runs: d.runs, instance, log };
  let schedules: ScheduleRow[] = [];
  let signature = "";
  let entries: CronEntry[] = [];
  let reminderTask: CronEntry | undefined;
  let weeklyTasks: CronEntry[] = [];
  const weekly = d.weekly ?? [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();

  const track = <T>(p: Promise<T>): Promise<T | undefined> => {
    const safe = p.catch((err: unknown) => (log.error({ err }, "a scheduled run failed"), undefined));
    inFlight.add(safe);
    void safe.finally(() => inFlight.delete(safe));
    return safe;
  };

  const digestAt = (s: ScheduleRow, at: Date, period: string, late?: boolean): Promise<DigestOutcome> =>
    sendDigest(send, {
      job: "digest",
      channelId: s.channelId,
      period,
      campaignSlug: s.campaignSlug,
      at,
      late: late ? { dueAt: s.at, timezone: s.timezone } : undefined,
    });

  async function reminderSweep(at: Date, day: string) {
    const sweep = await d.runs.claim({ job: REMINDER_SWEEP, target: "all", period: day }, { by: instance, at, maxAttempts: MAX_ATTEMPTS, staleMs: STALE_MS, retryAfterMs: RETRY_AFTER_MS });
    if (!sweep) return;
    try {
      const r = await sendReminders({ source: d.reminders, runs: d.runs, notifier: d.notifier, instance, log }, { day, tz: reminderTz, at });
      if (r.failed) await d.runs.fail(sweep.id, { by: instance, at, error: `${r.failed} reminder(s) failed`, data: { ...r } });
      else await d.runs.finish(sweep.id, { by: instance, at, data: { ...r } });
      if (r.sent || r.failed) log.info({ day, ...r }, "reminders sent");
    } catch (err) {
      await d.runs.fail(sweep.id, { by: instance, at, error: (err as Error).message }).catch(() => false);
      throw err;
    }
  }

  function schedule(name: string, hhmm: string, timezone: string, fn: () => Promise<unknown>): CronEntry {
    const expression = dailyCron(hhmm);
    const task = cron.schedule(expression, () => void track(fn()), { name, timezone });
    return { name, expression, timezone, task };
  }

  async function reload(): Promise<void> {
    const rows = (await d.schedules.list()).filter((s) => d.digestTargets?.(s.channelId) ?? true);
    const sig = JSON.stringify(rows.map((s) => [s.id, s.at, s.timezone, s.campaignSlug, s.updatedAt.getTime()]));
    schedules = rows;
    if (sig === signature || stopped) return;
    signature = sig;
    for (const e of entries) await e.task.destroy();
    entries = rows.map((s) =>
      schedule(`digest:${s.channelId}`, s.at, s.timezone, () => {
        const at = d.now();
        return digestAt(s, at, localTime(at, s.timezone).date);
      }),
    );
    log.info({ schedules: rows.length }, "digest schedules loaded");
  }

  async function catchUp(at: Date): Promise<void> {
    for (const s of schedules) {
      const occ = latestOccurrence(at, s.at, s.timezone);
      // A time that had passed when the schedule was set is not a missed run.
      if (occ.instant.getTime() < s.updatedAt.getTime()) continue;
      const run = await d.runs.find({ job: "digest", target: s.channelId, period: occ.period });
      if (run?.status === "done") continue;
      await track(digestAt(s, at, occ.period, at.getTime() - occ.instant.getTime() > lateAfterMs));
    }
    const occ = latestOccurrence(at, reminderAt, reminderTz);
    const sweep = await d.runs.find({ job: REMINDER_SWEEP, target: "all", period: occ.period });
    if (sweep?.status !== "done") await track(reminderSweep(at, occ.period));
    for (const w of weekly) {
      const wk = latestWeekly(at, w.weekday, w.at, w.timezone);
      // The week's run when missed (late), or a resumption of it once a platform's quota has reset.
      const key = await w.due(wk.period, at);
      if (key) await track(w.run(at, key, key === wk.period && at.getTime() - wk.instant.getTime() > lateAfterMs, instance));
    }
  }

  return {
    instance,
    async start() {
      stopped = false;
      await reload();
      reminderTask = schedule("reminders", reminderAt, reminderTz, () => {
        const at = d.now();
        return reminderSweep(at, localTime(at, reminderTz).date);
      });
      weeklyTasks = weekly.map((w) => {
        const expression = weeklyCron(w.weekday, w.at);
        const task = cron.schedule(expression, () => void track(w.run(d.now(), localTime(d.now(), w.timezone).date, false, instance)), { name: w.name, timezone: w.timezone });
        return { name: w.name, expression, timezone: w.timezone, task };
      });
      await this.poll();
      const every = d.pollMs ?? 60_000;
      if (every > 0) {
        timer = setInterval(() => void track(this.poll()), every);
        timer.unref();
      }
    },
    async tick(at) {
      const runs: Promise<unknown>[] = [];
      for (const s of schedules) {
        const local = localTime(at, s.timezone);
        if (local.time === s.at) runs.push(track(digestAt(s, at, local.date)));
      }
      const r = localTime(at, reminderTz);
      if (r.time === reminderAt) runs.push(track(reminderSweep(at, r.date)));
      for (const w of weekly) if (isWeeklyMinute(w, at)) runs.push(track(w.run(at, localTime(at, w.timezone).date, false, instance)));
      await Promise.all(runs);
    },
    async poll(at) {
      if (stopped) return;
      try {
        await reload();
        await catchUp(at ?? d.now());
      } catch (err) {
        log.error({ err }, "could not check the schedules (will try again)");
      }
    },
    reload,
    tasks: () => [...entries, ...(reminderTask ? [reminderTask] : []), ...weeklyTasks],
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      for (const e of [...entries, ...(reminderTask ? [reminderTask] : []), ...weeklyTasks]) await e.task.destroy();
      entries = [];
      weeklyTasks = [];
      reminderTask = undefined;
      signature = "";
      await this.idle();
    },
  };
}
