// Shared by the digest and reminder end-to-end tests: a campaign with numbers, and schedulers
// built on their own database connection (as a second bot process would have).
import nodeCron from "node-cron";
import type { App } from "../../src/app.ts";
import type { DigestService } from "../../src/core/digest/types.ts";
import type { Notifier } from "../../src/core/notifier.ts";
import { createScheduler, type CronLike, type Scheduler } from "../../src/jobs/scheduler.ts";
import { connectDatabase, type Database } from "../../src/store/db.ts";
import { createJobRunRepo, createReminderSource } from "../../src/store/job-run.repo.ts";
import { createScheduleRepo } from "../../src/store/schedule.repo.ts";

/** node-cron tasks created but not started: tests drive time through tick(at). */
export const idleCron: CronLike = { schedule: (expression, fn, options) => nodeCron.createTask(expression, fn, options) };

export interface Clock {
  at: Date;
  set(iso: string): Date;
}
export function clock(iso: string): Clock {
  const c = { at: new Date(iso), set: (s: string) => (c.at = new Date(s)) };
  return c;
}

const running: { scheduler: Scheduler; db: Database }[] = [];

/** Stops the schedulers schedulerOn started and closes their connections (call in afterEach). */
export async function stopSchedulers(): Promise<void> {
  for (const s of running.splice(0)) {
    await s.scheduler.stop();
    await s.db.close();
  }
}

/** A scheduler as another process would run it, loaded: its own connection to the database. */
export async function schedulerOn(
  url: string,
  o: { app: App; notifier: Notifier; clock: Clock; instance: string; digests?: () => DigestService | undefined; reminderAt?: string; reminderTz?: string },
): Promise<Scheduler> {
  const db = await connectDatabase({ databaseUrl: url, skipMigrations: true, poolSize: 2 });
  const scheduler = createScheduler({
    schedules: createScheduleRepo(db.prisma),
    runs: createJobRunRepo(db.pool),
    reminders: createReminderSource(db.pool),
    digests: o.digests ?? (() => o.app.services.digests),
    notifier: o.notifier,
    now: () => o.clock.at,
    log: o.app.log,
    instance: o.instance,
    pollMs: 0,
    cron: idleCron,
    ...(o.reminderAt ? { reminderAt: o.reminderAt } : {}),
    ...(o.reminderTz ? { reminderTz: o.reminderTz } : {}),
  });
  running.push({ scheduler, db });
  await scheduler.reload();
  return scheduler;
}

/** An active campaign with one approved creator, a live post and engagements on a few days. */
export async function seedCampaign(db: Database, o: { slug: string; openedAt: string; days: string[]; status?: "active" | "open" | "closed" }) {
  const p = db.prisma;
  const creator = await p.creator.create({ data: { displayName: `Ana ${o.slug}`, discordUserId: String(100000000000000000n + BigInt(Math.floor(Math.random() * 1e9))) } });
  const account = await p.account.create({ data: { creatorId: creator.id, platform: "instagram", handle: `ana.${o.slug}`, followers: 12000 } });
  const campaign = await p.campaign.create({
    data: { slug: o.slug, name: `Campaign ${o.slug}`, status: o.status ?? "active", openedAt: new Date(o.openedAt), landingUrl: "https://example.com/x" },
  });
  const part = await p.participation.create({ data: { campaignId: campaign.id, creatorId: creator.id, accountId: account.id, status: "approved", fee: 300 } });
  const deliverable = await p.deliverable.create({
    data: { participationId: part.id, url: `https://instagram.com/p/${o.slug}`, platform: "instagram", status: "live", liveAt: new Date(o.days[0]!) },
  });
  let likes = 100;
  for (const day of o.days) {
    likes += 150;
    await p.metricSnapshot.create({ data: { deliverableId: deliverable.id, source: "creator", takenAt: new Date(`${day}T12:00:00Z`), reach: likes * 10, likes, comments: 12 } });
  }
  return { creator, campaign, participation: part, deliverable };
}
