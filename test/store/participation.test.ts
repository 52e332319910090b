import { beforeAll, describe, expect, it } from "vitest";
import type { By } from "../../src/core/campaigns/index.ts";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { errorLines, testApp, type TestApp } from "../support/app.ts";
import { createRecorder, type Recorder } from "./campaign-recorder.ts";
import { dayAfter } from "../../src/core/campaigns/fields.ts";
import { longDate } from "../../src/core/campaigns/format.ts";

const t = useTestDatabase("participation");
let s: TestApp;
let rec: Recorder;

/** A creator acting from their own surface (Discord, issue 5), through the core directly. */
const ana: By = { id: "d-ana", name: "Ana", surface: "discord" };
const COMPLETE = 'objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://example.com/spring channel:C0123ABCD go-live:+365d';

const changes = (where: { participationId?: string; deliverableId?: string | null; toStatus?: string }) => t.db.prisma.statusChange.findMany({ where, orderBy: { at: "asc" } });
const idOf = (r: { reply: { data?: unknown } }, key: "participation" | "deliverable") => (r.reply.data as Record<string, { id: string }>)[key]!.id;

beforeAll(async () => {
  s = await testApp(t);
  rec = createRecorder();
  s.app.notifiers.add(rec);
  await importRoster(
    {
      creators: {
        label: "r.csv",
        text:
          "handle,platform,followers,category,discord_user_id\n" +
          "ana.cooks,instagram,15000,food,111111111111111111\nben.bakes,instagram,9000,food,\ncara.eats,instagram,30000,food,\n" +
          "dan.dines,instagram,4000,food,\neve.eats,instagram,5000,food,\nfay.feeds,instagram,6000,food,\ntwin,instagram,5000,food,\ntwin,tiktok,7000,food,\n",
      },
    },
    {},
    createRosterRepo(t.db.pool),
  );
  await s.run(`campaign new name:"Spring" ${COMPLETE}`);
  await s.run("campaign open spring");
});

