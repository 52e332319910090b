// pg warns (and pg@9 will fail) when a query is sent on a client that is still running another.
// Prisma's query plans load a row's relations at once (Promise.all), which inside an interactive
// transaction all go to the one client. This file runs in its own process: node warns once per
// process, so the listener below sees the first overlap of this whole flow.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";

const t = useTestDatabase("overlap");
let s: TestApp;
const warnings: Error[] = [];
const onWarning = (w: Error) => {
  if (w.name === "DeprecationWarning") warnings.push(w);
};

beforeAll(async () => {
  process.on("warning", onWarning);
  s = await testApp(t);
  await importRoster(
    { creators: { label: "r.csv", text: "handle,platform,followers,category\nana.cooks,instagram,15000,food\nben.bakes,instagram,9000,food\n" } },
    {},
    createRosterRepo(t.db.pool),
  );
});
afterAll(() => {
  process.off("warning", onWarning);
});

const asEveryone = (line: string) =>
  s.app.dispatch({ line, surface: "console", actor: { id: "console", name: "local", roles: ["marketer", "creator"] }, place: { channelId: "console" } });

describe("queries on one database connection", () => {
  it("runs an opt-in, an approval and an invite without node's overlapping-query DeprecationWarning", async () => {
    // The campaign is only the setting here: an open one, written directly.
    const day = 24 * 3600 * 1000;
    await t.db.prisma.campaign.create({
      data: {
        slug: "spring", name: "Spring", status: "open", objective: "sales", deliverables: ["1 Reel"], compensation: "flat fee",
        landingUrl: "https://example.com/spring", goLiveAt: new Date(Date.now() + 30 * day), openedAt: new Date(),
      },
    });
    const optin = await asEveryone("optin spring handle:@ana.cooks platform:instagram followers:15000 rate:250 disclose:yes as:@ana.cooks --json");
    expect(optin.outcome).toBe("ok");
    const id = (optin.reply.data as { participation: { id: string } }).participation.id;
    expect((await asEveryone(`optins approve id:${id}`)).outcome).toBe("ok");
    expect((await asEveryone("campaign invite spring handle:@ben.bakes")).outcome).toBe("ok");
    // Warnings are emitted on the next tick.
    await new Promise((r) => setImmediate(r));
    expect(warnings.map((w) => w.message)).toEqual([]);
  });
});
