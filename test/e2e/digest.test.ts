// Scheduled digests end to end: the digest commands through real Bolt, the scheduler ticking at
// chosen times, the real digest service, and the real Slack notifier against the fake Slack API.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { webApi } from "@slack/bolt";
import type { DigestService } from "../../src/core/digest/types.ts";
import { createSlackNotifier } from "../../src/adapters/slack/notifier.ts";
import { useTestDatabase } from "../support/db.ts";
import { BOT_TOKEN, startHarness, type Harness } from "../fakes/slack-harness.ts";
import { clock, schedulerOn, seedCampaign, stopSchedulers } from "./digest-support.ts";

const t = useTestDatabase("digest");
let h: Harness;
const time = clock("2030-01-15T06:00:00Z");

/** A scheduler of its own (own connection; by default the bot's Slack notifier). */
async function scheduler(instance: string, o: { ownNotifier?: boolean; digests?: () => DigestService | undefined } = {}) {
  const notifier = o.ownNotifier
    ? createSlackNotifier({ api: new webApi.WebClient(BOT_TOKEN, { slackApiUrl: h.fake.apiUrl, retryConfig: { retries: 0 } }), log: h.app.log })
    : h.app.notifiers;
  return schedulerOn(t.url, { app: h.app, notifier, clock: time, instance, ...(o.digests ? { digests: o.digests } : {}) });
}

const posts = (channel: string) => h.fake.ok("chat.postMessage").filter((c) => c.args.channel === channel && !c.args.thread_ts);
const runsOf = (target: string) => t.db.prisma.jobRun.findMany({ where: { target }, orderBy: { period: "asc" } });

async function command(text: string, channel?: string) {
  const r = await h.command(text, channel ? { channel } : {});
  expect(r.status).toBe(200);
  const res = await h.fake.waitForResponse((x) => x.id === r.id && !/Working on it/.test(JSON.stringify(x.body)));
  return JSON.stringify(res.body);
}

/** Stores a schedule as if set at `setAt` (the Slack command stamps real time; the tests run in 2030). */
async function schedule(text: string, channel: string, setAt = "2030-01-01T00:00:00Z") {
  const answer = await command(`digest schedule channel:${channel} ${text}`);
  const id = /<#([A-Z0-9]+)/.exec(channel)?.[1] ?? channel;
  await t.db.prisma.digestSchedule.update({ where: { channelId: id }, data: { updatedAt: new Date(setAt) } });
  return answer;
}

beforeAll(async () => {
  h = await startHarness({ db: t, fake: { channels: [{ id: "C0GROWTH1", name: "growth" }] } });
  await seedCampaign(t.db, { slug: "spring", openedAt: "2030-01-01T00:00:00Z", days: ["2030-01-10", "2030-01-12", "2030-01-14"] });
});
afterEach(stopSchedulers);
afterAll(async () => {
  await h?.close();
});

