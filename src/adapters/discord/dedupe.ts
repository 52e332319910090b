// Each interaction is handled once: its id is claimed in memory (a duplicate delivery in this
// process) and in the ProcessedRequest table (another process, or a gateway replay after a resume)
// before anything is answered, so a duplicate INTERACTION_CREATE gets no second callback.
import type { PrismaClient } from "../../store/db.ts";
import type { Logger } from "../../logger.ts";

export interface Dedupe {
  /** True the first time this process sees the key (no database: it runs before the 3-second answer). */
  first(key: string): boolean;
  /** True when no process has claimed the key before (the ProcessedRequest row). */
  claim(key: string): Promise<boolean>;
  prune(days: number): Promise<number>;
}

export function createDedupe(prisma: PrismaClient, log: Logger, memoryMax = 10_000, claimBudgetMs = 1000): Dedupe {
  const seen = new Set<string>();
  return {
    first(key) {
      if (seen.has(key)) return false;
      seen.add(key);
      // A Set keeps insertion order: forget the oldest when full.
      if (seen.size > memoryMax) seen.delete(seen.values().next().value!);
      return true;
    },
    async claim(key) {
      try {
        const insert = prisma.$executeRaw`INSERT INTO processed_request (key, surface) VALUES (${key}, 'discord') ON CONFLICT (key) DO NOTHING`;
        // A busy database must not cost the 3-second answer: past a second, this process's own claim stands.
        const late = new Promise<"late">((r) => setTimeout(() => r("late"), claimBudgetMs).unref());
        const inserted = await Promise.race([insert, late]);
        if (inserted === "late") {
          void insert.catch(() => {});
          log.warn({ key }, "recording a Discord interaction is slow; handling it without waiting");
          return true;
        }
        return inserted === 1;
      } catch (err) {
        // The database is what makes retries safe across processes; without it, this process still runs each id once.
        log.error({ err, key }, "could not record a Discord interaction; handling it anyway");
        return true;
      }
    },
    async prune(days) {
      const r = await prisma.processedRequest.deleteMany({ where: { surface: "discord", createdAt: { lt: new Date(Date.now() - days * 86_400_000) } } });
      return r.count;
    },
  };
}
