// Issue 16 end to end: real discord.js against the fake Discord (gateway and REST) and real Bolt
// against the fake Slack Web API. A creator accepts terms v1 in the opt-in form, the marketer
// changes the terms in Slack, the creator accepts v2 from the DM's button; /deliver is refused
// before a draft is approved; a draft attached in Discord (a PDF refused, an image taken) lacks #ad
// and is sent back from Slack's Request changes form; v2 shows the caption change and is approved
// with notes; /deliver is then accepted; the usage rights appear in the digest 14 days before they
// expire. Every body both fakes receive is checked against the platforms' specs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { IDS, snowflake, startFakeDiscord, type FakeDiscord } from "../fakes/discord-api.ts";
import { startFakeGateway, type FakeGateway } from "../fakes/discord-gateway.ts";
import { clickParts, interactionPayload, submitData } from "../fakes/discord-interactions.ts";
import { TOKEN, buttons, shown } from "../fakes/discord-harness.ts";
import { clickPayload, MARKETER, startHarness, type Harness } from "../fakes/slack-harness.ts";
import type { ApiCall } from "../fakes/slack-api.ts";
import { startDiscord, type DiscordAdapter } from "../../src/adapters/discord/discord.adapter.ts";

const t = useTestDatabase("discord_agreement");
let fake: FakeDiscord;
let gateway: FakeGateway;
let slack: Harness;
let discord: DiscordAdapter;

const ANA = "1400000000000000001";
const ROSTER = `handle,platform,followers,rate,currency,country,discord_id\nana.cooks,instagram,15000,300,USD,US,${ANA}\n`;
const SLUG = "spring-launch";
const marketer = { id: MARKETER, name: "mia", roles: ["marketer"] };

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
  for (const line of [
    'campaign new name:"Spring launch" objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://example.com/spring opt-in-closes:+90d go-live:+104d hashtags:springlaunch',
    `campaign edit ${SLUG} terms:"Post within 7 days of approval. The brand may repost for 30 days." drafts:required rights-days:30 rights-channels:organic,paid-ads`,
    `brief post ${SLUG}`,
  ])
    expect((await slack.app.dispatch({ line, surface: "slack", actor: marketer })).outcome).toBe("ok");
});
afterAll(async () => {
  await discord?.close();
  await slack?.close();
  await gateway?.close();
  await fake?.close();
});

/** Sends an interaction and returns the private answer (direct, or the deferred answer's edit). */
async function answerTo(b: { id: string; token: string; payload: Record<string, unknown> }) {
  gateway.dispatch("INTERACTION_CREATE", b.payload);
  const callback = await fake.waitFor((c) => c.route.endsWith("/callback") && c.params.interaction_id === b.id, 15_000);
  if (callback.body?.type === 9) return { modal: callback.body.data };
  if (callback.body?.type !== 5) return callback.body.data;
  return (await fake.waitFor((c) => c.route.endsWith("/messages/@original") && c.params.webhook_token === b.token, 15_000)).body;
}

/** A slash command with string options and, optionally, one attached file (type 11, resolved as Discord sends it). */
function slash(name: string, options: Record<string, string>, file?: { filename: string; content_type: string; size: number }) {
  const opts: Record<string, unknown>[] = Object.entries(options).map(([k, v]) => ({ name: k, type: 3, value: v }));
  let resolved: Record<string, unknown> | undefined;
  if (file) {
    const id = snowflake();
    opts.push({ name: "attachment", type: 11, value: id });
    resolved = { attachments: { [id]: { id, ...file, url: `https://cdn.discordapp.com/ephemeral-attachments/1/${id}/${file.filename}`, proxy_url: `https://media.discordapp.net/ephemeral-attachments/1/${id}/${file.filename}` } } };
  }
  return interactionPayload(2, { id: snowflake(), name, type: 1, options: opts, ...(resolved ? { resolved } : {}) }, { user: ANA, name: "ana" });
}
const press = (customId: string, channel?: string) => {
  const { data, extra } = clickParts(customId, channel);
  return interactionPayload(3, data, { user: ANA, name: "ana", ...(channel ? { channel } : {}) }, extra);
};
const dmTo = (pattern: RegExp, ms = 15_000) =>
  fake.waitFor((c) => {
    const ch = c.route === "/channels/{channel_id}/messages" && c.method === "POST" ? (fake.channels.get(c.params.channel_id!) as { type: number; recipient?: string } | undefined) : undefined;
    return ch?.type === 1 && ch.recipient === ANA && pattern.test(shown(c.body));
  }, ms);
