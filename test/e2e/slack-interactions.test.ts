// Buttons and modals through real Bolt over signed HTTP: a click runs its command once (a Slack
// retry changes nothing), updates the message in place; forms open as modals whose field errors
// land on their blocks; notices survive a 429.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { MARKETER, OUTSIDER, clickPayload, startHarness, type Harness } from "../fakes/slack-harness.ts";
import { approvals, withTestCommands } from "../fakes/slack-test-commands.ts";
import type { ApiCall } from "../fakes/slack-api.ts";

const t = useTestDatabase("slack_interactions");
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ db: t, customise: withTestCommands });
});
afterAll(async () => {
  await h?.close();
});

const blocksOf = (c: ApiCall) => JSON.parse(c.args.blocks!) as { type: string; block_id?: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[];
const noticesAbout = (id: string) => h.fake.ok("chat.postMessage").filter((c) => (c.args.text ?? "").includes(`Opt-in ${id} approved`));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Posts a notice with Approve / Decline buttons through the Slack notifier; returns its blocks. */
async function postNotice(id: string) {
  const posted = await h.app.notifiers.toMarketers({
    kind: "optin",
    message: {
      title: `New opt-in ${id}`,
      text: "@ana.cooks wants in",
      actions: [
        { id: `optin.approve.${id}`, label: "Approve", style: "primary", value: `test approve id:${id}` },
        { id: `optin.decline.${id}`, label: "Decline", style: "danger", value: `test approve id:${id}-declined` },
      ],
    },
  });
  const call = await h.fake.waitForCall((c) => c.method === "chat.postMessage" && (c.args.text ?? "").includes(`New opt-in ${id}`));
  return { posted, call, blocks: blocksOf(call) };
}

describe("buttons", () => {
  it("posts notices with buttons to SLACK_NOTIFY_CHANNEL and says where", async () => {
    const { posted, call, blocks } = await postNotice("p0");
    expect(call.args.channel).toBe("C0NOTICE");
    expect(posted).toEqual({ surface: "slack", channelId: "C0NOTICE", messageId: expect.stringMatching(/^\d+\.\d+$/) });
    const buttons = blocks.find((b) => b.type === "actions")!.elements!;
    expect(buttons.map((b) => [b.text.text, b.value])).toEqual([
      ["Approve", "test approve id:p0"],
      ["Decline", "test approve id:p0-declined"],
    ]);
  });

  it("runs a click as the clicker, updates the message in place, and a retried click changes nothing twice", async () => {
    const { blocks } = await postNotice("p1");
    const actions = blocks.find((b) => b.type === "actions")!;
    const approve = actions.elements![0]!;
    const click = clickPayload(h.fake, { value: approve.value, actionId: approve.action_id, blockId: actions.block_id, label: "Approve", blocks, actionTs: "1700000500.123456" });
    const first = await h.interact(click.payload);
    expect(first.status).toBe(200);
    expect(first.ms).toBeLessThan(3000);
    const update = await h.fake.waitForResponse((r) => r.id === click.id);
    expect(update.body.replace_original).toBe(true);
    const text = JSON.stringify(update.body.blocks);
    expect(text).toContain("@ana.cooks wants in");
    expect(text).toContain("*Opt-in approved*");
    expect(text).toMatch(/Approved by <@U0MIA> at <!date\^\d+\^\{time\}\|\d\d:\d\d UTC>/);
    expect(update.body.blocks.some((b: { type: string }) => b.type === "actions")).toBe(false);
    await h.fake.waitForCall((c) => c.method === "chat.postMessage" && (c.args.text ?? "").includes("Opt-in p1 approved by mia"));
    expect(approvals.get("p1")).toBe(1);

    // Slack sends the same click again (it thought the first was lost).
    const retry = await h.interact(click.payload, { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" });
    expect(retry.status).toBe(200);
    await sleep(500);
    expect(approvals.get("p1")).toBe(1);
    expect(h.fake.responses.filter((r) => r.id === click.id)).toHaveLength(1);
    expect(noticesAbout("p1")).toHaveLength(1);
    const row = await h.app.db.prisma.processedRequest.findUnique({ where: { key: `slack:action:${MARKETER}:1700000500.123456` } });
    expect(row).toMatchObject({ surface: "slack", result: { outcome: "ok", command: "test approve" } });
  });

  it("refuses a click by a member who is not a marketer, privately, and leaves the message as it was", async () => {
    const { blocks } = await postNotice("p2");
    const actions = blocks.find((b) => b.type === "actions")!;
    const click = clickPayload(h.fake, { value: actions.elements![0]!.value, blockId: actions.block_id, blocks, user: OUTSIDER });
    expect((await h.interact(click.payload)).status).toBe(200);
    const answer = await h.fake.waitForResponse((r) => r.id === click.id);
    expect(answer.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(JSON.stringify(answer.body)).toMatch(/Only the brand's marketing team can run this command/);
    expect(approvals.get("p2")).toBeUndefined();
  });

  it("opens a modal when the button's command answers with a form", async () => {
    const click = clickPayload(h.fake, { value: "test campaign", label: "New campaign" });
    await h.interact(click.payload);
    const open = await h.fake.waitForCall((c) => c.method === "views.open" && c.args.trigger_id === `${click.id}.trigger`);
    expect(JSON.parse(open.args.view!).callback_id).toBe("scout_form");
  });
});

describe("modals", () => {
  const values = (v: Record<string, string>) =>
    Object.fromEntries(
      Object.entries({ name: "", budget: "", "go-live": "", objective: "", "landing-url": "", notes: "", ...v }).map(([k, x]) => {
        const type = k === "go-live" ? "datepicker" : k === "objective" ? "static_select" : k === "budget" ? "number_input" : k === "landing-url" ? "url_text_input" : "plain_text_input";
        const state =
          type === "datepicker" ? { type, selected_date: x || null } : type === "static_select" ? { type, selected_option: x ? { value: x } : null } : { type, value: x || null };
        return [k, { [k]: state }];
      }),
    );

  async function openForm(line = "test campaign") {
    const r = await h.command(line);
    expect(r.status).toBe(200);
    const call = await h.fake.waitForCall((c) => c.method === "views.open" && c.args.trigger_id === `${r.id}.trigger`);
    return JSON.parse(call.args.view!) as { callback_id: string; private_metadata: string; blocks: { block_id: string; type: string; element: { type: string; action_id: string } }[] };
  }

  const submission = (view: Awaited<ReturnType<typeof openForm>>, v: Record<string, string>, user = MARKETER) => ({
    type: "view_submission",
    team: { id: "T0TEST", domain: "scout-test" },
    user: { id: user, username: "mia", name: "mia", team_id: "T0TEST" },
    api_app_id: "A0TEST",
    token: "deprecated",
    trigger_id: "t.submit",
    view: {
      id: "V0FORM",
      team_id: "T0TEST",
      type: "modal",
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      blocks: view.blocks,
      state: { values: values(v) },
      hash: "1.abc",
      title: { type: "plain_text", text: "Test campaign" },
      app_id: "A0TEST",
      bot_id: "B0BOT",
    },
  });

  it("opens a form as a modal: one input per field, with the command and hidden values in private_metadata", async () => {
    const view = await openForm();
    expect(view.blocks.map((b) => [b.block_id, b.element.type, b.element.action_id])).toEqual([
      ["name", "plain_text_input", "name"],
      ["budget", "number_input", "budget"],
      ["go-live", "datepicker", "go-live"],
      ["objective", "static_select", "objective"],
      ["landing-url", "url_text_input", "landing-url"],
      ["notes", "plain_text_input", "notes"],
    ]);
    expect(JSON.parse(view.private_metadata)).toEqual({ c: "test campaign", h: { brand: "Acme" }, ch: "C0CAMP" });
  });

  it("answers field errors with response_action errors on the right blocks, keeping the modal open", async () => {
    const view = await openForm();
    const r = await h.interact(submission(view, { name: "ab", budget: "-5", "landing-url": "not a url" }));
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({
      response_action: "errors",
      errors: { name: "Needs at least 3 characters", budget: "Must be more than 0", "landing-url": "Expects a web address" },
    });
  });

  it("puts a user error without a field on the first block", async () => {
    const view = await openForm();
    const r = await h.interact(submission(view, { name: "taken" }));
    expect(r.json()).toEqual({ response_action: "errors", errors: { name: "A campaign with that name exists already." } });
  });

  it("on success closes the modal and posts the result in the channel it was opened from", async () => {
    const view = await openForm();
    const r = await h.interact(submission(view, { name: "Spring launch", budget: "500", "go-live": "2026-12-15", objective: "sales", notes: "two words\nand a line" }));
    expect(r.status).toBe(200);
    expect(r.text).toBe("");
    const posted = await h.fake.waitForCall((c) => c.method === "chat.postMessage" && (c.args.text ?? "").includes("Created Spring launch"));
    expect(posted.args.channel).toBe("C0CAMP");
    expect(posted.args.text).toBe("Created Spring launch for Acme");
    expect(posted.args.blocks).toContain("Budget 500, go-live 2026-12-15, sales, notes: two words\\nand a line");
  });

  it("refuses a submission by a member who is not a marketer, on the form", async () => {
    const view = await openForm();
    const r = await h.interact(submission(view, { name: "Sneaky" }, OUTSIDER));
    expect(r.json().errors.name).toMatch(/Only the brand's marketing team/);
  });

  it("serves the registry's own `campaign new` form when it exists", async () => {
    if (!h.app.registry.some((c) => c.name === "campaign new")) return;
    const view = await openForm("campaign new");
    expect(view.blocks.map((b) => b.block_id)).toContain("name");
    for (const b of view.blocks) expect(b.element.action_id).toBe(b.block_id);
  });
});

describe("rate limits", () => {
  it("loses no notice when chat.postMessage answers 429 with Retry-After (and then a 500)", async () => {
    const r = await startHarness({ db: t, retryConfig: { retries: 3, minTimeout: 10, maxTimeout: 50, factor: 1 } });
    try {
      r.fake.fail("chat.postMessage", { status: 429, retryAfter: 1 });
      r.fake.fail("chat.postMessage", { status: 500 });
      const t0 = Date.now();
      const posted = await r.app.notifiers.toMarketers({ kind: "info", message: { title: "Digest", text: "3 opt-ins waiting" } });
      const attempts = r.fake.calls.filter((c) => c.method === "chat.postMessage");
      expect(attempts.map((c) => c.status)).toEqual([429, 500, 200]);
      expect(r.fake.ok("chat.postMessage")).toHaveLength(1);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
      expect(posted).toMatchObject({ surface: "slack", channelId: "C0NOTICE" });
      expect(r.fake.problems()).toEqual([]);
    } finally {
      await r.close();
    }
  });
});

describe("every call the bot made", () => {
  it("matches Slack's API description and Block Kit limits", () => {
    const methods = new Set(h.fake.calls.map((c) => c.method));
    for (const m of ["chat.postMessage", "views.open"]) expect(methods).toContain(m);
    expect(h.fake.problems()).toEqual([]);
  });
});
