// The weekly roster refresh (issue 15, item 4): once a week (Monday 05:00 UTC by default) the
// accounts that matter are refreshed from the platforms, so follower history grows without
// re-importing. The run is claimed once across processes (job_run: roster-refresh, all, the
// Monday's date); a run missed while Scout was down is caught up once, marked late. Its outcome
// is logged; a platform that rejects Scout's credentials is told to the marketers once (not again
// the next week while it still fails).
import type { Platform } from "../core/platform.ts";
import type { PlatformData } from "../core/platform-data/port.ts";
import { refreshMessage } from "../core/roster/refresh-render.ts";
import { authFailures, refreshRoster, shortlistedSince, type AccountRefreshStore } from "../core/roster/refresh.ts";
import type { RosterWriter } from "../core/roster/import.ts";
import type { Logger } from "../logger.ts";
import { latestOccurrence, localTime } from "../core/jobs/time.ts";
import type { JobRunStore } from "./ports.ts";

export const ROSTER_REFRESH = "roster-refresh";
/** A refresh of a few hundred accounts takes minutes; a claim quiet for this long is taken over. */
const STALE_MS = 60 * 60_000;
const MAX_ATTEMPTS = 3;
const RETRY_AFTER_MS = 30 * 60_000;
/** A week's refresh stopped by a quota is resumed after the reset, up to this many times (Instagram's
 *  budget is hourly: two days of hourly resumptions). */
const MAX_RESUMES = 48;
/** When a platform stopped without saying when to try again. */
const RESUME_AFTER_MS = 60 * 60_000;

/** The week a run belongs to: "2027-03-15" for the Monday's run and its resumptions ("2027-03-15/r2"). */
const weekOf = (key: string) => key.split("/")[0]!;

/** A job that runs once a week at a local time: the scheduler triggers it, catches it up, claims nothing itself. */
export interface WeeklyJob {
  name: string;
  /** 0 Sunday … 6 Saturday (as cron). */
  weekday: number;
  /** Local "HH:MM". */
  at: string;
  timezone: string;
  /** The run to do now for this week's period: the period itself when it has not run (or may be
   *  retried), a resumption of it when a platform stopped it and the time to resume has come; null: nothing. */
  due(period: string, at: Date): Promise<string | null>;
  /** `by`: the scheduler instance that claims the run. */
  run(at: Date, period: string, late: boolean, by: string): Promise<unknown>;
}

