// Requests already handled, per surface: Slack and Discord both deliver again (retries, gateway
// replays), so a key (the click's action ts, the event id, the interaction id) is claimed in the
// ProcessedRequest table before the work starts, and a repeat, in this or another process, finds it taken.
import type { PrismaClient } from "./db.ts";
import type { Logger } from "../logger.ts";
import { after } from "../core/timers.ts";

export interface RequestClaims {
  /** True the first time a key is seen; false for every repeat (concurrent ones included). With
   *  `budgetMs`, a claim the database has not answered by then counts as this process's own. */
  claim(key: string, o?: { budgetMs?: number }): Promise<boolean>;
  /** Records what came of a claimed request (for support). */
  settle(key: string, result: Record<string, unknown>): Promise<void>;
  /** Gives a claim back when the request changed nothing (e.g. a form refused), so that sending it again is served again. */
  release(key: string): Promise<void>;
  /** Forgets this surface's keys older than `days`. */
  prune(days: number): Promise<number>;
}

export function createRequestClaims(prisma: PrismaClient, surface: "slack" | "discord", log: Logger): RequestClaims {
  return {
    async claim(key, o = {}) {
      try {
        // One statement, no error on a repeat: 1 row inserted the first time, 0 after.
        const insert = prisma.$executeRaw`INSERT INTO processed_request (key, surface) VALUES (${key}, ${surface}) ON CONFLICT (key) DO NOTHING`;
        if (o.budgetMs === undefined) return (await insert) === 1;
        const inserted = await Promise.race([insert, after(o.budgetMs, "late" as const)]);
        if (inserted !== "late") return inserted === 1;
        void insert.catch(() => {});
        log.warn({ key, surface }, "recording a request is slow; handling it without waiting");
        return true;
      } catch (err) {
        // The database is what makes retries safe; without it, run the request rather than drop it.
        log.error({ err, key, surface }, "could not record a request; handling it anyway");
        return true;
      }
    },
    async settle(key, result) {
      await prisma.processedRequest.update({ where: { key }, data: { result: result as object } }).catch(() => {});
    },
    async release(key) {
      await prisma.processedRequest.deleteMany({ where: { key, surface } }).catch((err: unknown) => log.warn({ err, key, surface }, "could not release a request's claim"));
    },
    async prune(days) {
      const r = await prisma.processedRequest.deleteMany({ where: { surface, createdAt: { lt: new Date(Date.now() - days * 86_400_000) } } });
      return r.count;
    },
  };
}