const q = async (sql: string) => (await t.db.pool.query(sql)).rows;

type Block = { type: string; block_id?: string; elements?: { action_id: string; value: string; text: { text: string } }[] };
async function clickNotice(n: ApiCall, label: string) {
  const blocks = JSON.parse(n.args.blocks!) as Block[];
  const actions = blocks.find((b) => b.type === "actions")!;
  const b = actions.elements!.find((e) => e.text.text === label)!;
  const p = clickPayload(slack.fake, { value: b.value, actionId: b.action_id, blockId: actions.block_id, blocks, label });
  expect((await slack.interact(p.payload)).status).toBe(200);
  return p;
}
/** Opens the form a button asks for (views.open) and submits it with a note. */
async function submitNote(click: { id: string }, note: string) {
  const open = await slack.fake.waitForCall((c) => c.method === "views.open" && c.args.trigger_id === `${click.id}.trigger`);
  const view = JSON.parse(open.args.view!) as { callback_id: string; private_metadata: string; blocks: { block_id: string }[]; title: { text: string } };
  expect(view.blocks.map((b) => b.block_id)).toEqual(["note"]);
  const r = await slack.interact({
    type: "view_submission",
    team: { id: "T0TEST", domain: "scout-test" },
    user: { id: MARKETER, username: "mia", name: "mia", team_id: "T0TEST" },
    api_app_id: "A0TEST",
    token: "deprecated",
    trigger_id: "t.submit",
    view: { id: `V${click.id}`, team_id: "T0TEST", type: "modal", callback_id: view.callback_id, private_metadata: view.private_metadata, blocks: view.blocks, state: { values: { note: { note: { type: "plain_text_input", value: note } } } }, hash: "1.abc", title: view.title, app_id: "A0TEST", bot_id: "B0BOT" },
  });
  expect(r.status).toBe(200);
  return view;
}
const draftNotice = (version: number) => slack.fake.waitForCall((c) => c.method === "chat.postMessage" && new RegExp(`Draft v${version} from @ana\\.cooks`).test(c.args.text ?? ""), 15_000);

