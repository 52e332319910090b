// Runs the platform work every few minutes in the process that runs the scheduled jobs (issue 15):
// the snapshot sweep (platform-snapshots.ts) and the re-checks of delivered links a platform could
// not answer for. A sweep takes everything due, batch after batch, PLATFORM_FETCH_CONCURRENCY
// fetches at once per platform, for at most 4 minutes (what is left waits for the next sweep).
// Sweeps never overlap in one process; across processes each milestone is claimed once, so several
// processes sweeping is safe. Nothing runs when no platform is configured.
import os from "node:os";
import { randomBytes } from "node:crypto";
import type { App } from "../app.ts";
import { createPlatformSnapshotRepo } from "../store/platform-snapshot.repo.ts";
import { sweepPlatformSnapshots, type SweepResult } from "./platform-snapshots.ts";

export const PLATFORM_SWEEP_MS = 5 * 60_000;

export interface PlatformSweeper {
  /** Sweeps now, then every `everyMs`. */
  start(): void;
  /** One sweep at this time (null when none ran: nothing configured, or one under way). */
  run(at: Date): Promise<SweepResult | null>;
  stop(): Promise<void>;
}

export function createPlatformSweeper(app: App, o: { everyMs?: number; instance?: string; concurrency?: number; budgetMs?: number } = {}): PlatformSweeper {
  const instance = o.instance ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const store = createPlatformSnapshotRepo(app.db.pool);
  const log = app.log.child({ job: "platform-sweep" });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<SweepResult | null> | null = null;
  /** stop() ends the sweep under way early: fetches in flight finish, the rest stays due. */
  let stopping = new AbortController();
  const concurrency = o.concurrency ?? app.config.PLATFORM_FETCH_CONCURRENCY;

  async function sweep(at: Date): Promise<SweepResult | null> {
    const { platforms, verifier, notifier } = app.services;
    if (!platforms.configured().length) return null;
    await verifier?.retryPending().catch((err: unknown) => log.error({ err }, "re-checking delivered links failed (will try again)"));
    return sweepPlatformSnapshots({ store, platforms, notifier, instance, log, concurrency, budgetMs: o.budgetMs, signal: stopping.signal }, at);
  }

  const self: PlatformSweeper = {
    run(at) {
      if (running) return Promise.resolve(null);
      if (stopping.signal.aborted) stopping = new AbortController();
      running = sweep(at)
        .catch((err: unknown) => (log.error({ err }, "the platform sweep failed (will try again)"), null))
        .finally(() => (running = null));
      return running;
    },
    start() {
      if (!app.services.platforms.configured().length) return;
      void self.run(app.services.now());
      timer = setInterval(() => void self.run(app.services.now()), o.everyMs ?? PLATFORM_SWEEP_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      stopping.abort();
      await running;
    },
  };
  return self;
}
