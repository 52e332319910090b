// The store's side of tracked links: one link per approved participation under concurrent
// approvals, links for participations approved before links existed, and the per-install salt.
import { beforeAll, describe, expect, it } from "vitest";
import { importRoster } from "../../src/core/roster/import.ts";
import { newLinkCode } from "../../src/core/links/code.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { createParticipationRepo } from "../../src/store/participation.repo.ts";
import { createLinkRepo } from "../../src/store/link.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";

const t = useTestDatabase("link_approval");
let s: TestApp;
const by = { id: "m1", name: "Mia", surface: "console" };
const creator = { id: "d1", name: "Creator", surface: "discord" };

beforeAll(async () => {
  s = await testApp(t);
  await importRoster(
    { creators: { label: "r.csv", text: "handle,platform,followers,category\nana.cooks,instagram,15000,food\nben.bakes,instagram,9000,food\n" } },
    {},
    createRosterRepo(t.db.pool),
  );
  await s.run('campaign new name:"Spring" objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://shop.example.com channel:C0123ABCD go-live:+365d');
  await s.run("campaign open spring");
});

describe("tracked links in the approval transaction", () => {
  it("creates one link when many approvals of the same participation run at once", async () => {
    const o = await s.app.services.campaigns.optIn("spring", { handle: "ana.cooks" }, {}, creator);
    const repo = createParticipationRepo(t.db.prisma);
    let drawn = 0;
    const newCode = () => (drawn++, newLinkCode());
    const move = () =>
      repo.move({ id: o.value.id, from: ["opted_in"], to: "approved", campaignStatusIn: ["open"], decided: true, link: { newCode }, by, at: new Date(), action: "participation.approve" });
    const results = await Promise.all(Array.from({ length: 8 }, move));
    expect(results.filter((r) => r && "changed" in r && r.changed)).toHaveLength(1);
    expect(await t.db.prisma.trackedLink.count({ where: { participationId: o.value.id } })).toBe(1);
    expect(drawn).toBe(1);
    const code = (await t.db.prisma.trackedLink.findUniqueOrThrow({ where: { participationId: o.value.id } })).code;
    expect(results.every((r) => r && "row" in r && r.row.trackedCode === code)).toBe(true);
  });

  it("gives a participation approved without a link its link when the approval is repeated", async () => {
    const o = await s.app.services.campaigns.optIn("spring", { handle: "ben.bakes" }, {}, creator);
    await s.app.services.campaigns.approveParticipation(o.value.id, by);
    await t.db.prisma.trackedLink.deleteMany({ where: { participationId: o.value.id } });
    const again = await s.app.services.campaigns.approveParticipation(o.value.id, by);
    expect(again.outcome).toBe("already");
    expect(again.value.trackedCode).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(await t.db.prisma.trackedLink.count({ where: { participationId: o.value.id } })).toBe(1);
    expect(await t.db.prisma.statusChange.count({ where: { participationId: o.value.id, toStatus: "approved" } })).toBe(1);
  });

  it("draws again when a code is already taken", async () => {
    const taken = (await t.db.prisma.trackedLink.findFirstOrThrow()).code;
    const p = await t.db.prisma.participation.findFirstOrThrow({ where: { account: { handle: "ben.bakes" } } });
    await t.db.prisma.trackedLink.deleteMany({ where: { participationId: p.id } });
    const codes = [taken, "Fresh123"];
    const repo = createParticipationRepo(t.db.prisma);
    const r = await repo.move({ id: p.id, from: ["opted_in"], to: "approved", campaignStatusIn: ["open"], link: { newCode: () => codes.shift()! }, by, at: new Date(), action: "participation.approve" });
    expect(r && "row" in r && r.row.trackedCode).toBe("Fresh123");
  });
});

describe("the click IP salt without CLICK_IP_SALT", () => {
  it("is made once and shared by every repository on the database", async () => {
    const a = await createLinkRepo(t.db).clickSalt();
    const b = await createLinkRepo(t.db).clickSalt();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(await createLinkRepo(t.db, { salt: "configured-salt" }).clickSalt()).toBe("configured-salt");
  });
});
