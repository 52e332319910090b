// Issue 17 end to end, through the real Bolt against the fake Slack Web API and real discord.js
// against the fake gateway and REST: a deliverable approved in Slack makes a payable; Mark paid opens
// the modal, its submission records the payment once (also when submitted twice) and the creator gets
// a Discord DM; a creator picks a variant with /pick in Discord, the marketer records the shipment
// from Slack's Record shipment button, the creator gets the tracking number by DM and presses I got it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { IDS, startFakeDiscord, type FakeDiscord } from "../fakes/discord-api.ts";
import { startFakeGateway, type FakeGateway } from "../fakes/discord-gateway.ts";
import { CREATOR, TOKEN, buttons, shown } from "../fakes/discord-harness.ts";
import { clickParts, interactionPayload, slashData } from "../fakes/discord-interactions.ts";
import { clickPayload, startHarness, type Harness } from "../fakes/slack-harness.ts";
import { viewSubmission, type View } from "../fakes/slack-views.ts";
import { startDiscord, type DiscordAdapter } from "../../src/adapters/discord/discord.adapter.ts";

const t = useTestDatabase("payouts_e2e");
let fake: FakeDiscord;
let gateway: FakeGateway;
let slack: Harness;
let discord: DiscordAdapter;
const marketer = { id: "U0MIA", name: "mia", roles: ["marketer"] };
const creator = { id: CREATOR, name: "ana", roles: ["creator"] };

beforeAll(async () => {
  fake = await startFakeDiscord();
  gateway = await startFakeGateway(fake);
  fake.members.set(CREATOR, [IDS.role]);
  slack = await startHarness({
    db: t,
    env: { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: IDS.app, DISCORD_GUILD_ID: IDS.guild, DISCORD_CREATORS_CHANNEL_ID: IDS.text, DISCORD_API_URL: fake.apiUrl },
  });
  discord = startDiscord(slack.app, { rest: { retries: 1 } });
  await discord.ready;
  const run = async (line: string, actor = marketer, surface: "slack" | "discord" = "slack") => {
    const r = await slack.app.dispatch({ line, surface, actor });
    if (r.outcome !== "ok") throw new Error(`${line}: ${r.reply.message.text}`);
    return r.reply.data as any;
  };
  await run('campaign new name:"Spring launch" objective:sales deliverables:"1 Reel" compensation:"flat fee + product" currency:EUR landing-url:https://example.com/spring opt-in-closes:+90d go-live:+104d');
  await run("brief post spring-launch");
  await run("optin spring-launch handle:@ana.cooks platform:instagram followers:12000 disclose:yes", creator, "discord");
  const pid = (await t.db.pool.query("SELECT id FROM participation")).rows[0].id;
  await run(`optins approve id:${pid}`);
  await run("spend campaign:spring-launch creator:@ana.cooks fee:250");
  await run('deliver campaign:spring-launch url:https://www.instagram.com/p/Cpayout1/ note:"#ad spring is here"', creator, "discord");
  await run('products add spring-launch name:Serum variants:"30ml,50ml" value:40');
}, 60_000);

afterAll(async () => {
  await discord?.close();
  await slack?.close();
  await gateway?.close();
  await fake?.close();
});

type Block = { type: string; block_id?: string; elements?: { action_id: string; value: string; text: { text: string } }[] };
/** What Discord shows, without the escapes of markdown characters (\\( → (). */
const plain = (m: unknown) => shown(m).replace(/\\+/g, "");
const blocksOf = (body: any): Block[] => body.blocks ?? [];
const button = (blocks: Block[], label: string) => {
  for (const b of blocks) for (const e of b.elements ?? []) if (e.text?.text === label) return { block: b, element: e };
  throw new Error(`no ${label} button in ${JSON.stringify(blocks).slice(0, 500)}`);
};
const dmTo = (pred: (text: string) => boolean) =>
  fake.waitFor((c) => c.route === "/channels/{channel_id}/messages" && c.method === "POST" && fake.channels.get(c.params.channel_id!)?.type === 1 && pred(plain(c.body)), 15_000);
const send = (type: 2 | 3, data: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const b = interactionPayload(type, data, { user: CREATOR }, extra);
  gateway.dispatch("INTERACTION_CREATE", b.payload);
  return b;
};

