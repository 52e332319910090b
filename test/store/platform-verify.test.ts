// Delivered links checked against the platform (issue 15): on /deliver and on `deliverables live`,
// Scout fetches the post (here from an in-process YouTube client double), checks owner, dates and
// disclosure, stores the result on the deliverable, tells the creator privately what is missing
// and the marketers "verified on YouTube" or why not. The chat answer never waits for the platform.
import { beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import type { Actor } from "../../src/core/invocation.ts";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { createRecorder, type Recorder } from "./campaign-recorder.ts";
import { PlatformDouble, platformData } from "../support/platform-double.ts";

const t = useTestDatabase("pverify");
let app: App;
let rec: Recorder;
const yt = new PlatformDouble("youtube");
/** The fixed clock: two days after the campaign's go-live date. */
let clock = new Date("2027-03-12T10:00:00Z");

const creator = (id: string, name: string): Actor => ({ id, name, roles: ["creator"] });
const ana = creator("710000000000000001", "ana");
const bob = creator("710000000000000002", "bob");
const cara = creator("710000000000000003", "cara");
const dan = creator("710000000000000004", "dan");
const eve = creator("710000000000000005", "eve");
const tia = creator("710000000000000006", "tia");

const on = (who: Actor, line: string) => app.dispatch({ line, surface: "discord", actor: who, place: { channelId: "D-dm" } });
const run = (line: string) => app.dispatch({ line, surface: "console", actor: { id: "m1", name: "Mia", roles: ["marketer"] } });
const video = (id: string) => `https://www.youtube.com/watch?v=${id}`;
const GOOD_CAPTION = "#ad Spring bowls at @greenbowl #springmenu";
const row = (url: string) => t.db.prisma.deliverable.findFirstOrThrow({ where: { url } });

async function deliver(who: Actor, url: string) {
  const r = await on(who, `deliver campaign:spring url:${url}`);
  expect(r.outcome).toBe("ok");
  await app.services.verifier!.idle();
  return r;
}

beforeAll(async () => {
  const config = loadConfig({ DATABASE_URL: t.url });
  app = await createApp(config, createLogger({ level: "warn" }), { db: t.db, now: () => clock, platforms: platformData(yt) });
  rec = createRecorder();
  app.notifiers.add(rec);
  await importRoster(
    {
      creators: {
        label: "r.csv",
        text:
          "handle,platform,followers,category,discord_user_id\n" +
          `ana.tube,youtube,15000,food,${ana.id}\nbob.tube,youtube,9000,food,${bob.id}\ncara.tube,youtube,30000,food,${cara.id}\n` +
          `dan.tube,youtube,4000,food,${dan.id}\neve.tube,youtube,5000,food,${eve.id}\ntia.toks,tiktok,8000,food,${tia.id}\n`,
      },
    },
    {},
    createRosterRepo(t.db.pool),
  );
  const made = await run(
    'campaign new name:"Spring" objective:sales deliverables:"1 Video" compensation:"flat fee" landing-url:https://example.com/spring channel:C0123ABCD ' +
      "go-live:2027-03-10 ends:2027-04-10 hashtags:springmenu mentions:greenbowl",
  );
  expect(made.outcome).toBe("ok");
  expect((await run("campaign open spring")).outcome).toBe("ok");
  for (const h of ["ana.tube", "bob.tube", "cara.tube", "dan.tube", "eve.tube", "tia.toks"]) {
    const o = await app.services.campaigns.optIn("spring", { handle: h }, { disclosureConfirmed: true }, { id: "x", name: h, surface: "discord" });
    expect((await run(`optins approve id:${o.value.id}`)).outcome).toBe("ok");
  }
});

describe("a delivered YouTube link checked on the platform", () => {
  it("answers at once while the platform is slow, then stores verified, tells the creator nothing is missing and the marketers 'verified on YouTube'", async () => {
    yt.setPost(video("ANA1"), { id: "ANA1", owner: { handle: "ana.tube", id: "UCana" }, publishedAt: new Date("2027-03-11T08:00:00Z"), caption: GOOD_CAPTION });
    rec.clear();
    const release = yt.hold();
    const r = await on(ana, `deliver campaign:spring url:${video("ANA1")}`);
    // The answer came back while the platform had not answered yet.
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.title).toBe("Deliverable submitted");
    expect((await row(video("ANA1"))).verificationStatus).toBe("unchecked");
    release();
    await app.services.verifier!.idle();
    const d = await row(video("ANA1"));
    expect(d).toMatchObject({ verificationStatus: "verified", verificationIssues: [], platformPostId: "ANA1", platformCaption: GOOD_CAPTION });
    expect(d.verifiedAt).toEqual(clock);
    expect(yt.callsFor("post", video("ANA1"))[0]).toMatchObject({ priority: "verify", handle: "ana.tube" });
    const dm = rec.toCreators.find((x) => (x.creator as { handle?: string | null }).handle === "ana.tube" && /verified/.test(x.message.title ?? ""));
    expect(dm?.message.text).toMatch(/Nothing is missing/);
    const notice = rec.notices.find((n) => n.message.title === "@ana.tube's deliverable is verified on YouTube");
    expect(notice).toMatchObject({ kind: "deliverable", ref: { entity: "deliverable", id: d.id }, campaign: { slug: "spring" } });
    const list = await run("deliverables spring");
    const fields = list.reply.message.sections!.find((s) => s.title?.includes("ANA1"))!.fields!;
    expect(fields.find((f) => f.label === "Checked")?.value).toMatch(/^verified on YouTube at 10:00 UTC 2027-03-12$/);
  });

  it("refuses a post that belongs to another account, saying whose it is", async () => {
    yt.setPost(video("BOB1"), { id: "BOB1", owner: { handle: "someone.else", id: "UCother" }, publishedAt: new Date("2027-03-11T08:00:00Z"), caption: GOOD_CAPTION });
    rec.clear();
    await deliver(bob, video("BOB1"));
    const d = await row(video("BOB1"));
    expect(d.verificationStatus).toBe("failed");
    expect(d.verificationIssues).toEqual(["The post belongs to @someone.else on YouTube, not to the creator's account @bob.tube."]);
    const notice = rec.notices.find((n) => n.message.title === "@bob.tube's deliverable is not verified on YouTube");
    expect(notice?.message.text).toMatch(/belongs to @someone\.else/);
    expect(rec.toCreators.find((x) => (x.creator as { handle?: string | null }).handle === "bob.tube")?.message.text).toMatch(/belongs to @someone\.else/);
  });

  it("refuses a post published before the campaign's dates, naming the go-live date and the grace", async () => {
    yt.setPost(video("CARA1"), { id: "CARA1", owner: { handle: "cara.tube", id: null }, publishedAt: new Date("2027-01-05T08:00:00Z"), caption: GOOD_CAPTION });
    await deliver(cara, video("CARA1"));
    const d = await row(video("CARA1"));
    expect(d.verificationStatus).toBe("failed");
    expect(d.verificationIssues).toHaveLength(1);
    expect(d.verificationIssues[0]).toMatch(/^It was published 2027-01-05, before the campaign's go-live date 2027-03-10 \(posts count from 2027-03-09, a day's grace\)/);
  });

  it("catches a missing hashtag in the published description and tells the creator which one", async () => {
    yt.setPost(video("DAN1"), { id: "DAN1", owner: { handle: "dan.tube", id: null }, publishedAt: new Date("2027-03-11T08:00:00Z"), caption: "#ad Spring bowls at @greenbowl" });
    rec.clear();
    await deliver(dan, video("DAN1"));
    const d = await row(video("DAN1"));
    expect(d.verificationStatus).toBe("failed");
    expect(d.verificationIssues.join(" ")).toMatch(/#springmenu/);
    const dm = rec.toCreators.find((x) => (x.creator as { handle?: string | null }).handle === "dan.tube");
    expect(dm?.message.title).toBe("Spring: please fix your post on YouTube");
    expect(dm?.message.text).toMatch(/#springmenu/);
  });

  it("leaves a check the platform could not answer (quota) unavailable without failing the submission, and a later retry verifies it", async () => {
    yt.setPost(video("EVE1"), { id: "EVE1", owner: { handle: "eve.tube", id: null }, publishedAt: new Date("2027-03-11T08:00:00Z"), caption: GOOD_CAPTION });
    yt.fail("quota", 1, new Date("2027-03-13T00:00:00Z"));
    rec.clear();
    const r = await deliver(eve, video("EVE1"));
    expect(r.reply.message.title).toBe("Deliverable submitted");
    expect((await row(video("EVE1"))).verificationStatus).toBe("unavailable");
    expect(rec.toCreators.filter((x) => (x.creator as { handle?: string | null }).handle === "eve.tube")).toHaveLength(0);
    const checked = await app.services.verifier!.retryPending();
    expect(checked).toBeGreaterThanOrEqual(1);
    expect((await row(video("EVE1"))).verificationStatus).toBe("verified");
  });

  it("leaves a TikTok link (no client) unchecked without asking any platform, and the list says it is self-reported", async () => {
    const url = "https://www.tiktok.com/@tia.toks/video/7300000000000000001";
    const calls = yt.calls.length;
    rec.clear();
    const r = await deliver(tia, url);
    expect(r.reply.message.title).toBe("Deliverable submitted");
    const d = await t.db.prisma.deliverable.findFirstOrThrow({ where: { platform: "tiktok" } });
    expect(d.verificationStatus).toBe("unchecked");
    expect(yt.calls.length).toBe(calls);
    expect(rec.toCreators.filter((x) => /verified|please fix/.test(x.message.title ?? ""))).toHaveLength(0);
    const list = await run("deliverables spring");
    const fields = list.reply.message.sections!.find((s) => s.title?.includes("tiktok.com"))!.fields!;
    expect(fields.find((f) => f.label === "Checked")?.value).toBe("self-reported (Scout cannot check this platform)");
  });

  it("tells the marketers once when YouTube refuses Scout's key during checks, and leaves the checks to be retried", async () => {
    yt.setPost(video("EVE2"), { id: "EVE2", owner: { handle: "eve.tube", id: null }, publishedAt: new Date("2027-03-11T08:00:00Z"), caption: GOOD_CAPTION });
    yt.setPost(video("EVE3"), { id: "EVE3", owner: { handle: "eve.tube", id: null }, publishedAt: new Date("2027-03-11T08:00:00Z"), caption: GOOD_CAPTION });
    yt.fail("auth", 2);
    rec.clear();
    await deliver(eve, video("EVE2"));
    await deliver(eve, video("EVE3"));
    expect((await row(video("EVE2"))).verificationStatus).toBe("unavailable");
    expect((await row(video("EVE3"))).verificationIssues[0]).toMatch(/^Scout's YouTube key was refused/);
    const told = rec.notices.filter((n) => n.key === "auth:youtube");
    expect(told).toHaveLength(1);
    expect(told[0]!.message.text).toMatch(/Check YOUTUBE_API_KEY/);
  });

  it("checks again when the marketers mark it live: a disclosure removed after posting is caught", async () => {
    const d0 = await row(video("ANA1"));
    expect((await run(`deliverables approve id:${d0.id}`)).outcome).toBe("ok");
    yt.setPost(video("ANA1"), { id: "ANA1", owner: { handle: "ana.tube", id: "UCana" }, publishedAt: new Date("2027-03-11T08:00:00Z"), caption: "Spring bowls at @greenbowl #springmenu" });
    rec.clear();
    clock = new Date("2027-03-12T12:00:00Z");
    expect((await run(`deliverables live id:${d0.id}`)).outcome).toBe("ok");
    await app.services.verifier!.idle();
    const d = await row(video("ANA1"));
    expect(d.verificationStatus).toBe("failed");
    expect(d.verificationIssues.join(" ")).toMatch(/#ad/);
    expect(rec.notices.find((n) => n.message.title === "@ana.tube's deliverable is not verified on YouTube")?.message.text).toMatch(/when marked live/);
  });
});
