// Registering creators against what the roster already holds: a roster creator is linked to a
// Discord user only when the roster row carries their id, or after a marketer confirms their claim
// (a handle is not an identity); self-declared figures never overwrite the roster's; doubles at once
// still make one row.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/core/invocation.ts";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";
import { createRecorder, type Recorder } from "./campaign-recorder.ts";
import { Writable } from "node:stream";
import { createConsoleNotifier } from "../../src/adapters/console/console.notifier.ts";

const t = useTestDatabase("creator_repo");
let s: TestApp;
let rec: Recorder;
/** The marketers' notices as the console prints them. */
let printed = "";

const discord = (id: string, name: string): Actor => ({ id, name, roles: ["creator"] });
const on = (who: Actor, line: string) => s.app.dispatch({ line, surface: "discord", actor: who, place: { channelId: "D1" } });
const onConsole = (line: string) => s.app.dispatch({ line, surface: "console", actor: { id: "console", name: "mia", roles: ["creator"] } });

beforeAll(async () => {
  s = await testApp(t);
  rec = createRecorder();
  s.app.notifiers.add(rec);
  const printer = createConsoleNotifier(new Writable({ write: (c, _e, cb) => ((printed += c.toString()), cb()) }));
  s.app.notifiers.add({ toMarketers: (n) => printer.toMarketers(n) });
  await importRoster(
    {
      creators: {
        label: "r.csv",
        text:
          "handle,platform,followers,category,country,rate,discord_user_id\nrita.rolls,instagram,15000,food,US,300,700000000000000001\nsam.sips,instagram,9000,drinks,GB,200,\n" +
          "ted.roster,instagram,5000,food,,,\numa.owned,instagram,7000,food,DE,150,700000000000000009\n",
      },
    },
    {},
    createRosterRepo(t.db.pool),
  );
  await s.run('campaign new name:"Spring" objective:awareness deliverables:"1 Reel" compensation:"flat fee" go-live:+365d');
  await s.run("campaign open spring");
});

describe("linking creators from the roster", () => {
  it("finds a roster creator by the Discord id their account carries, and links the creator on opt-in", async () => {
    const rita = discord("700000000000000001", "rita");
    const before = await t.db.prisma.creator.count();
    const status = await on(rita, "mystatus --json");
    expect((status.reply.data as any).registered).toBe(true);
    const r = await on(rita, "optin spring handle:@rita.rolls platform:instagram disclose:yes");
    expect(r.outcome).toBe("ok");
    expect(await t.db.prisma.creator.count()).toBe(before);
    const c = await t.db.prisma.creator.findUniqueOrThrow({ where: { discordUserId: rita.id } });
    expect(c.source).toBe("import");
  });

  it("keeps the roster's figures when the linked creator declares others: the declared ones are stored apart", async () => {
    const rita = discord("700000000000000001", "rita");
    const r = await on(rita, "profile country:FR rate:999 niches:travel");
    expect(r.outcome).toBe("ok");
    const acc = await t.db.prisma.account.findFirstOrThrow({ where: { handle: "rita.rolls" } });
    expect({ followers: acc.followers, country: acc.country, rate: acc.rate?.toNumber(), categories: acc.categories }).toEqual({ followers: 15000, country: "US", rate: 300, categories: ["food"] });
    expect(acc.declared).toMatchObject({ country: "FR", rate: 999, categories: ["travel"] });
    expect(JSON.stringify(r.reply.message)).toMatch(/Self-declared \(@rita\.rolls\)/);
  });

  it("refuses a handle whose roster row carries another member's Discord id", async () => {
    const r = await on(discord("700000000000000008", "eve"), "optin spring handle:@uma.owned platform:instagram disclose:yes");
    expect(r.code).toBe("HANDLE_TAKEN");
    expect(await t.db.prisma.identityClaim.count({ where: { discordUserId: "700000000000000008" } })).toBe(0);
  });
});

