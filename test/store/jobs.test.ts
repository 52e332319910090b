// Once-only job runs and digest schedules on a real database, and the digest commands that store them.
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { createJobRunRepo } from "../../src/store/job-run.repo.ts";
import { createAppScheduler, onScheduleChange } from "../../src/jobs/wire.ts";
import { useTestDatabase } from "../support/db.ts";

const t = useTestDatabase("jobs");
let clock = new Date("2026-11-22T07:00:00Z");
let app: App;

// As typed in Slack (in the channel C0HERE001): these tests name Slack channels.
const run = (line: string) => app.dispatch({ line, surface: "slack", actor: { id: "m1", name: "Mia", roles: ["marketer"] }, place: { channelId: "C0HERE001" } });

beforeAll(async () => {
  const config = loadConfig({ DATABASE_URL: t.url, EXPORT_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "scout-jobs-")) });
  app = await createApp(config, createLogger({ level: "silent" }), { db: t.db, now: () => clock });
});

describe("job runs", () => {
  it("gives a run to exactly one of many concurrent claimers", async () => {
    const runs = createJobRunRepo(t.db.pool);
    const key = { job: "test", target: "C1", period: "2026-11-22" };
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => runs.claim(key, { by: `p${i}`, at: clock, maxAttempts: 3, staleMs: 60_000 })));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await t.db.prisma.jobRun.count({ where: key })).toBe(1);
  });

  it("lets a failed run be taken over at most up to its attempts, and never a done one", async () => {
    const runs = createJobRunRepo(t.db.pool);
    const key = { job: "test", target: "C2", period: "2026-11-22" };
    const o = (by: string) => ({ by, at: clock, maxAttempts: 3, staleMs: 60_000 });
    const first = (await runs.claim(key, o("a")))!;
    expect(await runs.claim(key, o("b"))).toBeNull();
    expect(await runs.fail(first.id, { by: "a", at: clock, error: "boom" })).toBe(true);
    // Not before its retry delay.
    expect(await runs.claim(key, { ...o("b"), retryAfterMs: 60_000 })).toBeNull();
    // Two retries at once: one takes it.
    const retries = await Promise.all([runs.claim(key, o("b")), runs.claim(key, o("c"))]);
    const second = retries.find(Boolean)!;
    expect(retries.filter(Boolean)).toHaveLength(1);
    expect(second.data.attempts).toBe(2);
    await runs.fail(second.id, { by: second.claimedBy, at: clock, error: "boom again" });
    const third = (await runs.claim(key, o("d")))!;
    expect(third.data.attempts).toBe(3);
    await runs.fail(third.id, { by: "d", at: clock, error: "still" });
    expect(await runs.claim(key, o("e"))).toBeNull();

    const doneKey = { job: "test", target: "C3", period: "2026-11-22" };
    const r = (await runs.claim(doneKey, o("a")))!;
    // Another process cannot finish a run it does not hold.
    expect(await runs.finish(r.id, { by: "b", at: clock, data: {} })).toBe(false);
    expect(await runs.finish(r.id, { by: "a", at: clock, data: { figures: { x: 1 } } })).toBe(true);
    expect(await runs.claim(doneKey, o("b"))).toBeNull();
    expect((await runs.find(doneKey))!.data).toMatchObject({ attempts: 1, figures: { x: 1 } });
  });

  it("takes over a claim whose process went quiet, but not a fresh one", async () => {
    const runs = createJobRunRepo(t.db.pool);
    const key = { job: "test", target: "C4", period: "2026-11-22" };
    await runs.claim(key, { by: "dead", at: clock, maxAttempts: 3, staleMs: 60_000 });
    expect(await runs.claim(key, { by: "b", at: new Date(clock.getTime() + 30_000), maxAttempts: 3, staleMs: 60_000 })).toBeNull();
    expect(await runs.claim(key, { by: "b", at: new Date(clock.getTime() + 61_000), maxAttempts: 3, staleMs: 60_000 })).toMatchObject({ claimedBy: "b" });
  });
});

