// Platform snapshots over time (issue 15): live deliverables are fetched at +1 h, +24 h, +7 d and
// +30 d after going live, each milestone claimed once across sweepers, caught up after downtime,
// left due on quota, paused once on a refused key; a self-report far from the platform's figure
// and a post that disappears are flagged to the marketers once. A fixed clock throughout.
import { beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import type { Actor } from "../../src/core/invocation.ts";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { createPlatformSnapshotRepo } from "../../src/store/platform-snapshot.repo.ts";
import { sweepPlatformSnapshots, type SnapshotSweepDeps } from "../../src/jobs/platform-snapshots.ts";
import { createPlatformSweeper } from "../../src/jobs/platform-sweep.ts";
import { useTestDatabase } from "../support/db.ts";
import { createRecorder, type Recorder } from "./campaign-recorder.ts";
import { PlatformDouble, platformData } from "../support/platform-double.ts";

const t = useTestDatabase("psnap");
let app: App;
let rec: Recorder;
const yt = new PlatformDouble("youtube");
const ig = new PlatformDouble("instagram");
const platforms = platformData(yt, ig);
let clock = new Date("2027-03-11T09:00:00Z");

const ana: Actor = { id: "720000000000000001", name: "ana", roles: ["creator"] };
const ivy: Actor = { id: "720000000000000002", name: "ivy", roles: ["creator"] };
const on = (who: Actor, line: string) => app.dispatch({ line, surface: "discord", actor: who, place: { channelId: "D-dm" } });
const run = (line: string) => app.dispatch({ line, surface: "console", actor: { id: "m1", name: "Mia", roles: ["marketer"] } });
const video = (id: string) => `https://www.youtube.com/watch?v=${id}`;
const CAPTION = "#ad Spring bowls at @greenbowl #springmenu";
const H = 3_600_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

let deps: (instance: string) => SnapshotSweepDeps;
const sweep = (now: Date, instance = "sweeper-a") => sweepPlatformSnapshots(deps(instance), now);
const platformSnaps = (deliverableId: string) => t.db.prisma.metricSnapshot.findMany({ where: { deliverableId, source: "platform" }, orderBy: { takenAt: "asc" } });

/** Submits, approves and marks live (at `liveAt`) one post; returns its deliverable id. */
async function goLive(who: Actor, url: string, liveAt: Date, post: { owner: string; views: number; likes: number }): Promise<string> {
  const client = url.includes("instagram") ? ig : yt;
  client.setPost(url, { id: url.slice(-6), owner: { handle: post.owner, id: null }, publishedAt: at(liveAt, -H), caption: CAPTION, views: post.views, likes: post.likes, comments: 3 });
  clock = liveAt;
  const r = await on(who, `deliver campaign:spring url:${url}`);
  expect(r.outcome).toBe("ok");
  const id = (r.reply.data as { deliverable: { id: string } }).deliverable.id;
  expect((await run(`deliverables approve id:${id}`)).outcome).toBe("ok");
  expect((await run(`deliverables live id:${id}`)).outcome).toBe("ok");
  await app.services.verifier!.idle();
  return id;
}

beforeAll(async () => {
  app = await createApp(loadConfig({ DATABASE_URL: t.url }), createLogger({ level: "warn" }), { db: t.db, now: () => clock, platforms });
  rec = createRecorder();
  app.notifiers.add(rec);
  const store = createPlatformSnapshotRepo(t.db.pool);
  deps = (instance) => ({ store, platforms, notifier: app.notifiers, instance });
  await importRoster(
    { creators: { label: "r.csv", text: `handle,platform,followers,category,discord_user_id\nana.tube,youtube,15000,food,${ana.id}\nivy.grams,instagram,9000,food,${ivy.id}\n` } },
    {},
    createRosterRepo(t.db.pool),
  );
  expect(
    (
      await run(
        'campaign new name:"Spring" objective:sales deliverables:"1 Video" compensation:"flat fee" landing-url:https://example.com/spring channel:C0123ABCD ' +
          "go-live:2027-03-10 ends:2027-06-10 hashtags:springmenu mentions:greenbowl",
      )
    ).outcome,
  ).toBe("ok");
  expect((await run("campaign open spring")).outcome).toBe("ok");
  for (const h of ["ana.tube", "ivy.grams"]) {
    const o = await app.services.campaigns.optIn("spring", { handle: h }, { disclosureConfirmed: true }, { id: "x", name: h, surface: "discord" });
    expect((await run(`optins approve id:${o.value.id}`)).outcome).toBe("ok");
  }
});

describe("platform snapshots over time", () => {
  it("takes the +1 h snapshot once, even swept twice and by two sweepers at once", async () => {
    const live = new Date("2027-03-11T10:00:00Z");
    const id = await goLive(ana, video("ONE111"), live, { owner: "ana.tube", views: 1000, likes: 80 });
    expect(await sweep(at(live, 30 * 60_000))).toMatchObject({ taken: 0 });
    const now = at(live, H + 60_000);
    await Promise.all([sweep(now, "sweeper-a"), sweep(now, "sweeper-b"), sweep(now, "sweeper-c")]);
    await sweep(at(now, 60_000), "sweeper-a");
    const snaps = await platformSnaps(id);
    expect(snaps).toHaveLength(1);
    expect(snaps[0]).toMatchObject({ views: 1000, likes: 80, comments: 3, takenAt: now, reportedBy: "platform:1h" });
    expect(yt.callsFor("post", video("ONE111")).filter((c) => c.priority === "live")).toHaveLength(1);
    const runs = await t.db.prisma.platformSnapshotRun.findMany({ where: { deliverableId: id } });
    expect(runs.map((r) => [r.milestone, r.status])).toEqual([["1h", "done"]]);
  });

  it("takes over a claim left by a sweeper that crashed mid-run (stale after 10 minutes), without a duplicate", async () => {
    const live = new Date("2027-03-13T10:00:00Z");
    const id = await goLive(ana, video("CRASH8"), live, { owner: "ana.tube", views: 2000, likes: 90 });
    const store = createPlatformSnapshotRepo(t.db.pool);
    const crashAt = at(live, H + 60_000);
    expect(await store.claim({ deliverableId: id, milestone: "1h" }, { by: "crashed", at: crashAt, staleMs: 600_000 })).toBe(true);
    await sweep(at(crashAt, 5 * 60_000));
    expect(await platformSnaps(id)).toHaveLength(0); // the claim is still fresh: left alone
    await sweep(at(crashAt, 11 * 60_000));
    expect(await platformSnaps(id)).toHaveLength(1);
    // The crashed sweeper coming back cannot write its snapshot any more.
    expect(await store.complete({ deliverableId: id, milestone: "1h" }, { by: "crashed", takenAt: at(crashAt, 12 * 60_000), views: 1, likes: 1, comments: 1 })).toBe(false);
    expect(await platformSnaps(id)).toHaveLength(1);
  });

  it("catches up after downtime: the +24 h milestone taken late, once, at its real time (the missed +1 h not repeated)", async () => {
    const live = new Date("2027-03-12T10:00:00Z");
    const id = await goLive(ana, video("TWO222"), live, { owner: "ana.tube", views: 5000, likes: 300 });
    const late = at(live, 30 * H);
    await sweep(late);
    await sweep(at(late, 5 * 60_000));
    const snaps = await platformSnaps(id);
    expect(snaps.map((s) => [s.reportedBy, s.takenAt.toISOString()])).toEqual([["platform:24h", late.toISOString()]]);
    expect(yt.callsFor("post", video("TWO222")).filter((c) => c.priority === "live")).toHaveLength(1);
  });

  it("leaves a milestone due when the quota is spent and takes it in a later sweep after the reset", async () => {
    const live = new Date("2027-03-14T10:00:00Z");
    const id = await goLive(ana, video("QQQ333"), live, { owner: "ana.tube", views: 700, likes: 50 });
    const now = at(live, H + 60_000);
    // Once spent, YouTube refuses every call until the reset (the fetches already in flight meet it too).
    yt.fail("quota", 50, at(now, 10 * 60_000));
    const first = await sweep(now);
    expect(first.stopped.youtube).toBe("quota");
    expect(await platformSnaps(id)).toHaveLength(0);
    // The milestones that met the spent quota wait for the reset (the sweep started no fetch after it).
    const waiting = await t.db.prisma.platformSnapshotRun.findMany({ where: { status: "waiting" }, select: { deliverableId: true, retryAt: true } });
    expect(waiting.map((w) => w.deliverableId)).toContain(id);
    expect(new Set(waiting.map((w) => w.retryAt?.toISOString()))).toEqual(new Set([at(now, 10 * 60_000).toISOString()]));
    const calls = yt.calls.length;
    await sweep(at(now, 5 * 60_000));
    expect(yt.calls.length).toBe(calls); // paused until the reset: not asked at all
    expect(await platformSnaps(id)).toHaveLength(0);
    yt.clearFailures(); // the quota resets
    await sweep(at(now, 11 * 60_000));
    const snaps = await platformSnaps(id);
    expect(snaps).toHaveLength(1);
    expect(snaps[0]!.takenAt).toEqual(at(now, 11 * 60_000));
  });

  it("reports a refused key once to the marketers with what to do, pauses that platform, and resumes when it works", async () => {
    const live = new Date("2027-03-15T10:00:00Z");
    const id = await goLive(ivy, "https://www.instagram.com/p/IVY444/", live, { owner: "ivy.grams", views: 900, likes: 120 });
    const now = at(live, H + 60_000);
    ig.fail("auth", 2);
    rec.clear();
    expect((await sweep(now)).stopped.instagram).toBe("auth");
    await sweep(at(now, 5 * 60_000));
    const calls = ig.callsFor("post", "https://www.instagram.com/p/IVY444/").filter((c) => c.priority === "live").length;
    expect(calls).toBe(1);
    await sweep(at(now, 61 * 60_000)); // an hourly probe, refused again: not told again
    const told = rec.notices.filter((n) => n.key === "auth:instagram");
    expect(told).toHaveLength(1);
    expect(told[0]!.message.text).toMatch(/Renew INSTAGRAM_ACCESS_TOKEN/);
    expect(await platformSnaps(id)).toHaveLength(0);
    await sweep(at(now, 122 * 60_000)); // the key works again
    expect(await platformSnaps(id)).toHaveLength(1);
    expect(await t.db.prisma.platformFlag.count({ where: { key: "auth:instagram" } })).toBe(0);
  });

  it("flags a self-report 40% above the platform's views to the marketers with both numbers, once", async () => {
    const live = new Date("2027-03-16T10:00:00Z");
    const url = video("SELF55");
    const id = await goLive(ana, url, live, { owner: "ana.tube", views: 10000, likes: 500 });
    clock = at(live, 50 * 60_000);
    expect((await on(ana, `report campaign:spring url:${url} views:14000 likes:510`)).outcome).toBe("ok");
    rec.clear();
    await sweep(at(live, H + 60_000));
    await sweep(at(live, 25 * H));
    const flags = rec.notices.filter((n) => n.key?.startsWith(`selfreport:${id}`));
    expect(flags.map((n) => n.key)).toEqual([`selfreport:${id}:views`]);
    expect(flags[0]!.message.text).toMatch(/reported 14,000 views; YouTube counted 10,000 .*\(\+40%, more than 20% apart\)/);
    expect(await platformSnaps(id)).toHaveLength(2);
  });

  it("compares a self-report sent after the platform's snapshot at the next sweep: likes half the platform's flagged, views that agree not", async () => {
    const d = await t.db.prisma.deliverable.findFirstOrThrow({ where: { url: video("ONE111") } });
    clock = new Date("2027-03-17T12:00:00Z");
    expect((await on(ana, `report campaign:spring url:${video("ONE111")} views:1050 likes:40`)).outcome).toBe("ok");
    rec.clear();
    await sweep(at(clock, 60_000));
    await sweep(at(clock, 6 * 60_000));
    const flags = rec.notices.filter((n) => n.key?.startsWith(`selfreport:${d.id}`));
    expect(flags.map((n) => n.key)).toEqual([`selfreport:${d.id}:likes`]);
    expect(flags[0]!.message.text).toMatch(/reported 40 likes; YouTube counted 80 .*\(-50%, more than 20% apart\)/);
  });

  it("lets platform figures win over the creator's report in metrics, and says where each figure comes from and when", async () => {
    const d = await t.db.prisma.deliverable.findFirstOrThrow({ where: { url: video("SELF55") } });
    clock = new Date("2027-03-18T09:00:00Z");
    const r = await run("metrics campaign:spring by:deliverable --json");
    const data = r.reply.data as { deliverables: { id: string; sources: Record<string, string | null>; viewsSource: string | null; platformAt: string | null; metrics: { impressions: number | null } }[]; sources: { source: string; platform: string | null; deliverables: number }[] };
    const row = data.deliverables.find((x) => x.id === d.id)!;
    expect(row.sources).toMatchObject({ engagements: "platform" });
    expect(row.viewsSource).toBe("platform");
    expect(row.metrics.impressions).toBe(10000); // YouTube's 10,000, not the creator's 14,000
    expect(row.platformAt).toBe("2027-03-17T11:00:00.000Z"); // the +24 h snapshot, taken at +25 h
    expect(data.sources.filter((x) => x.source === "platform").map((x) => x.platform)).toEqual(["instagram", "youtube"]);
    const m = r.reply.message;
    const table = m.sections!.find((x) => x.title === "By deliverable")!.table!;
    const shown = table.rows.find((x) => x.includes(video("SELF55")))!;
    expect(shown[table.columns.indexOf("Source")]).toBe("from YouTube");
    expect(shown[table.columns.indexOf("Updated")]).toBe("11:00 UTC 2027-03-17");
    const where = m.sections!.find((x) => x.title === "Where the numbers come from")!.text!;
    expect(where).toMatch(/^Post figures: 1 post from Instagram \(fetched by Scout, latest at \d\d:\d\d UTC 2027-03-\d\d\); \d+ posts from YouTube \(fetched by Scout, latest at \d\d:\d\d UTC 2027-03-\d\d\)/);
    expect(where).toMatch(/Link clicks: counted by Scout's tracked links/);
    const explain = await run("metrics explain campaign:spring");
    expect(explain.reply.message.text).toMatch(/posts from YouTube \(fetched by Scout/);
    const digest = await app.services.digests.compose({ now: clock, campaignSlug: "spring" });
    const section = digest.message.sections!.find((x) => x.title === "Spring (spring)")!;
    expect(section.text).toMatch(/\nPost figures: 1 post from Instagram \(fetched by Scout, latest at \d\d:\d\d UTC 2027-03-\d\d\); \d+ posts from YouTube \(fetched by Scout, latest at \d\d:\d\d UTC 2027-03-\d\d\)/);
  });

  it("flags a verified post that disappeared once, and keeps its last figures", async () => {
    const live = new Date("2027-03-18T10:00:00Z");
    const url = video("GONE66");
    const id = await goLive(ana, url, live, { owner: "ana.tube", views: 3000, likes: 200 });
    expect((await t.db.prisma.deliverable.findUniqueOrThrow({ where: { id } })).verificationStatus).toBe("verified");
    await sweep(at(live, H + 60_000));
    yt.removePost(url);
    rec.clear();
    await sweep(at(live, 25 * H));
    await sweep(at(live, 8 * 24 * H));
    const gone = rec.notices.filter((n) => n.key === `gone:${id}`);
    expect(gone).toHaveLength(1);
    expect(gone[0]!.message.title).toBe("@ana.tube's post is gone from YouTube");
    expect(await platformSnaps(id)).toHaveLength(1);
  });

  it("the process's sweeper re-checks a link the platform could not answer for and takes the due snapshot, one sweep at a time", async () => {
    const live = new Date("2027-04-01T10:00:00Z");
    yt.fail("unavailable", 2); // on submission and when marked live
    const id = await goLive(ana, video("LATE77"), live, { owner: "ana.tube", views: 400, likes: 30 });
    expect((await t.db.prisma.deliverable.findUniqueOrThrow({ where: { id } })).verificationStatus).toBe("unavailable");
    const sweeper = createPlatformSweeper(app, { instance: "process-1" });
    const now = at(live, H + 60_000);
    const [first, overlapping] = await Promise.all([sweeper.run(now), sweeper.run(now)]);
    expect(overlapping).toBeNull();
    expect(first).toMatchObject({ taken: 1 });
    expect((await t.db.prisma.deliverable.findUniqueOrThrow({ where: { id } })).verificationStatus).toBe("verified");
    expect(await platformSnaps(id)).toHaveLength(1);
    await sweeper.stop();
  });
});