describe("opt-ins", () => {
  it("records an opt-in once, tells the marketers with Approve/Decline buttons, and keeps where the notice was posted", async () => {
    rec.clear();
    const o = await s.app.services.campaigns.optIn("spring", { handle: "ana.cooks" }, { rateAsk: 300, disclosureConfirmed: true }, ana);
    expect(o.outcome).toBe("done");
    expect(o.value).toMatchObject({ status: "opted_in", rateAsk: 300, disclosureConfirmed: true });
    expect(rec.notices).toHaveLength(1);
    const n = rec.notices[0]!;
    expect(n).toMatchObject({ kind: "optin", ref: { entity: "participation", id: o.value.id }, campaign: { slug: "spring", slackChannelId: "C0123ABCD" } });
    expect(n.message.title).toBe("@ana.cooks (instagram) opted in to Spring");
    expect(n.message.actions!.map((a) => [a.label, a.value])).toEqual([
      ["Approve", `optins approve id:${o.value.id}`],
      ["Decline", `optins decline id:${o.value.id}`],
    ]);
    const row = await t.db.prisma.participation.findUniqueOrThrow({ where: { id: o.value.id } });
    expect(row.slackChannelId).toBe("C0123ABCD");
    expect(row.slackMessageTs).toMatch(/^m\d+$/);
    const recorded = await changes({ participationId: o.value.id });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ fromStatus: null, toStatus: "opted_in", actorId: "d-ana", actorName: "Ana", surface: "discord", deliverableId: null });
    expect(await t.db.prisma.auditEvent.count({ where: { action: "participation.opt_in", entityId: o.value.id } })).toBe(1);
  });

  it("answers a repeated opt-in as already done, by whom and when, without a second notice or record", async () => {
    rec.clear();
    const o = await s.app.services.campaigns.optIn("spring", { handle: "@Ana.Cooks" }, {}, ana);
    expect(o.outcome).toBe("already");
    expect(o.text).toMatch(/^@ana\.cooks \(instagram\) is already opted in on spring by Ana at \d\d:\d\d UTC\.$/);
    expect(rec.notices).toHaveLength(0);
    expect(await changes({ participationId: o.value.id })).toHaveLength(1);
  });

  it("approves through the notice's button command, tells the creator the dates and link, and a repeat says who approved when", async () => {
    const p = await t.db.prisma.participation.findFirstOrThrow({ where: { account: { handle: "ana.cooks" } } });
    rec.clear();
    const r = await s.run(`optins approve id:${p.id} --json`);
    expect(r.reply.data).toMatchObject({ outcome: "done", participation: { status: "approved", handle: "ana.cooks" } });
    expect(rec.toCreators).toHaveLength(1);
    const dm = rec.toCreators[0]!;
    expect(dm.creator).toMatchObject({ creatorId: p.creatorId, discordUserId: "111111111111111111", handle: "ana.cooks", platform: "instagram" });
    expect(dm.message.title).toBe("You're in: Spring");
    const fields = Object.fromEntries(dm.message.sections![0]!.fields!.map((f) => [f.label, f.value]));
    expect(fields["Go-live"]).toBe(longDate(dayAfter(new Date(), 365)));
    expect(fields["Your link"]).toMatch(/^http:\/\/localhost:3000\/r\/[A-Za-z0-9]{8}$/);
    expect(fields["Deliverables"]).toBe("1 Reel");

    const again = await s.run(`optins approve id:${p.id}`);
    expect(again.outcome).toBe("ok");
    expect(again.reply.message.text).toMatch(/^@ana\.cooks \(instagram\) was already approved by Mia at \d\d:\d\d UTC\.\nTracked link: http:\/\/localhost:3000\/r\/[A-Za-z0-9]{8}$/);
    expect(rec.toCreators).toHaveLength(1);
    const approvals = await changes({ participationId: p.id, toStatus: "approved" });
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({ fromStatus: "opted_in", actorId: "m1", actorName: "Mia", surface: "console" });
    expect(await t.db.prisma.participation.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({ decidedBy: "m1" });
  });

  it("refuses to decline an approved participation, with the reason", async () => {
    const p = await t.db.prisma.participation.findFirstOrThrow({ where: { account: { handle: "ana.cooks" } } });
    const r = await s.run(`optins decline id:${p.id}`);
    expect(r.code).toBe("NOT_ALLOWED_TRANSITION");
    expect(r.reply.message.text).toMatch(/@ana\.cooks \(instagram\) was approved by Mia at .*; an approved participation cannot be declined/);
  });

  it("declines with a note the creator reads, and then refuses to approve the declined participation", async () => {
    const o = await s.run("optins add spring handle:ben.bakes rate:250 --json");
    const id = idOf(o, "participation");
    rec.clear();
    const d = await s.run(`optins decline id:${id} note:"Looking for bakers next month"`);
    expect(d.reply.data).toMatchObject({ outcome: "done", participation: { status: "declined" } });
    expect(rec.toCreators).toHaveLength(1);
    expect(rec.toCreators[0]!.message.text).toMatch(/Their note: Looking for bakers next month/);
    const declined = await changes({ participationId: id, toStatus: "declined" });
    expect(declined[0]!.note).toBe("Looking for bakers next month");

    const a = await s.run(`optins approve id:${id}`);
    expect(a.code).toBe("NOT_ALLOWED_TRANSITION");
    expect(a.reply.message.text).toMatch(/^@ben\.bakes \(instagram\) was declined by Mia at \d\d:\d\d UTC; a declined participation cannot be approved\./);
    const again = await s.run(`optins decline id:${id}`);
    expect(again.reply.message.text).toMatch(/was already declined by Mia at/);
    expect(await changes({ participationId: id })).toHaveLength(2);
  });

  it("refuses to approve an invitation nobody opted in to; the creator's opt-in then moves it on", async () => {
    const inv = await s.run("campaign invite spring handle:cara.eats --json");
    const id = idOf(inv, "participation");
    const r = await s.run(`optins approve id:${id}`);
    expect(r.code).toBe("NOT_ALLOWED_TRANSITION");
    expect(r.reply.message.text).toMatch(/was invited but has not opted in yet/);
    const o = await s.app.services.campaigns.optIn("spring", { handle: "cara.eats" }, {}, { id: "d-cara", name: "Cara", surface: "discord" });
    expect(o).toMatchObject({ outcome: "done", value: { id, status: "opted_in" } });
    expect((await changes({ participationId: id })).map((c) => `${c.fromStatus}→${c.toStatus}`)).toEqual(["null→invited", "invited→opted_in"]);
    const invited = await s.run("campaign invite spring handle:cara.eats");
    expect(invited.reply.message.text).toMatch(/is already opted in on spring by Cara at/);
  });

  it("lets a creator withdraw and opt in again, re-invites a declined creator, and refuses withdrawing from a decline", async () => {
    const eve: By = { id: "d-eve", name: "Eve", surface: "discord" };
    const o = await s.app.services.campaigns.optIn("spring", { handle: "eve.eats" }, {}, eve);
    const noticesBefore = rec.notices.length;
    const w = await s.app.services.campaigns.withdraw("spring", { handle: "eve.eats" }, eve);
    expect(w).toMatchObject({ outcome: "done", value: { status: "withdrawn" } });
    // The team is told once, so nobody waits for or approves a creator who stepped back.
    expect(rec.notices.slice(noticesBefore).map((n) => n.message.title)).toEqual(["@eve.eats (instagram) withdrew from Spring"]);
    const again = await s.app.services.campaigns.withdraw("spring", { handle: "eve.eats" }, eve);
    expect(again.text).toMatch(/^@eve\.eats \(instagram\) was already withdrawn by Eve at \d\d:\d\d UTC\.$/);
    expect((await s.app.services.campaigns.optIn("spring", { handle: "eve.eats" }, {}, eve)).outcome).toBe("done");
    expect((await changes({ participationId: o.value.id })).map((c) => c.toStatus)).toEqual(["opted_in", "withdrawn", "opted_in"]);
    await s.app.services.campaigns.withdraw("spring", { handle: "eve.eats" }, eve); // out again, for the counts below

    const ben: By = { id: "d-ben", name: "Ben", surface: "discord" };
    await expect(s.app.services.campaigns.withdraw("spring", { handle: "ben.bakes" }, ben)).rejects.toMatchObject({
      code: "NOT_ALLOWED_TRANSITION",
      message: expect.stringMatching(/was declined by Mia at .*; there is nothing to withdraw from/),
    });
    await expect(s.app.services.campaigns.optIn("spring", { handle: "ben.bakes" }, {}, ben)).rejects.toMatchObject({ code: "NOT_ALLOWED_TRANSITION", message: expect.stringMatching(/^The team declined this opt-in by Mia at/) });
    const reinvite = await s.run("campaign invite spring handle:ben.bakes --json");
    expect(reinvite.reply.data).toMatchObject({ outcome: "done", participation: { status: "invited" } });
    // declined again, as the later tests expect
    await s.run(`optins decline id:${(reinvite.reply.data as { participation: { id: string } }).participation.id}`);
  });

  it("asks for the platform when a handle is on several, and names a handle not in the roster", async () => {
    const r = await s.run("campaign invite spring handle:twin");
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toMatch(/@twin is on instagram and tiktok; add platform:/);
    expect((await s.run("campaign invite spring handle:twin platform:tiktok --json")).reply.data).toMatchObject({ participation: { platform: "tiktok" } });
    expect((await s.run("campaign invite spring handle:nobody")).code).toBe("CREATOR_NOT_FOUND");
  });

  it("lists opt-ins waiting for a decision with their buttons, then the others", async () => {
    await s.run("optins add spring handle:dan.dines");
    const r = await s.run("optins spring");
    const waiting = r.reply.message.sections!.filter((x) => x.actions);
    expect(waiting.map((x) => x.title)).toEqual(["@cara.eats (instagram)", "@dan.dines (instagram)"]);
    expect(waiting[0]!.actions!.map((a) => a.label)).toEqual(["Approve", "Decline"]);
    const d = await s.json("optins spring --json");
    expect(d.waiting).toBe(2);
    expect(d.participations.map((p: { handle: string; status: string }) => `${p.handle}:${p.status}`).sort()).toEqual(
      ["ana.cooks:approved", "ben.bakes:declined", "cara.eats:opted_in", "dan.dines:opted_in", "eve.eats:withdrawn", "twin:invited"].sort(),
    );
  });
});

