// Trying Scout as a creator from the local console and the CLI: `as:@handle` says which creator
// to act as (refused on chat surfaces, see test/store/creator-commands.test.ts).
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/core/invocation.ts";
import type { Form } from "../../src/core/message.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";
import { runCli } from "../support/run.ts";

const t = useTestDatabase("console_creator");
let s: TestApp;

const local: Actor = { id: "console", name: "mia", roles: ["marketer", "creator"] };
const onConsole = (line: string) => s.app.dispatch({ line, surface: "console", actor: local, place: { channelId: "console" } });

beforeAll(async () => {
  s = await testApp(t);
  await s.run('campaign new name:"Spring" objective:awareness deliverables:"1 Reel" compensation:"flat fee" go-live:+365d');
  await s.run("campaign open spring");
});

describe("creator commands on the console", () => {
  it("ask which creator to act as, naming as:", async () => {
    const r = await onConsole("optin spring");
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toMatch(/^as: say which creator to act as on the console, e\.g\. as:@ana\.cooks/);
  });

  it("show as: in the help of each creator command", async () => {
    for (const name of ["optin", "optout", "profile", "deliver", "report", "mystatus", "campaigns"]) {
      const r = await onConsole(`help ${name}`);
      expect(r.reply.message.sections![0]!.title).toMatch(/\[as:<handle>\]/);
      expect(r.reply.message.sections![0]!.text).toContain("console and CLI only: act as this creator");
    }
  });

  it("opt in as a new creator: the form keeps as:, the submit registers them without a Discord id", async () => {
    const form = (await onConsole("optin spring as:@zoe.local")).reply.message.form as Form;
    expect(form.hidden).toEqual({ campaign: "spring", as: "@zoe.local" });
    expect(form.fields.find((f) => f.key === "handle")!.initial).toBe("@zoe.local");
    const r = await onConsole("optin spring handle:@zoe.local platform:instagram followers:3000 disclose:yes as:@zoe.local");
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.title).toBe("Opted in: Spring");
    const c = await t.db.prisma.creator.findFirstOrThrow({ where: { accounts: { some: { handle: "zoe.local" } } }, include: { participations: true } });
    expect(c).toMatchObject({ source: "community", discordUserId: null });
    expect(c.participations.map((p) => p.status)).toEqual(["opted_in"]);
    const list = await onConsole("campaigns as:@zoe.local");
    expect(list.reply.message.sections![0]!.text).toBe("You are opted in on this one.");
  });

  it("refuses to register a handle that is not the creator acted as", async () => {
    const r = await onConsole("profile handles:instagram:@someone.else as:@nobody.yet");
    expect(r.outcome).toBe("usage");
    expect((r.reply.data as any).error.fields).toEqual({ handles: "must include @nobody.yet (the creator you act as) to register them" });
  });

  it("runs from the CLI too: mystatus as a creator, as JSON", async () => {
    const r = await runCli(["mystatus", "as:@zoe.local", "--json"], { DATABASE_URL: t.url });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ registered: true, participations: [{ campaign: "spring", status: "opted_in", account: { platform: "instagram", handle: "zoe.local" } }] });
  });
});
