// A campaign's brief in a Discord text channel and the creator's opt-in through real discord.js:
// the brief posted (embed, buttons, thread) and edited in place, I'm in → modal → participation,
// duplicates, the creator role, forged buttons, approval and decline messages (DMs or, when DMs are
// closed, a private thread), a 429 on message create, and closing the campaign.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { IDS } from "../fakes/discord-api.ts";
import { checkRequest, specAvailable } from "../fakes/discord-spec.ts";
import { CREATOR, OUTSIDER, buttons, shown, startDiscordHarness, type DiscordHarness } from "../fakes/discord-harness.ts";

const t = useTestDatabase("discord_optin");
let h: DiscordHarness;
const SLUG = "spring-launch";
const participations = async () => (await t.db.pool.query<{ status: string; discord_user_id: string | null }>("SELECT p.status::text, c.discord_user_id FROM participation p JOIN creator c ON c.id = p.creator_id")).rows;

beforeAll(async () => {
  h = await startDiscordHarness({ db: t });
  await h.marketer(
    'campaign new name:"Spring launch" objective:sales deliverables:"1 Reel" compensation:"flat fee" budget:5000 landing-url:https://example.com/spring opt-in-closes:+90d go-live:+104d',
  );
});
afterAll(async () => {
  await h?.close();
});

/** A member with the creator role submits the opt-in form shown earlier, and gets the answer. */
async function optInAs(user: string, fields: Record<string, string | string[]>) {
  h.fake.members.set(user, [IDS.role]);
  const modalId = h.fake.calls.find((c) => c.body?.type === 9)!.body.data.custom_id;
  const r = h.submit(modalId, fields, { user });
  await h.answer(r.id, r.token);
}

async function postBrief() {
  const before = h.fake.calls.length;
  await h.marketer(`brief post ${SLUG}`);
  return h.fake.calls.slice(before);
}

describe("the brief in a text channel", () => {
  it("posts an embed with objective, deliverables, compensation, dates and disclosure, two buttons, and starts a thread", async () => {
    const calls = await postBrief();
    const create = calls.find((c) => c.route === "/channels/{channel_id}/messages" && c.method === "POST")!;
    expect(create.params.channel_id).toBe(IDS.text);
    const text = shown(create.body);
    for (const w of ["Objective", "Deliverables", "1 Reel", "Compensation", "flat fee", "Opt-in closes", "Go-live", "Disclosure"]) expect(text).toContain(w);
    expect(buttons(create.body).map((b) => b.label)).toEqual(["I'm in", "Not for me"]);
    expect(create.body.allowed_mentions).toEqual({ parse: [] });
    expect(calls.some((c) => c.route === "/channels/{channel_id}/messages/{message_id}/threads")).toBe(true);
    const row = (await t.db.pool.query("SELECT brief_channel_id, brief_message_id, brief_thread_id FROM campaign WHERE slug = $1", [SLUG])).rows[0];
    expect(row.brief_channel_id).toBe(IDS.text);
    expect(h.fake.channels.get(IDS.text)!.messages.has(row.brief_message_id)).toBe(true);
    expect(row.brief_thread_id).toBeTruthy();
  });

  it("edits the same message when the brief is posted again", async () => {
    const first = h.fake.find("/channels/{channel_id}/messages", "POST").length;
    const calls = await postBrief();
    expect(h.fake.find("/channels/{channel_id}/messages", "POST")).toHaveLength(first);
    expect(calls.filter((c) => c.method === "PATCH" && c.route === "/channels/{channel_id}/messages/{message_id}")).toHaveLength(1);
  });
});

