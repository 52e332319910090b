// The creators' slash commands through real discord.js: registration generated from the registry,
// /help, /campaigns, /optin with details, /profile (a modal), /deliver (autocomplete, a wrong host,
// the disclosure check), /report, /mystatus in a DM, and Not for me.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { IDS } from "../fakes/discord-api.ts";
import { CREATOR, buttons, shown, startDiscordHarness, type DiscordHarness } from "../fakes/discord-harness.ts";

const t = useTestDatabase("discord_commands");
let h: DiscordHarness;
const SLUG = "spring-launch";
const BO = "1200000000000000021";

beforeAll(async () => {
  h = await startDiscordHarness({ db: t });
  h.fake.members.set(BO, [IDS.role]);
  await h.marketer(
    'campaign new name:"Spring launch" objective:sales deliverables:"1 Reel" compensation:"flat fee" budget:5000 landing-url:https://example.com/spring opt-in-closes:+90d go-live:+104d',
  );
  await h.marketer(`brief post ${SLUG}`);
});
afterAll(async () => {
  await h?.close();
});

async function ask(r: { id: string; token: string }) {
  const { callback, final } = await h.answer(r.id, r.token);
  expect(callback.body.data?.flags ?? 64, "every answer is private").toBe(64);
  return { callback, final, text: shown(final) };
}

describe("registration", () => {
  it("PUTs the guild commands generated from the registry, with option types, required flags, autocomplete and DM contexts", () => {
    const [put] = h.fake.find("/applications/{application_id}/guilds/{guild_id}/commands", "PUT");
    expect(put!.params).toEqual({ application_id: IDS.app, guild_id: IDS.guild });
    const byName = new Map((put!.body as any[]).map((c) => [c.name, c]));
    for (const n of ["help", "campaigns", "optin", "optout", "profile", "deliver", "report", "mystatus"]) expect(byName.has(n), n).toBe(true);
    expect([...byName.keys()].some((n) => /shortlist|roster|optins/.test(n))).toBe(false);
    const deliver = byName.get("deliver");
    expect(deliver.options.find((o: any) => o.name === "campaign")).toMatchObject({ type: 3, required: true, autocomplete: true });
    expect(deliver.options.find((o: any) => o.name === "note").required).toBeUndefined();
    expect(deliver.options.some((o: any) => o.name === "as")).toBe(false);
    expect(byName.get("mystatus").contexts).toContain(1);
    expect(byName.get("deliver").contexts).toEqual([0]);
    for (const c of put!.body as any[]) {
      expect(c.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(c.description.length).toBeLessThanOrEqual(100);
    }
  });
});

describe("creator commands", () => {
  it("/help lists the creators' slash commands, privately", async () => {
    const { text } = await ask(h.slash("help"));
    expect(text).toMatch(/\/deliver campaign:.*url:/);
    expect(text).not.toMatch(/shortlist/);
  });

  it("/campaigns lists the open campaigns", async () => {
    const { text } = await ask(h.slash("campaigns"));
    expect(text).toMatch(/Spring launch/);
  });

  it("/optin with every detail opts in without a form", async () => {
    const { callback, text } = await ask(h.slash("optin", { campaign: SLUG, handle: "@ana.cooks", platform: "instagram", followers: "12000", disclose: "yes" }));
    expect(callback.body.type === 4 || callback.body.type === 5).toBe(true);
    expect(text).toMatch(/in the running|Opted in/);
  });

  it("/profile opens a modal pre-filled from the profile; submitting it saves, and a new creator joins the roster from the community", async () => {
    const r = h.slash("profile", {}, { user: BO, name: "Bo" });
    const { callback } = await h.answer(r.id, r.token);
    expect(callback.body.type).toBe(9);
    const modal = callback.body.data;
    expect(modal.components.length).toBeLessThanOrEqual(5);
    const s = h.submit(modal.custom_id, { handles: "tiktok:@bo.eats", niches: "vegan food", country: "US", language: "en", rate: "200" }, { user: BO, name: "Bo" });
    const { text } = await ask(s);
    expect(text).toMatch(/roster|Profile saved|Welcome/);
    const row = (await t.db.pool.query("SELECT source::text FROM creator WHERE discord_user_id = $1", [BO])).rows[0];
    expect(row.source).toBe("community");
    const again = h.slash("profile", {}, { user: BO });
    const { callback: cb2 } = await h.answer(again.id, again.token);
    expect(JSON.stringify(cb2.body.data)).toMatch(/bo\.eats/);
  });

  describe("after approval", () => {
    beforeAll(async () => {
      const { id } = (await t.db.pool.query("SELECT p.id FROM participation p JOIN creator c ON c.id = p.creator_id WHERE c.discord_user_id = $1", [CREATOR])).rows[0];
      await h.marketer(`optins approve id:${id}`);
    });

    it("/deliver's campaign option completes with my approved campaigns", async () => {
      const r = h.send(4, { id: "1", name: "deliver", type: 1, options: [{ name: "campaign", type: 3, value: "spr", focused: true }] });
      const cb = await h.fake.waitFor((c) => c.route.endsWith("/callback") && c.params.interaction_id === r.id);
      expect(cb.body.type).toBe(8);
      expect(cb.body.data.choices.map((c: any) => c.value)).toContain(SLUG);
    });

    it("/deliver refuses a link on the wrong host, privately, saying which hosts are fine", async () => {
      const { text } = await ask(h.slash("deliver", { campaign: SLUG, url: "https://evil.example.com/p/1" }));
      expect(text).toMatch(/instagram\.com/);
      expect((await t.db.pool.query("SELECT count(*)::int AS n FROM deliverable")).rows[0].n).toBe(0);
    });

    it("/deliver stores the link and checks the pasted caption's disclosure", async () => {
      const { text } = await ask(h.slash("deliver", { campaign: SLUG, url: "https://www.instagram.com/p/Cx1a2b3/", note: "Loving the new menu #sp" }));
      expect(text).toMatch(/Submitted/);
      expect(text).toMatch(/Disclosure/);
      expect((await t.db.pool.query("SELECT status::text FROM deliverable")).rows).toEqual([{ status: "submitted" }]);
      expect(h.notices()).toMatch(/submitted a deliverable/);
    });

    it("/report stores self-reported numbers, and refuses likes above views", async () => {
      const bad = await ask(h.slash("report", { campaign: SLUG, url: "https://www.instagram.com/p/Cx1a2b3/", views: "100", likes: "500" }));
      expect(bad.text).toMatch(/likes/);
      const { text } = await ask(h.slash("report", { campaign: SLUG, url: "https://www.instagram.com/p/Cx1a2b3/", views: "12000", likes: "800", comments: "45" }));
      expect(text).not.toMatch(/went wrong|needs a fix/);
      const snaps = (await t.db.pool.query("SELECT source::text FROM metric_snapshot")).rows;
      expect(snaps).toEqual([{ source: "creator" }]);
    });

    it("/mystatus works in a DM with the bot", async () => {
      const { text } = await ask(h.slash("mystatus", {}, { dm: true }));
      expect(text).toMatch(/Spring launch/);
    });
  });

  it("Not for me withdraws an opt-in, privately", async () => {
    const brief = h.fake.find("/channels/{channel_id}/messages", "POST")[0]!.body;
    const no = buttons(brief).find((b) => b.label === "Not for me")!;
    const { text } = await ask(h.click(no.custom_id, { user: BO }));
    expect(text).toMatch(/No problem|withdrawn/);
  });

  it("sent nothing that breaks Discord's API description or limits", () => {
    expect(h.fake.problems()).toEqual([]);
  });
});
