// The platform snapshot sweep (issue 15, item 3), run every few minutes by the scheduler: finds
// each live deliverable's due milestone (+1 h, +24 h, +7 d, +30 d after live; see
// core/platform-data/snapshots.ts), claims it once across processes (one row per deliverable and
// milestone: claimed → done; a stale claim is taken over, so a crash loses nothing and a retry
// never duplicates), fetches the post (priority "live") and writes a metric snapshot of source
// platform in the same transaction that marks the milestone done. Quota or an unavailable
// platform leaves it due until later; a refused key stops that platform and is reported once; a
// verified post that is gone is flagged once; a self-report more than 20% from the platform's
// views or likes is flagged once per figure.
import type { Notice, Notifier } from "../core/notifier.ts";
import type { Platform } from "../core/platform.ts";
import { isPlatformError, type PlatformClient, type PlatformData } from "../core/platform-data/port.ts";
import {
  MILESTONES,
  SELF_REPORT_TOLERANCE,
  authNotice,
  disappearedNotice,
  selfReportGap,
  selfReportNotice,
  type Milestone,
  type SnapshotSubject,
} from "../core/platform-data/snapshots.ts";
import type { Logger } from "../logger.ts";

export interface DueSnapshot extends SnapshotSubject {
  milestone: Milestone;
  dueAt: Date;
  /** The post was verified on the platform (a not-found then means it disappeared). */
  wasVerified: boolean;
}

export interface PlatformSnapshotStore {
  /** Each live deliverable's latest due milestone not done yet (never claimed, waiting and retry time passed, or a stale claim), oldest first. */
  due(req: { now: Date; platforms: Platform[]; milestones: readonly { key: string; afterMs: number }[]; limit: number; staleMs: number }): Promise<DueSnapshot[]>;
  /** True when this instance now holds the milestone (one winner across processes). */
  claim(k: { deliverableId: string; milestone: string }, o: { by: string; at: Date; staleMs: number }): Promise<boolean>;
  /** Writes the platform snapshot and marks the milestone done, in one transaction; false (nothing written) when the claim was lost. */
  complete(k: { deliverableId: string; milestone: string }, o: { by: string; takenAt: Date; views: number | null; likes: number | null; comments: number | null }): Promise<boolean>;
  /** Leaves the milestone due again from `retryAt`. */
  wait(k: { deliverableId: string; milestone: string }, o: { by: string; retryAt: Date; error: string }): Promise<void>;
  /** Ends the milestone without a snapshot (the post is gone). */
  end(k: { deliverableId: string; milestone: string }, o: { by: string; at: Date; status: "gone"; error: string }): Promise<void>;
  /** Records a flag once: true when it is new (then tell), false when it was already there. */
  flag(key: string, o: { deliverableId?: string | null; at: Date; data?: Record<string, unknown> }): Promise<boolean>;
  unflag(key: string): Promise<void>;
  /** When a flag was set or last touched (data.at), null when absent. */
  flagged(key: string): Promise<Date | null>;
  touchFlag(key: string, at: Date): Promise<void>;
  /** Deliverables on these platforms whose latest self-report is more than `tolerance` (a fraction of
   *  the platform's) away from the latest platform snapshot in views or likes, that figure not flagged yet. */
  selfReportPairs(platforms: Platform[], limit: number, tolerance: number): Promise<(SnapshotSubject & { self: { views: number | null; likes: number | null }; platformFigures: { views: number | null; likes: number | null }; platformAt: Date })[]>;
}

export interface SnapshotSweepDeps {
  store: PlatformSnapshotStore;
  platforms: PlatformData;
  notifier: Notifier;
  /** Who claims (host:pid:random). */
  instance: string;
  log?: Logger | undefined;
  /** Milestones read from the database at a time (default 200); the sweep reads batch after batch while work is due. */
  limit?: number;
  /** Fetches in flight at once per platform (default 8, PLATFORM_FETCH_CONCURRENCY). */
  concurrency?: number;
  /** Wall-clock time after which the sweep starts no new fetch (default 4 minutes, under the 5-minute interval);
   *  what is left stays due for the next sweep. */
  budgetMs?: number;
  /** Stops the sweep from starting new fetches (those in flight finish); what is left stays due. */
  signal?: AbortSignal;
  /** The wall clock the budget is measured with (default performance.now); the sweep's `now` stays fixed. */
  elapsed?: () => number;
  /** A claim older than this is taken over (default 10 minutes). */
  staleMs?: number;
}