describe("scheduled digests", () => {
  it("stores a schedule from Slack, with the channel Slack linked or looked up by name", async () => {
    expect(await schedule("at:09:00 tz:Europe/Berlin", "<#C0GROWTH1|growth>")).toContain("Daily digest scheduled for #growth (C0GROWTH1) at 09:00 Europe/Berlin");
    // A bare #name (Slack does not escape channels in /scout) is looked up with conversations.list.
    expect(await command("digest schedule channel:#growth at:09:00 tz:Europe/Berlin")).toContain("Daily digest updated for #growth (C0GROWTH1)");
    expect(await command("digest schedule channel:#nowhere at:09:00")).toContain("cannot find the channel #nowhere");
    expect(await t.db.prisma.digestSchedule.count()).toBe(1);
  });

  it("sends one digest at the scheduled minute, with its chart in the thread, and nothing at other minutes", async () => {
    await schedule("at:09:00 tz:Europe/Berlin", "<#C0GROWTH1|growth>");
    const s = await scheduler("a");
    await s.tick(time.set("2030-01-15T07:59:00Z"));
    await s.tick(time.set("2030-01-15T09:00:00Z")); // 10:00 in Berlin
    expect(posts("C0GROWTH1")).toHaveLength(0);
    await s.tick(time.set("2030-01-15T08:00:00Z")); // 09:00 in Berlin
    await s.tick(time.set("2030-01-15T08:00:40Z")); // the same minute again (a second trigger)
    const sent = posts("C0GROWTH1");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.args.blocks).toContain("Campaign spring");
    expect(JSON.parse(sent[0]!.args.metadata!)).toEqual({ event_type: "scout_notice", event_payload: { key: "digest:C0GROWTH1:2030-01-15" } });
    const done = await h.fake.waitForCall((c) => c.method === "files.completeUploadExternal" && c.args.channel_id === "C0GROWTH1");
    expect(done.args.thread_ts).toBe(h.fake.messages.find((m) => m.channel === "C0GROWTH1")!.ts);
    expect(h.fake.uploads.at(-1)!.text).toContain("PNG\r\n");
    expect(h.fake.uploads.at(-1)!.bytes).toBeGreaterThan(2000);
    const [run] = await runsOf("C0GROWTH1");
    expect(run).toMatchObject({ job: "digest", period: "2030-01-15", status: "done", late: false, claimedBy: "a" });
    expect((run!.data as { figures: unknown }).figures).toMatchObject({ campaigns: { spring: expect.any(Object) } });
    expect(h.fake.problems()).toEqual([]);
  });

  it("passes the previous digest's figures and time to the next one", async () => {
    const seen: { previous?: unknown; since?: Date | null | undefined }[] = [];
    const real = h.app.services.digests;
    const s = await scheduler("b", { digests: () => ({ compose: (req) => (seen.push(req), real.compose(req)) }) });
    await s.tick(time.set("2030-01-16T08:00:00Z"));
    const [day1, day2] = await runsOf("C0GROWTH1");
    expect(day2).toMatchObject({ period: "2030-01-16", status: "done" });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.previous).toEqual((day1!.data as { figures: unknown }).figures);
    expect(seen[0]!.since).toEqual(day1!.finishedAt);
  });

  it("follows each schedule's zone: 09:00 in Berlin and 09:00 UTC are an hour apart", async () => {
    await schedule("at:09:00 tz:UTC", "<#C0UTC0001|utc>");
    const s = await scheduler("c");
    await s.tick(time.set("2030-01-17T08:00:00Z"));
    expect([posts("C0GROWTH1").length, posts("C0UTC0001").length]).toEqual([3, 0]);
    await s.tick(time.set("2030-01-17T09:00:00Z"));
    expect([posts("C0GROWTH1").length, posts("C0UTC0001").length]).toEqual([3, 1]);
  });

  it("posts once when two schedulers on one database fire together", async () => {
    await schedule("at:07:30 tz:UTC", "<#C0TWICE01|twice>");
    const a = await scheduler("proc-1", { ownNotifier: true });
    const b = await scheduler("proc-2", { ownNotifier: true });
    const at = new Date("2030-01-17T07:30:00Z");
    await Promise.all([a.tick(at), b.tick(at), a.tick(at), b.tick(at)]);
    expect(posts("C0TWICE01")).toHaveLength(1);
    expect(await runsOf("C0TWICE01")).toMatchObject([{ status: "done", period: "2030-01-17" }]);
  });

  it("sends exactly one message when chat.postMessage answers 500 and then 429 with Retry-After", async () => {
    await schedule("at:06:00 tz:UTC", "<#C0FLAKY01|flaky>");
    const s = await scheduler("d");
    h.fake.fail("chat.postMessage", { status: 500 });
    h.fake.fail("chat.postMessage", { status: 429, retryAfter: 1 });
    await s.tick(time.set("2030-01-18T06:00:00Z"));
    const attempts = h.fake.calls.filter((c) => c.method === "chat.postMessage" && c.args.channel === "C0FLAKY01");
    expect(attempts.map((c) => c.status)).toEqual([500, 429, 200]);
    expect(posts("C0FLAKY01")).toHaveLength(1);
    expect(await runsOf("C0FLAKY01")).toMatchObject([{ status: "done" }]);
  });

  it("retries a failed run later the same day, and never posts a message twice", async () => {
    await schedule("at:05:45 tz:UTC", "<#C0RETRY01|retry>");
    // Polls also catch up every other schedule: keep this one alone, so the faults below are its own.
    await t.db.prisma.digestSchedule.deleteMany({ where: { channelId: { not: "C0RETRY01" } } });
    const a = await scheduler("e", { ownNotifier: true });
    // First attempt: Slack refuses the post (not retried by the client): the run is marked failed.
    h.fake.fail("chat.postMessage", { error: "internal_error" });
    await a.tick(time.set("2030-01-19T05:45:00Z"));
    expect(await runsOf("C0RETRY01")).toMatchObject([{ status: "failed", error: expect.stringContaining("internal_error") }]);
    // Not tried again at once: a failed run waits a few minutes.
    await a.poll(time.set("2030-01-19T05:46:00Z"));
    expect(await runsOf("C0RETRY01")).toMatchObject([{ status: "failed", data: expect.objectContaining({ attempts: 1 }) }]);
    // Second attempt (a later poll): posted, but the chart upload fails after it.
    h.fake.fail("files.getUploadURLExternal", { error: "internal_error" });
    await a.poll(time.set("2030-01-19T05:51:00Z"));
    expect(posts("C0RETRY01")).toHaveLength(1);
    expect(await runsOf("C0RETRY01")).toMatchObject([{ status: "failed" }]);
    // Third attempt, from another process: the message is found by its key in the channel; not posted again.
    const b = await scheduler("f", { ownNotifier: true });
    await b.poll(time.set("2030-01-19T05:57:00Z"));
    expect(posts("C0RETRY01")).toHaveLength(1);
    const [run] = await runsOf("C0RETRY01");
    expect(run).toMatchObject({ status: "done", claimedBy: "f", data: expect.objectContaining({ attempts: 3 }) });
    // Done: later polls that day leave it alone.
    await b.poll(time.set("2030-01-19T06:30:00Z"));
    expect(posts("C0RETRY01")).toHaveLength(1);
  });

  it("sends a digest missed while Scout was down on start, marked late, only the latest one", async () => {
    await schedule("at:08:00 tz:UTC", "<#C0LATE001|late>", "2030-01-10T00:00:00Z");
    time.set("2030-01-13T12:00:00Z"); // down since before the 10th's digest
    const s = await scheduler("g");
    await s.start();
    await s.idle();
    expect(posts("C0LATE001")).toHaveLength(1);
    expect(posts("C0LATE001")[0]!.args.text).toMatch(/late/i);
    expect(JSON.stringify(posts("C0LATE001")[0]!.args.blocks)).toContain("Late: this digest was due at 08:00 (UTC)");
    expect(await runsOf("C0LATE001")).toMatchObject([{ period: "2030-01-13", late: true, status: "done" }]);
    // A restart (another scheduler) finds nothing more to catch up.
    const again = await scheduler("h");
    await again.start();
    await again.idle();
    expect(posts("C0LATE001")).toHaveLength(1);
  });
});

describe("digest now", () => {
  it("sends a digest at once to the named channel, or to the channel the command came from", async () => {
    expect(await command("digest now channel:<#C0NOW0001|now>")).toContain("Digest sent to C0NOW0001 (1 campaign)");
    expect(posts("C0NOW0001")).toHaveLength(1);
    expect(await command("digest now campaign:spring", "C0HERE001")).toContain("Digest sent to C0HERE001");
    expect(posts("C0HERE001")).toHaveLength(1);
    expect(await command("digest now campaign:nope", "C0HERE001")).toContain('no campaign \\"nope\\"');
    expect(posts("C0HERE001")).toHaveLength(1);
    expect(await t.db.prisma.jobRun.count({ where: { job: "digest-now", status: "done" } })).toBe(2);
  });
});