describe("opting in", () => {
  let optinId: string;
  it("I'm in opens the opt-in modal directly (no deferral), within the limits", async () => {
    const brief = h.fake.find("/channels/{channel_id}/messages", "POST")[0]!.body;
    optinId = buttons(brief).find((b) => b.label === "I'm in")!.custom_id;
    expect(optinId.length).toBeLessThanOrEqual(100);
    const r = h.click(optinId);
    const { callback } = await h.answer(r.id, r.token);
    expect(callback.body.type).toBe(9);
    const modal = callback.body.data;
    expect(modal.components.length).toBeLessThanOrEqual(5);
    const keys = modal.components.map((c: any) => c.component.custom_id);
    expect(keys).toEqual(expect.arrayContaining(["handle", "platform", "followers", "rate", "disclose"]));
    expect(modal.components.find((c: any) => c.component.custom_id === "platform").component.type).toBe(3);
  });

  it("a submission records one opted-in participation linked to the Discord user, answers privately and tells the marketers", async () => {
    const modalId = (await h.fake.waitFor((c) => c.body?.type === 9)).body.data.custom_id;
    const r = h.submit(modalId, { handle: "@ana.cooks", platform: ["instagram"], followers: "12000", rate: "250", disclose: ["yes"] });
    const { callback, final } = await h.answer(r.id, r.token);
    expect([4, 5]).toContain(callback.body.type);
    expect(callback.body.data.flags & 64).toBe(64);
    expect(shown(final)).toMatch(/in the running|Opted in/);
    expect(await participations()).toEqual([{ status: "opted_in", discord_user_id: CREATOR }]);
    expect(h.notices()).toMatch(/opted in to Spring launch/);
    expect(h.notices()).toMatch(/optins approve id:/);

    // The same delivery again (a gateway replay): no second callback, no second participation.
    h.gateway.dispatch("INTERACTION_CREATE", r.payload);
    await new Promise((res) => setTimeout(res, 400));
    expect(h.fake.answers(r.id).filter((c) => c.route.endsWith("/callback"))).toHaveLength(1);
    expect(h.fake.calls.filter((c) => c.status === 400)).toHaveLength(0);
    expect(await participations()).toHaveLength(1);
  });

  it("pressing I'm in and submitting again says you're already in", async () => {
    const modalId = (await h.fake.waitFor((c) => c.body?.type === 9)).body.data.custom_id;
    const r = h.submit(modalId, { handle: "@ana.cooks", platform: ["instagram"], disclose: ["yes"] });
    const { final } = await h.answer(r.id, r.token);
    expect(shown(final)).toMatch(/already in/i);
    expect(await participations()).toHaveLength(1);
  });

  it("a missing answer in the form is shown back privately, with a button to open the form again", async () => {
    const modalId = (await h.fake.waitFor((c) => c.body?.type === 9)).body.data.custom_id;
    const r = h.submit(modalId, { handle: "@bo.eats", platform: ["tiktok"] }, { user: "1200000000000000009" });
    const { final } = await h.answer(r.id, r.token);
    expect(shown(final)).toMatch(/disclose/);
    expect(buttons(final).map((b) => b.label)).toEqual(["Open the form again"]);
    expect(await participations()).toHaveLength(1);
  });

  it("a member without the creator role gets a polite private refusal", async () => {
    const r = h.click(optinId, { user: OUTSIDER, roles: [] });
    const { callback, final } = await h.answer(r.id, r.token);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags & 64).toBe(64);
    expect(shown(final)).toMatch(/creator role/);
    expect(await participations()).toHaveLength(1);
  });

  it("a forged or stale custom id is refused politely and runs nothing", async () => {
    for (const id of [optinId.replace(/:[\w-]+$/, ":AAAAAAAAAA"), `s0:optin ${SLUG}:abc`, "optin spring-launch"]) {
      const r = h.click(id);
      const { final } = await h.answer(r.id, r.token);
      expect(shown(final)).toMatch(/out of date or was not made by Scout/);
    }
    expect(h.fake.calls.filter((c) => c.body?.type === 9)).toHaveLength(1);
  });
});

