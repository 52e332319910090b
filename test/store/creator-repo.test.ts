// Registering creators against what the roster already holds: a roster creator is linked to the
// Discord user who owns the handle (never duplicated), and doubles at once still make one row.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/core/invocation.ts";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";

const t = useTestDatabase("creator_repo");
let s: TestApp;

const discord = (id: string, name: string): Actor => ({ id, name, roles: ["creator"] });
const on = (who: Actor, line: string) => s.app.dispatch({ line, surface: "discord", actor: who, place: { channelId: "D1" } });
const onConsole = (line: string) => s.app.dispatch({ line, surface: "console", actor: { id: "console", name: "mia", roles: ["creator"] } });

beforeAll(async () => {
  s = await testApp(t);
  await importRoster(
    {
      creators: {
        label: "r.csv",
        text: "handle,platform,followers,category,discord_user_id\nrita.rolls,instagram,15000,food,700000000000000001\nsam.sips,instagram,9000,drinks,\nted.roster,instagram,5000,food,\n",
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

  it("links an unlinked roster creator to the Discord user who opts in with their handle, keeping their numbers", async () => {
    const sam = discord("700000000000000002", "sam");
    const before = await t.db.prisma.creator.count();
    const line = "optin spring handle:@sam.sips platform:instagram disclose:yes";
    const [a, b] = await Promise.all([on(sam, line), on(sam, line)]);
    expect([a.outcome, b.outcome]).toEqual(["ok", "ok"]);
    expect(await t.db.prisma.creator.count()).toBe(before);
    const acc = await t.db.prisma.account.findFirstOrThrow({ where: { handle: "sam.sips" }, include: { creator: true } });
    expect(acc).toMatchObject({ followers: 9000, discordUserId: sam.id, creator: { discordUserId: sam.id, source: "import" } });
    expect(await t.db.prisma.participation.count({ where: { creatorId: acc.creatorId } })).toBe(1);
  });

  it("moves an idle roster account to a creator who registered another handle first", async () => {
    const ted = discord("700000000000000003", "ted");
    await on(ted, "profile handles:tiktok:@ted.t");
    const old = await t.db.prisma.account.findFirstOrThrow({ where: { handle: "ted.roster" } });
    const r = await on(ted, "profile handles:instagram:@ted.roster");
    expect(r.outcome).toBe("ok");
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
