// The `campaign new` modal in Slack, submitted with a name another campaign has: the modal stays
// open with the refusal on the name field (issue 12, item 4).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { startHarness, type Harness } from "../fakes/slack-harness.ts";
import { openCampaignForm, viewSubmission, type View } from "../fakes/slack-views.ts";

const t = useTestDatabase("slack_campaign_name");
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ db: t });
});
afterAll(async () => {
  await h?.close();
});

const openForm = () => openCampaignForm(h);
// Each modal Slack opens has its own view id (a repeat of one view is claimed once, slack-view-claims.test.ts).
let views = 0;
const submission = (view: View, v: Record<string, string>) => viewSubmission(`V0FORM${++views}`, view, v);

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
