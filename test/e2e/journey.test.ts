// The whole journey as one story, on the REAL bot process (npm start, configured only through the
// environment) against a fake Slack (HTTP mode) and a fake Discord (REST + gateway) on 127.0.0.1
// and a real PostgreSQL: roster import → shortlist → campaign modal → invites and brief → opt-ins
// on Discord (the form asks to accept terms v1) → approvals in Slack → links → terms accepted again once identity is
// confirmed, and a draft round (v1 sent back, v2 approved with notes) → deliveries (wrong host, missing disclosure) → review →
// each delivered post checked on Instagram (a fake Graph API) → clicks and a signed conversion →
// a report → the digest at its minute → the overdue reminder → a platform snapshot due while the
// bot was down, taken once after the restart, and the self-report that differs from it flagged.
// Each step asserts on the fakes' recorded requests and on the database.
// Run it alone: TEST_DATABASE_URL=... npx vitest run --config test/vitest.config.ts test/e2e/journey.test.ts
// It waits for the digest's minute of real time (up to a minute), restarting the bot across it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCreators, rosterCsv } from "../../bench/lib/generate.ts";
import { useTestDatabase } from "../support/db.ts";
import { startBotDriver, type BotDriver, DISCORD_TOKEN, IP_SALT, NOTIFY_CHANNEL, WEBHOOK_SECRET } from "../support/bot-driver.ts";
import { IDS } from "../fakes/discord-api.ts";
import { BOT_TOKEN, MARKETER, SIGNING_SECRET } from "../fakes/slack-harness.ts";
import { shown, buttons } from "../fakes/discord-harness.ts";
import { startFakeGraph, type FakeGraph } from "../fakes/graph-api.ts";

const t = useTestDatabase("journey");
let d: BotDriver;
// Instagram's Graph API (Business Discovery through the brand's account): the creators' posts as
// the platform has them, so that Scout checks delivered links and fetches their numbers itself.
let graph: FakeGraph;

const SLUG = "spring-launch";
const GROWTH = "C0GROWTH";
const LANDING = "https://shop.example.com/spring";
const USERS = ["1300000000000000001", "1300000000000000002", "1300000000000000003", "1300000000000000004"];
const day = (offset: number, from = Date.now()) => new Date(from + offset * 86_400_000).toISOString().slice(0, 10);
const hhmm = (at: Date) => at.toISOString().slice(11, 16);
// The first run's reminders are set well after now, so that the run at start (for yesterday) does not
// use up today's sweep; the restart across the digest's minute moves them to that minute.
const later = new Date(Date.now() + 30 * 60_000);
const laterToday = later.toISOString().slice(0, 10) === day(0) ? hhmm(later) : "23:59";

/** The story's state, filled as it goes. */
const s = {
  handles: [] as string[],
  participation: new Map<string, string>(),
  code: new Map<string, string>(),
  deliverable: new Map<string, string>(),
  /** Instagram media ids on the fake Graph API, by shortcode. */
  media: new Map<string, string>(),
};
const who = (i: number) => ({ user: USERS[i]!, name: `creator${i + 1}` });
const blocksOf = (c: { args: Record<string, string> }) => JSON.parse(c.args.blocks ?? "[]") as any[];
const buttonsIn = (blocks: any[]) => blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements.map((e: any) => ({ ...e, block_id: b.block_id })));
const dmChannelOf = (user: string) => d.discord.calls.filter((c) => c.route === "/users/@me/channels" && c.body?.recipient_id === user && c.status === 200);
const dmsTo = (user: string) => {
  const channels = new Set([...d.discord.channels.values()].filter((ch: any) => ch.type === 1 && ch.recipient === user).map((ch) => ch.id));
  return d.discord.calls.filter((c) => c.route === "/channels/{channel_id}/messages" && c.method === "POST" && c.status === 200 && channels.has(c.params.channel_id!));
};

beforeAll(async () => {
  graph = await startFakeGraph();
  d = await startBotDriver({
    databaseUrl: t.url,
    env: {
      TRUST_PROXY: "true",
      REMINDER_AT: laterToday,
      REMINDER_TZ: "UTC",
      GRAPH_API_URL: graph.url,
      INSTAGRAM_BUSINESS_ACCOUNT_ID: graph.businessAccountId,
      INSTAGRAM_ACCESS_TOKEN: graph.accessToken,
    },
  });
  for (const u of USERS) d.discord.members.set(u, [IDS.role]);
}, 120_000);
afterAll(async () => {
  await d?.close();
  await graph?.close();
});

