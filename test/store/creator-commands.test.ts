// The creators' commands through app.dispatch, as the Discord adapter runs them (surface
// "discord", the actor's id being their Discord user id), on a real database.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/core/invocation.ts";
import type { Form } from "../../src/core/message.ts";
import { useTestDatabase } from "../support/db.ts";
import { errorLines, testApp, type TestApp } from "../support/app.ts";
import { createRecorder, type Recorder } from "./campaign-recorder.ts";
import { dayAfter } from "../../src/core/campaigns/fields.ts";
import { longDate } from "../../src/core/campaigns/format.ts";

/** "Sun 15 Dec 2030": the day n days after today, as briefs write it (the campaigns here are dated relative to today). */
const inDays = (n: number) => longDate(dayAfter(new Date(), n));

const t = useTestDatabase("creators");
let s: TestApp;
let rec: Recorder;

const creator = (id: string, name: string): Actor => ({ id, name, roles: ["creator"] });
const ana = creator("900000000000000001", "ana");
const ben = creator("900000000000000002", "ben");
const cara = creator("900000000000000003", "cara");
const dan = creator("900000000000000004", "dan");

const on = (who: Actor, line: string) => s.app.dispatch({ line, surface: "discord", actor: who, place: { channelId: "D-dm" } });
const data = (r: { reply: { data?: unknown } }) => r.reply.data as any;
const fields = (r: { reply: { data?: unknown } }) => data(r).error?.fields as Record<string, string> | undefined;

const COMPLETE =
  'objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://example.com/spring channel:C0123ABCD ' +
  "draft-due:+350d go-live:+365d ends:+380d hosts:substack.com hashtags:springmenu mentions:greenbowl";
const ANA_OPTIN = "optin spring handle:@ana.eats platform:instagram followers:12000 rate:250 disclose:yes";
const POST = "https://www.instagram.com/p/Cspring1/";

beforeAll(async () => {
  s = await testApp(t);
  rec = createRecorder();
  s.app.notifiers.add(rec);
  await s.run(`campaign new name:"Spring" ${COMPLETE}`);
  await s.run("campaign open spring");
  await s.run(`campaign new name:"Old" ${COMPLETE}`);
  await s.run("campaign open old");
  await s.run("campaign close old");
});

describe("campaigns", () => {
  it("lists the campaigns open for opt-ins with their terms and an I'm in button, privately", async () => {
    const r = await on(ana, "campaigns");
    expect(r.outcome).toBe("ok");
    const m = r.reply.message;
    expect(m.ephemeral).toBe(true);
    expect(m.sections!.map((x) => x.title)).toEqual(["Spring (spring)"]);
    const labels = Object.fromEntries(m.sections![0]!.fields!.map((f) => [f.label, f.value]));
    expect(labels).toMatchObject({ Objective: "sales", Deliverables: "1 Reel", Compensation: "flat fee", Disclosure: "#ad", "Draft due": inDays(350) });
    expect(m.sections![0]!.actions).toEqual([{ id: "campaigns.optin.spring", label: "I'm in", style: "primary", value: "optin spring" }]);
  });
});