describe("the team's decision, told privately", () => {
  const pid = async (user: string) => (await t.db.pool.query<{ id: string }>("SELECT p.id FROM participation p JOIN creator c ON c.id = p.creator_id WHERE c.discord_user_id = $1", [user])).rows[0]!.id;

  it("approval sends a DM with the link and the dates", async () => {
    await h.marketer(`optins approve id:${await pid(CREATOR)}`);
    const dm = await h.fake.waitFor((c) => c.route === "/users/@me/channels");
    expect(dm.body).toEqual({ recipient_id: CREATOR });
    const msg = await h.fake.waitFor((c) => c.route === "/channels/{channel_id}/messages" && h.fake.channels.get(c.params.channel_id!)?.type === 1);
    expect(shown(msg.body)).toMatch(/You're in: Spring launch/);
    expect(shown(msg.body)).toMatch(/Go-live/);
  });

  it("when DMs are closed, a private thread in the creators' channel replaces the DM, and is remembered", async () => {
    const bo = "1200000000000000011";
    await optInAs(bo, { handle: "@bo.eats", platform: ["tiktok"], disclose: ["yes"] });
    h.fake.dmsClosed.add(bo);
    await h.marketer(`optins approve id:${await pid(bo)}`);
    const thread = await h.fake.waitFor((c) => c.route === "/channels/{channel_id}/threads" && c.body?.type === 12);
    expect(thread.params.channel_id).toBe(IDS.text);
    const invited = await h.fake.waitFor((c) => c.route === "/channels/{channel_id}/thread-members/{user_id}");
    expect(invited.params.user_id).toBe(bo);
    const note = await h.fake.waitFor((c) => c.route === "/channels/{channel_id}/messages" && c.status === 200 && c.params.channel_id === invited.params.channel_id);
    expect(note.body.allowed_mentions).toEqual({ parse: [], users: [bo] });
    const row = (await t.db.pool.query("SELECT discord_thread_id FROM creator WHERE discord_user_id = $1", [bo])).rows[0];
    expect(row.discord_thread_id).toBe(invited.params.channel_id);
  });

  it("a decline sends a kind, short note", async () => {
    const cy = "1200000000000000012";
    await optInAs(cy, { handle: "@cy.travels", platform: ["youtube"], disclose: ["yes"] });
    const before = h.fake.calls.length;
    await h.marketer(`optins decline id:${await pid(cy)} note:"Looking for food creators this time"`);
    const msg = await h.fake.waitFor((c) => h.fake.calls.indexOf(c) >= before && c.route === "/channels/{channel_id}/messages" && c.status === 200);
    expect(shown(msg.body)).toMatch(/not this time/);
    expect(shown(msg.body)).toMatch(/Looking for food creators/);
  });
});

describe("rate limits and closing", () => {
  it("a 429 on message create is retried after Retry-After: the brief is posted once", async () => {
    await h.marketer('campaign new name:"Autumn drop" objective:awareness deliverables:"2 Stories" compensation:product opt-in-closes:+270d go-live:+284d');
    h.fake.rateLimitNext(1, 0.05);
    await h.marketer("brief post autumn-drop");
    const creates = h.fake.find("/channels/{channel_id}/messages", "POST").filter((c) => /Autumn drop/.test(shown(c.body)));
    expect(creates.map((c) => c.status)).toEqual([429, 200]);
    const stored = [...h.fake.channels.get(IDS.text)!.messages.values()].filter((m) => /Autumn drop/.test(shown(m)));
    expect(stored).toHaveLength(1);
    const row = (await t.db.pool.query("SELECT brief_message_id FROM campaign WHERE slug = 'autumn-drop'")).rows[0];
    expect(row.brief_message_id).toBe(stored[0].id);
  });

  it("closing the campaign disables the posted brief's buttons", async () => {
    const { brief_message_id } = (await t.db.pool.query("SELECT brief_message_id FROM campaign WHERE slug = $1", [SLUG])).rows[0];
    const before = h.fake.calls.length;
    await h.marketer(`campaign close ${SLUG}`);
    const edit = await h.fake.waitFor((c) => h.fake.calls.indexOf(c) >= before && c.method === "PATCH" && c.params.message_id === brief_message_id);
    expect(h.fake.calls.indexOf(edit)).toBeGreaterThanOrEqual(before);
    expect(buttons(edit.body).map((b) => [b.label, b.disabled])).toEqual([
      ["I'm in", true],
      ["Not for me", true],
    ]);
    expect(shown(edit.body)).toMatch(/closed/);
  });

  it("sent nothing that breaks Discord's API description or limits (and the checker does catch a bad body)", () => {
    expect(h.fake.problems()).toEqual([]);
    const bad = checkRequest("POST", "/channels/{channel_id}/messages", {
      content: "x".repeat(2001),
      embeds: [{ description: "y".repeat(4000) }, { description: "z".repeat(2500) }],
      components: [{ type: 1, components: Array.from({ length: 6 }, (_, i) => ({ type: 2, style: 2, label: "b", custom_id: `${i}`.padEnd(101, "x") })) }],
    });
    expect(bad.join("\n")).toMatch(/content of 2001/);
    expect(bad.join("\n")).toMatch(/embeds of 6500/);
    expect(bad.join("\n")).toMatch(/6 buttons/);
    expect(bad.join("\n")).toMatch(/custom_id of 101/);
    expect(bad.join("\n")).toMatch(/allowed_mentions/);
    if (specAvailable()) expect(checkRequest("POST", "/channels/{channel_id}/messages", { embeds: "nope", allowed_mentions: { parse: [] } }).join()).toMatch(/embeds/);
  });
});
