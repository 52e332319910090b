// Daily reminders to creators end to end: the scheduler at chosen days, the real Discord adapter
// (discord.js against the fake Discord) sending the DMs, and one database shared by two schedulers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { CREATOR, startDiscordHarness, type DiscordHarness } from "../fakes/discord-harness.ts";
import { clock, schedulerOn, stopSchedulers } from "./digest-support.ts";

const t = useTestDatabase("reminders");
let h: DiscordHarness;
const time = clock("2030-02-10T09:00:00Z");
const BEN = "1200000000000000003";
const DAN = "1200000000000000004";

async function scheduler(instance: string, o: { reminderAt?: string; reminderTz?: string } = {}) {
  return schedulerOn(t.url, { app: h.app, notifier: h.app.notifiers, clock: time, instance, ...o });
}

/** Direct messages the bot sent, by recipient. */
function dms(): { to: string; text: string }[] {
  const recipients = new Map(h.fake.find("/users/@me/channels", "POST").map((c) => [c.body?.recipient_id as string, c]));
  return h.fake
    .find("/channels/{channel_id}/messages", "POST")
    .filter((c) => h.fake.channels.get(c.params.channel_id!)?.type === 1)
    .map((c) => {
      const ch = h.fake.channels.get(c.params.channel_id!) as unknown as { recipients?: { id: string }[] };
      const to = ch.recipients?.[0]?.id ?? [...recipients.keys()].find((r) => JSON.stringify(ch).includes(r)) ?? "?";
      return { to, text: JSON.stringify(c.body) };
    });
}

async function participant(o: { campaignId: string; name: string; discord: string | null; status: "approved" | "opted_in"; deliverable?: "approved" | "live" }) {
  const p = t.db.prisma;
  const creator = await p.creator.create({ data: { displayName: o.name, discordUserId: o.discord } });
  const part = await p.participation.create({ data: { campaignId: o.campaignId, creatorId: creator.id, status: o.status } });
  if (o.deliverable)
    await p.deliverable.create({ data: { participationId: part.id, url: `https://instagram.com/p/${o.name}`, platform: "instagram", status: o.deliverable } });
  return part;
}

beforeAll(async () => {
  h = await startDiscordHarness({ db: t });
  const p = t.db.prisma;
  const dates = { draftDueAt: new Date("2030-02-12T17:00:00Z"), goLiveAt: new Date("2030-02-20T12:00:00Z") };
  const spring = await p.campaign.create({ data: { slug: "spring", name: "Spring launch", status: "active", ...dates } });
  const closed = await p.campaign.create({ data: { slug: "winter", name: "Winter sale", status: "closed", ...dates } });
  await participant({ campaignId: spring.id, name: "Ana", discord: CREATOR, status: "approved" });
  await participant({ campaignId: spring.id, name: "Ben", discord: BEN, status: "approved", deliverable: "approved" });
  await participant({ campaignId: spring.id, name: "Cara", discord: "1200000000000000005", status: "opted_in" });
  await participant({ campaignId: spring.id, name: "Eve", discord: "1200000000000000006", status: "approved", deliverable: "live" });
  await participant({ campaignId: closed.id, name: "Dan", discord: DAN, status: "approved" });
});
afterEach(stopSchedulers);
afterAll(async () => {
  await h?.close();
});

describe("reminders", () => {
  it("DMs a creator two days before the draft is due, once, with the campaign, the date and /deliver", async () => {
    const s = await scheduler("a");
    await s.tick(time.set("2030-02-10T08:59:00Z"));
    expect(dms()).toHaveLength(0);
    await s.tick(time.set("2030-02-10T09:00:00Z"));
    const sent = dms();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe(CREATOR);
    expect(sent[0]!.text).toContain("Spring launch");
    expect(sent[0]!.text).toContain("due in two days");
    expect(sent[0]!.text).toContain("Tuesday 12 February");
    expect(sent[0]!.text).toContain("/deliver campaign:spring");
    // The same day again, in this process and in another one: nothing more.
    await s.tick(time.set("2030-02-10T09:00:30Z"));
    const other = await scheduler("b");
    await other.start();
    await other.idle();
    expect(dms()).toHaveLength(1);
    expect(await t.db.prisma.jobRun.count({ where: { job: "reminder", period: "2030-02-10", status: "done" } })).toBe(1);
  });

  it("DMs the day after a missed draft, once even when two schedulers run together", async () => {
    const a = await scheduler("c");
    const b = await scheduler("d");
    const at = time.set("2030-02-13T09:00:00Z");
    await Promise.all([a.tick(at), b.tick(at)]);
    const sent = dms().slice(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe(CREATOR);
    expect(sent[0]!.text).toContain("was due on Tuesday 12 February");
  });

  it("reminds of the go-live date for approved content not live yet, before and after", async () => {
    const s = await scheduler("e");
    await s.tick(time.set("2030-02-18T09:00:00Z"));
    await s.tick(time.set("2030-02-21T09:00:00Z"));
    const sent = dms().slice(2);
    expect(sent.map((m) => m.to)).toEqual([BEN, BEN]);
    expect(sent[0]!.text).toContain("goes live in two days");
    expect(sent[1]!.text).toContain("was due to go live on Wednesday 20 February");
  });

  it("never reminds creators of closed campaigns, those not approved, or whose post is live", async () => {
    const to = new Set(dms().map((m) => m.to));
    expect(to).toEqual(new Set([CREATOR, BEN]));
    expect(await t.db.prisma.jobRun.count({ where: { job: "reminder" } })).toBe(4);
  });

  it("runs at the configured local time and zone, and catches up on start when that time has passed", async () => {
    await t.db.prisma.campaign.update({ where: { slug: "spring" }, data: { draftDueAt: new Date("2030-03-05T10:00:00Z") } });
    const s = await scheduler("f", { reminderAt: "08:30", reminderTz: "Europe/Berlin" });
    await s.tick(time.set("2030-03-03T08:30:00Z")); // 09:30 in Berlin: not the time
    expect(dms()).toHaveLength(4);
    await s.tick(time.set("2030-03-03T07:30:00Z")); // 08:30 in Berlin
    expect(dms()).toHaveLength(5);
    // Scout was down at 08:30 on the 4th... nothing is due then; on the 6th (missed the 5th) it starts at noon.
    time.set("2030-03-06T11:00:00Z");
    const late = await scheduler("g", { reminderAt: "08:30", reminderTz: "Europe/Berlin" });
    await late.start();
    await late.idle();
    expect(dms()).toHaveLength(6);
    expect(dms()[5]!.text).toContain("was due on Tuesday 5 March");
  });

  it("records a reminder it could not deliver (no Discord account linked) as failed, never as sent", async () => {
    const camp = await t.db.prisma.campaign.create({ data: { slug: "summer", name: "Summer", status: "active", draftDueAt: new Date("2030-04-12T17:00:00Z") } });
    const part = await participant({ campaignId: camp.id, name: "Finn", discord: null, status: "approved" });
    const before = dms().length;
    const s = await scheduler("h");
    await s.tick(time.set("2030-04-10T09:00:00Z"));
    expect(dms()).toHaveLength(before);
    const runs = await t.db.prisma.jobRun.findMany({ where: { job: "reminder", target: { startsWith: part.id } } });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe("failed");
    expect(runs[0]!.error).toContain("no Discord account linked");
  });
});
