// The `campaign new` modal in Slack, submitted with a name another campaign has: the modal stays
// open with the refusal on the name field (issue 12, item 4).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { MARKETER, startHarness, type Harness } from "../fakes/slack-harness.ts";

const t = useTestDatabase("slack_campaign_name");
let h: Harness;

type View = { callback_id: string; private_metadata: string; blocks: { block_id: string; type: string; element: { type: string; action_id: string } }[] };

beforeAll(async () => {
  h = await startHarness({ db: t });
});
afterAll(async () => {
  await h?.close();
});

async function openForm(): Promise<View> {
  const r = await h.command("campaign new");
  expect(r.status).toBe(200);
  const call = await h.fake.waitForCall((c) => c.method === "views.open" && c.args.trigger_id === `${r.id}.trigger`);
  return JSON.parse(call.args.view!) as View;
}

/** The view's state with the given values (other inputs empty), as Slack sends it. */
function state(view: View, v: Record<string, string>) {
  return Object.fromEntries(
    view.blocks.map((b) => {
      const x = v[b.block_id] ?? "";
      const type = b.element.type;
      const s =
        type === "datepicker" ? { type, selected_date: x || null } : type === "static_select" ? { type, selected_option: x ? { value: x } : null } : { type, value: x || null };
      return [b.block_id, { [b.element.action_id]: s }];
    }),
  );
}

// Each modal Slack opens has its own view id (a repeat of one view is claimed once, slack-view-claims.test.ts).
let views = 0;
const submission = (view: View, v: Record<string, string>) => ({
  type: "view_submission",
  team: { id: "T0TEST", domain: "scout-test" },
  user: { id: MARKETER, username: "mia", name: "mia", team_id: "T0TEST" },
  api_app_id: "A0TEST",
  token: "deprecated",
  trigger_id: "t.submit",
  view: {
    id: `V0FORM${++views}`,
    team_id: "T0TEST",
    type: "modal",
    callback_id: view.callback_id,
    private_metadata: view.private_metadata,
    blocks: view.blocks,
    state: { values: state(view, v) },
    hash: "1.abc",
    title: { type: "plain_text", text: "New campaign" },
    app_id: "A0TEST",
    bot_id: "B0BOT",
  },
});

describe("the campaign new modal", () => {
  it("keeps the modal open with the taken name on the name field, and creates nothing", async () => {
    const first = await h.interact(submission(await openForm(), { name: "Spring launch", objective: "sales" }));
    expect(first.status).toBe(200);
    expect(first.text).toBe("");
    expect(await t.db.prisma.campaign.count()).toBe(1);

    const again = await h.interact(submission(await openForm(), { name: "Spring launch", objective: "sales" }));
    expect(again.status).toBe(200);
    expect(again.json()).toEqual({
      response_action: "errors",
      errors: { name: "Is taken by Spring launch (spring-launch); pick another name, or see it with /scout campaign show spring-launch" },
    });
    expect(await t.db.prisma.campaign.count()).toBe(1);
  });
});