export interface SweepResult {
  taken: number;
  waiting: number;
  gone: number;
  flagged: number;
  /** Platforms stopped in this sweep, and why (quota, unavailable, auth). */
  stopped: Partial<Record<Platform, string>>;
}

export const DEFAULT_SWEEP_CONCURRENCY = 8;
export const DEFAULT_SWEEP_BATCH = 200;
export const DEFAULT_SWEEP_BUDGET_MS = 4 * 60_000;
const QUOTA_RETRY_MS = 15 * 60_000;
const UNAVAILABLE_RETRY_MS = 5 * 60_000;
/** A refused key is tried again (one call) at most hourly, so a fixed key resumes on its own. */
const AUTH_PROBE_MS = 60 * 60_000;

/** Tells the marketers once that a platform refused Scout's key (the flag is shared with the sweep,
 *  and cleared when a call works again). */
export async function reportRefusedOnce(d: { store: Pick<PlatformSnapshotStore, "flag" | "unflag">; notifier: Notifier; now(): Date }, platform: Platform, message: string): Promise<boolean> {
  const key = `auth:${platform}`;
  if (!(await d.store.flag(key, { at: d.now() }))) return false;
  try {
    await d.notifier.toMarketers(authNotice(platform, message));
    return true;
  } catch (err) {
    await d.store.unflag(key);
    throw err;
  }
}

