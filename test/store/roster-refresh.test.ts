// Roster refresh (issue 15, item 4) on a real database: `roster refresh` and the weekly job fetch
// accounts through a PlatformClient double (the platform is outside Scout's process) and write
// account rows, follower snapshots (source platform) and recent posts. Fixed clock throughout.
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import nodeCron from "node-cron";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import type { Notice, Notifier } from "../../src/core/notifier.ts";
import type { CronLike } from "../../src/jobs/scheduler.ts";
import { createAppScheduler } from "../../src/jobs/wire.ts";
import { ROSTER_REFRESH } from "../../src/jobs/roster-refresh.ts";
import { useTestDatabase } from "../support/db.ts";
import { igPost, PlatformAccountsDouble, platformData } from "../support/platform-accounts-double.ts";

const t = useTestDatabase("refresh");
// Monday 1 March 2027, 06:00 UTC; the weekly refresh is due Mondays at 05:00 UTC.
const MONDAY = new Date("2027-03-01T06:00:00Z");
let clock = MONDAY;
const instagram = new PlatformAccountsDouble("instagram");
let app: App;
let bare: App;
const idleCron: CronLike = { schedule: (expression, fn, options) => nodeCron.createTask(expression, fn, options) };

const as = (a: App) => (line: string) =>
  a.dispatch({ line, surface: "console", actor: { id: "m1", name: "Mia", roles: ["marketer"] }, place: { channelId: "console" } });
const run = (line: string) => as(app)(line);
const text = (r: { reply: { message: unknown } }) => JSON.stringify(r.reply.message);

beforeAll(async () => {
  const config = loadConfig({ DATABASE_URL: t.url, EXPORT_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "scout-refresh-")) });
  const log = createLogger({ level: "silent" });
  app = await createApp(config, log, { db: t.db, now: () => clock, platforms: platformData(instagram) });
  bare = await createApp(config, log, { db: t.db, now: () => clock });
});

beforeEach(() => {
  clock = MONDAY;
  instagram.clearFailures();
  instagram.calls.length = 0;
});

/** Accounts as an import left them, last written on 20 February 2027. */
async function account(platform: string, handle: string, followers: number, following = 300): Promise<{ id: string; creatorId: string }> {
  const creatorId = randomUUID();
  const id = randomUUID();
  await t.db.pool.query(`INSERT INTO creator (id, display_name, updated_at) VALUES ($1, $2, '2027-02-20T10:00:00Z')`, [creatorId, handle]);
  await t.db.pool.query(
    `INSERT INTO account (id, creator_id, platform, handle, followers, following, posts_count, categories, updated_at)
     VALUES ($1, $2, $3::platform, $4, $5, $6, 40, '{vegan}', '2027-02-20T10:00:00Z')`,
    [id, creatorId, platform, handle, followers, following],
  );
  return { id, creatorId };
}

async function campaign(slug: string, status: string, participants: { id: string; creatorId: string }[]): Promise<string> {
  const id = randomUUID();
  await t.db.pool.query(`INSERT INTO campaign (id, slug, name, status, updated_at) VALUES ($1, $2, $3, $4::campaign_status, '2027-02-01T00:00:00Z')`, [
    id,
    slug,
    `Campaign ${slug}`,
    status,
  ]);
  for (const p of participants)
    await t.db.pool.query(
      `INSERT INTO participation (id, campaign_id, creator_id, account_id, status, updated_at) VALUES ($1, $2, $3, $4, 'approved', '2027-02-01T00:00:00Z')`,
      [randomUUID(), id, p.creatorId, p.id],
    );
  return id;
}

const snapshots = async (accountId: string) =>
  (
    await t.db.pool.query<{ taken_on: string; followers: number; following: number; source: string }>(
      `SELECT taken_on::text, followers, following, source::text FROM account_snapshot WHERE account_id = $1 ORDER BY taken_on`,
      [accountId],
    )
  ).rows;
const followersOf = async (accountId: string) =>
  (await t.db.pool.query<{ followers: number; median_er: number | null }>(`SELECT followers, median_er FROM account WHERE id = $1`, [accountId])).rows[0]!;

