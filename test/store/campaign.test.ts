import { beforeAll, describe, expect, it } from "vitest";
import { importRoster } from "../../src/core/roster/import.ts";
import { dayAfter, isoDay } from "../../src/core/campaigns/fields.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { errorLines, testApp, type TestApp } from "../support/app.ts";
import { createRecorder, type Recorder } from "./campaign-recorder.ts";

const t = useTestDatabase("campaign");
let s: TestApp;
let rec: Recorder;

const COMPLETE = 'objective:sales deliverables:"1 Reel, 2 Stories" compensation:"flat fee + product" landing-url:https://example.com/spring';
/** "YYYY-MM-DD" n days after today (UTC): campaigns stay in the future whenever the test runs. */
const day = (n: number) => isoDay(dayAfter(new Date(), n));
const fieldsOf = (r: { reply: { data?: unknown } }) => (r.reply.data as { error: { fields: Record<string, string> } }).error.fields;

beforeAll(async () => {
  s = await testApp(t);
  rec = createRecorder();
  s.app.notifiers.add(rec);
});

describe("campaign new", () => {
  it("without options answers with a form of at most ten fields and says how to give them inline", async () => {
    const r = await s.run("campaign new");
    expect(r.outcome).toBe("ok");
    const form = r.reply.message.form!;
    expect(form.title).toBe("New campaign");
    expect(form.command).toBe("campaign new");
    expect(form.fields.map((f) => f.key)).toEqual(["name", "objective", "deliverables", "compensation", "budget", "landing-url", "opt-in-closes", "go-live", "niche", "channel"]);
    expect(form.fields.length).toBeLessThanOrEqual(10);
    expect(form.fields.find((f) => f.key === "objective")!.choices!.map((c) => c.value)).toEqual(["awareness", "traffic", "leads", "sales"]);
    expect(r.reply.message.text).toMatch(/give the fields inline, e\.g\.\n\/scout campaign new name:"Spring launch"/);
    expect(await t.db.prisma.campaign.count()).toBe(0);
  });

  it("creates a draft with the brief's fields, defaults the disclosure to #ad, and records who created it", async () => {
    const d = await s.json(
      `campaign new name:"Spring Launch" brand:Oatly ${COMPLETE} budget:"5,000 EUR" hashtags:"#spring #oat" mentions:@oatly ` +
        `dos:"Show it at breakfast; Tag the shop" donts:"No competitor products" opt-in-closes:${day(10)} draft-due:${day(17)} go-live:${day(24)} ends:${day(40)} ` +
        'niche:"vegan,plant based" followers:5k-50k hosts:medium.com channel:"<#C0123ABCD|spring>" --json',
    );
    expect(d.campaign).toMatchObject({
      slug: "spring-launch",
      name: "Spring Launch",
      status: "draft",
      objective: "sales",
      brand: "Oatly",
      deliverables: ["1 Reel", "2 Stories"],
      budget: 5000,
      currency: "EUR",
      disclosure: "#ad",
      hashtags: ["spring", "oat"],
      mentions: ["oatly"],
      dos: ["Show it at breakfast", "Tag the shop"],
      donts: ["No competitor products"],
      optInClosesAt: `${day(10)}T00:00:00.000Z`,
      goLiveAt: `${day(24)}T00:00:00.000Z`,
      allowedHosts: ["medium.com"],
      slackChannelId: "C0123ABCD",
      criteria: { niche: ["vegan", "plant based"], followers: { min: 5000, max: 50000 } },
    });
    expect(d.missing).toEqual([]);
    const audit = await t.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "campaign.create", entityId: d.campaign.id } });
    expect(audit).toMatchObject({ actorId: "m1", actorName: "Mia", surface: "console" });
  });

  it("refuses a negative budget as a field error, and creates nothing", async () => {
    const before = await t.db.prisma.campaign.count();
    const r = await s.run('campaign new name:"Bad budget" budget:-5');
    expect(r.outcome).toBe("usage");
    expect(fieldsOf(r)).toEqual({ budget: "must be 0 or more (got -5)" });
    expect(r.reply.message.text).toContain("budget: must be 0 or more");
    expect(await t.db.prisma.campaign.count()).toBe(before);
  });

  it("refuses dates out of order, on the later field: go-live before the opt-in close", async () => {
    const r = await s.run('campaign new name:"Bad dates" opt-in-closes:2026-12-10 go-live:2026-12-01');
    expect(r.outcome).toBe("usage");
    expect(fieldsOf(r)).toEqual({ "go-live": "is before the opt-in close (2026-12-10)" });
    const r2 = await s.run('campaign new name:"Bad dates" draft-due:2026-12-20 go-live:2026-12-15 ends:2026-12-01');
    expect(fieldsOf(r2)).toEqual({ "go-live": "is before the draft due date (2026-12-20)", ends: "is before the draft due date (2026-12-20)" });
    expect(await t.db.prisma.campaign.count({ where: { name: "Bad dates" } })).toBe(0);
  });

  it("names each bad field: a non-http landing URL, invalid criteria, an impossible date, a missing name", async () => {
    const r = await s.run('campaign new name:X landing-url:ftp://example.com criteria:\'{"followers":{"min":50000,"max":5000}}\' go-live:2026-02-30');
    expect(fieldsOf(r)).toMatchObject({
      "landing-url": expect.stringMatching(/http\(s\) URL/),
      criteria: expect.stringMatching(/followers: followers.min must not exceed followers.max/),
      "go-live": expect.stringMatching(/expects a date such as \d{4}-\d\d-\d\d .*or a day from today such as \+14d/),
    });
    const noName = await s.run("campaign new objective:sales");
    expect(fieldsOf(noName)).toEqual({ name: "is required" });
  });

  it("makes the slug from the name (-2 past a slug another campaign holds, saying so), uses a given slug, and refuses a taken one", async () => {
    const held = await s.json('campaign new name:"Another" slug:pet-week --json');
    expect(held.campaign.slug).toBe("pet-week");
    const a = await s.json('campaign new name:"Pet Week!" --json');
    expect(a.campaign.slug).toBe("pet-week-2");
    expect(a.slugNote).toBe("Its slug is pet-week-2, not pet-week: Another has pet-week.");
    // The same name again (case, accents and punctuation aside) is refused: see campaign-new-duplicate.test.ts.
    expect((await s.run('campaign new name:"Pét  week"')).code).toBe("CAMPAIGN_NAME_TAKEN");
    const given = await s.json('campaign new name:"Another" slug:autumn-25 --json');
    expect(given.campaign.slug).toBe("autumn-25");
    const taken = await s.run('campaign new name:"Another" slug:pet-week');
    expect(fieldsOf(taken)).toEqual({ slug: "pet-week is taken by another campaign; try pet-week-3" });
    const bad = await s.run('campaign new name:"Another" slug:"Not A Slug"');
    expect(fieldsOf(bad).slug).toMatch(/lower-case letters, digits and dashes/);
  });
});