describe("opt-ins and the campaign's status", () => {
  it("refuses an opt-in to a draft, to a campaign past its opt-in close, and to a closed campaign", async () => {
    await s.run(`campaign new name:"Guarded" ${COMPLETE}`);
    const draft = await s.run("optins add guarded handle:eve.eats");
    expect(draft.code).toBe("CAMPAIGN_NOT_OPEN");
    await s.run("campaign open guarded");
    await t.db.prisma.campaign.update({ where: { slug: "guarded" }, data: { optInClosesAt: new Date(Date.now() - 3 * 86_400_000) } });
    const late = await s.run("optins add guarded handle:eve.eats");
    expect(late.code).toBe("OPTIN_CLOSED");
    await t.db.prisma.campaign.update({ where: { slug: "guarded" }, data: { optInClosesAt: null } });
    await s.run("campaign close guarded");
    const closed = await s.run("optins add guarded handle:eve.eats");
    expect(closed.code).toBe("CAMPAIGN_CLOSED");
    expect(closed.reply.message.text).toMatch(/^Guarded \(guarded\) is closed since \d{4}-\d\d-\d\d; it takes no opt-ins\./);
    await expect(s.app.services.campaigns.optIn("guarded", { handle: "eve.eats" }, {}, ana)).rejects.toMatchObject({ code: "CAMPAIGN_CLOSED" });
    expect(await t.db.prisma.participation.count({ where: { campaign: { slug: "guarded" } } })).toBe(0);
  });
});

