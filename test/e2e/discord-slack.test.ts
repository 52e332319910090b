// Both surfaces at once, each through its real library: a creator opts in on Discord, the
// marketers get the Approve / Decline notice in Slack, a marketer approves it there, and the
// creator gets the approval as a Discord DM.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { IDS, snowflake, startFakeDiscord, type FakeDiscord } from "../fakes/discord-api.ts";
import { startFakeGateway, type FakeGateway } from "../fakes/discord-gateway.ts";
import { CREATOR, TOKEN, buttons, shown } from "../fakes/discord-harness.ts";
import { clickPayload, startHarness, type Harness } from "../fakes/slack-harness.ts";
import { startDiscord, type DiscordAdapter } from "../../src/adapters/discord/discord.adapter.ts";

const t = useTestDatabase("discord_slack");
let fake: FakeDiscord;
let gateway: FakeGateway;
let slack: Harness;
let discord: DiscordAdapter;

beforeAll(async () => {
  fake = await startFakeDiscord();
  gateway = await startFakeGateway(fake);
  slack = await startHarness({
    db: t,
    env: {
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: IDS.app,
      DISCORD_GUILD_ID: IDS.guild,
      DISCORD_CREATORS_CHANNEL_ID: IDS.text,
      DISCORD_API_URL: fake.apiUrl,
    },
  });
  discord = startDiscord(slack.app, { rest: { retries: 1 } });
  await discord.ready;
});
afterAll(async () => {
  await discord?.close();
  await slack?.close();
  await gateway?.close();
  await fake?.close();
});

function interaction(type: 3 | 5, data: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const id = snowflake();
  const user = { id: CREATOR, username: "ana", discriminator: "0", global_name: "Ana", avatar: null };
  gateway.dispatch("INTERACTION_CREATE", {
    id, application_id: IDS.app, type, token: `tok-${id}`, version: 1, data,
    guild_id: IDS.guild, channel_id: IDS.text, channel: { id: IDS.text, type: 0, guild_id: IDS.guild, name: "creators" },
    member: { user, roles: [], permissions: "0", joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
    app_permissions: "0", locale: "en-US", entitlements: [], authorizing_integration_owners: { "0": IDS.guild }, context: 0, attachment_size_limit: 8388608,
    ...extra,
  });
  return id;
}

describe("a Discord opt-in decided in Slack", () => {
  it("notifies the marketers in Slack with Approve / Decline, and the approval reaches the creator by Discord DM", async () => {
    const marketer = { id: "U0MIA", name: "mia", roles: ["marketer"] };
    for (const line of [
      'campaign new name:"Spring launch" objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://example.com/spring opt-in-closes:+90d go-live:+104d',
      "brief post spring-launch",
    ])
      expect((await slack.app.dispatch({ line, surface: "slack", actor: marketer })).outcome).toBe("ok");
    const brief = fake.find("/channels/{channel_id}/messages", "POST")[0]!.body;
    const message = { id: snowflake(), channel_id: IDS.text, type: 0, content: "", embeds: [], components: [], author: { id: IDS.bot, username: "Scout", discriminator: "0", global_name: null, avatar: null, bot: true }, attachments: [], mentions: [], mention_roles: [], mention_everyone: false, pinned: false, tts: false, timestamp: new Date().toISOString(), edited_timestamp: null, flags: 0 };
    const click = interaction(3, { custom_id: buttons(brief)[0]!.custom_id, component_type: 2 }, { message });
    const modal = (await fake.waitFor((c) => c.params.interaction_id === click && c.body?.type === 9)).body.data;
    const values = { handle: "@ana.cooks", platform: ["instagram"], followers: "12000", rate: "250", disclose: ["yes"] } as Record<string, string | string[]>;
    const components = Object.entries(values).map(([k, v], i) => ({ type: 18, id: i + 1, component: Array.isArray(v) ? { type: 3, custom_id: k, values: v } : { type: 4, custom_id: k, value: v } }));
    interaction(5, { custom_id: modal.custom_id, components });

    const notice = await slack.fake.waitForCall((c) => c.method === "chat.postMessage" && /opted in/.test(c.args.text ?? ""));
    expect(notice.args.channel).toBe("C0NOTICE");
    const blocks = JSON.parse(notice.args.blocks!) as { type: string; block_id?: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[];
    const actions = blocks.find((b) => b.type === "actions")!;
    const approve = actions.elements!.find((e) => e.text.text === "Approve")!;
    expect(actions.elements!.map((e) => e.text.text)).toEqual(["Approve", "Decline"]);

    const p = clickPayload(slack.fake, { value: approve.value, actionId: approve.action_id, blockId: actions.block_id, blocks });
    expect((await slack.interact(p.payload)).status).toBe(200);
    const dm = await fake.waitFor((c) => c.route === "/channels/{channel_id}/messages" && fake.channels.get(c.params.channel_id!)?.type === 1, 15_000);
    expect(shown(dm.body)).toMatch(/You're in: Spring launch/);
    expect(fake.problems()).toEqual([]);
    expect(slack.fake.problems()).toEqual([]);
  });
});
