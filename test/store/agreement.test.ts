// Issue 16 on a real database, through the dispatcher every surface uses: terms versioned and
// accepted (again after a change, and the version seen when they change mid-opt-in), drafts
// (checks at once, versions with a caption diff, one decision per version, /deliver waits for an
// approved draft) and usage rights (granted at approval, listed, extended with the creator's yes).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/core/invocation.ts";
import type { Form } from "../../src/core/message.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";
import { createRecorder, type Recorder } from "./campaign-recorder.ts";
import { termsHash } from "../../src/core/agreement/terms.ts";
import { captionDiff, checkAttachment } from "../../src/core/agreement/drafts.ts";

const t = useTestDatabase("agreement");
let s: TestApp;
let rec: Recorder;

const creator = (id: string, name: string): Actor => ({ id, name, roles: ["creator"] });
const ana = creator("910000000000000001", "ana");
const ben = creator("910000000000000002", "ben");
const on = (who: Actor, line: string | string[]) => s.app.dispatch({ line, surface: "discord", actor: who, place: { channelId: "D-dm" } });
const data = (r: { reply: { data?: unknown } }) => r.reply.data as any;
const slack = (line: string) => s.app.dispatch({ line, surface: "slack", actor: { id: "U1", name: "mia", roles: ["marketer"] }, place: { channelId: "C1" } });

const COMPLETE =
  'objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://example.com/spring channel:C0123ABCD ' +
  "draft-due:+20d go-live:+30d ends:+60d hashtags:springmenu mentions:greenbowl";
const optinLine = (handle: string, extra = "") => `optin spring handle:@${handle} platform:instagram followers:12000 rate:250 disclose:yes ${extra}`;
const TERMS_V1 = "# Terms\nPost within 7 days of approval. The brand may repost your content for 90 days.";
const TERMS_V2 = "# Terms\nPost within 5 days of approval. The brand may repost your content for 120 days.";

async function participationOf(actor: Actor) {
  return t.db.prisma.participation.findFirstOrThrow({ where: { creator: { discordUserId: actor.id }, campaign: { slug: "spring" } } });
}

beforeAll(async () => {
  s = await testApp(t);
  rec = createRecorder();
  s.app.notifiers.add(rec);
  await s.run(`campaign new name:"Spring" ${COMPLETE}`);
  await s.run("campaign open spring");
  await s.run(`campaign new name:"Plain" ${COMPLETE}`);
  await s.run("campaign open plain");
});

