// Two real bot processes (`npm start`) on one database, both starting after a digest's time had
// passed: the missed digest is sent once, by one of them, marked late.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { exitOf, startMain, waitFor } from "../support/run.ts";
import { BOT_TOKEN, slackProcessEnv } from "../fakes/slack-harness.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack-api.ts";

const t = useTestDatabase("digest_processes");
let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
});
afterAll(async () => {
  await fake?.close();
});

describe("two Scout processes on one database", () => {
  it("send a digest missed while both were down once, marked late", async () => {
    // Set long ago, due every day at 00:00 UTC: today's run was missed.
    const old = new Date("2020-01-01T00:00:00Z");
    await t.db.prisma.digestSchedule.create({ data: { channelId: "C0PROCESS1", at: "00:00", timezone: "UTC", createdAt: old, updatedAt: old } });
    const env = slackProcessEnv(fake, t.url, { SLACK_WORKER_THREADS: "0" });
    const bots = [startMain(env), startMain(env)];
    try {
      await Promise.all(bots.map((b) => waitFor(b.errors, /digest schedules loaded/, 60_000)));
      await waitFor(() => bots.map((b) => b.errors()).join("\n"), /"msg":"digest sent"/, 30_000);
      // The other process's attempt (claimed by the first) ends at once; give it a moment anyway.
      await new Promise((r) => setTimeout(r, 1500));
      const posts = fake.ok("chat.postMessage").filter((c) => c.args.channel === "C0PROCESS1");
      expect(posts).toHaveLength(1);
      expect(posts[0]!.args.text).toMatch(/late/i);
      const runs = await t.db.prisma.jobRun.findMany({ where: { job: "digest", target: "C0PROCESS1" } });
      expect(runs).toMatchObject([{ status: "done", late: true, period: new Date().toISOString().slice(0, 10) }]);
      expect(bots.filter((b) => /"msg":"digest sent"/.test(b.errors()))).toHaveLength(1);
    } finally {
      for (const b of bots) b.kill("SIGTERM");
      const codes = await Promise.all(bots.map((b) => exitOf(b, 30_000)));
      expect(codes).toEqual([0, 0]);
    }
  });
});
