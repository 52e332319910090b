// Slack modals in tests: open the campaign form with /scout campaign new, and submit a view as Slack
// sends a view_submission (each submission its own trigger id; the view keeps its id and hash).
import { expect } from "vitest";
import { MARKETER, type Harness } from "./slack-harness.ts";

export type View = { callback_id: string; private_metadata: string; blocks: { block_id: string; type?: string; element: { type: string; action_id: string } }[] };

/** Runs `/scout campaign new` and returns the modal it opened. */
export async function openCampaignForm(h: Harness): Promise<View> {
  const r = await h.command("campaign new");
  expect(r.status).toBe(200);
  const call = await h.fake.waitForCall((c) => c.method === "views.open" && c.args.trigger_id === `${r.id}.trigger`);
  return JSON.parse(call.args.view!) as View;
}

/** The view's state with the given values (other inputs empty), as Slack sends it. */
export function viewState(view: View, v: Record<string, string>) {
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

let triggers = 0;
/** A view_submission of `view` (id `viewId`) with the given values. */
export const viewSubmission = (viewId: string, view: View, v: Record<string, string>) => ({
  type: "view_submission",
  team: { id: "T0TEST", domain: "scout-test" },
  user: { id: MARKETER, username: "mia", name: "mia", team_id: "T0TEST" },
  api_app_id: "A0TEST",
  token: "deprecated",
  trigger_id: `t${++triggers}.submit`,
  view: {
    id: viewId,
    team_id: "T0TEST",
    type: "modal",
    callback_id: view.callback_id,
    private_metadata: view.private_metadata,
    blocks: view.blocks,
    state: { values: viewState(view, v) },
    hash: "1700000000.abcd1234",
    title: { type: "plain_text", text: "New campaign" },
    app_id: "A0TEST",
    bot_id: "B0BOT",
  },
});
