// Daily digest schedules, one per Slack channel (a re-schedule updates the channel's row).
import type { ScheduleRow, ScheduleStore } from "../jobs/ports.ts";
import type { PrismaClient } from "./db.ts";

export function createScheduleRepo(prisma: PrismaClient): ScheduleStore {
  return {
    async upsert(s) {
      const fields = { channelName: s.channelName, at: s.at, timezone: s.timezone, campaignSlug: s.campaignSlug, enabled: true, updatedAt: s.now };
      // The row's updatedAt is when the marketer last set it: a time already past that day is not "missed".
      const existing = await prisma.digestSchedule.findUnique({ where: { channelId: s.channelId }, select: { id: true } });
      const row = await prisma.digestSchedule.upsert({
        where: { channelId: s.channelId },
        create: { channelId: s.channelId, createdBy: s.createdBy, createdAt: s.now, ...fields },
        // A bare channel id keeps the name Slack gave with an earlier link.
        update: { ...fields, channelName: s.channelName ?? undefined },
      });
      return { row: row as ScheduleRow, created: !existing };
    },
    list: async () => (await prisma.digestSchedule.findMany({ where: { enabled: true }, orderBy: { channelId: "asc" } })) as ScheduleRow[],
    async remove(channelId) {
      // Two cancels at once: one deletes, the other finds nothing (P2025) and reports no schedule.
      const row = await prisma.digestSchedule.delete({ where: { channelId } }).catch((e: { code?: string }) => {
        if (e.code === "P2025") return null;
        throw e;
      });
      return row as ScheduleRow | null;
    },
  };
}