describe("terms", () => {
  it("stores terms set on the console from a local file as v1 with the SHA-256 of the text", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "terms-")), "terms.md");
    fs.writeFileSync(file, TERMS_V1 + "\r\n");
    const r = await s.run(`campaign edit spring terms:@${file} drafts:required rights-days:90 rights-channels:organic,paid-ads`);
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.text).toMatch(/Terms are now v1 \(sha256 [0-9a-f]{8}\)/);
    const row = await t.db.prisma.campaignTerms.findFirstOrThrow({ where: { campaign: { slug: "spring" } } });
    expect(row).toMatchObject({ version: 1, text: TERMS_V1, sha256: termsHash(TERMS_V1), createdByName: "Mia", surface: "console" });
    expect(await t.db.prisma.campaignAgreement.findFirstOrThrow({ where: { campaign: { slug: "spring" } } })).toMatchObject({ draftsRequired: true, rightsDays: 90, rightsChannels: ["organic", "paid-ads"] });
  });

  it("campaign agreement without options answers with a form filled with the current terms, drafts and rights", async () => {
    const r = await slack("campaign agreement spring");
    const form = r.reply.message.form as Form;
    expect(form.command).toBe("campaign agreement");
    expect(form.hidden).toEqual({ slug: "spring" });
    expect(Object.fromEntries(form.fields.map((f) => [f.key, f.initial]))).toEqual({ terms: TERMS_V1, drafts: "required", "rights-days": "90", "rights-channels": "organic,paid-ads", "rights-handle-ads": "no" });
    // Submitted as it is, nothing changes.
    const again = await slack(`campaign agreement slug:spring drafts:required rights-days:90 rights-channels:organic,paid-ads rights-handle-ads:no`);
    expect(again.reply.message.text).toMatch(/Drafts were already required/);
    expect(await t.db.prisma.campaignTerms.count()).toBe(1);
  });

  it("refuses terms:@file from chat without touching the server's files", async () => {
    const r = await slack("campaign edit spring terms:@/etc/passwd");
    expect(r.code).toBe("TERMS_FILE_LOCAL_ONLY");
    expect(await t.db.prisma.campaignTerms.count()).toBe(1);
  });

  it("refuses terms over 4,000 characters, saying how long they are, and keeps v1", async () => {
    const r = await s.run(`campaign edit spring terms:"${"x".repeat(4001)}"`);
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toMatch(/4,001 characters; at most 4,000/);
    expect(await t.db.prisma.campaignTerms.count()).toBe(1);
  });

  it("the same text again changes nothing and says so", async () => {
    const r = await s.run(`campaign edit spring terms:"${TERMS_V1}"`);
    expect(r.reply.message.text).toMatch(/Terms unchanged: v1/);
    expect(await t.db.prisma.campaignTerms.count()).toBe(1);
  });

  it("the opt-in form asks to accept terms v1 (five fields at most) and carries the version shown", async () => {
    const r = await on(ana, "optin spring");
    const form = r.reply.message.form as Form;
    expect(form.hidden).toMatchObject({ campaign: "spring", "terms-version": "1" });
    expect(form.fields.length).toBeLessThanOrEqual(5);
    expect(form.fields.find((f) => f.key === "accept-terms")).toMatchObject({ required: true, label: "I accept terms v1" });
    expect(r.reply.message.text).toMatch(/Terms v1: Terms Post within 7 days/);
  });

  it("refuses an opt-in without the acceptance, naming the field, and records nothing", async () => {
    const r = await on(ana, optinLine("ana.eats", "terms-version:1"));
    expect(r.outcome).toBe("usage");
    expect(data(r).error.fields["accept-terms"]).toMatch(/accept terms v1/);
    expect(await t.db.prisma.participation.count()).toBe(0);
  });

  it("records the acceptance with who, when, version, hash and surface", async () => {
    const r = await on(ana, optinLine("ana.eats", "terms-version:1 accept-terms:yes"));
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.text).toMatch(/You accepted terms v1/);
    const a = await t.db.prisma.termsAcceptance.findFirstOrThrow({ where: { creator: { discordUserId: ana.id } } });
    expect(a).toMatchObject({ version: 1, sha256: termsHash(TERMS_V1), actorId: ana.id, actorName: "ana", surface: "discord" });
  });

  it("a change asks every creator taking part to accept v2, and optins shows terms v2 pending", async () => {
    rec.clear();
    const r = await s.run(`campaign edit spring terms:"${TERMS_V2}"`);
    expect(r.reply.message.text).toMatch(/Terms are now v2.*1 creator who takes part was asked to accept v2/);
    expect(rec.toCreators).toHaveLength(1);
    expect(rec.toCreators[0]!.message.actions!.map((a) => a.value)).toContain("terms accept spring version:2");
    const optins = await s.run("optins spring");
    const text = optins.reply.message.sections!.map((x) => x.text ?? "").join("\n");
    expect(text).toMatch(/@ana\.eats \(instagram\): accepted v1 .*; terms v2 pending/);
    const status = await on(ana, "mystatus");
    expect(JSON.stringify(status.reply.message)).toMatch(/Terms v2 pending/);
  });

  it("a creator mid-opt-in when the terms change accepts the version they saw and is asked for the new one", async () => {
    // ben's form showed v2; the terms become v3 before he submits.
    await s.run(`campaign edit spring terms:"${TERMS_V2} Version three."`);
    const r = await on(ben, optinLine("ben.bakes", "terms-version:2 accept-terms:yes"));
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.text).toMatch(/You accepted terms v2\.\nThe terms changed while you were filling in the form: v3 is now current/);
    expect(r.reply.message.actions!.map((a) => a.value)).toContain("terms accept spring version:3");
    const rows = await t.db.prisma.termsAcceptance.findMany({ where: { creator: { discordUserId: ben.id } } });
    expect(rows.map((x) => x.version)).toEqual([2]);
  });

  it("accepting the current version clears the pending state; accepting again changes nothing", async () => {
    const r = await on(ana, "terms accept spring version:3");
    expect(r.reply.message.text).toMatch(/you accepted Spring's terms v3/);
    const again = await on(ana, "terms accept spring version:3");
    expect(again.reply.message.text).toMatch(/already accepted terms v3/);
    expect(await t.db.prisma.termsAcceptance.count({ where: { creator: { discordUserId: ana.id } } })).toBe(2);
    const show = await s.json("campaign show spring");
    const anaRow = show.agreement.acceptances.find((x: any) => x.creator.startsWith("@ana"));
    expect(anaRow).toMatchObject({ pending: false, accepted: { version: 3, surface: "discord" } });
    expect(show.agreement.terms.version).toBe(3);
  });
});

