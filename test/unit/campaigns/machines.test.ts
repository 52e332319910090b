import { describe, expect, it } from "vitest";
import { DELIVERABLE_STEPS, PARTICIPATION_STEPS } from "../../../src/core/campaigns/machines.ts";
import { CAMPAIGN_TRANSITIONS } from "../../../src/core/campaigns/lifecycle.ts";

describe("state machines", () => {
  it("participation: invited | opted_in → approved | declined, withdrawn by the creator", () => {
    expect(PARTICIPATION_STEPS.approve).toMatchObject({ from: ["opted_in"], to: "approved", owner: "marketer" });
    expect(PARTICIPATION_STEPS.decline.from).toEqual(["invited", "opted_in"]);
    expect(PARTICIPATION_STEPS.approve.from).not.toContain("declined");
    expect(PARTICIPATION_STEPS.optIn.owner).toBe("creator");
    expect(PARTICIPATION_STEPS.withdraw.owner).toBe("creator");
  });

  it("deliverable: submitted → approved | changes_requested → live, and changes_requested → submitted on resubmission", () => {
    expect(DELIVERABLE_STEPS.approve.from).toEqual(["submitted"]);
    expect(DELIVERABLE_STEPS.requestChanges.from).toEqual(["submitted"]);
    expect(DELIVERABLE_STEPS.markLive.from).toEqual(["approved"]);
    expect(DELIVERABLE_STEPS.submit.from).toEqual(["changes_requested"]);
  });

  it("no step starts from its own target or from a status that counts as already done", () => {
    for (const step of [...Object.values(PARTICIPATION_STEPS), ...Object.values(DELIVERABLE_STEPS)]) {
      expect(step.done).toContain(step.to);
      expect(step.from.filter((s) => (step.done as string[]).includes(s))).toEqual([]);
    }
  });

  it("campaign: draft → open → active → closed, closed is final", () => {
    expect(CAMPAIGN_TRANSITIONS.open.from).toEqual(["draft"]);
    expect(CAMPAIGN_TRANSITIONS.close.from).toEqual(["open", "active"]);
    expect(Object.values(CAMPAIGN_TRANSITIONS).some((t) => t.from.includes("closed"))).toBe(false);
  });
});
