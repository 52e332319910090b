// Runs each Slack request once: a key (the click's action ts, the event id) is claimed in the
// ProcessedRequest table before the work starts, so a retry of the same request finds it taken.
import type { PrismaClient } from "../../store/db.ts";
import type { Logger } from "../../logger.ts";

export interface Dedupe {
  /** True the first time a key is seen; false for every repeat (concurrent ones included). */
  claim(key: string, result?: Record<string, unknown>): Promise<boolean>;
  /** Records what came of a claimed request (for support). */
  settle(key: string, result: Record<string, unknown>): Promise<void>;
  /** Forgets keys older than `days`. */
  prune(days: number): Promise<number>;
}

export function createDedupe(prisma: PrismaClient, log: Logger): Dedupe {
  return {
    async claim(key, result) {
      try {
        // One statement, no error on a repeat: 1 row inserted the first time, 0 after.
        const inserted = await prisma.$executeRaw`INSERT INTO processed_request (key, surface, result) VALUES (${key}, 'slack', ${result ? JSON.stringify(result) : null}::jsonb) ON CONFLICT (key) DO NOTHING`;
        return inserted === 1;
      } catch (e) {
        // The database is what makes retries safe; without it, run the request rather than drop it.
        log.error({ err: e, key }, "could not record a Slack request; running it anyway");
        return true;
      }
    },
    async settle(key, result) {
      await prisma.processedRequest.update({ where: { key }, data: { result: result as object } }).catch(() => {});
    },
    async prune(days) {
      const r = await prisma.processedRequest.deleteMany({ where: { surface: "slack", createdAt: { lt: new Date(Date.now() - days * 86_400_000) } } });
      return r.count;
    },
  };
}
