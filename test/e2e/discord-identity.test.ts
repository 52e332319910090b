// A handle is not an identity (issue 13, item 4), through real discord.js against the fake Discord
// and real Bolt against the fake Slack: a member who opts in with a roster creator's handle does not
// become that creator; the marketers get a Confirm / Reject notice in Slack; a rejected claim leaves
// the member unlinked and tells them privately; the real creator is confirmed, their held opt-in
// then reaches the team as a normal opt-in; a doubled Confirm click changes nothing twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { IDS, startFakeDiscord, type FakeDiscord } from "../fakes/discord-api.ts";
import { startFakeGateway, type FakeGateway } from "../fakes/discord-gateway.ts";
import { clickParts, interactionPayload, submitData } from "../fakes/discord-interactions.ts";
import { TOKEN, buttons, shown } from "../fakes/discord-harness.ts";
import { clickPayload, startHarness, type Harness } from "../fakes/slack-harness.ts";
import type { ApiCall } from "../fakes/slack-api.ts";
import { startDiscord, type DiscordAdapter } from "../../src/adapters/discord/discord.adapter.ts";

const t = useTestDatabase("discord_identity");
let fake: FakeDiscord;
let gateway: FakeGateway;
let slack: Harness;
let discord: DiscordAdapter;

const MALLORY = "1300000000000000001";
const RITA = "1300000000000000002";
const ROSTER = "handle,platform,followers,rate,currency,country\nrita.rolls,instagram,15000,300,USD,US\n";

beforeAll(async () => {
  fake = await startFakeDiscord();
  gateway = await startFakeGateway(fake);
  slack = await startHarness({
    db: t,
    env: { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: IDS.app, DISCORD_GUILD_ID: IDS.guild, DISCORD_CREATORS_CHANNEL_ID: IDS.text, DISCORD_API_URL: fake.apiUrl },
  });
  discord = startDiscord(slack.app, { rest: { retries: 1 } });
  await discord.ready;
  const { importRoster } = await import("../../src/core/roster/import.ts");
  const { createRosterRepo } = await import("../../src/store/roster.repo.ts");
  await importRoster({ creators: { label: "roster.csv", text: ROSTER } }, {}, createRosterRepo(t.db.pool));
  const marketer = { id: "U0MIA", name: "mia", roles: ["marketer"] };
  for (const line of [
    'campaign new name:"Spring launch" objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://example.com/spring opt-in-closes:+90d go-live:+104d',
    "brief post spring-launch",
  ])
    expect((await slack.app.dispatch({ line, surface: "slack", actor: marketer })).outcome).toBe("ok");
});
afterAll(async () => {
  await discord?.close();
  await slack?.close();
  await gateway?.close();
  await fake?.close();
});

/** Presses I'm in on the brief as `user`, fills the modal with the roster creator's handle, and returns the private answer. */
async function optInWithRitasHandle(user: string, name: string, values: Record<string, string | string[]>) {
  const brief = fake.find("/channels/{channel_id}/messages", "POST")[0]!.body;
  const imIn = buttons(brief).find((b) => b.label === "I'm in")!.custom_id;
  const { data, extra } = clickParts(imIn);
  const click = interactionPayload(3, data, { user, name }, extra);
  gateway.dispatch("INTERACTION_CREATE", click.payload);
  const modal = (await fake.waitFor((c) => c.params.interaction_id === click.id && c.body?.type === 9)).body.data;
  const submit = interactionPayload(5, submitData(modal.custom_id, values), { user, name });
  gateway.dispatch("INTERACTION_CREATE", submit.payload);
  const callback = await fake.waitFor((c) => c.route.endsWith("/callback") && c.params.interaction_id === submit.id, 15_000);
  if (callback.body?.type !== 5) return callback.body.data;
  return (await fake.waitFor((c) => c.route.endsWith("/messages/@original") && c.params.webhook_token === submit.token, 15_000)).body;
}

const rita = async () =>
  (
    await t.db.pool.query(
      `SELECT c.discord_user_id AS creator_discord, a.discord_user_id AS account_discord, a.followers, a.rate::float AS rate, a.country, a.declared
         FROM account a JOIN creator c ON c.id = a.creator_id WHERE a.handle = 'rita.rolls'`,
    )
  ).rows[0];
const participations = async () => (await t.db.pool.query("SELECT p.status::text AS status, c.discord_user_id FROM participation p JOIN creator c ON c.id = p.creator_id")).rows;

type Block = { type: string; block_id?: string; elements?: { action_id: string; value: string; text: { text: string } }[] };
const noticeButtons = (n: ApiCall) => {
  const blocks = JSON.parse(n.args.blocks!) as Block[];
  const actions = blocks.find((b) => b.type === "actions")!;
  return { blocks, actions, by: (label: string) => actions.elements!.find((e) => e.text.text === label)! };
};
async function click(n: ApiCall, label: "Confirm" | "Reject", actionTs?: string) {
  const { blocks, actions, by } = noticeButtons(n);
  const b = by(label);
  const p = clickPayload(slack.fake, { value: b.value, actionId: b.action_id, blockId: actions.block_id, blocks, label, ...(actionTs ? { actionTs } : {}) });
  expect((await slack.interact(p.payload)).status).toBe(200);
  return p;
}
const dmTo = (user: string, pattern: RegExp, ms = 15_000) =>
  fake.waitFor((c) => {
    const ch = c.route === "/channels/{channel_id}/messages" && c.method === "POST" ? (fake.channels.get(c.params.channel_id!) as { type: number; recipient?: string } | undefined) : undefined;
    return ch?.type === 1 && ch.recipient === user && pattern.test(shown(c.body));
  }, ms);