describe("campaign edit and show", () => {
  it("changes the fields given and keeps the others", async () => {
    await s.run('campaign new name:"Edit me" go-live:2026-12-15 budget:100');
    const d = await s.json('campaign edit edit-me budget:250 objective:traffic niche:coffee --json');
    expect(d.changed.sort()).toEqual(["budget", "criteria", "objective"]);
    expect(d.campaign).toMatchObject({ budget: 250, objective: "traffic", goLiveAt: "2026-12-15T00:00:00.000Z", criteria: { niche: ["coffee"] } });
    const shown = await s.json("campaign show edit-me --json");
    expect(shown.campaign.budget).toBe(250);
    expect(shown.missing.join(" ")).toMatch(/deliverables.*compensation.*landing URL/);
  });

  it("checks the date order against the stored dates, naming the field just given", async () => {
    await s.run('campaign new name:"Dated" opt-in-closes:2026-12-10 go-live:2026-12-20');
    const early = await s.run("campaign edit dated go-live:2026-12-01");
    expect(fieldsOf(early)).toEqual({ "go-live": "is before the opt-in close (2026-12-10)" });
    const late = await s.run("campaign edit dated opt-in-closes:2026-12-25");
    expect(fieldsOf(late)).toEqual({ "opt-in-closes": "is after the go-live (2026-12-20)" });
    const row = await t.db.prisma.campaign.findUniqueOrThrow({ where: { slug: "dated" } });
    expect(row.goLiveAt?.toISOString()).toBe("2026-12-20T00:00:00.000Z");
  });

  it("answers edit without fields with a form filled with the current values", async () => {
    const r = await s.run("campaign edit dated");
    const form = r.reply.message.form!;
    expect(form.command).toBe("campaign edit");
    expect(form.hidden).toEqual({ slug: "dated" });
    expect(form.fields.find((f) => f.key === "go-live")!.initial).toBe("2026-12-20");
    expect(form.fields.length).toBeLessThanOrEqual(10);
  });

  it("says which campaign is missing and where to look", async () => {
    const r = await s.run("campaign show nope");
    expect(r.code).toBe("CAMPAIGN_NOT_FOUND");
    expect(r.reply.message.text).toBe("No campaign named nope.\nTry /scout campaign list.");
  });
});