describe("terms and a held opt-in", () => {
  it("a member whose opt-in waits for identity is asked to accept the terms as themself once a marketer confirms them", async () => {
    const { importRoster } = await import("../../src/core/roster/import.ts");
    const { createRosterRepo } = await import("../../src/store/roster.repo.ts");
    await importRoster({ creators: { label: "r.csv", text: "handle,platform,followers\nrita.rolls,instagram,15000\n" } }, { platform: "instagram" }, createRosterRepo(t.db.pool));
    const rita = creator("910000000000000009", "rita");
    const held = await on(rita, "optin spring handle:@rita.rolls platform:instagram rate:250 disclose:yes terms-version:3 accept-terms:yes");
    expect(held.reply.message.text).toMatch(/Once they confirm it, Scout asks you to accept terms v3 as yourself/);
    const claim = await t.db.prisma.identityClaim.findFirstOrThrow({ where: { discordUserId: rita.id } });
    rec.clear();
    expect((await s.run(`identity confirm id:${claim.id}`)).outcome).toBe("ok");
    const ask = rec.toCreators.find((x) => /please accept terms v3/.test(x.message.title ?? ""));
    expect(ask?.message.actions?.map((a) => a.value)).toEqual(["terms show spring", "terms accept spring version:3"]);
    expect((await on(rita, "terms accept spring version:3")).reply.message.text).toMatch(/you accepted Spring's terms v3/);
  });
});

describe("drafts", () => {
  let anaDraft1: string;

  it("refuses a draft before approval, and /draft on a campaign that needs none", async () => {
    expect((await on(ana, 'draft campaign:spring link:https://drive.example.com/a caption:"#ad hi"')).code).toBe("NOT_APPROVED");
    await on(ana, "optin plain handle:@ana.eats platform:instagram followers:12000 rate:250 disclose:yes");
    const r = await on(ana, 'draft campaign:plain link:https://drive.example.com/a caption:"#ad hi"');
    expect(r.code).toBe("DRAFTS_NOT_REQUIRED");
    expect(await t.db.prisma.draft.count()).toBe(0);
  });

  it("reminds an approved creator of the draft date with /draft, and no longer once a draft waits for review", async () => {
    const p = await participationOf(ana);
    await s.run(`optins approve id:${p.id}`);
    const { createReminderSource } = await import("../../src/store/job-run.repo.ts");
    const { reminderMessage } = await import("../../src/jobs/reminders.ts");
    const c = await t.db.prisma.campaign.findUniqueOrThrow({ where: { slug: "spring" } });
    const due = [c.draftDueAt!.toISOString().slice(0, 10)];
    const items = (await createReminderSource(t.db.pool).dueOn(due, "UTC")).filter((x) => x.participationId === p.id);
    expect(items.map((x) => [x.what, x.viaDraft])).toEqual([["draft", true]]);
    expect(reminderMessage(items[0]!, "draft-missed", "UTC").text).toMatch(/Send it as soon as you can with \/draft campaign:spring/);
    await on(ana, 'draft campaign:spring link:https://drive.example.com/probe caption:"probe"');
    expect((await createReminderSource(t.db.pool).dueOn(due, "UTC")).filter((x) => x.participationId === p.id)).toEqual([]);
    // The probe is taken back so the next tests start from no draft.
    await t.db.pool.query("DELETE FROM draft WHERE participation_id = $1", [p.id]);
  });

  it("checks the caption at once and sends v1 to the team with the checks and three decisions", async () => {
    const p = await participationOf(ana);
    await s.run(`optins approve id:${p.id}`);
    rec.clear();
    const r = await on(ana, 'draft campaign:spring link:https://drive.example.com/v1 caption:"Spring bowls are here @greenbowl #springmenu"');
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.text).toMatch(/Draft v1 sent/);
    expect(r.reply.message.text).toMatch(/Caption check: please fix before you post:\n• .*#ad/);
    anaDraft1 = data(r).draft.id;
    expect(rec.notices).toHaveLength(1);
    expect(rec.notices[0]!.message.actions!.map((a) => a.label)).toEqual(["Approve", "Approve with notes", "Request changes"]);
    expect(JSON.stringify(rec.notices[0]!.message.sections)).toMatch(/#ad/);
    // The same draft sent twice (a retried request) is not a second version.
    const again = await on(ana, 'draft campaign:spring link:https://drive.example.com/v1 caption:"Spring bowls are here @greenbowl #springmenu"');
    expect(again.reply.message.text).toMatch(/already sent this draft \(v1\)/);
    expect(await t.db.prisma.draft.count()).toBe(1);
  });

  it("refuses /deliver until a draft is approved, saying where the draft stands", async () => {
    const r = await on(ana, "deliver campaign:spring url:https://www.instagram.com/p/Cspring1/");
    expect(r.code).toBe("DRAFT_NOT_APPROVED");
    expect(r.reply.message.text).toMatch(/draft v1 is waiting for review/);
    expect(await t.db.prisma.deliverable.count()).toBe(0);
  });

  it("request changes without a note opens a form; with one, the creator is told and a second decision is refused", async () => {
    const form = await slack(`drafts request-changes id:${anaDraft1}`);
    expect(form.reply.message.form).toMatchObject({ command: "drafts request-changes", hidden: { id: anaDraft1 } });
    rec.clear();
    const r = await slack(`drafts request-changes id:${anaDraft1} note:"Put #ad at the start"`);
    expect(r.reply.message.text).toMatch(/Asked for changes to v1/);
    expect(rec.toCreators[0]!.message.text).toMatch(/Put #ad at the start/);
    const twice = await slack(`drafts request-changes id:${anaDraft1} note:"Again"`);
    expect(twice.reply.message.text).toMatch(/already changes requested by mia at/);
    const other = await slack(`drafts approve id:${anaDraft1}`);
    expect(other.code).toBe("DRAFT_DECIDED");
    const row = await t.db.prisma.draft.findUniqueOrThrow({ where: { id: anaDraft1 } });
    expect(row).toMatchObject({ status: "changes_requested", decisionNote: "Put #ad at the start", decidedByName: "mia", decidedSurface: "slack" });
  });

  it("a resubmission is v2, and the review shows what changed in the caption", async () => {
    rec.clear();
    const r = await on(ana, 'draft campaign:spring link:https://drive.example.com/v2 caption:"#ad Spring bowls are here @greenbowl #springmenu"');
    expect(r.reply.message.text).toMatch(/Draft v2 sent/);
    expect(r.reply.message.text).toMatch(/Caption check: all good/);
    const review = JSON.stringify(rec.notices[0]!.message);
    expect(review).toMatch(/What changed since v1/);
    expect(review).toMatch(/\{\+#ad\+\} Spring/);
    const v2 = data(r).draft.id;
    const ok = await slack(`drafts approve-with-notes id:${v2} note:"Tag us in the first line"`);
    expect(ok.reply.message.text).toMatch(/Approved with notes v2/);
    expect(rec.toCreators.at(-1)!.message.text).toMatch(/approved, with notes:\nTag us in the first line/);
    const list = await s.json("drafts spring");
    expect(list.drafts.map((d: any) => [d.version, d.status])).toEqual([
      [1, "changes_requested"],
      [2, "approved_with_notes"],
    ]);
  });

  it("/deliver is accepted once a draft is approved", async () => {
    const r = await on(ana, "deliver campaign:spring url:https://www.instagram.com/p/Cspring1/");
    expect(r.outcome).toBe("ok");
    expect(await t.db.prisma.deliverable.count()).toBe(1);
  });
});

describe("usage rights", () => {
  it("records the campaign's rights at approval, with the expiry, once", async () => {
    const p = await participationOf(ana);
    const g = await t.db.prisma.usageRights.findUniqueOrThrow({ where: { participationId: p.id } });
    expect(g).toMatchObject({ days: 90, channels: ["organic", "paid-ads"], handleAds: false });
    expect(g.expiresAt.getTime() - g.grantedAt.getTime()).toBe(90 * 86_400_000);
    await s.run(`optins approve id:${p.id}`);
    expect(await t.db.prisma.usageRights.count()).toBe(1);
    const list = await s.json("rights spring");
    expect(list.rights).toHaveLength(1);
    expect(list.rights[0]).toMatchObject({ creator: "@ana.eats (instagram)", days: 90 });
  });

  it("an extension waits for the creator's yes, then moves the expiry; asking or accepting twice counts once", async () => {
    const p = await participationOf(ana);
    const before = (await t.db.prisma.usageRights.findUniqueOrThrow({ where: { participationId: p.id } })).expiresAt;
    rec.clear();
    const r = await s.run("rights extend spring creator:@ana.eats days:30");
    expect(r.reply.message.text).toMatch(/Asked @ana\.eats \(instagram\) to extend .* by 30 days/);
    expect((await s.run("rights extend spring creator:@ana.eats days:30")).reply.message.text).toMatch(/already asked/);
    expect(await t.db.prisma.rightsExtension.count()).toBe(1);
    const button = rec.toCreators[0]!.message.actions![0]!.value!;
    expect(button).toMatch(/^rights accept id:/);
    expect((await on(ben, button)).code).toBe("NOT_YOURS");
    const ok = await on(ana, button);
    expect(ok.reply.message.text).toMatch(/the brand may use your content/);
    expect((await on(ana, button)).reply.message.text).toMatch(/already accepted/);
    const after = (await t.db.prisma.usageRights.findUniqueOrThrow({ where: { participationId: p.id } })).expiresAt;
    expect(after.getTime() - before.getTime()).toBe(30 * 86_400_000);
  });

  it("lists rights that expire within 14 days (for the digest and App Home)", async () => {
    const p = await participationOf(ana);
    await t.db.prisma.usageRights.update({ where: { participationId: p.id }, data: { expiresAt: new Date(Date.now() + 10 * 86_400_000) } });
    const soon = await s.app.services.agreement.expiring(14);
    expect(soon.map((x) => x.participation.id)).toEqual([p.id]);
    expect(await s.app.services.agreement.expiring(7)).toEqual([]);
    const list = await s.run("campaign list");
    expect(JSON.stringify(list.reply.message.sections)).toMatch(/Usage rights expiring within 14 days.*@ana\.eats \(instagram\).*rights extend spring creator:@ana\.eats/);
    const digest = await s.app.services.digests.compose({ now: new Date(), campaignSlug: "spring" });
    expect(JSON.stringify(digest.message.sections)).toMatch(/Usage rights expiring within 14 days.*Spring \(spring\): @ana\.eats/);
    const other = await s.app.services.digests.compose({ now: new Date(), campaignSlug: "plain" });
    expect(JSON.stringify(other.message)).not.toMatch(/Usage rights expiring/);
  });
});

describe("attachments and captions", () => {
  it("refuses a file of the wrong type or over the size limit, before anything is stored", () => {
    expect(checkAttachment({ url: "https://cdn.discordapp.com/a/1/x.pdf", name: "x.pdf", contentType: "application/pdf", size: 1000 })).toMatchObject({ ok: false, reason: expect.stringMatching(/application\/pdf; a draft must be an image/) });
    expect(checkAttachment({ url: "https://cdn.discordapp.com/a/1/x.mp4", name: "x.mp4", contentType: "video/mp4", size: 200 * 1024 * 1024 })).toMatchObject({ ok: false, reason: expect.stringMatching(/200 MB; at most 100 MB here/) });
    expect(checkAttachment({ url: "https://cdn.discordapp.com/a/1/x.png", name: "x.png", contentType: null, size: 5000 })).toMatchObject({ ok: true, value: { contentType: "image/png" } });
    // The server's own limit, as Discord states it with the interaction.
    expect(checkAttachment({ url: "https://cdn.discordapp.com/a/1/x.mp4", name: "x.mp4", contentType: "video/mp4", size: 9 * 1024 * 1024, limit: 8 * 1024 * 1024 })).toMatchObject({ ok: false, reason: expect.stringMatching(/9\.0 MB; at most 8\.0 MB here/) });
  });

  it("a draft with an attachment of the wrong type gets the reason and stores nothing", async () => {
    const n = await t.db.prisma.draft.count();
    const att = JSON.stringify({ url: "https://cdn.discordapp.com/a/1/x.zip", name: "x.zip", contentType: "application/zip", size: 1000 });
    const r = await on(ana, ["draft", "campaign:spring", 'caption:#ad hi', `attachment:${att}`]);
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toMatch(/x\.zip is application\/zip/);
    expect(await t.db.prisma.draft.count()).toBe(n);
  });

  it("shows word changes between captions", () => {
    expect(captionDiff("a b c", "a x c")).toBe("a [-b-] {+x+} c");
    expect(captionDiff("same", "same")).toBeNull();
  });
});