describe("concurrency: two identical requests at once (a platform's retry)", () => {
  it("creates one participation and one record for two simultaneous opt-ins", async () => {
    rec.clear();
    const [a, b] = await Promise.all([
      s.app.services.campaigns.optIn("spring", { handle: "fay.feeds" }, { rateAsk: 100 }, { id: "d-fay", name: "Fay", surface: "discord" }),
      s.app.services.campaigns.optIn("spring", { handle: "fay.feeds" }, { rateAsk: 100 }, { id: "d-fay", name: "Fay", surface: "discord" }),
    ]);
    expect([a.outcome, b.outcome].sort()).toEqual(["already", "done"]);
    expect(a.value.id).toBe(b.value.id);
    expect(await t.db.prisma.participation.count({ where: { campaign: { slug: "spring" }, account: { handle: "fay.feeds" } } })).toBe(1);
    expect(await changes({ participationId: a.value.id })).toHaveLength(1);
    expect(rec.notices).toHaveLength(1);
  });

  it("approves once when the same approval arrives twice at once", async () => {
    const p = await t.db.prisma.participation.findFirstOrThrow({ where: { account: { handle: "fay.feeds" } } });
    rec.clear();
    const [a, b] = await Promise.all([s.run(`optins approve id:${p.id} --json`), s.run(`optins approve id:${p.id} --json`)]);
    expect([(a.reply.data as { outcome: string }).outcome, (b.reply.data as { outcome: string }).outcome].sort()).toEqual(["already", "done"]);
    expect(await changes({ participationId: p.id, toStatus: "approved" })).toHaveLength(1);
    expect(await t.db.prisma.auditEvent.count({ where: { action: "participation.approve", entityId: p.id } })).toBe(1);
    expect(rec.toCreators).toHaveLength(1);
  });

  it("keeps one deliverable for one link submitted twice at once", async () => {
    const p = await t.db.prisma.participation.findFirstOrThrow({ where: { account: { handle: "fay.feeds" } } });
    const submit = () => s.app.services.campaigns.submitDeliverable(p.id, { url: "https://instagram.com/p/fay1", platform: "instagram" }, { id: "d-fay", name: "Fay", surface: "discord" });
    const [a, b] = await Promise.all([submit(), submit()]);
    expect([a.outcome, b.outcome].sort()).toEqual(["already", "done"]);
    expect(await t.db.prisma.deliverable.count({ where: { participationId: p.id } })).toBe(1);
    expect(await changes({ deliverableId: a.value.id })).toHaveLength(1);
  });
});

