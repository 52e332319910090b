// Fault: the bot is killed (SIGKILL) while Discord is creating a brief, and Discord does create it.
// The real bot process posts the brief on a marketer's Slack command; the fake Discord holds the
// create, the test kills the bot, then lets the create complete. After a restart the marketer posts
// the brief again: one brief in the channel (text channel: one message; forum: one post), and the
// database points at it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { startBotDriver, type BotDriver } from "../support/bot-driver.ts";
import { IDS, type FakeChannel } from "../fakes/discord-api.ts";

const t = useTestDatabase("fault_brief_kill");
let d: BotDriver;

beforeAll(async () => {
  d = await startBotDriver({ databaseUrl: t.url, start: false });
}, 30_000);
afterAll(async () => {
  await d?.close();
});

const newCampaign = (name: string) =>
  d.slackRun(`campaign new name:"${name}" objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://shop.example.com channel:C0123ABCD go-live:+365d`);

/** Posts the brief, kills the bot while Discord holds the create, lets Discord complete it, restarts. */
async function killWhilePosting(name: string, slug: string, env: Record<string, string>) {
  await d.start(env);
  await newCampaign(name);
  const hold = d.discord.holdNextCreate();
  const sent = await d.slackCommand(`brief post ${slug}`);
  expect(sent.status).toBe(200);
  await hold.arrived;
  await d.kill();
  const before = d.discord.calls.length;
  hold.release();
  // Discord carries out the create although nobody is there to read the answer.
  await d.until(() => d.discord.calls.length > before, "the held create to complete");
  await d.start(env);
  const again = await d.slackRun(`brief post ${slug}`);
  const row = await t.db.prisma.campaign.findUniqueOrThrow({ where: { slug } });
  return { again, row };
}

const briefsIn = (ch: FakeChannel | undefined, slug: string) => [...(ch?.messages.values() ?? [])].filter((m) => JSON.stringify(m.components).includes(slug));

describe("SIGKILL while a brief is being posted, then a restart", () => {
  it("text channel: the brief exists once (the create's nonce returns the message Discord made) and the database points at it", async () => {
    const { again, row } = await killWhilePosting("Spring", "spring", {});
    const briefs = briefsIn(d.discord.channels.get(IDS.text), "spring");
    expect(briefs).toHaveLength(1);
    expect(again.text).toContain("Posted the brief");
    expect(row).toMatchObject({ status: "open", briefChannelId: IDS.text, briefMessageId: briefs[0]!.id, briefThreadId: briefs[0]!.id });
    // The thread was started once, on that message.
    expect(d.discord.find("/channels/{channel_id}/messages/{message_id}/threads", "POST").filter((c) => c.status < 300)).toHaveLength(1);
    await d.stop();
  }, 120_000);

  it("forum channel: one post for the brief, found again after the restart instead of a second one", async () => {
    const env = { DISCORD_CREATORS_CHANNEL_ID: IDS.forum };
    const posts = () => [...d.discord.channels.values()].filter((c) => c.parent_id === IDS.forum && briefsIn(c, "autumn").length > 0);
    const { again, row } = await killWhilePosting("Autumn", "autumn", env);
    expect(posts()).toHaveLength(1);
    expect(again.text).toContain("Posted the brief");
    expect(row).toMatchObject({ status: "open", briefChannelId: IDS.forum, briefThreadId: posts()[0]!.id, briefMessageId: posts()[0]!.id });
    expect(d.discord.problems()).toEqual([]);
    await d.stop();
  }, 120_000);
});