export const weeklyCron = (weekday: number, hhmm: string): string => {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return `${m} ${h} * * ${weekday}`;
};

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The latest weekly occurrence at or before `at`, with its local date (the run's period). */
export function latestWeekly(at: Date, weekday: number, hhmm: string, tz: string): { instant: Date; period: string } {
  let occ = latestOccurrence(at, hhmm, tz);
  // Back a day at a time (each step is the previous local day's occurrence) to the weekday.
  for (let i = 0; i < 7 && weekdayOf(occ.period) !== weekday; i++) occ = latestOccurrence(new Date(occ.instant.getTime() - 1), hhmm, tz);
  return occ;
}

/** Whether `at` is the weekly job's minute in its zone. */
export function isWeeklyMinute(job: Pick<WeeklyJob, "weekday" | "at" | "timezone">, at: Date): boolean {
  const local = localTime(at, job.timezone);
  return local.time === job.at && weekdayOf(local.date) === job.weekday;
}

/** A platform refusing Scout's key, told to the marketers once: the flag is the one the platform
 *  snapshot sweep and the link checks use (platform_flag auth:<platform>), so one notice in all. */
export interface RefusedKeys {
  /** Tells the marketers unless they were told since the key last worked; true when told now. */
  tellOnce(platform: Platform, message: string, at: Date): Promise<boolean>;
  /** A call worked: a later refusal is told again. */
  worked(platform: Platform): Promise<void>;
}

export interface RosterRefreshDeps {
  runs: JobRunStore;
  store: AccountRefreshStore;
  platforms: PlatformData;
  roster?: RosterWriter;
  refused: RefusedKeys;
  log: Logger;
}

export type RefreshOutcome =
  | { status: "done"; refreshed: number; authNotified: string[] }
  | { status: "skipped" }
  | { status: "failed"; error: Error };

export async function runWeeklyRefresh(d: RosterRefreshDeps, r: { at: Date; period: string; late: boolean; by: string }): Promise<RefreshOutcome> {
  const key = { job: ROSTER_REFRESH, target: "all", period: r.period };
  const run = await d.runs.claim(key, { by: r.by, at: r.at, late: r.late, maxAttempts: MAX_ATTEMPTS, staleMs: STALE_MS, retryAfterMs: RETRY_AFTER_MS });
  if (!run) return { status: "skipped" };
  const log = d.log.child({ job: ROSTER_REFRESH, period: r.period });
  try {
    if (!d.platforms.configured().length) {
      await d.runs.finish(run.id, { by: r.by, at: r.at, data: { refreshed: 0, note: "no platform configured" } });
      log.info("weekly roster refresh: no platform API configured, nothing refreshed");
      return { status: "done", refreshed: 0, authNotified: [] };
    }
    // Accounts already refreshed this week (by an earlier part of this run, or by hand) are not asked again.
    const since = new Date(`${weekOf(r.period)}T00:00:00Z`);
    const summary = await refreshRoster({ store: d.store, platforms: d.platforms }, { shortlistedSince: shortlistedSince(r.at), notRefreshedSince: since }, r.at);
    const refreshed = summary.platforms.reduce((n, p) => n + p.refreshed, 0);
    if (refreshed && d.roster) await d.roster.refreshNicheKeys();
    // Credentials rejected: told once, not every week while they stay rejected; a key that works again is forgotten.
    for (const p of summary.platforms) if (p.refreshed > 0) await d.refused.worked(p.platform);
    const failing = authFailures(summary);
    const notify: Platform[] = [];
    for (const p of failing) if (await d.refused.tellOnce(p.platform, p.stopped!.error, r.at)) notify.push(p.platform);
    // A platform stopped by its quota (or down): the rest of the week's accounts wait for it, not for next week.
    const stopped = summary.platforms.filter((p) => p.stopped && p.stopped.kind !== "auth").map((p) => p.stopped!);
    const resumeAt = stopped.length
      ? new Date(Math.max(r.at.getTime() + 60_000, Math.min(...stopped.map((s) => s.retryAt?.getTime() ?? r.at.getTime() + RESUME_AFTER_MS))))
      : null;
    const data = {
      refreshed,
      ...(resumeAt ? { resumeAt: resumeAt.toISOString() } : {}),
      selected: summary.selected,
      authFailed: failing.map((p) => p.platform),
      platforms: summary.platforms.map((p) => ({ platform: p.platform, accounts: p.accounts, refreshed: p.refreshed, notFound: p.notFound.length, stopped: p.stopped ? { kind: p.stopped.kind, left: p.stopped.left, retryAt: p.stopped.retryAt } : null })),
      skipped: summary.skipped,
    };
    await d.runs.finish(run.id, { by: r.by, at: r.at, data });
    const message = refreshMessage(summary, "weekly refresh");
    log.info({ late: run.late, ...data, text: message.text }, "weekly roster refresh done");
    return { status: "done", refreshed, authNotified: notify };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    await d.runs.fail(run.id, { by: r.by, at: r.at, error: error.message }).catch(() => false);
    log.error({ err: error }, "weekly roster refresh failed");
    return { status: "failed", error };
  }
}

/** The weekly refresh as the scheduler runs it. */
export function rosterRefreshJob(d: RosterRefreshDeps, o: { weekday?: number; at?: string; timezone?: string } = {}): WeeklyJob {
  return {
    name: ROSTER_REFRESH,
    weekday: o.weekday ?? 1,
    at: o.at ?? "05:00",
    timezone: o.timezone ?? "UTC",
    async due(period, at) {
      for (let n = 0; n <= MAX_RESUMES; n++) {
        const key = n === 0 ? period : `${period}/r${n}`;
        const run = await d.runs.find({ job: ROSTER_REFRESH, target: "all", period: key });
        if (!run) return key;
        // Claimed elsewhere or failed: the claim decides (a stale claim or a failure past its delay is taken over).
        if (run.status !== "done") return run.status === "failed" && (run.data.attempts ?? 1) >= MAX_ATTEMPTS ? null : key;
        const resumeAt = run.data.resumeAt;
        if (typeof resumeAt !== "string" || Date.parse(resumeAt) > at.getTime()) return null;
      }
      return null;
    },
    run: (at, period, late, by) => runWeeklyRefresh(d, { at, period, late, by }),
  };
}