describe("deliverables", () => {
  let pid: string;
  let did: string;

  it("takes a deliverable only from an approved creator", async () => {
    const dan = await t.db.prisma.participation.findFirstOrThrow({ where: { account: { handle: "dan.dines" } } });
    const r = await s.run(`deliverables add participation:${dan.id} url:https://instagram.com/p/dan1 platform:instagram`);
    expect(r.code).toBe("NOT_ALLOWED_TRANSITION");
    expect(r.reply.message.text).toMatch(/This creator is opted in on spring, not approved; only approved creators submit deliverables\./);
    expect(await t.db.prisma.deliverable.count({ where: { participationId: dan.id } })).toBe(0);
  });

  it("records a submission, tells the marketers with Approve/Request changes buttons, and keeps where the notice was posted", async () => {
    pid = (await t.db.prisma.participation.findFirstOrThrow({ where: { account: { handle: "ana.cooks" } } })).id;
    rec.clear();
    const o = await s.app.services.campaigns.submitDeliverable(pid, { url: "https://instagram.com/p/ana1", platform: "instagram", kind: "Reel", note: "Caption: #ad spring!" }, ana);
    did = o.value.id;
    expect(o).toMatchObject({ outcome: "done", value: { status: "submitted", kind: "Reel" } });
    expect(rec.notices).toHaveLength(1);
    expect(rec.notices[0]).toMatchObject({ kind: "deliverable", ref: { entity: "deliverable", id: did } });
    expect(rec.notices[0]!.message.actions!.map((a) => [a.label, a.value])).toEqual([
      ["Approve", `deliverables approve id:${did}`],
      ["Request changes", `deliverables request-changes id:${did}`],
    ]);
    const row = await t.db.prisma.deliverable.findUniqueOrThrow({ where: { id: did } });
    expect(row.slackChannelId).toBe("C0123ABCD");
    expect(row.slackMessageTs).toMatch(/^m\d+$/);
    const again = await s.app.services.campaigns.submitDeliverable(pid, { url: "https://instagram.com/p/ana1", platform: "instagram" }, ana);
    expect(again.text).toMatch(/^https:\/\/instagram\.com\/p\/ana1 was already submitted by Ana at \d\d:\d\d UTC\.$/);
    expect(rec.notices).toHaveLength(1);
  });

  it("asks for a note with a form when changes are requested without one", async () => {
    const r = await s.run(`deliverables request-changes id:${did}`);
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.form).toMatchObject({ command: "deliverables request-changes", hidden: { id: did }, fields: [{ key: "note", required: true }] });
    expect((await t.db.prisma.deliverable.findUniqueOrThrow({ where: { id: did } })).status).toBe("submitted");
  });

  it("requests changes with the note sent to the creator; approving is then refused until the creator resubmits", async () => {
    rec.clear();
    const r = await s.run(`deliverables request-changes id:${did} note:"Put #ad at the start" --json`);
    expect(r.reply.data).toMatchObject({ outcome: "done", deliverable: { status: "changes_requested", reviewNotes: "Put #ad at the start", reviewedBy: "m1" } });
    expect(rec.toCreators).toHaveLength(1);
    expect(rec.toCreators[0]!.message.text).toMatch(/The team asks for changes to https:\/\/instagram\.com\/p\/ana1:\nPut #ad at the start/);
    const again = await s.run(`deliverables request-changes id:${did} note:"Put #ad at the start"`);
    expect(again.reply.message.text).toMatch(/^@ana\.cooks \(instagram\)'s deliverable https:\/\/instagram\.com\/p\/ana1 was already sent back for changes by Mia at \d\d:\d\d UTC\.$/);
    const approve = await s.run(`deliverables approve id:${did}`);
    expect(approve.code).toBe("NOT_ALLOWED_TRANSITION");
    expect(approve.reply.message.text).toMatch(/^Changes were requested by Mia at \d\d:\d\d UTC; approve it once the creator resubmits\./);
  });

  it("moves a resubmitted link back to submitted and tells the marketers it was resubmitted", async () => {
    rec.clear();
    const o = await s.app.services.campaigns.submitDeliverable(pid, { url: "https://instagram.com/p/ana1", platform: "instagram", note: "#ad first now" }, ana);
    expect(o).toMatchObject({ outcome: "done", value: { id: did, status: "submitted", note: "#ad first now" } });
    expect(rec.notices[0]!.message.title).toBe("@ana.cooks (instagram) resubmitted a deliverable for Spring");
    expect((await changes({ deliverableId: did })).map((c) => `${c.fromStatus}→${c.toStatus}`)).toEqual(["null→submitted", "submitted→changes_requested", "changes_requested→submitted"]);
  });

  it("refuses to mark live before approval, then approves, marks live, and says a repeat is already live", async () => {
    const early = await s.run(`deliverables live id:${did}`);
    expect(early.code).toBe("NOT_ALLOWED_TRANSITION");
    expect(early.reply.message.text).toMatch(/not approved yet; approve it before it goes live\.\nApprove it with \/scout deliverables approve id:/);
    rec.clear();
    expect((await s.json(`deliverables approve id:${did} --json`)).deliverable.status).toBe("approved");
    expect(rec.toCreators[0]!.message.title).toBe("Spring: your deliverable is approved");
    expect((await s.json(`deliverables live id:${did} --json`)).deliverable).toMatchObject({ status: "live", liveAt: expect.any(String) });
    const again = await s.run(`deliverables live id:${did}`);
    expect(again.outcome).toBe("ok");
    expect(again.reply.message.text).toMatch(/was already marked live by Mia at \d\d:\d\d UTC/);
    const afterLive = await s.run(`deliverables request-changes id:${did} note:late`);
    expect(afterLive.code).toBe("NOT_ALLOWED_TRANSITION");
    const recorded = await changes({ deliverableId: did });
    expect(recorded.map((c) => c.toStatus)).toEqual(["submitted", "changes_requested", "submitted", "approved", "live"]);
    expect(recorded.every((c) => c.participationId === pid)).toBe(true);
  });

  it("checks links: http(s) only, and blog links on the campaign's allowed hosts", async () => {
    await s.run("campaign edit spring hosts:medium.com");
    const bad = await s.run(`deliverables add participation:${pid} url:https://blogspot.com/x platform:blog`);
    expect((bad.reply.data as { error: { fields: Record<string, string> } }).error.fields.url).toMatch(/is on blogspot\.com; blog links for spring must be on medium\.com/);
    const ok = await s.run(`deliverables add participation:${pid} url:https://medium.com/@ana/spring platform:blog`);
    expect(ok.reply.data).toMatchObject({ outcome: "done" });
    const notUrl = await s.run(`deliverables add participation:${pid} url:instagram.com/p/x platform:instagram`);
    expect(notUrl.outcome).toBe("usage");
  });

  it("lists deliverables to review with their buttons", async () => {
    const d = await s.json("deliverables spring --json");
    expect(d.toReview).toBe(2); // fay's and ana's blog post
    const r = await s.run("deliverables spring");
    const review = r.reply.message.sections!.filter((x) => x.actions);
    expect(review).toHaveLength(2);
    expect(review[0]!.actions!.map((a) => a.label)).toEqual(["Approve", "Request changes"]);
  });
});

describe("campaign list", () => {
  it("counts per campaign: opt-ins to decide, approved, deliverables to review, overdue", async () => {
    // Dan is approved and has submitted nothing; once the draft due date is past, he is overdue.
    const dan = await t.db.prisma.participation.findFirstOrThrow({ where: { account: { handle: "dan.dines" } } });
    await s.run(`optins approve id:${dan.id}`);
    await t.db.prisma.campaign.update({ where: { slug: "spring" }, data: { draftDueAt: new Date(Date.now() - 2 * 86_400_000), optInClosesAt: null } });
    const d = await s.json("campaign list --json");
    const spring = d.campaigns.find((c: { slug: string }) => c.slug === "spring");
    expect(spring.counts).toEqual({ pendingOptIns: 1, approved: 3, toReview: 2, overdue: 1, invited: 1, live: 1 });
    expect(d.campaigns.map((c: { slug: string }) => c.slug)).not.toContain("guarded");
    const all = await s.json("campaign list status:all --json");
    expect(all.campaigns.map((c: { slug: string }) => c.slug)).toContain("guarded");
    const text = await s.run("campaign list");
    expect(text.reply.message.sections![0]!.table!.columns).toEqual(["slug", "name", "status", "opt-ins", "approved", "to review", "overdue"]);
  });

  it("takes no approvals or reviews once the campaign is closed", async () => {
    const cara = await t.db.prisma.participation.findFirstOrThrow({ where: { account: { handle: "cara.eats" } } });
    await s.run("campaign close spring");
    const r = await s.run(`optins approve id:${cara.id}`);
    expect(r.code).toBe("CAMPAIGN_CLOSED");
    expect((await t.db.prisma.participation.findUniqueOrThrow({ where: { id: cara.id } })).status).toBe("opted_in");
  });

  it("logs none of the expected refusals as errors", () => {
    expect(errorLines(s.logs)).toEqual([]);
  });
});