describe("a handle is not an identity", () => {
  const sam = discord("700000000000000002", "sam");
  const mallory = discord("700000000000000004", "mallory");
  const claimOf = (who: Actor, handle: string) => t.db.prisma.identityClaim.findFirstOrThrow({ where: { discordUserId: who.id, account: { handle } } });
  const samRow = () => t.db.prisma.account.findFirstOrThrow({ where: { handle: "sam.sips" }, include: { creator: true } });

  it("holds the opt-in of a member who gives an unlinked roster creator's handle as pending identity, linking nothing and keeping the roster's figures", async () => {
    const before = await t.db.prisma.creator.count();
    const line = "optin spring handle:@sam.sips platform:instagram followers:90000 rate:20 disclose:yes";
    const [a, b] = await Promise.all([on(mallory, line), on(mallory, line)]);
    expect([a.outcome, b.outcome]).toEqual(["ok", "ok"]);
    expect([(a.reply.data as any).outcome, (b.reply.data as any).outcome].sort()).toEqual(["already", "held"]);
    expect(a.reply.message.text).toMatch(/held as pending identity/);
    expect(await t.db.prisma.creator.count()).toBe(before);
    const acc = await samRow();
    expect(acc).toMatchObject({ followers: 9000, country: "GB", discordUserId: null, declared: null, creator: { discordUserId: null, source: "import" } });
    expect(acc.rate!.toNumber()).toBe(200);
    expect(await t.db.prisma.participation.count({ where: { creatorId: acc.creatorId } })).toBe(0);
    const claim = await claimOf(mallory, "sam.sips");
    expect(claim).toMatchObject({ status: "pending", declared: { followers: 90000, rate: 20 } });
    expect(claim.heldOptIns).toHaveLength(1);
    // One notice to the marketers (the double press asks once); the console prints each button's command.
    expect(printed.match(/mallory says they are @sam\.sips \(instagram\): confirm\?/g)).toHaveLength(1);
    expect(printed).toContain(`[Confirm] → /scout identity confirm id:${claim.id}\n[Reject] → /scout identity reject id:${claim.id}`);
    expect(printed).toMatch(/Self-declared:\s+followers 90,000; rate 20 USD/);
  });

  it("shows the held opt-in to the member in mystatus and to the marketers in optins, and refuses to approve it", async () => {
    const mine = await on(mallory, "mystatus");
    expect(mine.reply.message.sections![0]).toMatchObject({ title: "@sam.sips (instagram): pending identity" });
    expect(mine.reply.message.sections![0]!.text).toMatch(/Waiting for the brand's team to confirm this handle is yours\. Your opt-in to Spring is held until then/);
    const list = await s.run("optins spring --json");
    const claim = await claimOf(mallory, "sam.sips");
    expect((list.reply.data as any).pendingIdentity.map((c: any) => [c.handle, c.claimant])).toEqual([["sam.sips", "mallory"]]);
    expect(list.reply.message.sections![0]!.actions!.map((x) => x.value)).toEqual([`identity confirm id:${claim.id}`, `identity reject id:${claim.id}`]);
    for (const line of [`optins approve id:${claim.id}`, `optins decline id:${claim.id}`]) expect((await s.run(line)).code).toBe("IDENTITY_PENDING");
    expect((await s.run("identity confirm id:3f0c2a9e-8d1b-4c52-9a57-0b5d1e6f7a21")).code).toBe("CLAIM_NOT_FOUND");
  });

  it("a member who says Not for me lets go of the held opt-in, so a later confirmation records none", async () => {
    const zoe = discord("700000000000000005", "zoe");
    await on(zoe, "optin spring handle:@ted.roster platform:instagram disclose:yes");
    expect((await claimOf(zoe, "ted.roster")).heldOptIns).toHaveLength(1);
    const r = await on(zoe, "optout spring");
    expect(r.reply.message.text).toMatch(/^Done: your opt-in to Spring, held until the brand's team confirmed who you are, is withdrawn/);
    expect((await claimOf(zoe, "ted.roster")).heldOptIns).toEqual([]);
    const list = await s.run("optins spring --json");
    expect((list.reply.data as any).pendingIdentity.map((c: any) => c.claimant)).not.toContain("zoe");
  });

  it("a rejected claim leaves the member unlinked, and claiming again is refused saying who decided", async () => {
    const claim = await claimOf(mallory, "sam.sips");
    const r = await s.run(`identity reject id:${claim.id}`);
    expect(r.reply.message.text).toMatch(/^Rejected: mallory \(Discord\) is not linked to @sam\.sips/);
    expect((await samRow()).creator.discordUserId).toBeNull();
    expect(await t.db.prisma.creator.count({ where: { discordUserId: mallory.id } })).toBe(0);
    const again = await on(mallory, "optin spring handle:@sam.sips platform:instagram disclose:yes");
    expect(again.code).toBe("IDENTITY_REJECTED");
    expect(again.reply.message.text).toMatch(/did not confirm that @sam\.sips \(instagram\) is yours by /);
  });

  it("the real creator is linked once a marketer confirms, their held opt-in recorded once even when Confirm is pressed twice at once", async () => {
    await on(sam, "optin spring handle:@sam.sips platform:instagram followers:9100 disclose:yes");
    const claim = await claimOf(sam, "sam.sips");
    rec.clear();
    const [a, b] = await Promise.all([s.run(`identity confirm id:${claim.id} --json`), s.run(`identity confirm id:${claim.id} --json`)]);
    expect([(a.reply.data as any).outcome, (b.reply.data as any).outcome].sort()).toEqual(["already", "done"]);
    const already = [a, b].find((x) => (x.reply.data as any).outcome === "already")!;
    expect(already.reply.message.text).toMatch(/^Already confirmed by .+ at .+: sam \(Discord\) is @sam\.sips/);
    const acc = await samRow();
    expect(acc).toMatchObject({ followers: 9000, discordUserId: sam.id, creator: { discordUserId: sam.id, source: "import" }, declared: { followers: 9100 } });
    const ps = await t.db.prisma.participation.findMany({ where: { creatorId: acc.creatorId } });
    expect(ps.map((p) => [p.status, p.accountId])).toEqual([["opted_in", acc.id]]);
    // One opt-in notice, its figures the roster's, with what the creator declared marked self-declared.
    const notices = rec.notices.filter((n) => /opted in to Spring/.test(n.message.title ?? ""));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message.sections![0]!.fields!.find((f) => f.label === "Followers")!.value).toBe("9,000 (roster; self-declared 9,100)");
    expect(rec.toCreators.map((m) => [m.creator.discordUserId, m.message.title])).toEqual([[sam.id, "@sam.sips (instagram) is linked to you"]]);
    const status = await on(sam, "mystatus");
    expect(status.reply.message.sections![0]!.title).toBe("Spring (spring): opted in");
  });

  it("a member with a profile of their own keeps it, and gets the roster account only once confirmed", async () => {
    const ted = discord("700000000000000003", "ted");
    await on(ted, "profile handles:tiktok:@ted.t");
    const old = await t.db.prisma.account.findFirstOrThrow({ where: { handle: "ted.roster" } });
    const r = await on(ted, "profile handles:instagram:@ted.roster");
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.text).toMatch(/@ted\.roster \(instagram\) is in the brand's roster, so Scout asked the brand's team to confirm it's yours/);
    expect((await t.db.prisma.account.findFirstOrThrow({ where: { handle: "ted.roster" } })).creatorId).toBe(old.creatorId);
    await s.run(`identity confirm id:${(await claimOf(ted, "ted.roster")).id}`);
    const mine = await t.db.prisma.creator.findUniqueOrThrow({ where: { discordUserId: ted.id }, include: { accounts: { orderBy: { platform: "asc" } } } });
    expect(mine.accounts.map((a) => [a.platform, a.handle, a.discordUserId])).toEqual([
      ["instagram", "ted.roster", ted.id],
      ["tiktok", "ted.t", ted.id],
    ]);
    expect(await t.db.prisma.creator.findUnique({ where: { id: old.creatorId } })).toBeNull();
  });
});

describe("local identities", () => {
  it("creates one creator and one account from two identical registrations at once", async () => {
    const line = "profile handles:instagram:@lulu.local niches:tea as:@lulu.local";
    const [a, b] = await Promise.all([onConsole(line), onConsole(line)]);
    expect([a.outcome, b.outcome]).toEqual(["ok", "ok"]);
    expect(await t.db.prisma.account.count({ where: { handle: "lulu.local" } })).toBe(1);
    expect(await t.db.prisma.creator.count({ where: { accounts: { some: { handle: "lulu.local" } } } })).toBe(1);
    expect(await t.db.prisma.creator.count({ where: { accounts: { none: {} } } })).toBe(0);
  });
});