describe("roster refresh", () => {
  it("refreshes a campaign's participants: followers updated, one platform snapshot each, recent posts give the median ER", async () => {
    const ana = await account("instagram", "r1_ana", 12_000);
    const ben = await account("instagram", "r1_ben", 8_000);
    const tik = await account("tiktok", "r1_tik", 50_000);
    await campaign("r1-launch", "active", [ana, ben, tik]);
    const posts = [0, 1, 2].map((i) => igPost("r1_ana", `r1p${i}`, new Date(Date.UTC(2027, 1, 20 + i)), 300 + i * 100, 20, "#vegan lunch #ad"));
    instagram.set("r1_ana", { followers: 12_500, following: 310, posts: 41, recent: posts }).set("r1_ben", { followers: 8_200, following: 120, posts: 90 });

    const progress: string[] = [];
    const r = await app.dispatch({
      line: "roster refresh campaign:r1-launch",
      surface: "console",
      actor: { id: "m1", name: "Mia", roles: ["marketer"] },
      progress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`),
    });
    expect(r.outcome).toBe("ok");
    expect(progress.filter((p) => p.startsWith("refreshing"))).toEqual(["refreshing Instagram 1/2", "refreshing Instagram 2/2"]);
    expect(r.reply.message.title).toBe("Roster refreshed");
    expect(text(r)).toContain("TikTok: no platform API here; figures stay as imported/self-reported (1 account not refreshed)");
    // Median of 320, 420, 520 engagements over 12,500 followers: the ER the refresh found.
    expect(text(r)).toContain("@r1_ana (Instagram): 12,000 → 12,500 followers (+500 since 2027-02-20, imported); median ER 3.36%");
    expect(instagram.calls.map((c) => [c.handle, c.priority])).toEqual([
      ["r1_ana", "refresh"],
      ["r1_ben", "refresh"],
    ]);
    expect((await followersOf(ana.id)).followers).toBe(12_500);
    expect((await followersOf(ben.id)).followers).toBe(8_200);
    // The figures the import left (dated the day they were written), then the platform's.
    expect(await snapshots(ana.id)).toEqual([
      { taken_on: "2027-02-20", followers: 12_000, following: 300, source: "import" },
      { taken_on: "2027-03-01", followers: 12_500, following: 310, source: "platform" },
    ]);
    expect((await snapshots(ben.id)).filter((s) => s.source === "platform")).toHaveLength(1);
    expect(await snapshots(tik.id)).toEqual([]);
    expect((await followersOf(tik.id)).followers).toBe(50_000);
    // Median of 320, 420, 520 engagements over 12,500 followers.
    expect((await followersOf(ana.id)).median_er).toBeCloseTo(420 / 12_500, 9);
    const stored = await t.db.pool.query(`SELECT external_id, likes, hashtags FROM post WHERE account_id = $1 ORDER BY external_id`, [ana.id]);
    expect(stored.rows).toEqual([
      { external_id: "r1p0", likes: 300, hashtags: ["vegan", "ad"] },
      { external_id: "r1p1", likes: 400, hashtags: ["vegan", "ad"] },
      { external_id: "r1p2", likes: 500, hashtags: ["vegan", "ad"] },
    ]);
  });

  it("run twice at the same instant (even at once) writes no second snapshot and no duplicate post", async () => {
    const a = await account("instagram", "r2_twice", 20_000);
    await campaign("r2-twice", "active", [a]);
    instagram.set("r2_twice", { followers: 21_000, recent: [igPost("r2_twice", "r2p", new Date("2027-02-25T12:00:00Z"), 900, 30)] });
    await run("roster refresh campaign:r2-twice");
    const first = await snapshots(a.id);
    const [x, y] = await Promise.all([run("roster refresh campaign:r2-twice"), run("roster refresh campaign:r2-twice")]);
    expect([x.outcome, y.outcome]).toEqual(["ok", "ok"]);
    expect(await snapshots(a.id)).toEqual(first);
    expect(first.filter((s) => s.taken_on === "2027-03-01")).toHaveLength(1);
    expect((await t.db.pool.query(`SELECT count(*)::int AS n FROM post WHERE account_id = $1`, [a.id])).rows[0].n).toBe(1);
  });

  it("lists a handle the platform does not find, and refreshes the others", async () => {
    const gone = await account("instagram", "r3_renamed", 5_000);
    const ok = await account("instagram", "r3_here", 6_000);
    await campaign("r3-missing", "active", [gone, ok]);
    instagram.set("r3_here", { followers: 6_100 });
    const r = await run("roster refresh campaign:r3-missing");
    expect(text(r)).toMatch(/@r3_renamed \(Instagram\): not found on Instagram \(not a professional account, private, or renamed\)/);
    expect(r.reply.message.sections?.[0]?.fields).toEqual([{ label: "Instagram", value: "1 of 2 refreshed, 1 not found" }]);
    expect((await followersOf(gone.id)).followers).toBe(5_000);
    expect(await snapshots(gone.id)).toEqual([]);
    expect((await followersOf(ok.id)).followers).toBe(6_100);
  });

  it("stops a platform whose quota runs out, says how many accounts were left and when the quota resets", async () => {
    const accs = [await account("instagram", "r4_a", 1_000), await account("instagram", "r4_b", 2_000), await account("instagram", "r4_c", 3_000)];
    await campaign("r4-quota", "active", accs);
    for (const h of ["r4_a", "r4_b", "r4_c"]) instagram.set(h, { followers: 9_999 });
    instagram.failFromCall(2, "quota", new Date("2027-03-01T07:00:00Z"));
    const r = await run("roster refresh campaign:r4-quota");
    expect(text(r)).toContain("Instagram: the API quota is used up; stopped with 2 accounts left for the next run; the quota resets at 2027-03-01 07:00 UTC.");
    // The third account was not asked.
    expect(instagram.calls.map((c) => c.handle)).toEqual(["r4_a", "r4_b"]);
    expect((await followersOf(accs[0]!.id)).followers).toBe(9_999);
    expect((await followersOf(accs[1]!.id)).followers).toBe(2_000);
    expect((await followersOf(accs[2]!.id)).followers).toBe(3_000);
  });

  it("says once that an invalid token must be replaced, and asks nothing more of that platform", async () => {
    const accs = [await account("instagram", "r5_a", 1_000), await account("instagram", "r5_b", 2_000)];
    await campaign("r5-auth", "active", accs);
    instagram.failFromCall(1, "auth");
    const r = await run("roster refresh campaign:r5-auth");
    const all = text(r);
    expect(all).toContain("Instagram rejected the access token (invalid or expired)");
    expect(all).toContain("set INSTAGRAM_ACCESS_TOKEN");
    expect(all.split("rejected the access token").length - 1).toBe(1);
    expect(instagram.calls).toHaveLength(1);
  });

  it("skips a platform without a client and says so: TikTok figures stay as imported/self-reported", async () => {
    const a = await account("tiktok", "r6_tok", 70_000);
    await campaign("r6-tiktok", "active", [a]);
    const r = await run("roster refresh campaign:r6-tiktok");
    expect(r.reply.message.title).toBe("Nothing refreshed");
    expect(text(r)).toContain("TikTok: no platform API here; figures stay as imported/self-reported");
    expect(instagram.calls).toHaveLength(0);
    expect(await snapshots(a.id)).toEqual([]);
  });

  it("with no platform configured says which keys would be needed and changes nothing", async () => {
    const a = await account("instagram", "r7_nokey", 4_000);
    await campaign("r7-nokey", "active", [a]);
    const before = await t.db.pool.query(`SELECT (SELECT count(*) FROM account_snapshot)::int AS s, (SELECT max(updated_at) FROM account)::text AS u`);
    const r = await as(bare)("roster refresh campaign:r7-nokey");
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.title).toBe("No platform API configured");
    expect(text(r)).toContain("Nothing was refreshed or changed");
    expect(text(r)).toContain("YOUTUBE_API_KEY");
    expect(text(r)).toContain("INSTAGRAM_ACCESS_TOKEN");
    expect(text(r)).toContain("1 account would be refreshed");
    const after = await t.db.pool.query(`SELECT (SELECT count(*) FROM account_snapshot)::int AS s, (SELECT max(updated_at) FROM account)::text AS u`);
    expect(after.rows).toEqual(before.rows);
    expect(instagram.calls).toHaveLength(0);
  });

  it("refuses a handle that is not in the roster, and a campaign that does not exist", async () => {
    const r = await run("roster refresh handle:@r8_nobody");
    expect(r.code).toBe("ACCOUNT_NOT_FOUND");
    expect(text(r)).toContain("No account @r8_nobody in the roster");
    expect((await run("roster refresh campaign:r8-no-such")).code).toBe("CAMPAIGN_NOT_FOUND");
    expect(instagram.calls).toHaveLength(0);
  });

  it("shows a follower spike between two refreshes in the shortlist's authenticity, with both dates and the source", async () => {
    const a = await account("instagram", "r9_spiky", 10_000);
    await campaign("r9-spike", "open", [a]);
    instagram.set("r9_spiky", { followers: 10_000, following: 300 });
    await run("roster refresh handle:r9_spiky");
    clock = new Date("2027-03-08T06:00:00Z");
    instagram.set("r9_spiky", { followers: 40_000, following: 300 });
    const second = await run("roster refresh handle:r9_spiky");
    expect(text(second)).toContain("@r9_spiky (Instagram): 10,000 → 40,000 followers (+30,000 since 2027-03-01, from the platform)");
    expect(second.reply.message.title).toBe("Roster refreshed");
    const s = await run("shortlist niche:vegan followers:1k-100k top:50 --json");
    const mine = (s.reply.data as { results: { handle: string; components: { name: string; reason: string }[] }[] }).results.find((x) => x.handle === "r9_spiky");
    const reason = mine!.components.find((c) => c.name === "authenticity")!.reason;
    expect(reason).toContain("follower spike of +30,000 in 7 days");
    expect(reason).toContain("2027-03-01 to 2027-03-08, both fetched from the platform");
  });

  it("by default refreshes open and active campaigns' participants and creators shortlisted in the last 30 days", async () => {
    const open = await account("instagram", "r10_open", 3_000);
    const closed = await account("instagram", "r10_closed", 3_000);
    const recent = await account("instagram", "r10_recent", 3_000);
    const old = await account("instagram", "r10_old", 3_000);
    await campaign("r10-open", "open", [open]);
    await campaign("r10-closed", "closed", [closed]);
    await t.db.pool.query(`UPDATE account SET shortlisted_at = $2 WHERE id = $1`, [recent.id, new Date("2027-02-10T00:00:00Z")]);
    await t.db.pool.query(`UPDATE account SET shortlisted_at = $2 WHERE id = $1`, [old.id, new Date("2027-01-20T00:00:00Z")]);
    for (const h of ["r10_open", "r10_closed", "r10_recent", "r10_old"]) instagram.set(h, { followers: 3_100 });
    await run("roster refresh");
    const asked = new Set(instagram.calls.map((c) => c.handle));
    expect(asked.has("r10_open")).toBe(true);
    expect(asked.has("r10_recent")).toBe(true);
    expect(asked.has("r10_closed")).toBe(false);
    expect(asked.has("r10_old")).toBe(false);
  });

  it("records who a shortlist showed, and when", async () => {
    const a = await account("instagram", "r11_shown", 9_000);
    await run("shortlist niche:vegan followers:1k-100k top:50");
    const row = (await t.db.pool.query<{ shortlisted_at: Date | null }>(`SELECT shortlisted_at FROM account WHERE id = $1`, [a.id])).rows[0]!;
    expect(row.shortlisted_at?.toISOString()).toBe(MONDAY.toISOString());
  });
});

describe("weekly roster refresh", () => {
  const notices: Notice[] = [];
  const notifier: Notifier = { toMarketers: async (n) => void notices.push(n) };
  const scheduler = (instance: string) => createAppScheduler(app, { instance, pollMs: 0, cron: idleCron, notifier, now: () => clock });
  const runsOf = (period: string) => t.db.prisma.jobRun.findMany({ where: { job: ROSTER_REFRESH, period } });

  it("is claimed by one of two schedulers at its time: each account fetched once", async () => {
    await t.db.pool.query(`UPDATE account SET shortlisted_at = NULL`);
    await t.db.pool.query(`UPDATE campaign SET status = 'closed'`);
    const a = await account("instagram", "w1_weekly", 2_000);
    await campaign("w1-weekly", "active", [a]);
    instagram.set("w1_weekly", { followers: 2_300 });
    const [s1, s2] = [scheduler("p1"), scheduler("p2")];
    const at = new Date("2027-03-15T05:00:00Z"); // a Monday, 05:00 UTC
    await Promise.all([s1.tick(at), s2.tick(at)]);
    const runs = await runsOf("2027-03-15");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "done", late: false });
    expect(instagram.callsFor("w1_weekly")).toBe(1);
    expect((await snapshots(a.id)).filter((s) => s.source === "platform").map((s) => s.taken_on)).toEqual(["2027-03-15"]);
  });

  it("catches a run missed while Scout was down up once, marked late", async () => {
    const wednesday = new Date("2027-03-24T10:00:00Z"); // Monday 22 March's run was missed
    clock = wednesday;
    const [s1, s2] = [scheduler("p3"), scheduler("p4")];
    await Promise.all([s1.poll(wednesday), s2.poll(wednesday)]);
    await Promise.all([s1.idle(), s2.idle()]);
    await s1.poll(new Date("2027-03-24T10:01:00Z"));
    await s1.idle();
    const runs = await runsOf("2027-03-22");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "done", late: true });
    expect(instagram.callsFor("w1_weekly")).toBe(1);
  });

  it("resumes a run its quota stopped once the quota resets, asking only the accounts not refreshed yet", async () => {
    await t.db.pool.query(`UPDATE campaign SET status = 'closed'`);
    const accs = [await account("instagram", "w2_a", 1_000), await account("instagram", "w2_b", 2_000), await account("instagram", "w2_c", 3_000)];
    await campaign("w2-resume", "active", accs);
    for (const h of ["w2_a", "w2_b", "w2_c"]) instagram.set(h, { followers: 5_000 });
    instagram.failFromCall(2, "quota", new Date("2027-04-12T06:00:00Z"));
    const s = scheduler("p6");
    await s.tick(new Date("2027-04-12T05:00:00Z")); // Monday
    expect(instagram.calls.map((c) => c.handle)).toEqual(["w2_a", "w2_b"]);
    expect((await runsOf("2027-04-12"))[0]?.data).toMatchObject({ refreshed: 1, resumeAt: "2027-04-12T06:00:00.000Z" });
    // Before the reset: nothing more is asked.
    await s.poll(new Date("2027-04-12T05:30:00Z"));
    await s.idle();
    expect(instagram.calls).toHaveLength(2);
    instagram.clearFailures();
    await s.poll(new Date("2027-04-12T06:01:00Z"));
    await s.idle();
    await s.poll(new Date("2027-04-12T06:02:00Z"));
    await s.idle();
    expect(instagram.calls.slice(2).map((c) => c.handle)).toEqual(["w2_b", "w2_c"]);
    expect((await runsOf("2027-04-12/r1"))[0]).toMatchObject({ status: "done", late: false, data: { refreshed: 2 } });
    expect(await runsOf("2027-04-12/r2")).toEqual([]);
    for (const a of accs) expect((await followersOf(a.id)).followers).toBe(5_000);
  });

  it("tells the marketers once when a platform rejects Scout's token, not again the next week", async () => {
    instagram.failFromCall(1, "auth");
    notices.length = 0;
    const s = scheduler("p5");
    await s.tick(new Date("2027-04-19T05:00:00Z"));
    await s.tick(new Date("2027-04-26T05:00:00Z"));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message.text).toContain("INSTAGRAM_ACCESS_TOKEN");
    expect((await runsOf("2027-04-26"))[0]?.data).toMatchObject({ authFailed: ["instagram"] });
  });

  it("shares the told-once flag with the link checks: a refusal already told is not told again, and a key that works clears it", async () => {
    notices.length = 0;
    // The flag the platform snapshot sweep and the link checks set when they told the marketers.
    await t.db.pool.query(`INSERT INTO platform_flag (key, data, created_at) VALUES ('auth:instagram', '{}', '2027-04-30T00:00:00Z') ON CONFLICT DO NOTHING`);
    instagram.failFromCall(1, "auth");
    const s = scheduler("p7");
    await s.tick(new Date("2027-05-03T05:00:00Z"));
    expect(notices).toHaveLength(0);
    expect((await runsOf("2027-05-03"))[0]?.data).toMatchObject({ authFailed: ["instagram"] });
    instagram.clearFailures();
    await s.tick(new Date("2027-05-10T05:00:00Z"));
    expect((await runsOf("2027-05-10"))[0]?.data).toMatchObject({ authFailed: [] });
    expect((await t.db.pool.query(`SELECT count(*)::int AS n FROM platform_flag WHERE key = 'auth:instagram'`)).rows[0].n).toBe(0);
  });
});

describe("ER drift", () => {
  it("shows the median ER before and after when new posts change it", async () => {
    const a = await account("instagram", "r12_drift", 10_000);
    await campaign("r12-drift", "active", [a]);
    const old = [0, 1, 2].map((i) => igPost("r12_drift", `r12old${i}`, new Date(Date.UTC(2027, 1, 10 + i)), 400, 0));
    instagram.set("r12_drift", { followers: 10_000, recent: old });
    await run("roster refresh handle:r12_drift");
    clock = new Date("2027-03-08T06:00:00Z");
    // Three newer posts with far fewer likes: the median over the latest posts falls.
    const fresh = [0, 1, 2].map((i) => igPost("r12_drift", `r12new${i}`, new Date(Date.UTC(2027, 2, 2 + i)), 100, 0));
    instagram.set("r12_drift", { followers: 10_000, recent: fresh });
    const r = await run("roster refresh handle:r12_drift");
    expect(text(r)).toContain("@r12_drift (Instagram): 10,000 → 10,000 followers (±0 since 2027-03-01, from the platform); median ER 4% → 2.5%");
  });
});

describe("which participants", () => {
  it("takes every account of a creator whose participation names none, and leaves declined ones out", async () => {
    const ig = await account("instagram", "r13_ig", 1_000);
    // The same creator's YouTube channel: a second account of one creator.
    await t.db.pool.query(
      `INSERT INTO account (id, creator_id, platform, handle, followers, updated_at) VALUES ($1, $2, 'youtube', 'r13_yt', 5000, '2027-02-20T10:00:00Z')`,
      [randomUUID(), ig.creatorId],
    );
    const declined = await account("instagram", "r13_declined", 1_000);
    const id = await campaign("r13-who", "active", []);
    await t.db.pool.query(`INSERT INTO participation (id, campaign_id, creator_id, status, updated_at) VALUES ($1, $2, $3, 'opted_in', now())`, [randomUUID(), id, ig.creatorId]);
    await t.db.pool.query(`INSERT INTO participation (id, campaign_id, creator_id, account_id, status, updated_at) VALUES ($1, $2, $3, $4, 'declined', now())`, [
      randomUUID(),
      id,
      declined.creatorId,
      declined.id,
    ]);
    instagram.set("r13_ig", { followers: 1_100 });
    const r = await run("roster refresh campaign:r13-who");
    expect(instagram.calls.map((c) => c.handle)).toEqual(["r13_ig"]);
    expect(text(r)).toContain("YouTube: no API key configured (YOUTUBE_API_KEY would add it); figures stay as imported/self-reported (1 account not refreshed)");
    expect((r.reply.data as { selected: number }).selected).toBe(2);
  });
});

describe("posts an import already holds", () => {
  it("updates a post imported under its shortcode instead of adding it twice", async () => {
    const a = await account("instagram", "r14_known", 10_000);
    await campaign("r14-known", "active", [a]);
    await t.db.pool.query(`INSERT INTO post (id, account_id, external_id, posted_at, likes, comments, updated_at) VALUES ($1, $2, 'C14code', '2027-02-25T12:00:00Z', 100, 5, now())`, [
      randomUUID(),
      a.id,
    ]);
    const p = { ...igPost("r14_known", "17900000000000014", new Date("2027-02-25T12:00:00Z"), 250, 9), url: "https://www.instagram.com/p/C14code/" };
    instagram.set("r14_known", { followers: 10_000, recent: [p] });
    await run("roster refresh handle:r14_known");
    const rows = await t.db.pool.query(`SELECT external_id, likes, comments FROM post WHERE account_id = $1`, [a.id]);
    expect(rows.rows).toEqual([{ external_id: "C14code", likes: 250, comments: 9 }]);
  });
});