describe("campaign lifecycle", () => {
  it("will not open without the brief's essentials, and says what is missing", async () => {
    await s.run('campaign new name:"Thin" objective:leads');
    const r = await s.run("campaign open thin");
    expect(r.code).toBe("CAMPAIGN_INCOMPLETE");
    expect(r.reply.message.text).toMatch(/^Thin \(thin\) cannot open yet: it needs the deliverables .*; the compensation .*; a landing URL: a leads campaign sends people to it/);
    expect((await t.db.prisma.campaign.findUniqueOrThrow({ where: { slug: "thin" } })).status).toBe("draft");
  });

  it("opens, then says a repeat is already done, by whom and since when", async () => {
    await s.run(`campaign new name:"Lifecycle" ${COMPLETE}`);
    const r = await s.run("campaign open lifecycle --json");
    expect(r.reply.data).toMatchObject({ outcome: "done", campaign: { status: "open" } });
    const again = await s.run("campaign open lifecycle");
    expect(again.outcome).toBe("ok");
    expect(again.reply.message.text).toMatch(/^Lifecycle \(lifecycle\) is already open since \d\d:\d\d UTC by Mia\.$/);
    expect(await t.db.prisma.auditEvent.count({ where: { action: "campaign.open", entity: "campaign" } })).toBeGreaterThanOrEqual(1);
  });

  it("moves open → active → closed, refuses to reopen a closed campaign, and a closed one takes no edits", async () => {
    expect((await s.json("campaign activate lifecycle --json")).campaign.status).toBe("active");
    expect((await s.json("campaign close lifecycle --json")).campaign.status).toBe("closed");
    const again = await s.run("campaign close lifecycle");
    expect(again.reply.message.text).toMatch(/already closed since .* by Mia/);
    const reopen = await s.run("campaign open lifecycle");
    expect(reopen.code).toBe("NOT_ALLOWED_TRANSITION");
    expect(reopen.reply.message.text).toMatch(/^Lifecycle \(lifecycle\) is closed; a closed campaign cannot be opened again\.\nCreate a new campaign/);
    const edit = await s.run("campaign edit lifecycle budget:1");
    expect(edit.code).toBe("CAMPAIGN_CLOSED");
    const row = await t.db.prisma.campaign.findUniqueOrThrow({ where: { slug: "lifecycle" } });
    expect(row.closedAt).not.toBeNull();
    expect(row.openedAt).not.toBeNull();
  });

  it("closes no draft (deletes it instead), and activates no draft", async () => {
    const close = await s.run("campaign close thin");
    expect(close.code).toBe("NOT_ALLOWED_TRANSITION");
    expect(close.reply.message.text).toMatch(/a draft is deleted, not closed\.\nDelete it with \/scout campaign delete thin/);
    expect((await s.run("campaign activate thin")).code).toBe("NOT_ALLOWED_TRANSITION");
  });

  it("deletes only drafts; a repeat says it was already deleted", async () => {
    const refused = await s.run("campaign delete lifecycle");
    expect(refused.code).toBe("NOT_ALLOWED_TRANSITION");
    expect(refused.reply.message.text).toMatch(/Only a draft can be deleted; lifecycle is closed/);
    const done = await s.run("campaign delete thin --json");
    expect(done.reply.data).toMatchObject({ outcome: "done", slug: "thin" });
    expect(await t.db.prisma.campaign.count({ where: { slug: "thin" } })).toBe(0);
    const again = await s.run("campaign delete thin");
    expect(again.outcome).toBe("ok");
    expect(again.reply.message.text).toMatch(/^The campaign thin was already deleted by Mia at \d\d:\d\d UTC\.$/);
  });
});

