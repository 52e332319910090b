// The brief in a Discord forum channel: a post per campaign, tagged with the forum's tags that
// match the campaign (objective, platforms), edited in place when posted again (message and tags),
// and its buttons disabled when the campaign closes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { IDS } from "../fakes/discord-api.ts";
import { CREATOR, buttons, shown, startDiscordHarness, type DiscordHarness } from "../fakes/discord-harness.ts";

const t = useTestDatabase("discord_forum");
let h: DiscordHarness;

beforeAll(async () => {
  // A zero budget: every answer is deferred first, then edited (as a slow command's would be).
  h = await startDiscordHarness({ db: t, channel: "forum", env: { DISCORD_REGISTER_ON_START: "false" }, options: { budgetMs: 0 } });
  await h.marketer(
    'campaign new name:"Spring launch" objective:sales platform:instagram deliverables:"1 Reel" compensation:"flat fee" landing-url:https://example.com/spring opt-in-closes:+90d go-live:+104d',
  );
});
afterAll(async () => {
  await h?.close();
});

describe("a brief in a forum channel", () => {
  it("is a forum post with the matching tags, the embed and the two buttons", async () => {
    await h.marketer("brief post spring-launch");
    const [post] = h.fake.find("/channels/{channel_id}/threads", "POST");
    expect(post!.params.channel_id).toBe(IDS.forum);
    expect(post!.body.name).toBe("Spring launch");
    expect(new Set(post!.body.applied_tags)).toEqual(new Set([IDS.tagSales, IDS.tagInstagram]));
    expect(shown(post!.body.message)).toMatch(/Objective/);
    expect(buttons(post!.body.message).map((b) => b.label)).toEqual(["I'm in", "Not for me"]);
    const row = (await t.db.pool.query("SELECT brief_channel_id, brief_message_id, brief_thread_id FROM campaign")).rows[0];
    expect(row.brief_channel_id).toBe(IDS.forum);
    expect(h.fake.channels.get(row.brief_thread_id)!.messages.has(row.brief_message_id)).toBe(true);
    expect(h.fake.find("/applications/{application_id}/guilds/{guild_id}/commands")).toHaveLength(0);
  });

  it("posting again edits the post's message and its tags instead of a second post", async () => {
    await h.marketer("campaign edit spring-launch objective:awareness");
    await h.marketer("brief post spring-launch");
    expect(h.fake.find("/channels/{channel_id}/threads", "POST")).toHaveLength(1);
    const row = (await t.db.pool.query("SELECT brief_message_id, brief_thread_id FROM campaign")).rows[0];
    const edit = h.fake.find("/channels/{channel_id}/messages/{message_id}", "PATCH").at(-1)!;
    expect(edit.params).toEqual({ channel_id: row.brief_thread_id, message_id: row.brief_message_id });
    const retag = h.fake.find("/channels/{channel_id}", "PATCH").at(-1)!;
    expect(new Set(retag.body.applied_tags)).toEqual(new Set([IDS.tagAwareness, IDS.tagInstagram]));
  });

  it("a creator whose DMs are closed cannot get a private thread in a forum: the approval is saved and the team is told", async () => {
    const r = h.slash("optin", { campaign: "spring-launch", handle: "@ana.cooks", platform: "instagram", disclose: "yes" });
    const { callback, final } = await h.answer(r.id, r.token);
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(shown(final)).toMatch(/in the running|Opted in/);
    h.fake.dmsClosed.add(CREATOR);
    const { id } = (await t.db.pool.query("SELECT id FROM participation")).rows[0];
    const out = await h.marketer(`optins approve id:${id}`);
    expect(JSON.stringify(out.warnings)).toMatch(/forum channel cannot hold a private thread/);
    expect((await t.db.pool.query("SELECT status::text FROM participation")).rows).toEqual([{ status: "approved" }]);
    expect(h.fake.find("/channels/{channel_id}/threads", "POST")).toHaveLength(1);
  });

  it("closing the campaign disables the post's buttons, reopening the post when it was archived", async () => {
    const { brief_thread_id } = (await t.db.pool.query("SELECT brief_thread_id FROM campaign")).rows[0];
    (h.fake.channels.get(brief_thread_id) as { archived?: boolean }).archived = true;
    await h.marketer("campaign close spring-launch");
    expect(h.fake.find("/channels/{channel_id}", "PATCH").some((c) => c.body.archived === false && c.params.channel_id === brief_thread_id)).toBe(true);
    const edit = h.fake.find("/channels/{channel_id}/messages/{message_id}", "PATCH").at(-1)!;
    expect(buttons(edit.body).every((b) => b.disabled)).toBe(true);
    expect(shown(edit.body)).toMatch(/closed/);
  });

  it("sent nothing that breaks Discord's API description or limits", () => {
    expect(h.fake.problems()).toEqual([]);
  });
});