export async function sweepPlatformSnapshots(d: SnapshotSweepDeps, now: Date): Promise<SweepResult> {
  const out: SweepResult = { taken: 0, waiting: 0, gone: 0, flagged: 0, stopped: {} };
  const staleMs = d.staleMs ?? 10 * 60_000;
  const platforms: Platform[] = [];
  for (const p of d.platforms.configured()) {
    const refused = await d.store.flagged(`auth:${p}`);
    // A spent quota pauses the platform until it resets (every sweep, every process), not only the milestone that met it.
    const pausedUntil = await d.store.flagged(`quota:${p}`);
    if (refused && now.getTime() - refused.getTime() < AUTH_PROBE_MS) out.stopped[p] = "auth";
    else if (pausedUntil && pausedUntil > now) out.stopped[p] = "quota";
    else platforms.push(p);
  }
  if (!platforms.length) return out;
  const batch = Math.max(1, d.limit ?? DEFAULT_SWEEP_BATCH);
  const concurrency = Math.max(1, Math.floor(d.concurrency ?? DEFAULT_SWEEP_CONCURRENCY));
  const elapsed = d.elapsed ?? (() => performance.now());
  const deadline = elapsed() + (d.budgetMs ?? DEFAULT_SWEEP_BUDGET_MS);
  /** No new fetch is started once the budget is spent or the sweep is stopped; the rest stays due. */
  const overtime = () => Boolean(d.signal?.aborted) || elapsed() >= deadline;

  /** Tells the marketers once (the flag first, so two sweepers never both tell; taken back if the notice fails). */
  async function tellOnce(n: Notice, deliverableId: string | null, data: Record<string, unknown> = {}): Promise<void> {
    if (!(await d.store.flag(n.key!, { deliverableId, at: now, data }))) return;
    try {
      await d.notifier.toMarketers(n);
      out.flagged++;
    } catch (err) {
      await d.store.unflag(n.key!);
      d.log?.warn({ err, key: n.key }, "could not tell the marketers (will try again)");
    }
  }

  /** One milestone: claimed once, fetched, written with its "done" in one transaction (or left due). */
  async function takeOne(s: DueSnapshot, client: PlatformClient, lane: { authChecked: boolean }): Promise<void> {
    const k = { deliverableId: s.deliverableId, milestone: s.milestone };
    if (!(await d.store.claim(k, { by: d.instance, at: now, staleMs }))) return;
    try {
      const post = await client.post(s.url, { priority: "live", ...(s.handle ? { handle: s.handle } : {}) });
      const takenAt = now; // its real time, also when taken late
      if (await d.store.complete(k, { by: d.instance, takenAt, views: post.views, likes: post.likes, comments: post.comments })) out.taken++;
      // A call that works clears a refused key's pause (checked once per platform and sweep).
      if (!lane.authChecked) {
        lane.authChecked = true;
        if (await d.store.flagged(`auth:${s.platform}`)) await d.store.unflag(`auth:${s.platform}`);
      }
    } catch (e) {
      if (isPlatformError(e) && e.kind === "not_found") {
        await d.store.end(k, { by: d.instance, at: now, status: "gone", error: e.message });
        out.gone++;
        if (s.wasVerified) await tellOnce(disappearedNotice(s, now), s.deliverableId);
        return;
      }
      const kind = isPlatformError(e) ? e.kind : "error";
      const retryAt =
        isPlatformError(e) && e.retryAt && e.retryAt > now
          ? e.retryAt
          : new Date(now.getTime() + (kind === "quota" ? QUOTA_RETRY_MS : kind === "auth" ? AUTH_PROBE_MS : UNAVAILABLE_RETRY_MS));
      await d.store.wait(k, { by: d.instance, retryAt, error: `${kind}: ${(e as Error).message}`.slice(0, 2000) });
      out.waiting++;
      if (!isPlatformError(e)) {
        d.log?.error({ err: e, deliverableId: s.deliverableId, milestone: s.milestone }, "a platform snapshot failed (will try again)");
        return;
      }
      // The platform is out of quota, refusing the key or not answering: no new fetch for it in this
      // sweep (fetches already in flight finish); what is not claimed stays due.
      out.stopped[s.platform] ??= kind;
      if (kind === "quota") {
        const key = `quota:${s.platform}`;
        if (!(await d.store.flag(key, { at: now, data: { at: retryAt.toISOString() } }))) await d.store.touchFlag(key, retryAt);
      }
      if (kind === "auth") {
        if (await d.store.flagged(`auth:${s.platform}`)) await d.store.touchFlag(`auth:${s.platform}`, now);
        else await tellOnce(authNotice(s.platform, e.message), null);
      }
    }
  }

  /** One platform's lane: `concurrency` workers take its due milestones, reading the next batch
   *  from the database when the last one is handed out, until nothing is due, the platform stops,
   *  or the budget is spent. */
  async function lane(platform: Platform): Promise<void> {
    const client = d.platforms.client(platform);
    if (!client) return;
    const state = { authChecked: false };
    const queue: DueSnapshot[] = [];
    const seen = new Set<string>();
    let exhausted = false;
    let reading: Promise<void> | null = null;
    let broken: { error: unknown } | null = null;
    const stopped = () => broken !== null || Boolean(out.stopped[platform]) || overtime();
    const read = async () => {
      const rows = await d.store.due({ now, platforms: [platform], milestones: MILESTONES, limit: batch, staleMs });
      let fresh = 0;
      for (const r of rows) {
        const key = `${r.deliverableId}/${r.milestone}`;
        if (seen.has(key)) continue; // still due only because another sweeper holds it, or it failed here
        seen.add(key);
        queue.push(r);
        fresh++;
      }
      // Rows in flight are claimed and no longer due: a short or stale batch means nothing more is due.
      if (!fresh || rows.length < batch) exhausted = true;
    };
    const next = async (): Promise<DueSnapshot | null> => {
      for (;;) {
        if (stopped()) return null;
        const s = queue.shift();
        if (s) return s;
        if (exhausted) return null;
        reading ??= read().finally(() => (reading = null));
        await reading;
      }
    };
    // A store failure (the database down) stops the lane's other workers too; the sweep then fails
    // once, after the fetches in flight have finished.
    const worker = async () => {
      try {
        for (let s = await next(); s; s = await next()) await takeOne(s, client, state);
      } catch (error) {
        broken ??= { error };
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (broken) throw (broken as { error: unknown }).error;
  }

  const lanes = await Promise.allSettled(platforms.map((p) => lane(p)));
  const failed = lanes.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  // Self-reports against the platform's latest figures, whichever came first (a creator may report
  // after a snapshot): each figure more than 20% apart flagged once.
  for (const x of await d.store.selfReportPairs(platforms, d.limit ?? 200, SELF_REPORT_TOLERANCE)) {
    for (const figure of ["views", "likes"] as const) {
      const gap = selfReportGap(x.self[figure], x.platformFigures[figure]);
      if (gap !== null && Math.abs(gap) > SELF_REPORT_TOLERANCE)
        await tellOnce(selfReportNotice(x, figure, x.self[figure]!, x.platformFigures[figure]!, x.platformAt), x.deliverableId, { self: x.self[figure], platform: x.platformFigures[figure] });
    }
  }
  if (out.taken || out.waiting || out.gone) d.log?.info({ ...out }, "platform snapshots swept");
  return out;
}