describe("brief post", () => {
  it("refuses an incomplete draft, saying what is missing, and leaves it a draft", async () => {
    await s.run('campaign new name:"No brief yet"');
    const r = await s.run("brief post no-brief-yet");
    expect(r.code).toBe("CAMPAIGN_INCOMPLETE");
    expect(r.reply.message.text).toMatch(/needs the deliverables/);
    expect(rec.briefs).toHaveLength(0);
  });

  it("opens a complete draft, posts the brief with I'm in / Not for me, and stores where it was posted", async () => {
    await s.run(`campaign new name:"Brief me" ${COMPLETE} hashtags:#brief dos:"Smile" donts:"Swear" go-live:${day(30)}`);
    rec.clear();
    const d = await s.json("brief post brief-me --json");
    expect(d.opened).toBe(true);
    expect(d.campaign.status).toBe("open");
    expect(rec.briefs).toHaveLength(1);
    expect(rec.briefs[0]!.previous).toBeNull();
    const brief = rec.briefs[0]!.message;
    expect(brief.actions).toEqual([
      { id: "brief.optin.brief-me", label: "I'm in", style: "primary", value: "optin brief-me" },
      { id: "brief.optout.brief-me", label: "Not for me", value: "optout brief-me" },
    ]);
    const titles = brief.sections!.map((x) => x.title);
    expect(titles).toEqual(expect.arrayContaining(["What we ask", "Compensation", "Dates", "Disclosure", "Hashtags and mentions", "Do's", "Don'ts"]));
    expect(brief.sections!.find((x) => x.title === "Disclosure")!.text).toMatch(/put #ad at the start of your caption/);
    const row = await t.db.prisma.campaign.findUniqueOrThrow({ where: { slug: "brief-me" } });
    expect(row).toMatchObject({ briefChannelId: "D-BRIEFS", status: "open" });
    expect(row.briefMessageId).toMatch(/^b\d+$/);
    expect(row.briefPostedAt).not.toBeNull();
  });

  it("posting again passes the previous post so the surface updates it instead of posting twice", async () => {
    const row = await t.db.prisma.campaign.findUniqueOrThrow({ where: { slug: "brief-me" } });
    const r = await s.run("brief post brief-me");
    expect(r.reply.message.text).toMatch(/Updated the posted brief/);
    expect(rec.briefs).toHaveLength(2);
    expect(rec.briefs[1]!.previous).toMatchObject({ channelId: "D-BRIEFS", messageId: row.briefMessageId, threadId: row.briefThreadId });
    expect(await t.db.prisma.campaign.count({ where: { slug: "brief-me" } })).toBe(1);
  });

  it("without a surface that posts briefs, opens the campaign and shows the brief here", async () => {
    const local = await testApp(t); // no notifier added: like the console
    await local.run(`campaign new name:"Console brief" ${COMPLETE}`);
    const r = await local.run("brief post console-brief");
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.text).toMatch(/No community surface is connected \(Discord is off\), so the brief was not posted/);
    expect(r.reply.message.actions!.map((a) => a.value)).toEqual(["optin console-brief", "optout console-brief"]);
    expect((await t.db.prisma.campaign.findUniqueOrThrow({ where: { slug: "console-brief" } })).status).toBe("open");
  });
});

describe("shortlist with a campaign", () => {
  it("gives each result an Invite button whose command invites that creator (once)", async () => {
    await importRoster(
      { creators: { label: "r.csv", text: "handle,followers,category\nvera.vegan,12000,vegan\nolli.oats,20000,vegan\n" } },
      { platform: "instagram" },
      createRosterRepo(t.db.pool),
    );
    await s.run(`campaign new name:"Invites" ${COMPLETE} niche:vegan followers:1k-100k`);
    const r = await s.run("shortlist campaign:invites top:2");
    const sections = r.reply.message.sections!;
    expect(sections).toHaveLength(2);
    for (const sec of sections) {
      const handle = /@([\w.]+) \(instagram\)/.exec(sec.title!)![1];
      expect(sec.actions).toEqual([{ id: `invite.instagram.${handle}`, label: "Invite", value: `campaign invite invites handle:${handle} platform:instagram` }]);
    }
    const plain = await s.run("shortlist niche:vegan top:2");
    expect(plain.reply.message.sections!.every((x) => !x.actions)).toBe(true);

    rec.clear();
    const invite = await s.run(sections[0]!.actions![0]!.value!);
    expect(invite.reply.data).toMatchObject({ outcome: "done", participation: { status: "invited", platform: "instagram" } });
    expect(rec.toCreators).toHaveLength(1);
    expect(rec.toCreators[0]!.message.actions!.map((a) => a.value)).toEqual(["optin invites", "optout invites"]);
    const again = await s.run(sections[0]!.actions![0]!.value!);
    expect(again.reply.message.text).toMatch(/is already invited on invites by Mia at \d\d:\d\d UTC/);
    expect(rec.toCreators).toHaveLength(1);
    expect(await t.db.prisma.participation.count({ where: { campaign: { slug: "invites" } } })).toBe(1);
  });

  it("logs none of the expected refusals as errors", () => {
    expect(errorLines(s.logs)).toEqual([]);
  });
});
