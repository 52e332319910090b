// Fault: the database goes away under Discord. Every creator command and button still gets an
// answer, privately, saying the database is not reachable and to try again in a minute: never an
// empty answer, never "the application did not respond". Real discord.js against the fake Discord;
// the database is reached through a TCP proxy that the test closes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type Database } from "../../src/store/db.ts";
import { IDS } from "../fakes/discord-api.ts";
import { buttons, shown, startDiscordHarness, type DiscordHarness } from "../fakes/discord-harness.ts";
import { useTestDatabase } from "../support/db.ts";
import { startProxy, type TcpProxy } from "../support/tcp-proxy.ts";

const t = useTestDatabase("discord_db_down");
let proxy: TcpProxy;
let db: Database;
let h: DiscordHarness;
const BO = "1200000000000000031";

beforeAll(async () => {
  const u = new URL(t.url);
  proxy = await startProxy({ host: u.hostname, port: Number(u.port) });
  const url = proxy.through(t.url);
  db = await connectDatabase({ databaseUrl: url, skipMigrations: true, poolSize: 4 });
  h = await startDiscordHarness({ db: { db, url } });
  h.fake.members.set(BO, [IDS.role]);
  await h.marketer('campaign new name:"Spring launch" objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://example.com/spring opt-in-closes:+90d go-live:+104d');
  await h.marketer("brief post spring-launch");
});
afterAll(async () => {
  await h?.close();
  await db?.close().catch(() => {});
  await proxy?.close().catch(() => {});
});

const DOWN = /database is not reachable.*try again in a minute/is;

describe("Discord with the database down", () => {
  it("answers slash commands, the I'm in button and a submitted opt-in form privately, saying the database is not reachable", async () => {
    const brief = h.fake.find("/channels/{channel_id}/messages", "POST").find((c) => /Spring launch/.test(shown(c.body)))!;
    const imIn = buttons(brief.body).find((b) => b.label === "I'm in")!.custom_id;
    // The opt-in form, opened while the database was up, is submitted after it went down.
    const opened = h.click(imIn, { user: BO });
    const form = (await h.answer(opened.id, opened.token)).callback;
    expect(form.body.type).toBe(9);
    await proxy.close();
    const submitted = h.submit(form.body.data.custom_id, { handle: "@bo.bakes", platform: ["instagram"], followers: "12000", rate: "300", disclose: ["yes"] }, { user: BO });
    const answer = await h.answer(submitted.id, submitted.token, 20_000);
    expect(answer.callback.body.data?.flags ?? 64, "private").toBe(64);
    expect(shown(answer.final)).toMatch(DOWN);
    for (const send of [
      () => h.slash("campaigns", {}, { user: BO }),
      () => h.slash("mystatus", {}, { user: BO }),
      () => h.slash("deliver", { campaign: "spring-launch", url: "https://instagram.com/p/abc" }, { user: BO }),
      () => h.slash("profile", {}, { user: BO }),
      () => h.click(imIn, { user: BO }),
    ]) {
      const r = send();
      const { callback, final } = await h.answer(r.id, r.token, 20_000);
      expect(callback.body.data?.flags ?? 64, "private").toBe(64);
      expect(shown(final)).toMatch(DOWN);
    }
  }, 90_000);
});