// Generous time per step: a loaded 2-core machine may be slow; every wait is on an event, not a sleep.
describe("the journey of a campaign, end to end, on the real bot process", { timeout: 120_000 }, () => {
  it("1. a marketer imports a roster by sharing a CSV in a DM with the comment import", async () => {
    const file = d.slack.shareFile("creators.csv", rosterCsv(generateCreators(30, 7)));
    const ts = "1700100000.000100";
    const r = await d.slackEvent({ type: "message", subtype: "file_share", files: [file], channel: "D0MIA", channel_type: "im", user: MARKETER, text: "import platform:instagram", ts, event_ts: ts });
    expect(r.status).toBe(200);
    const done = await d.waitSlackCall((c) => c.method === "chat.update" && /Roster imported|Nothing imported/.test(c.args.text ?? ""), 60_000);
    expect(done.args.text).toBe("Roster imported");
    expect(done.args.blocks).toMatch(/30 created/);
    expect(d.slack.downloads.at(-1)).toMatchObject({ authorized: true });
    expect((await d.sql("SELECT count(*)::int AS n FROM account WHERE platform = 'instagram'"))[0]!.n).toBe(30);
  });

  it("2. asks for a shortlist and gets ranked creators with their working", async () => {
    const r = await d.slackRun("shortlist followers:1k-500k top:5");
    expect(r.text).toMatch(/Top 5 of \d+ creators/);
    expect((r.text.match(/@[\w.]+ \(instagram\)/g) ?? []).length).toBe(5);
  });

  it("3. creates the campaign in the modal", async () => {
    const open = await d.slackCommand("campaign new");
    expect(open.status).toBe(200);
    const call = await d.waitSlackCall((c) => c.method === "views.open" && c.args.trigger_id === `${open.id}.trigger`);
    const view = JSON.parse(call.args.view!);
    const given: Record<string, string> = {
      name: "Spring launch",
      objective: "sales",
      deliverables: "1 Reel",
      compensation: "flat fee + product",
      budget: "5000",
      "landing-url": LANDING,
      "go-live": day(10),
    };
    const values: Record<string, Record<string, unknown>> = {};
    for (const b of view.blocks.filter((x: any) => x.type === "input")) {
      const v = given[b.block_id] ?? "";
      const type = b.element.type;
      values[b.block_id] =
        type === "datepicker" ? { type, selected_date: v || null } : type === "static_select" ? { type, selected_option: v ? { value: v } : null } : { type, value: v || null };
    }
    // Opt-in closes is left empty: the window stays open while the first drafts are due.
    const r = await d.slackSubmitView(view, values);
    expect(r.status).toBe(200);
    expect(r.text).toBe("");
    const posted = await d.waitSlackCall((c) => c.method === "chat.postMessage" && /Spring launch/.test(c.args.text ?? ""));
    expect(posted.args.text).toMatch(/Created the draft Spring launch/);
    // Fee and the draft due date (yesterday: one approved creator will be overdue) with an edit.
    await d.slackRun(`campaign edit ${SLUG} fee:300 draft-due:${day(-1)}`);
    // The agreement (issue 16): terms v1, drafts before posting, 90 days of usage rights.
    await d.slackRun(`campaign edit ${SLUG} terms:"Post within 7 days of approval. The brand may repost your content for 90 days." drafts:required rights-days:90 rights-channels:organic`);
    const [c] = await d.sql("SELECT status::text, landing_url, fee::float8 AS fee, opt_in_closes_at, to_char(draft_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS due FROM campaign WHERE slug = $1", [SLUG]);
    expect(c).toMatchObject({ status: "draft", landing_url: LANDING, fee: 300, opt_in_closes_at: null, due: day(-1) });
  });

  it("4. invites the top three from the shortlist's Invite buttons and posts the brief to Discord", async () => {
    const list = await d.slackRun(`shortlist campaign:${SLUG} top:5`);
    const blocks = list.body.blocks as any[];
    const invites = buttonsIn(blocks).filter((b) => b.text.text === "Invite");
    expect(invites).toHaveLength(5);
    for (const b of invites.slice(0, 3)) {
      const r = await d.slackAction({ value: b.value, actionId: b.action_id, blockId: b.block_id, label: "Invite", blocks });
      expect(r.status).toBe(200);
      expect(JSON.stringify((await d.waitSlackResponse((x) => x.id === r.id)).body)).toMatch(/Invited @/);
    }
    s.handles = invites.map((b) => /handle:(\S+)/.exec(b.value)![1]!.replace(/^"|"$/g, ""));
    const invited = await d.sql("SELECT a.handle FROM participation p JOIN account a ON a.id = p.account_id WHERE p.status = 'invited' ORDER BY a.handle");
    expect(invited.map((x) => x.handle)).toEqual(s.handles.slice(0, 3).sort());

    await d.slackRun(`brief post ${SLUG}`);
    const brief = await d.waitDiscordCall((c) => c.route === "/channels/{channel_id}/messages" && c.method === "POST" && /Spring launch/.test(shown(c.body)));
    expect(brief.params.channel_id).toBe(IDS.text);
    expect(brief.body.embeds.length).toBeGreaterThan(0);
    expect(buttons(brief.body).map((b) => b.label)).toEqual(["I'm in", "Not for me"]);
    const [c] = await d.sql("SELECT status::text, brief_message_id FROM campaign WHERE slug = $1", [SLUG]);
    expect(c!.status).toBe("open");
    expect(d.discord.channels.get(IDS.text)!.messages.has(c!.brief_message_id)).toBe(true);
  });

  it("5. four creators press I'm in with their roster handles; a marketer confirms each identity in Slack; four participations, a repeat is told it is already in", async () => {
    const brief = d.discord.find("/channels/{channel_id}/messages", "POST").find((c) => /Spring launch/.test(shown(c.body)))!;
    const imIn = buttons(brief.body).find((b) => b.label === "I'm in")!.custom_id;
    // The three invited creators and the fourth of the shortlist.
    const optIn = async (i: number) => {
      const click = d.discordClick(imIn, who(i));
      const { callback, final } = await d.discordAnswer(click);
      // A creator already in is told so at once, without the form.
      if (callback.body.type !== 9) return final;
      expect(JSON.stringify(callback.body.data.components)).toMatch(/I accept terms v1/);
      const sub = d.discordSubmit(callback.body.data.custom_id, { handle: `@${s.handles[i]}`, platform: ["instagram"], rate: "300", disclose: ["yes"], "accept-terms": ["yes"] }, who(i));
      return (await d.discordAnswer(sub)).final;
    };
    // A handle is not an identity: the roster rows carry no Discord id, so each opt-in is held until a
    // marketer confirms, on the notice in Slack, that the member is that creator.
    for (let i = 0; i < 4; i++) expect(shown(await optIn(i))).toMatch(/pending identity/i);
    expect(d.discord.calls.filter((c) => c.body?.type === 9)).toHaveLength(4);
    expect(await d.sql("SELECT 1 FROM participation WHERE status = 'opted_in'")).toEqual([]);
    for (let i = 0; i < 4; i++) {
      const notice = await d.waitSlackCall((c) => c.method === "chat.postMessage" && c.ok && (c.args.text ?? "").includes(`@${s.handles[i]}`) && /confirm/i.test(c.args.text ?? ""));
      const blocks = blocksOf(notice);
      const b = buttonsIn(blocks).find((x) => x.text.text === "Confirm")!;
      const r = await d.slackAction({ value: b.value, actionId: b.action_id, blockId: b.block_id, label: "Confirm", blocks });
      expect(r.status).toBe(200);
      await d.waitSlackResponse((x) => x.id === r.id);
    }
    expect(shown(await optIn(0))).toMatch(/already in/i);
    const rows = await d.sql("SELECT c.discord_user_id, p.status::text FROM participation p JOIN creator c ON c.id = p.creator_id ORDER BY c.discord_user_id");
    expect(rows).toEqual(USERS.map((u) => ({ discord_user_id: u, status: "opted_in" })));
    for (const r of await d.sql<{ id: string; discord_user_id: string }>("SELECT p.id, c.discord_user_id FROM participation p JOIN creator c ON c.id = p.creator_id"))
      s.participation.set(r.discord_user_id, r.id);
  });

  it("6. the marketer approves three and declines one on the opt-in notices in Slack, updated in place", async () => {
    for (const [i, u] of USERS.entries()) {
      const pid = s.participation.get(u)!;
      const notice = await d.waitSlackCall((c) => c.method === "chat.postMessage" && c.ok && (c.args.blocks ?? "").includes(`optins approve id:${pid}`));
      expect(notice.args.channel).toBe(NOTIFY_CHANNEL);
      const blocks = blocksOf(notice);
      const label = i < 3 ? "Approve" : "Decline";
      const b = buttonsIn(blocks).find((x) => x.text.text === label)!;
      const r = await d.slackAction({ value: b.value, actionId: b.action_id, blockId: b.block_id, label, blocks });
      expect(r.status).toBe(200);
      const update = await d.waitSlackResponse((x) => x.id === r.id);
      expect(update.body.replace_original).toBe(true);
      expect(JSON.stringify(update.body.blocks)).toMatch(i < 3 ? /Approved by <@U0MIA>/ : /Declined by <@U0MIA>/);
    }
    const rows = await d.sql("SELECT c.discord_user_id, p.status::text FROM participation p JOIN creator c ON c.id = p.creator_id ORDER BY c.discord_user_id");
    expect(rows.map((r) => r.status)).toEqual(["approved", "approved", "approved", "declined"]);
  });

  it("7. approved creators get their tracked links by DM; the declined one a kind note", async () => {
    for (const u of USERS.slice(0, 3)) {
      const [l] = await d.sql("SELECT code FROM tracked_link WHERE participation_id = $1", [s.participation.get(u)]);
      expect(l?.code).toMatch(/^[A-Za-z0-9]{8}$/);
      s.code.set(u, l!.code);
      await d.until(() => dmChannelOf(u).length > 0, `a DM channel with ${u}`);
      const msg = await d.until(() => dmsTo(u).find((c) => shown(c.body).includes(`https://go.scout.test/r/${l!.code}`)), `the link DM to ${u}`);
      expect(shown(msg.body)).toMatch(/You're in: Spring launch/);
    }
    const note = await d.until(() => dmsTo(USERS[3]!).find((c) => /not this time/i.test(shown(c.body))), "the decline note");
    expect(shown(note.body)).not.toMatch(/\/r\//);
    expect(await d.sql("SELECT 1 FROM tracked_link WHERE participation_id = $1", [s.participation.get(USERS[3]!)])).toEqual([]);
  });

  it("7b. confirmed creators accept terms v1 from a DM; two send drafts (one without #ad is flagged at once); /deliver waits; the marketer sends v1 back and approves v2 with notes, and approves the other", async () => {
    for (const i of [0, 1, 2]) {
      const ask = await d.until(() => dmsTo(USERS[i]!).find((c) => /please accept terms v1/.test(shown(c.body))), `the terms DM to ${USERS[i]}`);
      const b = buttons(ask.body).find((x) => x.label === "I accept terms v1")!;
      expect(shown((await d.discordAnswer(d.discordClick(b.custom_id, who(i)))).final)).toMatch(/you accepted Spring launch's terms v1/);
    }
    expect((await d.sql("SELECT version, surface FROM terms_acceptance ORDER BY accepted_at")).map((r) => `${r.version} ${r.surface}`)).toEqual(["1 discord", "1 discord", "1 discord"]);
    const slash = async (name: string, i: number, options: Record<string, string>) => shown((await d.discordAnswer(d.discordSlash(name, { campaign: SLUG, ...options }, who(i)))).final);
    expect(await slash("deliver", 0, { url: "https://www.instagram.com/p/Journey001/" })).toMatch(/needs an approved draft before you post/);
    expect(await slash("draft", 0, { link: "https://drive.example.com/journey-0", caption: "#ad Loving the new spring menu" })).toMatch(/Draft v1 sent[\s\S]*Caption check: all good/);
    expect(await slash("draft", 1, { link: "https://drive.example.com/journey-1", caption: "Loving the new spring menu" })).toMatch(/please fix before you post/);
    const noticeOf = (i: number, v: number) => d.waitSlackCall((c) => c.method === "chat.postMessage" && new RegExp(`Draft v${v} from @${s.handles[i]!.replace(/\./g, "\\.")}`).test(c.args.text ?? ""));
    const click = async (n: { args: Record<string, string> }, label: string) => {
      const b = buttonsIn(blocksOf(n)).find((x) => x.text.text === label)!;
      return d.slackAction({ value: b.value, actionId: b.action_id, blockId: b.block_id, label, blocks: blocksOf(n) });
    };
    const withNote = async (n: { args: Record<string, string> }, label: string, note: string) => {
      const r = await click(n, label);
      const open = await d.waitSlackCall((c) => c.method === "views.open" && c.args.trigger_id === `${r.id}.trigger`);
      expect((await d.slackSubmitView(JSON.parse(open.args.view!), { note: { type: "plain_text_input", value: note } })).status).toBe(200);
    };
    await withNote(await noticeOf(1, 1), "Request changes", "Put #ad at the start");
    await d.until(() => dmsTo(USERS[1]!).find((c) => /Put #ad at the start/.test(shown(c.body))), "the draft's change request DM");
    expect(await slash("draft", 1, { link: "https://drive.example.com/journey-1b", caption: "#ad Loving the new spring menu" })).toMatch(/Draft v2 sent/);
    const v2 = await noticeOf(1, 2);
    expect(v2.args.blocks).toMatch(/\{\+#ad\+\} Loving/);
    await withNote(v2, "Approve with notes", "Tag us in the first line");
    await d.until(() => dmsTo(USERS[1]!).find((c) => /Tag us in the first line/.test(shown(c.body))), "the approved-with-notes DM");
    const a = await click(await noticeOf(0, 1), "Approve");
    expect((await d.waitSlackResponse((x) => x.id === a.id)).body.replace_original).toBe(true);
    const drafts = await d.sql("SELECT c.discord_user_id, d.version, d.status FROM draft d JOIN participation p ON p.id = d.participation_id JOIN creator c ON c.id = p.creator_id ORDER BY 1, 2");
    expect(drafts.map((r) => `${USERS.indexOf(r.discord_user_id)} v${r.version} ${r.status}`)).toEqual(["0 v1 approved", "1 v1 changes_requested", "1 v2 approved_with_notes"]);
    expect((await d.sql("SELECT days FROM usage_rights")).map((r) => r.days)).toEqual([90, 90, 90]);
  });

  it("8. two creators deliver: a wrong host is refused then fixed; a caption without disclosure is flagged; Scout checks both posts on Instagram", async () => {
    // The campaign goes live today, and the two posts are on Instagram as the creators published them.
    await d.slackRun(`campaign edit ${SLUG} go-live:today`);
    const now = new Date().toISOString();
    for (const [i, code, caption] of [[0, "Journey001", "#ad Loving the new spring menu"], [1, "Journey002", "Loving the new spring menu"]] as const) {
      graph.addAccount({ username: s.handles[i]!, followers: 12000, follows: 300 });
      s.media.set(code, graph.addMedia(s.handles[i]!, { shortcode: code, caption, timestamp: now, likes: 570, comments: 40 }).id);
    }
    const ask = async (i: number, options: Record<string, string>) => {
      const r = d.discordSlash("deliver", { campaign: SLUG, ...options }, who(i));
      const { callback, final } = await d.discordAnswer(r);
      expect(callback.body.data?.flags ?? 64).toBe(64);
      return shown(final);
    };
    expect(await ask(0, { url: "https://evil.example.net/p/abc123/" })).toMatch(/instagram\.com/);
    expect(await d.sql("SELECT 1 FROM deliverable")).toEqual([]);
    expect(await ask(0, { url: "https://www.instagram.com/p/Journey001/", note: "#ad Loving the new spring menu" })).toMatch(/Submitted for Spring launch/);
    expect(await ask(1, { url: "https://www.instagram.com/p/Journey002/", note: "Loving the new spring menu" })).toMatch(/Disclosure check: please fix/);
    const rows = await d.sql("SELECT d.id, c.discord_user_id, d.status::text, d.disclosure_issues FROM deliverable d JOIN participation p ON p.id = d.participation_id JOIN creator c ON c.id = p.creator_id ORDER BY d.url");
    expect(rows.map((r) => [r.discord_user_id, r.status, r.disclosure_issues.length > 0])).toEqual([
      [USERS[0], "submitted", false],
      [USERS[1], "submitted", true],
    ]);
    for (const r of rows) s.deliverable.set(r.discord_user_id, r.id);
    const flagged = await d.waitSlackCall((c) => c.method === "chat.postMessage" && (c.args.blocks ?? "").includes(`deliverables approve id:${s.deliverable.get(USERS[1]!)}`));
    expect(flagged.args.blocks).toMatch(/Disclosure check/);
    expect(flagged.args.blocks).toContain(rows[1]!.disclosure_issues[0]);
    // After the answers, Scout fetched each post from Instagram: the first is verified, the second
    // is not (no disclosure in the caption as published); the marketers read both, each creator hears.
    const notice = (re: RegExp) => d.waitSlackCall((c) => c.method === "chat.postMessage" && c.args.channel === NOTIFY_CHANNEL && re.test(`${c.args.text}\n${c.args.blocks}`), 30_000);
    await notice(new RegExp(`@${s.handles[0]!.replace(/\./g, "\\.")}'s deliverable is verified on Instagram`));
    const failed = await notice(new RegExp(`@${s.handles[1]!.replace(/\./g, "\\.")}'s deliverable is not verified on Instagram`));
    expect(failed.args.blocks).toMatch(/#ad/);
    await d.until(() => dmsTo(USERS[0]!).find((c) => /your post is verified on Instagram/.test(shown(c.body))), "the verified DM");
    await d.until(() => dmsTo(USERS[1]!).find((c) => /please fix your post on Instagram/.test(shown(c.body))), "the fix-your-post DM");
    expect(await d.sql("SELECT url, verification_status FROM deliverable ORDER BY url")).toEqual([
      { url: "https://www.instagram.com/p/Journey001/", verification_status: "verified" },
      { url: "https://www.instagram.com/p/Journey002/", verification_status: "failed" },
    ]);
  });

  it("9. the marketer requests changes on one (modal with a note, the creator reads it) and approves the other", async () => {
    const noticeOf = (u: string) => d.waitSlackCall((c) => c.method === "chat.postMessage" && (c.args.blocks ?? "").includes(`deliverables approve id:${s.deliverable.get(u)}`));
    const n2 = await noticeOf(USERS[1]!);
    const b2 = buttonsIn(blocksOf(n2)).find((x) => x.text.text === "Request changes")!;
    const r = await d.slackAction({ value: b2.value, actionId: b2.action_id, blockId: b2.block_id, label: "Request changes", blocks: blocksOf(n2) });
    const open = await d.waitSlackCall((c) => c.method === "views.open" && c.args.trigger_id === `${r.id}.trigger`);
    const view = JSON.parse(open.args.view!);
    const note = "Please put #ad at the start of the caption";
    const submitted = await d.slackSubmitView(view, { note: { type: "plain_text_input", value: note } });
    expect(submitted.status).toBe(200);
    const told = await d.until(() => dmsTo(USERS[1]!).find((c) => shown(c.body).includes(note)), "the change request DM");
    expect(shown(told.body)).toMatch(/Journey002/);

    const n1 = await noticeOf(USERS[0]!);
    const b1 = buttonsIn(blocksOf(n1)).find((x) => x.text.text === "Approve")!;
    const a = await d.slackAction({ value: b1.value, actionId: b1.action_id, blockId: b1.block_id, label: "Approve", blocks: blocksOf(n1) });
    expect((await d.waitSlackResponse((x) => x.id === a.id)).body.replace_original).toBe(true);
    await d.until(() => dmsTo(USERS[0]!).find((c) => /Journey001/.test(shown(c.body)) && /approved/i.test(shown(c.body))), "the approval DM");
    const rows = await d.sql("SELECT url, status::text, review_notes FROM deliverable ORDER BY url");
    expect(rows).toEqual([
      { url: "https://www.instagram.com/p/Journey001/", status: "approved", review_notes: null },
      { url: "https://www.instagram.com/p/Journey002/", status: "changes_requested", review_notes: note },
    ]);
  });

  it("9b. the marketer marks the approved post live; its caption lost #ad since: the check on Instagram catches it and tells the creator what is missing", async () => {
    graph.updateMedia(s.media.get("Journey001")!, { caption: "Loving the new spring menu" });
    const r = await d.slackRun(`deliverables live id:${s.deliverable.get(USERS[0]!)}`);
    expect(r.text).toMatch(/live/i);
    const dm = await d.until(() => dmsTo(USERS[0]!).find((c) => /please fix your post on Instagram/.test(shown(c.body))), "the missing-disclosure DM");
    expect(shown(dm.body)).toMatch(/#ad/);
    await d.waitSlackCall((c) => c.method === "chat.postMessage" && c.args.channel === NOTIFY_CHANNEL && new RegExp(`@${s.handles[0]!.replace(/\./g, "\\.")}'s deliverable is not verified on Instagram`).test(`${c.args.text}`), 30_000);
    expect(await d.sql("SELECT status::text, verification_status FROM deliverable WHERE id = $1", [s.deliverable.get(USERS[0]!)])).toEqual([{ status: "live", verification_status: "failed" }]);
  });

  it("10. clicks arrive on the tracked links (a bot not counted) and a signed conversion", async () => {
    // TRUST_PROXY is on (Scout behind a proxy): the client IP comes from X-Forwarded-For.
    const click = async (u: string, ip: string, ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)") => {
      const r = await d.get(`/r/${s.code.get(u)}`, { "x-forwarded-for": ip, "user-agent": ua });
      expect(r.status).toBe(302);
      expect(r.headers.get("location")).toMatch(/^https:\/\/shop\.example\.com\/spring\?.*utm_/);
    };
    // Four people, and one of them twice within 30 minutes: a repeat, stored with the click it repeats and not counted again.
    for (const ip of ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.4"]) await click(USERS[0]!, ip);
    await click(USERS[1]!, "198.51.100.7");
    await click(USERS[1]!, "198.51.100.8", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
    const counted = async () =>
      (await d.sql("SELECT count(*) FILTER (WHERE NOT is_bot)::int AS human, count(*) FILTER (WHERE is_bot)::int AS bot, count(DISTINCT ip_hash)::int AS ips, sum(requests)::int AS requests FROM click"))[0]!;
    await d.until(async () => (await counted()).requests === 7, "seven requests written");
    expect(await counted()).toEqual({ human: 5, bot: 1, ips: 6, requests: 7 });
    const raw = JSON.stringify(await d.sql("SELECT * FROM click"));
    expect(raw).not.toContain("203.0.113");

    const currency = (await d.sql<{ currency: string }>("SELECT currency FROM campaign WHERE slug = $1", [SLUG]))[0]!.currency;
    const r = await d.conversion({ code: s.code.get(USERS[0]!), order_id: "J-1001", value: 1500, currency, occurred_at: new Date().toISOString() });
    expect(r.status).toBe(201);
    expect(await d.sql("SELECT order_id, value::float8 AS value, participation_id FROM conversion")).toEqual([{ order_id: "J-1001", value: 1500, participation_id: s.participation.get(USERS[0]!) }]);
    const forged = await d.conversion({ code: s.code.get(USERS[0]!), order_id: "J-1002", value: 1, currency, occurred_at: new Date().toISOString() }, { secret: "not-the-secret" });
    expect(forged.status).toBe(401);
  });

  it("11. a creator reports the numbers of the post; the marketer records the spend", async () => {
    const r = d.discordSlash("report", { campaign: SLUG, views: 12000, likes: 800, comments: 45, shares: 20, saves: 60, reach: 9000 }, who(0));
    expect(shown((await d.discordAnswer(r)).final)).toMatch(/Numbers saved|Thanks! Saved/);
    const [m] = await d.sql("SELECT likes, comments, shares, saves, views FROM metric_snapshot");
    expect(m).toMatchObject({ likes: 800, comments: 45, shares: 20, saves: 60, views: 12000 });
    for (const [i, extra] of ["product:40", "", ""].entries()) await d.slackRun(`spend campaign:${SLUG} creator:@${s.handles[i]} fee:300 ${extra}`.trim());
    const [sp] = await d.sql("SELECT sum(coalesce(fee,0) + coalesce(product_cost,0) + coalesce(commission,0))::float8 AS total FROM participation WHERE status = 'approved'");
    expect(sp!.total).toBe(940);
  });

  it("11b. a payout and a shipment (issue 17): the approved creator is part paid from Slack and told by DM; they pick a variant in Discord, the marketer records the shipment and the tracking number reaches them", async () => {
    const paid = USERS[0]!; // the creator whose post was approved (and is live)
    const payable = async (u: string) => (await d.sql("SELECT id, fee_minor::int AS fee FROM payable WHERE participation_id = $1", [s.participation.get(u)]))[0]!;
    expect(await payable(paid)).toMatchObject({ fee: 30000 });
    // A part payment: $100 of the $300 fee; the rest stays due, and falls overdue below.
    const r = await d.slackRun(`payouts pay id:${(await payable(paid)).id} amount:100 method:bank-transfer reference:J-8812`);
    expect(r.text).toMatch(/\$100 paid on .*ref J-8812.*\$200 is still due/);
    await d.until(() => dmsTo(paid).find((c) => /\$100 paid on/.test(shown(c.body).replace(/\\+/g, ""))), "the payment DM", 15_000);
    await d.sql("UPDATE payable SET due_on = current_date - 2 WHERE id = $1", [(await payable(paid)).id]);
    await d.slackRun(`products add ${SLUG} name:Serum variants:"30ml,50ml" value:40`);
    const pick = d.discordSlash("pick", { campaign: SLUG, variant: "50ml" }, who(0));
    expect(shown((await d.discordAnswer(pick)).final).replace(/\\+/g, "")).toMatch(/Picked Serum \(50ml\)/);
    const [sh] = await d.sql("SELECT id FROM shipment");
    expect((await d.slackRun(`products ship id:${sh!.id} carrier:DHL tracking:JD0146000038`)).text).toMatch(/shipped to @.* with DHL, tracking JD0146000038/);
    await d.until(() => dmsTo(paid).find((c) => /JD0146000038/.test(shown(c.body))), "the tracking DM", 15_000);
    // Shipped 11 days ago and not confirmed: the digest lists it, and the creator is asked once.
    await d.sql("UPDATE shipment SET shipped_at = now() - interval '11 days' WHERE id = $1", [sh!.id]);
  });

  let digestAt: Date;
  it("12. the clock reaches the digest time (the bot restarted across it sends what was due)", async () => {
    await d.slackRun(`campaign activate ${SLUG}`);
    // The next whole minute, with time to spare for the command.
    digestAt = new Date(Math.ceil((Date.now() + 5_000) / 60_000) * 60_000);
    const due = day(-1, digestAt.getTime());
    if (due !== day(-1)) await d.slackRun(`campaign edit ${SLUG} draft-due:${due}`); // the minute is tomorrow (UTC)
    const r = await d.slackRun(`digest schedule channel:<#${GROWTH}|growth> at:${hhmm(digestAt)} tz:UTC`);
    expect(r.text).toMatch(/Daily digest scheduled/);
    expect(await d.sql("SELECT channel_id, at, timezone FROM digest_schedule")).toEqual([{ channel_id: GROWTH, at: hhmm(digestAt), timezone: "UTC" }]);
    expect(await d.stop()).toBe(0);
    const wait = digestAt.getTime() + 1_000 - Date.now();
    if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    await d.start({ REMINDER_AT: hhmm(digestAt) });
  }, 150_000);

  it("13. the digest in Slack shows opt-ins 4, approved 3, clicks, CPE and ROI, with a chart", async () => {
    const post = await d.waitSlackCall((c) => c.method === "chat.postMessage" && c.ok && c.args.channel === GROWTH, 60_000);
    const text = `${post.args.text}\n${post.args.blocks}`;
    expect(text).toMatch(/Opt-ins: 4\b/);
    expect(text).toMatch(/approved 3\b/);
    expect(text).toMatch(/1 overdue/);
    // Issue 17: the overdue payout and the shipment not confirmed after 10 days.
    expect(text).toMatch(/Payouts overdue: \$200/);
    expect(text).toMatch(/Shipments not confirmed after 10 days/);
    expect(text).toMatch(/Serum \(50ml\) shipped \d{4}-\d\d-\d\d with DHL, tracking JD0146000038/);
    // The top creators: the first with the report, four human clicks and the conversion on fee 300 + product 40.
    const top1 = `1. @${s.handles[0]} ${800 + 45 + 20 + 60} eng., 4 clicks, ROI ${(((1500 - 340) / 340) * 100).toFixed(1)}% on 340.00 USD`;
    expect(post.args.blocks).toContain(`${top1}; 2. @${s.handles[1]} n/a eng., 1 click, ROI n/a on 300.00 USD`);
    const field = (label: string) => new RegExp(`\\*${label}\\*\\\\n([^"\\\\]+)`).exec(post.args.blocks!)?.[1];
    const spend = 940, engagements = 800 + 45 + 20 + 60, revenue = 1500;
    expect(field("Link clicks")).toBe("5");
    expect(field("Engagements")).toBe(String(engagements));
    expect(field("CPE")).toMatch(new RegExp(`^${(spend / engagements).toFixed(2)} `));
    expect(field("ROI")).toBe(`${(((revenue - spend) / spend) * 100).toFixed(1)}%`);
    const upload = await d.waitSlackCall((c) => c.method === "files.completeUploadExternal" && c.ok, 30_000);
    expect(upload.args.channel_id).toBe(GROWTH);
    expect(d.slack.uploads.some((u) => u.text.includes("PNG\r\n\u001a\n"))).toBe(true);
    expect(d.slack.ok("chat.postMessage").filter((c) => c.args.channel === GROWTH)).toHaveLength(1);
    // The run is marked done just after the upload: wait for it (never "failed" on the way).
    const run = await d.until(async () => {
      const [r] = await d.sql("SELECT status::text FROM job_run WHERE job = 'digest' AND target = $1", [GROWTH]);
      expect(r?.status).not.toBe("failed");
      return r?.status === "done" ? r : null;
    }, "the digest run marked done", 15_000);
    expect(run).toEqual({ status: "done" });
  });

  it("14. the overdue creator gets a reminder DM on Discord, only that one", async () => {
    const overdue = USERS[2]!;
    const dm = await d.until(() => dmsTo(overdue).find((c) => /overdue/i.test(shown(c.body))), "the reminder DM", 30_000);
    expect(shown(dm.body)).toMatch(/Spring launch/);
    expect(dm.body.embeds[0].description).toContain(`Your draft for Spring launch was due on`);
    // The campaign reviews drafts before posting (issue 16): the draft goes through /draft.
    expect(dm.body.embeds[0].description).toContain(`with /draft campaign:${SLUG},`);
    for (const u of [USERS[0]!, USERS[1]!, USERS[3]!]) expect(dmsTo(u).filter((c) => /overdue/i.test(shown(c.body)))).toEqual([]);
    // The reminder's run is marked done just after the DM: wait for it.
    const runs = await d.until(async () => {
      const r = await d.sql("SELECT target FROM job_run WHERE job = 'reminder' AND status = 'done'");
      return r.length ? r : null;
    }, "the reminder run marked done", 15_000);
    // The draft reminder, and (issue 17) the creator asked whether the product shipped 11 days ago arrived.
    const [sh] = await d.sql("SELECT id FROM shipment");
    expect(runs).toEqual(expect.arrayContaining([{ target: `${s.participation.get(overdue)}:draft-missed` }]));
    expect(runs.map((x) => x.target as string).filter((x) => x !== `${s.participation.get(overdue)}:draft-missed`)).toEqual(
      runs.length > 1 ? [`${sh!.id}:shipment-unconfirmed`] : [],
    );
    const asked = await d.until(() => dmsTo(USERS[0]!).find((c) => /Did your Serum arrive/.test(shown(c.body))), "the shipment reminder DM", 30_000);
    expect(shown(asked.body)).toMatch(/JD0146000038/);
  });

  it("15. a snapshot due while the bot was stopped is taken once after the restart; the self-report 40% above Instagram's likes is flagged with both numbers", async () => {
    const did = s.deliverable.get(USERS[0]!)!;
    expect(await d.stop()).toBe(0);
    // Two hours pass while Scout is down: the +1 h snapshot of the live post falls due unseen.
    await d.sql("UPDATE deliverable SET live_at = live_at - interval '2 hours' WHERE id = $1", [did]);
    await d.start();
    const snaps = await d.until(async () => {
      const r = await d.sql("SELECT likes, comments FROM metric_snapshot WHERE deliverable_id = $1 AND source = 'platform'", [did]);
      return r.length ? r : null;
    }, "the platform snapshot", 30_000);
    expect(snaps).toEqual([{ likes: 570, comments: 40 }]);
    expect(await d.sql("SELECT milestone, status FROM platform_snapshot_run WHERE deliverable_id = $1", [did])).toEqual([{ milestone: "1h", status: "done" }]);
    const flag = await d.waitSlackCall((c) => c.method === "chat.postMessage" && c.args.channel === NOTIFY_CHANNEL && /reported likes? differ/.test(`${c.args.text}`), 30_000);
    expect(`${flag.args.text}\n${flag.args.blocks}`).toMatch(/800/);
    expect(`${flag.args.text}\n${flag.args.blocks}`).toMatch(/570/);
  }, 150_000);

  it("sent only valid requests, printed no secret, and exits 0 on SIGTERM", async () => {
    expect(d.slack.problems()).toEqual([]);
    expect(d.discord.problems()).toEqual([]);
    const out = d.output();
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, DISCORD_TOKEN, WEBHOOK_SECRET, IP_SALT, t.url, graph.accessToken]) expect(out).not.toContain(secret);
    // Nothing went wrong behind the scenes: no error logged over the whole journey (both runs).
    const errors = out.split("\n").filter((l) => /^\{.*"level":(50|60)\b/.test(l));
    expect(errors).toEqual([]);
    expect(await d.stop("SIGTERM", 10_000)).toBe(0);
  });
});