describe("terms", () => {
  it("the opt-in form asks to accept terms v1 and the acceptance is stored with who, when, version, hash and surface", async () => {
    const brief = fake.find("/channels/{channel_id}/messages", "POST")[0]!.body;
    const imIn = buttons(brief).find((b) => b.label === "I'm in")!.custom_id;
    const { modal } = (await answerTo(press(imIn))) as { modal: { custom_id: string; components: { label: string }[] } };
    expect(modal.components.length).toBeLessThanOrEqual(5);
    expect(modal.components.map((c) => c.label)).toContain("I accept terms v1");
    const answer = await answerTo(interactionPayload(5, submitData(modal.custom_id, { handle: "@ana.cooks", platform: ["instagram"], rate: "300", disclose: ["yes"], "accept-terms": ["yes"] }), { user: ANA, name: "ana" }));
    expect(shown(answer)).toMatch(/You accepted terms v1/);
    expect(await q("SELECT version, actor_id, surface FROM terms_acceptance")).toEqual([{ version: 1, actor_id: ANA, surface: "discord" }]);
    const [p] = await q("SELECT id FROM participation");
    expect((await slack.app.dispatch({ line: `optins approve id:${p.id}`, surface: "slack", actor: marketer })).outcome).toBe("ok");
  });

  it("a change in Slack asks the creator for v2 in a DM; its button records v2", async () => {
    const r = await slack.command(`campaign edit ${SLUG} terms:"Post within 5 days of approval. The brand may repost for 30 days."`);
    expect(r.status).toBe(200);
    const dm = await dmTo(/the terms changed \W*v2/);
    const accept = buttons(dm.body).find((b) => b.label === "I accept terms v2")!;
    const answer = await answerTo(press(accept.custom_id, dm.params.channel_id));
    expect(shown(answer)).toMatch(/you accepted Spring launch's terms v2/);
    expect((await q("SELECT version FROM terms_acceptance ORDER BY version")).map((x) => x.version)).toEqual([1, 2]);
  });
});

describe("a draft round", () => {
  it("/deliver is refused before a draft is approved", async () => {
    const answer = await answerTo(slash("deliver", { campaign: SLUG, url: "https://www.instagram.com/p/Cagree1/" }));
    expect(shown(answer)).toMatch(/needs an approved draft before you post/);
    expect(await q("SELECT id FROM deliverable")).toEqual([]);
  });

  it("refuses an attachment of the wrong type or over the server's upload limit, saying why, and stores nothing", async () => {
    const answer = await answerTo(slash("draft", { campaign: SLUG, caption: "#ad Spring #springlaunch" }, { filename: "contract.pdf", content_type: "application/pdf", size: 40_000 }));
    expect(shown(answer)).toMatch(/contract\.pdf is application\/pdf; a draft must be an image/);
    // Larger than the upload limit Discord states for this server (8 MB in the interaction).
    const big = await answerTo(slash("draft", { campaign: SLUG, caption: "#ad Spring #springlaunch" }, { filename: "reel.mp4", content_type: "video/mp4", size: 9 * 1024 * 1024 }));
    expect(shown(big)).toMatch(/reel\.mp4 is 9\.0 MB; at most 8\.0 MB here/);
    expect(await q("SELECT id FROM draft")).toEqual([]);
  });

  it("v1 without #ad: the creator sees what is missing at once; the marketers get it with the checks and three buttons", async () => {
    const answer = await answerTo(slash("draft", { campaign: SLUG, caption: "Spring bowls are here #springlaunch" }, { filename: "reel.png", content_type: "image/png", size: 2_400_000 }));
    expect(shown(answer)).toMatch(/Draft v1 sent/);
    expect(shown(answer)).toMatch(/please fix before you post/);
    expect(shown(answer)).toMatch(/#ad/);
    const notice = await draftNotice(1);
    expect(notice.args.blocks).toMatch(/reel\.png \(image\/png, 2\.3 MB\): https:\/\/cdn\.discordapp\.com/);
    expect(JSON.parse(notice.args.blocks!).find((b: Block) => b.type === "actions").elements.map((e: { text: { text: string } }) => e.text.text)).toEqual(["Approve", "Approve with notes", "Request changes"]);
    const [d] = await q("SELECT version, attachment->>'contentType' AS type, status FROM draft");
    expect(d).toEqual({ version: 1, type: "image/png", status: "submitted" });
  });

  it("Request changes opens a form in Slack; the note reaches the creator privately in Discord", async () => {
    const click = await clickNotice(await draftNotice(1), "Request changes");
    await submitNote(click, "Put #ad at the start of the caption");
    const dm = await dmTo(/asks for changes to your draft v1/);
    expect(shown(dm.body)).toMatch(/Put #ad at the start of the caption/);
    expect(await q("SELECT version, status, decided_by, decision_note FROM draft")).toEqual([{ version: 1, status: "changes_requested", decided_by: MARKETER, decision_note: "Put #ad at the start of the caption" }]);
  });

  it("v2 shows what changed in the caption, and is approved with notes from a form", async () => {
    const answer = await answerTo(slash("draft", { campaign: SLUG, caption: "#ad Spring bowls are here #springlaunch" }, { filename: "reel2.png", content_type: "image/png", size: 2_500_000 }));
    expect(shown(answer)).toMatch(/Draft v2 sent/);
    expect(shown(answer)).toMatch(/Caption check: all good/);
    const notice = await draftNotice(2);
    expect(notice.args.blocks).toMatch(/What changed since v1/);
    expect(notice.args.blocks).toMatch(/\{\+#ad\+\} Spring/);
    const click = await clickNotice(notice, "Approve with notes");
    await submitNote(click, "Tag @greenbowl in the first line");
    const dm = await dmTo(/draft v2 approved/);
    expect(shown(dm.body)).toMatch(/Tag @greenbowl in the first line/);
    // A second decision on the same version is refused, saying who decided when.
    const again = await clickNotice(notice, "Approve");
    const r = await slack.fake.waitForResponse((x) => x.id === again.id);
    expect(JSON.stringify(r.body)).toMatch(/already approved with notes by mia at \d\d:\d\d UTC/);
    expect((await q("SELECT version, status FROM draft ORDER BY version")).map((x) => `${x.version} ${x.status}`)).toEqual(["1 changes_requested", "2 approved_with_notes"]);
  });

  it("/deliver is accepted once the draft is approved", async () => {
    const answer = await answerTo(slash("deliver", { campaign: SLUG, url: "https://www.instagram.com/p/Cagree1/", note: "#ad Spring bowls are here #springlaunch" }));
    expect(shown(answer)).toMatch(/Submitted for Spring launch/);
    expect((await q("SELECT status::text AS status FROM deliverable")).map((x) => x.status)).toEqual(["submitted"]);
  });
});

describe("usage rights", () => {
  it("are granted at approval and appear in the digest from 14 days before they expire", async () => {
    const [g] = await q("SELECT days, channels, expires_at FROM usage_rights");
    expect(g).toMatchObject({ days: 30, channels: ["organic", "paid-ads"] });
    const expires = new Date(g.expires_at).getTime();
    const day = 86_400_000;
    const at = (ms: number) => slack.app.services.digests.compose({ now: new Date(ms), campaignSlug: SLUG });
    expect(JSON.stringify((await at(expires - 15 * day)).message)).not.toMatch(/Usage rights expiring/);
    expect(JSON.stringify((await at(expires - 14 * day + 60_000)).message)).toMatch(/Usage rights expiring within 14 days.*@ana\.cooks \(instagram\), 30 days: organic repost, paid ads/);
    // Posted through Slack when it is due: the rights moved to expire in 10 days.
    await t.db.pool.query("UPDATE usage_rights SET expires_at = now() + interval '10 days'");
    expect((await slack.command(`digest now campaign:${SLUG} channel:C0NOTICE`)).status).toBe(200);
    const posted = await slack.fake.waitForCall((c) => c.method === "chat.postMessage" && /Usage rights expiring/.test(`${c.args.text ?? ""}${c.args.blocks ?? ""}`), 20_000);
    expect(posted.args.channel).toBe("C0NOTICE");
  });

  it("the agreement form opens in Slack filled with the current values; saving it unchanged but for the rights keeps the terms' version", async () => {
    const open = await slack.command(`campaign agreement ${SLUG}`);
    expect(open.status).toBe(200);
    const call = await slack.fake.waitForCall((c) => c.method === "views.open" && c.args.trigger_id === `${open.id}.trigger`);
    const view = JSON.parse(call.args.view!);
    const inputs = view.blocks.filter((b: any) => b.type === "input");
    expect(inputs.map((b: any) => b.block_id)).toEqual(["terms", "drafts", "rights-days", "rights-channels", "rights-handle-ads"]);
    const initial = (b: any) => b.element.initial_value ?? b.element.initial_option?.value ?? null;
    expect(Object.fromEntries(inputs.map((b: any) => [b.block_id, initial(b)]))).toMatchObject({ drafts: "required", "rights-days": "30", "rights-channels": "organic,paid-ads", "rights-handle-ads": "no" });
    const values: Record<string, Record<string, unknown>> = {};
    for (const b of inputs) {
      const v = b.block_id === "rights-days" ? "45" : initial(b);
      const type = b.element.type;
      values[b.block_id] = { [b.element.action_id]: type === "static_select" ? { type, selected_option: v ? { value: v } : null } : { type, value: v } };
    }
    const r = await slack.interact({
      type: "view_submission",
      team: { id: "T0TEST", domain: "scout-test" },
      user: { id: MARKETER, username: "mia", name: "mia", team_id: "T0TEST" },
      api_app_id: "A0TEST",
      token: "deprecated",
      trigger_id: "t.agreement",
      view: { id: "V0AGREE", team_id: "T0TEST", type: "modal", callback_id: view.callback_id, private_metadata: view.private_metadata, blocks: view.blocks, state: { values }, hash: "1.abc", title: view.title, app_id: "A0TEST", bot_id: "B0BOT" },
    });
    expect(r.status).toBe(200);
    await slack.fake.waitForCall((c) => c.method === "chat.postMessage" && /Usage rights: 45 days/.test(`${c.args.text ?? ""}${c.args.blocks ?? ""}`), 15_000);
    expect(await q("SELECT rights_days, drafts_required FROM campaign_agreement")).toEqual([{ rights_days: 45, drafts_required: true }]);
    expect((await q("SELECT version FROM campaign_terms ORDER BY version")).map((x) => x.version)).toEqual([1, 2]);
  });

  it("sent nothing either platform refuses", () => {
    expect(fake.problems()).toEqual([]);
    expect(slack.fake.problems()).toEqual([]);
  });
});