describe("a member opting in with a roster creator's handle", () => {
  let claimNotice: ApiCall;

  it("does not become that creator: the roster row stays unlinked, its figures stay, and the opt-in is held as pending identity", async () => {
    const answer = await optInWithRitasHandle(MALLORY, "mallory", { handle: "@rita.rolls", platform: ["instagram"], followers: "99000", rate: "50", disclose: ["yes"] });
    expect(shown(answer)).toMatch(/confirm/i);
    expect(shown(answer)).toMatch(/pending identity|held/i);
    const row = await rita();
    expect(row).toMatchObject({ creator_discord: null, account_discord: null, followers: 15000, rate: 300, country: "US" });
    expect(await participations()).toEqual([]);
    claimNotice = await slack.fake.waitForCall((c) => c.method === "chat.postMessage" && /@rita\.rolls/.test(c.args.text ?? "") && /confirm/i.test(c.args.text ?? ""));
    expect(claimNotice.args.channel).toBe("C0NOTICE");
    expect(noticeButtons(claimNotice).actions.elements!.map((e) => e.text.text)).toEqual(["Confirm", "Reject"]);
    expect(claimNotice.args.blocks).toMatch(/self-declared/i);
  });

  it("is listed as pending identity in optins, and cannot be approved until confirmed", async () => {
    const marketer = { id: "U0MIA", name: "mia", roles: ["marketer"] };
    const list = await slack.app.dispatch({ line: "optins spring-launch --json", surface: "slack", actor: marketer });
    const data = list.reply.data as { pendingIdentity: { id: string; handle: string }[] };
    expect(data.pendingIdentity).toHaveLength(1);
    expect(data.pendingIdentity[0]!.handle).toBe("rita.rolls");
    const approve = await slack.app.dispatch({ line: `optins approve id:${data.pendingIdentity[0]!.id}`, surface: "slack", actor: marketer });
    expect(approve.code).toBe("IDENTITY_PENDING");
  });

  it("a rejected claim leaves the member unlinked and tells them privately", async () => {
    await click(claimNotice, "Reject");
    const dm = await dmTo(MALLORY, /could not confirm|not confirm/i);
    expect(shown(dm.body)).toMatch(/@rita\.rolls/);
    expect(await rita()).toMatchObject({ creator_discord: null, account_discord: null, followers: 15000, rate: 300, country: "US" });
    expect(await participations()).toEqual([]);
  });
});

describe("the real creator", () => {
  let claimNotice: ApiCall;

  it("claims their handle; once a marketer confirms it in Slack they are linked and their held opt-in reaches the team", async () => {
    const before = slack.fake.calls.length;
    const answer = await optInWithRitasHandle(RITA, "rita", { handle: "@rita.rolls", platform: ["instagram"], followers: "15200", rate: "320", disclose: ["yes"] });
    expect(shown(answer)).toMatch(/confirm/i);
    claimNotice = await slack.fake.waitForCall((c) => slack.fake.calls.indexOf(c) >= before && c.method === "chat.postMessage" && /@rita\.rolls/.test(c.args.text ?? ""));
    await click(claimNotice, "Confirm");
    const optInNotice = await slack.fake.waitForCall((c) => c.method === "chat.postMessage" && /opted in to Spring launch/.test(c.args.text ?? ""), 15_000);
    expect(optInNotice.args.blocks).toMatch(/Approve/);
    const dm = await dmTo(RITA, /confirmed/i);
    expect(shown(dm.body)).toMatch(/@rita\.rolls/);
    const row = await rita();
    expect(row).toMatchObject({ creator_discord: RITA, account_discord: RITA, followers: 15000, rate: 300, country: "US" });
    expect(row.declared).toMatchObject({ followers: 15200, rate: 320 });
    expect(await participations()).toEqual([{ status: "opted_in", discord_user_id: RITA }]);
  });

  it("a doubled or retried Confirm click changes nothing twice and says who confirmed it when", async () => {
    const notices = () => slack.fake.calls.filter((c) => c.method === "chat.postMessage" && /opted in to Spring launch/.test(c.args.text ?? "")).length;
    const before = notices();
    const again = await click(claimNotice, "Confirm");
    const r = await slack.fake.waitForResponse((x) => x.id === again.id);
    expect(JSON.stringify(r.body)).toMatch(/already confirmed by/i);
    // The very same click delivered twice (a Slack retry) is handled once.
    const a = again.payload.actions[0]!;
    const retry = clickPayload(slack.fake, { value: a.value, actionId: a.action_id, blockId: a.block_id, actionTs: a.action_ts, label: "Confirm" });
    expect((await slack.interact(retry.payload)).status).toBe(200);
    await new Promise((res) => setTimeout(res, 500));
    expect(notices()).toBe(before);
    expect(await participations()).toEqual([{ status: "opted_in", discord_user_id: RITA }]);
    expect(fake.problems()).toEqual([]);
    expect(slack.fake.problems()).toEqual([]);
  });
});