describe("digest schedule commands", () => {
  it("stores a schedule for a linked channel, normalising the time and zone", async () => {
    const r = await run("digest schedule channel:<#C0GROWTH1|growth> at:9:00 tz:europe/berlin");
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.text).toContain("Daily digest scheduled for #growth (C0GROWTH1) at 09:00 Europe/Berlin");
    // 07:00 UTC is 08:00 in Berlin: the first digest goes out today at 09:00 local.
    expect(r.reply.data).toMatchObject({ outcome: "created", schedule: { nextRunAt: "2026-11-22T08:00:00.000Z" } });
    const rows = await t.db.prisma.digestSchedule.findMany();
    expect(rows).toMatchObject([{ channelId: "C0GROWTH1", channelName: "growth", at: "09:00", timezone: "Europe/Berlin", campaignSlug: null, createdBy: "m1" }]);
  });

  it("updates the channel's schedule when it is scheduled again (one per channel)", async () => {
    const r = await run("digest schedule channel:C0GROWTH1 at:17:30 tz:UTC");
    expect(r.reply.data).toMatchObject({ outcome: "updated", schedule: { at: "17:30", timezone: "UTC" } });
    expect(await t.db.prisma.digestSchedule.count()).toBe(1);
    expect((await t.db.prisma.digestSchedule.findFirstOrThrow()).channelName).toBe("growth");
  });

  it("refuses a bad time, an unknown zone, an unknown campaign and a channel it cannot link, storing nothing", async () => {
    const bad = [
      ["digest schedule channel:C0OTHER01 at:25:00", "usage", /at: expects a time of day as HH:MM/],
      ["digest schedule channel:C0OTHER01 at:09:00 tz:Mars/Olympus", "usage", /tz: expects an IANA time zone/],
      ["digest schedule channel:C0OTHER01 at:09:00 campaign:nope", "user", /no campaign "nope"/],
      ["digest schedule channel:#growth at:09:00", "user", /cannot look up #growth.*\n?.*pick the channel from Slack's list/s],
    ] as const;
    for (const [line, outcome, text] of bad) {
      const r = await run(line);
      expect(r.outcome, line).toBe(outcome);
      expect(`${r.reply.message.text}\n${JSON.stringify(r.reply.message)}`, line).toMatch(text);
      expect(r.reply.message.ephemeral, line).toBe(true);
    }
    expect(await t.db.prisma.digestSchedule.count({ where: { channelId: "C0OTHER01" } })).toBe(0);
  });

  it("tells this process's scheduler at once when a schedule is set or cancelled", async () => {
    let changes = 0;
    onScheduleChange(app.services.digestJobs, () => void changes++);
    expect((await run("digest schedule channel:<#C0NOW|now> at:10:15 tz:UTC")).outcome).toBe("ok");
    expect(changes).toBe(1);
    expect((await run("digest cancel channel:<#C0NOW|now>")).outcome).toBe("ok");
    expect(changes).toBe(2);
    expect((await run("digest schedule channel:<#C0NOW|now> at:25:00 tz:UTC")).outcome).toBe("usage");
    expect(changes).toBe(2);
  });

  it("lists the schedules and cancels one", async () => {
    await run("digest schedule channel:<#C0SALES01|sales> at:08:15 tz:America/New_York");
    const list = await run("digest list --json");
    expect((list.reply.data as { schedules: { channelId: string }[] }).schedules.map((s) => s.channelId)).toEqual(["C0GROWTH1", "C0SALES01"]);
    const c = await run("digest cancel channel:<#C0SALES01|sales>");
    expect(c.reply.data).toMatchObject({ outcome: "cancelled" });
    const again = await run("digest cancel channel:C0SALES01");
    expect(again.reply.data).toMatchObject({ outcome: "none" });
    expect(await t.db.prisma.digestSchedule.count()).toBe(1);
  });

  it("without channel: schedules (and cancels) the channel the command is typed in", async () => {
    const r = await run("digest schedule at:07:45 tz:UTC");
    expect(r.reply.data).toMatchObject({ outcome: "created", schedule: { channelId: "C0HERE001", at: "07:45" } });
    expect(r.reply.message.text).toContain("Daily digest scheduled for C0HERE001 at 07:45 UTC");
    expect((await run("digest cancel")).reply.data).toMatchObject({ outcome: "cancelled", schedule: { channelId: "C0HERE001" } });
    expect(await t.db.prisma.digestSchedule.count({ where: { channelId: "C0HERE001" } })).toBe(0);
  });

  it("survives a restart: a new scheduler reads the table and sets node-cron to the time in the schedule's zone", async () => {
    await run("digest schedule channel:C0GROWTH1 at:09:00 tz:Europe/Berlin");
    const scheduler = createAppScheduler(app, { pollMs: 0 });
    await scheduler.start();
    try {
      const tasks = scheduler.tasks();
      const digest = tasks.find((x) => x.name === "digest:C0GROWTH1")!;
      expect(digest).toMatchObject({ expression: "0 9 * * *", timezone: "Europe/Berlin" });
      expect(digest.task.getPattern()).toBe("0 9 * * *");
      // node-cron itself reads the pattern in the schedule's zone: 08:00 UTC is 09:00 in Berlin in winter.
      expect(digest.task.match(new Date("2026-11-23T08:00:00Z"))).toBe(true);
      expect(digest.task.match(new Date("2026-11-23T09:00:00Z"))).toBe(false);
      const next = digest.task.getNextRun()!;
      expect([7, 8]).toContain(next.getUTCHours());
      expect(tasks.find((x) => x.name === "reminders")).toMatchObject({ expression: "0 9 * * *", timezone: "UTC" });
    } finally {
      await scheduler.stop();
    }
    expect(scheduler.tasks()).toEqual([]);
  });
});