describe("approve → payable → paid → creator DM", () => {
  it("records the payable at approval in Slack, then one payment from the Mark paid modal, and DMs the creator", async () => {
    const did = (await t.db.pool.query("SELECT id FROM deliverable")).rows[0].id;
    const approve = await slack.command(`deliverables approve id:${did}`);
    expect(approve.status).toBe(200);
    const approved = await slack.fake.waitForResponse((r) => r.id === approve.id && /Payable recorded/.test(JSON.stringify(r.body)));
    expect(JSON.stringify(approved.body)).toMatch(/Payable recorded: €250 to @ana\.cooks, due \d{4}-\d\d-\d\d/);
    const list = await slack.command("payouts spring-launch");
    const answer = await slack.fake.waitForResponse((r) => r.id === list.id && /Mark paid/.test(JSON.stringify(r.body)));
    expect(answer.body.response_type).toBe("ephemeral");
    const blocks = blocksOf(answer.body);
    const b = button(blocks, "Mark paid");
    const click = clickPayload(slack.fake, { value: b.element.value, actionId: b.element.action_id, blockId: b.block.block_id, blocks });
    expect((await slack.interact(click.payload)).status).toBe(200);
    const opened = await slack.fake.waitForCall((c) => c.method === "views.open");
    const view = JSON.parse(opened.args.view!) as View;
    expect(view.blocks.map((x) => x.block_id)).toEqual(["amount", "date", "method", "reference"]);
    const today = new Date().toISOString().slice(0, 10);
    const values = { amount: "250", date: today, method: "bank-transfer", reference: "8812" };
    // Submitted twice (a doubled click): one payment.
    const [r1, r2] = await Promise.all([slack.interact(viewSubmission("V0PAY1", view, values)), slack.interact(viewSubmission("V0PAY2", view, values))]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    const dm = await dmTo((s) => /€250 paid on/.test(s));
    expect(plain(dm.body)).toMatch(/€250 paid on \d+ \w{3}, ref 8812 \(bank-transfer\) for Spring launch/);
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.db.pool.query("SELECT count(*)::int AS n FROM payment")).rows[0].n).toBe(1);
    expect((await t.db.pool.query("SELECT paid_minor::int AS p FROM payable")).rows[0].p).toBe(25000);
    expect(fake.problems()).toEqual([]);
    expect(slack.fake.problems()).toEqual([]);
  });
});

describe("variant chosen (offer button, then /pick) → shipped → tracking DM → received", () => {
  it("takes the creator's /pick in Discord, the shipment from Slack's form, DMs the tracking number and records receipt from the button", async () => {
    // Approved before the product was added: offered it by DM, a button per variant.
    const offer = await dmTo((x) => /Pick your Serum/.test(x));
    expect(buttons(offer.body).map((x) => x.label)).toEqual(["30ml", "50ml"]);
    const first = clickParts(buttons(offer.body)[0]!.custom_id, offer.params.channel_id!);
    send(3, first.data, first.extra);
    await expect.poll(async () => (await t.db.pool.query("SELECT variant FROM shipment")).rows.map((r) => r.variant), { timeout: 10_000 }).toEqual(["30ml"]);
    // Changed with /pick.
    const pick = send(2, slashData("pick", { campaign: "spring-launch", variant: "50ml" }));
    const picked = await fake.waitFor((c) => c.route.endsWith("/callback") && c.params.interaction_id === pick.id);
    const pickedText = picked.body?.type === 5 ? plain((await fake.waitFor((c) => c.route.endsWith("/messages/@original") && c.params.webhook_token === pick.token)).body) : plain(picked.body?.data);
    expect(pickedText).toMatch(/Changed to Serum \(50ml\) for Spring launch/);

    const list = await slack.command("products spring-launch");
    const answer = await slack.fake.waitForResponse((r) => r.id === list.id && /Record shipment/.test(JSON.stringify(r.body)));
    const blocks = blocksOf(answer.body);
    const b = button(blocks, "Record shipment");
    const click = clickPayload(slack.fake, { value: b.element.value, actionId: b.element.action_id, blockId: b.block.block_id, blocks });
    const opens = slack.fake.calls.filter((c) => c.method === "views.open").length;
    expect((await slack.interact(click.payload)).status).toBe(200);
    const opened = await slack.fake.waitForCall((c) => c.method === "views.open" && slack.fake.calls.filter((x) => x.method === "views.open").indexOf(c) >= opens);
    const view = JSON.parse(opened.args.view!) as View;
    expect((await slack.interact(viewSubmission("V0SHIP", view, { carrier: "DHL", tracking: "JD0146000038" }))).status).toBe(200);

    const dm = await dmTo((s) => /tracking number JD0146000038/.test(s));
    expect(plain(dm.body)).toMatch(/Serum \(50ml\) for Spring launch was shipped with DHL/);
    const got = buttons(dm.body).find((x) => x.label === "I got it")!;
    expect(got).toBeDefined();
    const { data, extra } = clickParts(got.custom_id, dm.params.channel_id!);
    send(3, data, extra);
    await slack.fake.waitForCall((c) => c.method === "chat.postMessage" && /received Serum \(50ml\)/.test(c.args.text ?? ""));
    const row = (await t.db.pool.query("SELECT status, carrier, tracking FROM shipment")).rows[0];
    expect(row).toEqual({ status: "received", carrier: "DHL", tracking: "JD0146000038" });
    expect((await t.db.pool.query("SELECT product_cost::text AS c FROM participation")).rows[0].c).toBe("40.00");
    expect(fake.problems()).toEqual([]);
    expect(slack.fake.problems()).toEqual([]);
  });
});