describe("opting in", () => {
  it("answers the I'm in button with the opt-in form: five fields at most, disclosure named", async () => {
    const r = await on(ana, "optin spring");
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.ephemeral).toBe(true);
    const form = r.reply.message.form as Form;
    expect(form.command).toBe("optin");
    expect(form.hidden).toEqual({ campaign: "spring" });
    expect(form.fields.length).toBeLessThanOrEqual(5);
    expect(form.fields.map((f) => f.key)).toEqual(["handle", "platform", "followers", "rate", "disclose"]);
    expect(form.fields.find((f) => f.key === "disclose")).toMatchObject({ required: true, label: "I will disclose with #ad" });
    expect(form.fields.find((f) => f.key === "rate")!.label).toBe("Your rate (USD)");
    expect(await t.db.prisma.creator.count({ where: { discordUserId: ana.id } })).toBe(0);
  });

  it("on submit registers the creator and account (community, linked to Discord), records the opt-in and tells the marketers", async () => {
    rec.clear();
    const r = await on(ana, ANA_OPTIN);
    expect(r.outcome).toBe("ok");
    expect(r.reply.message).toMatchObject({ title: "Opted in: Spring", ephemeral: true, tone: "success" });
    expect(r.reply.message.text).toMatch(/The brand's team reviews opt-ins and you'll get a private message when they decide/);
    const c = await t.db.prisma.creator.findUniqueOrThrow({ where: { discordUserId: ana.id }, include: { accounts: true, participations: true } });
    expect(c).toMatchObject({ source: "community", displayName: "ana" });
    expect(c.accounts).toHaveLength(1);
    expect(c.accounts[0]).toMatchObject({ platform: "instagram", handle: "ana.eats", followers: 12000, discordUserId: ana.id, source: "community" });
    expect(c.participations).toHaveLength(1);
    expect(c.participations[0]).toMatchObject({ status: "opted_in", currency: "USD", disclosureConfirmed: true, accountId: c.accounts[0]!.id });
    expect(c.participations[0]!.rateAsk!.toNumber()).toBe(250);
    expect(rec.notices).toHaveLength(1);
    expect(rec.notices[0]!.message.title).toBe("@ana.eats (instagram) opted in to Spring");
  });

  it("answers a second press of I'm in with you're already in, not a second form", async () => {
    const r = await on(ana, "optin spring");
    expect(r.reply.message.form).toBeUndefined();
    expect(r.reply.message).toMatchObject({ title: "You're already in", ephemeral: true });
    expect(r.reply.message.text).toMatch(/^You're already in: you are opted in on Spring\./);
  });

  it("pre-fills the form from the profile for the next campaign", async () => {
    await s.run(`campaign new name:"Summer" ${COMPLETE}`);
    await s.run("campaign open summer");
    const form = (await on(ana, "optin summer")).reply.message.form as Form;
    expect(Object.fromEntries(form.fields.map((f) => [f.key, f.initial]))).toMatchObject({ handle: "@ana.eats", platform: "instagram", followers: "12000" });
  });

  it("says you're already in on a second submit, keeping one participation and sending no second notice", async () => {
    rec.clear();
    const r = await on(ana, ANA_OPTIN);
    expect(r.reply.message).toMatchObject({ title: "You're already in", ephemeral: true });
    expect(r.reply.message.text).toMatch(/^You're already in: you are opted in on Spring/);
    expect(data(r).outcome).toBe("already");
    expect(await t.db.prisma.participation.count({ where: { creator: { discordUserId: ana.id } } })).toBe(1);
    expect(rec.notices).toHaveLength(0);
  });

  it("creates one creator, one account and one participation from two identical submits at once", async () => {
    const line = "optin spring handle:@ben.bakes platform:tiktok followers:9k disclose:yes";
    const [a, b] = await Promise.all([on(ben, line), on(ben, line)]);
    expect([a.outcome, b.outcome]).toEqual(["ok", "ok"]);
    expect([data(a).outcome, data(b).outcome].sort()).toEqual(["already", "done"]);
    expect(await t.db.prisma.creator.count({ where: { discordUserId: ben.id } })).toBe(1);
    expect(await t.db.prisma.account.count({ where: { handle: "ben.bakes" } })).toBe(1);
    expect(await t.db.prisma.participation.count({ where: { creator: { discordUserId: ben.id } } })).toBe(1);
  });

  it("refuses without the disclosure promise, per field, and writes nothing", async () => {
    const r = await on(cara, "optin spring handle:@cara.eats platform:instagram disclose:no");
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.ephemeral).toBe(true);
    expect(fields(r)!.disclose).toMatch(/disclosed with #ad/);
    const bad = await on(cara, "optin spring handle:@cara.eats platform:myspace followers:lots disclose:yes");
    expect(Object.keys(fields(bad)!).sort()).toEqual(["followers", "platform"]);
    expect(await t.db.prisma.creator.count({ where: { discordUserId: cara.id } })).toBe(0);
  });

  it("refuses a rate in another currency than the campaign's", async () => {
    const r = await on(cara, "optin spring handle:@cara.eats platform:instagram rate:300EUR disclose:yes");
    expect(fields(r)).toEqual({ rate: "is in EUR; Spring pays in USD. Give your rate in USD" });
  });

  it("refuses a closed campaign, before showing a form", async () => {
    for (const line of ["optin old", "optin old handle:@cara.eats platform:instagram disclose:yes"]) {
      const r = await on(cara, line);
      expect(r.outcome).toBe("user");
      expect(r.code).toBe("CAMPAIGN_CLOSED");
      expect(r.reply.message.text).toMatch(/^Old is closed and takes no more opt-ins\./);
    }
    expect(await t.db.prisma.creator.count({ where: { discordUserId: cara.id } })).toBe(0);
  });

  it("refuses a handle already linked to another Discord user", async () => {
    const r = await on(cara, "optin spring handle:@ana.eats platform:instagram disclose:yes");
    expect(r.code).toBe("HANDLE_TAKEN");
    expect(r.reply.message.text).toBe("@ana.eats on instagram is already linked to someone else in Scout.\nIf it is yours, ask the brand's team to link it to you; otherwise check the spelling.");
    expect(await t.db.prisma.creator.count({ where: { discordUserId: cara.id } })).toBe(0);
    expect(await t.db.prisma.account.findFirstOrThrow({ where: { handle: "ana.eats" } })).toMatchObject({ discordUserId: ana.id });
  });

  it("refuses as: outside the console", async () => {
    const r = await on(cara, "mystatus as:@ana.eats");
    expect(r.code).toBe("AS_NOT_ALLOWED");
  });
});

describe("profile", () => {
  it("answers with the profile form, pre-filled, at most five fields", async () => {
    const form = (await on(ana, "profile")).reply.message.form as Form;
    expect(form.fields.map((f) => f.key)).toEqual(["handles", "niches", "country", "language", "rate"]);
    expect(form.fields[0]!.initial).toBe("instagram:@ana.eats");
  });

  it("updates handles, niches, country, language and rate on every account", async () => {
    const r = await on(ana, 'profile handles:"instagram:@ana.eats, tiktok:@ana.tok" niches:"Vegan food, travel" country:us language:EN rate:"300 USD"');
    expect(r.outcome).toBe("ok");
    expect(r.reply.message).toMatchObject({ title: "Profile saved", ephemeral: true });
    const accounts = await t.db.prisma.account.findMany({ where: { creator: { discordUserId: ana.id } }, orderBy: { platform: "asc" } });
    expect(accounts.map((a) => [a.platform, a.handle, a.country, a.language, a.categories, a.rate?.toNumber(), a.currency, a.discordUserId])).toEqual([
      ["instagram", "ana.eats", "US", "en", ["vegan food", "travel"], 300, "USD", ana.id],
      ["tiktok", "ana.tok", "US", "en", ["vegan food", "travel"], 300, "USD", ana.id],
    ]);
    expect(accounts[0]!.nicheKey).toContain("veganfood");
  });

  it("registers a new creator in the roster as community", async () => {
    const r = await on(cara, "profile handles:instagram:@cara.eats niches:baking");
    expect(r.reply.message.title).toBe("Welcome to the roster");
    expect(await t.db.prisma.creator.findUniqueOrThrow({ where: { discordUserId: cara.id } })).toMatchObject({ source: "community" });
  });

  it("shows what is wrong per field", async () => {
    const r = await on(cara, 'profile handles:"@cara" country:Narnia language:elvish rate:lots');
    expect(r.outcome).toBe("usage");
    expect(Object.keys(fields(r)!).sort()).toEqual(["country", "handles", "language", "rate"]);
    expect(fields(r)!.handles).toMatch(/needs its platform, e.g. instagram:@cara/);
    const first = await on(dan, "profile niches:food");
    expect(fields(first)).toEqual({ handles: "add at least one handle, e.g. instagram:@ana.cooks" });
  });
});

describe("deliverables", () => {
  beforeAll(async () => {
    const p = await t.db.prisma.participation.findFirstOrThrow({ where: { creator: { discordUserId: ana.id } } });
    expect((await s.run(`optins approve id:${p.id}`)).outcome).toBe("ok");
  });

  it("refuses a link on the wrong host, saying which, then takes the right one and checks the caption", async () => {
    const wrong = await on(ana, "deliver campaign:spring url:https://www.tiktok.com/@ana.tok/video/1");
    expect(wrong.outcome).toBe("usage");
    expect(fields(wrong)!.url).toBe("is a tiktok link (www.tiktok.com), but you take part with your instagram account; submit the instagram post (instagram.com)");
    const lookalike = await on(ana, "deliver campaign:spring url:https://instagram.com.evil.io/p/x");
    expect(fields(lookalike)!.url).toMatch(/is on instagram\.com\.evil\.io, which is not a known host/);
    rec.clear();
    const r = await on(ana, `deliver campaign:spring url:${POST}?igsh=abc note:"Loving the spring menu, thanks @greenbowl #collab"`);
    expect(r.outcome).toBe("ok");
    expect(r.reply.message).toMatchObject({ title: "Deliverable submitted", tone: "warning", ephemeral: true });
    expect(r.reply.message.text).toContain("No clear disclosure: add #ad at the start of the caption (#collab is too vague to count; a thank-you to the brand is not a disclosure).");
    expect(r.reply.message.text).toContain("Missing the campaign's hashtag #springmenu.");
    const d = await t.db.prisma.deliverable.findFirstOrThrow({ where: { url: POST } });
    expect(d).toMatchObject({ status: "submitted", platform: "instagram", disclosureChecked: true });
    expect(d.disclosureIssues).toHaveLength(2);
    expect(rec.notices).toHaveLength(1);
    expect(rec.notices[0]!.message.sections![0]!.fields!.find((f) => f.label === "Disclosure check")!.value).toMatch(/^No clear disclosure/);
  });

  it("refuses the same link again", async () => {
    const r = await on(ana, `deliver campaign:spring url:${POST}`);
    expect(r.code).toBe("ALREADY_SUBMITTED");
    expect(await t.db.prisma.deliverable.count({ where: { url: POST } })).toBe(1);
  });

  it("passes a clean caption and stores an empty list of issues", async () => {
    const r = await on(ana, 'deliver campaign:spring url:https://ana.substack.com/p/spring note:"#ad Spring at @greenbowl #springmenu"');
    expect(data(r).disclosure).toEqual({ passed: true, issues: [], found: "#ad" });
    expect(await t.db.prisma.deliverable.findFirstOrThrow({ where: { url: "https://ana.substack.com/p/spring" } })).toMatchObject({ platform: "blog", disclosureChecked: true, disclosureIssues: [] });
  });

  it("refuses campaigns that are not the creator's, or not approved, without showing anyone else's data", async () => {
    const notIn = await on(cara, `deliver campaign:spring url:${POST}`);
    expect(notIn.code).toBe("NOT_YOUR_CAMPAIGN");
    expect(notIn.reply.message.text).toBe("You don't take part in spring.\n/mystatus lists the campaigns you take part in.");
    const waiting = await on(ben, "deliver campaign:spring url:https://www.tiktok.com/@ben.bakes/video/2");
    expect(waiting.code).toBe("NOT_APPROVED");
    expect(waiting.reply.message.text).toMatch(/waiting for the brand's decision/);
    const stranger = await on(dan, `deliver campaign:spring url:${POST}`);
    expect(stranger.code).toBe("NOT_REGISTERED");
  });

  it("suggests only the actor's own approved campaigns and links", async () => {
    const deliver = s.app.registry.find((c) => c.name === "deliver")!;
    const report = s.app.registry.find((c) => c.name === "report")!;
    const ctx = (actor: Actor, typed: string) => ({ actor, surface: "discord" as const, services: s.app.services, typed });
    expect(await deliver.complete!.campaign!(ctx(ana, "spr"))).toEqual([{ value: "spring", label: "Spring (spring)" }]);
    expect(await deliver.complete!.campaign!(ctx(ana, "zzz"))).toEqual([]);
    expect(await deliver.complete!.campaign!(ctx(ben, ""))).toEqual([]);
    expect((await report.complete!.url!(ctx(ana, "insta"))).map((c) => c.value)).toEqual([POST]);
    expect(await report.complete!.url!(ctx(cara, ""))).toEqual([]);
  });
});

describe("reports", () => {
  it("validates the numbers per field", async () => {
    const r = await on(ana, `report campaign:spring url:${POST} views:1000 likes:2000`);
    expect(fields(r)).toEqual({ likes: "is more than the views (2,000 > 1,000); check both numbers" });
    const none = await on(ana, `report campaign:spring url:${POST}`);
    expect(none.reply.message.text).toMatch(/give at least one number/);
    const neg = await on(ana, `report campaign:spring url:${POST} views:-5`);
    expect(fields(neg)!.views).toMatch(/cannot be negative/);
    const which = await on(ana, "report campaign:spring views:5");
    expect(fields(which)!.url).toMatch(/you have 2 deliverables/);
  });

  it("stores a snapshot with source creator, taken now, reported by the actor", async () => {
    const r = await on(ana, `report campaign:spring url:${POST} views:12000 likes:800 comments:45 reach:15000`);
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.text).toBe(`Thanks! Saved for Spring, ${POST}: views 12,000, likes 800, comments 45, reach 15,000.`);
    const snap = await t.db.prisma.metricSnapshot.findFirstOrThrow({ where: { deliverable: { url: POST } } });
    expect(snap).toMatchObject({ source: "creator", views: 12000, likes: 800, comments: 45, reach: 15000, shares: null, reportedBy: ana.id });
    expect(Math.abs(snap.takenAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("refuses someone else's link as not theirs", async () => {
    await on(cara, "optin spring handle:@cara.eats platform:instagram disclose:yes");
    const p = await t.db.prisma.participation.findFirstOrThrow({ where: { creator: { discordUserId: cara.id } } });
    await s.run(`optins approve id:${p.id}`);
    await on(cara, "deliver campaign:spring url:https://www.instagram.com/p/Ccara/");
    const r = await on(cara, `report campaign:spring url:${POST} views:1`);
    expect(fields(r)).toEqual({ url: "is not one of your deliverables for Spring; /mystatus lists them" });
    expect(await t.db.prisma.metricSnapshot.count({ where: { reportedBy: cara.id } })).toBe(0);
    const steal = await on(cara, `deliver campaign:spring url:${POST}`);
    expect(steal.code).toBe("LINK_TAKEN");
  });
});

describe("mystatus", () => {
  it("shows status, what's due and what waits for the brand, in a DM", async () => {
    const r = await on(ana, "mystatus");
    const m = r.reply.message;
    expect(m.ephemeral).toBe(true);
    expect(m.text).toBe("1 campaign. Waiting for the brand: 2 deliverables to review.");
    expect(m.sections![0]!.title).toBe("Spring (spring): approved");
    expect(m.sections![0]!.text).toContain(`• ${POST}: waiting for the brand's review (disclosure: 2 to fix); numbers reported`);
    expect(m.sections![0]!.fields).toContainEqual({ label: "What's due", value: `Go live ${inDays(365)}; Campaign ends ${inDays(380)}` });
    const b = await on(ben, "mystatus");
    expect(b.reply.message.text).toBe("1 campaign. Waiting for the brand: 1 opt-in (spring).");
    const d = await on(dan, "mystatus");
    expect(d.reply.message.text).toMatch(/^Scout doesn't know you yet/);
  });
});

describe("opting out and declines", () => {
  it("withdraws a pending opt-in, and kindly notes a no when there is nothing to withdraw", async () => {
    const r = await on(ben, "optout spring");
    expect(r.reply.message).toMatchObject({ text: "Done: you've withdrawn from Spring. Thanks for letting the team know, and see you on the next one.", ephemeral: true });
    expect((await t.db.prisma.participation.findFirstOrThrow({ where: { creator: { discordUserId: ben.id } } })).status).toBe("withdrawn");
    for (const who of [ben, dan]) {
      const again = await on(who, "optout spring");
      expect(again.outcome).toBe("ok");
      expect(again.reply.message.text).toMatch(/^No problem, thanks for letting us know about Spring/);
    }
  });

  it("says there is no such campaign for a slug that names none, rather than thanking for the no", async () => {
    const r = await on(ben, "optout no-such-campaign");
    expect(r.outcome).toBe("user");
    expect(r.code).toBe("CAMPAIGN_NOT_FOUND");
    expect(r.reply.message.text).toMatch(/There is no campaign no-such-campaign/);
    expect(r.reply.message.ephemeral).toBe(true);
  });

  it("asks an approved creator to confirm before withdrawing", async () => {
    const r = await on(ana, "optout spring");
    expect(r.reply.message.actions).toEqual([{ id: "optout.confirm.spring", label: "Yes, withdraw", style: "danger", value: "optout spring confirm:yes" }]);
    expect((await t.db.prisma.participation.findFirstOrThrow({ where: { creator: { discordUserId: ana.id } } })).status).toBe("approved");
  });

  it("sends a declined creator a kind, short note", async () => {
    await on(dan, "optin spring handle:@dan.dines platform:youtube disclose:yes");
    const p = await t.db.prisma.participation.findFirstOrThrow({ where: { creator: { discordUserId: dan.id } } });
    rec.clear();
    await s.run(`optins decline id:${p.id}`);
    expect(rec.toCreators).toHaveLength(1);
    const note = rec.toCreators[0]!;
    expect(note.creator.discordUserId).toBe(dan.id);
    expect(note.message.title).toBe("Spring: not this time");
    expect(note.message.text).toMatch(/^Thank you for opting in to Spring\./);
    expect(note.message.text!.length).toBeLessThan(300);
    const again = await on(dan, "optin spring");
    expect(again.code).toBe("OPTIN_DECLINED");
    expect(again.reply.message.text).toBe("The team has chosen other creators for Spring.\n/campaigns lists the other campaigns open now.");
  });

  it("logged no errors", () => {
    expect(errorLines(s.logs)).toEqual([]);
  });
});
