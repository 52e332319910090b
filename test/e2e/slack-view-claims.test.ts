// Slack modal submissions are claimed once, like commands and clicks (issue 13, item 6): one view
// submitted twice (a double click on Submit, a replayed request) made two campaigns. A submission
// refused on its fields changed nothing, so sending it again is answered again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { startHarness, type Harness } from "../fakes/slack-harness.ts";
import { openCampaignForm, viewSubmission } from "../fakes/slack-views.ts";

const t = useTestDatabase("slack_view_claims");
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ db: t });
});
afterAll(async () => {
  await h?.close();
});

const openForm = () => openCampaignForm(h);
const submission = viewSubmission;

const isCreated = (name: string) => (c: { method: string; args: { text?: string } }) => c.method === "chat.postMessage" && (c.args.text ?? "").includes(`Created the draft ${name}`);
const created = (name: string) => h.fake.calls.filter(isCreated(name)).length;

describe("a Slack modal submitted more than once", () => {
  it("creates one campaign when the same view is submitted twice, one after the other", async () => {
    const view = await openForm();
    const first = await h.interact(submission("V0TWICE", view, { name: "Summer drop", objective: "sales" }));
    expect(first.status).toBe(200);
    expect(first.text).toBe("");
    const again = await h.interact(submission("V0TWICE", view, { name: "Summer drop", objective: "sales" }));
    expect(again.status).toBe(200);
    // The repeat closes the modal and does nothing else (no second campaign, no "name taken" error).
    expect(again.text).toBe("");
    await h.fake.waitForCall(isCreated("Summer drop"));
    await new Promise((r) => setTimeout(r, 300));
    expect(await t.db.prisma.campaign.count({ where: { name: "Summer drop" } })).toBe(1);
    expect(created("Summer drop")).toBe(1);
  });

  it("creates one campaign when the same view arrives twice at once", async () => {
    const view = await openForm();
    const both = await Promise.all([0, 1].map(() => h.interact(submission("V0RACE", view, { name: "Autumn race", objective: "sales" }))));
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    await h.fake.waitForCall(isCreated("Autumn race"));
    await new Promise((r) => setTimeout(r, 300));
    expect(await t.db.prisma.campaign.count({ where: { name: "Autumn race" } })).toBe(1);
    expect(created("Autumn race")).toBe(1);
  });

  it("answers a refused submission again when it is sent again, and runs the corrected one", async () => {
    const view = await openForm();
    const wrong = { objective: "sales" }; // no name
    for (let i = 0; i < 2; i++) {
      const r = await h.interact(submission("V0FIX", view, wrong));
      expect(r.json()).toMatchObject({ response_action: "errors", errors: { name: expect.any(String) } });
    }
    const fixed = await h.interact(submission("V0FIX", view, { name: "Winter fix", objective: "sales" }));
    expect(fixed.text).toBe("");
    await h.fake.waitForCall(isCreated("Winter fix"));
    expect(await t.db.prisma.campaign.count({ where: { name: "Winter fix" } })).toBe(1);
  });
});
