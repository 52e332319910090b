// The participation and deliverable state machines, as data. Each action moves `from` → `to`;
// when the row is already in one of `done`, a repeat is a no-op that says so; any other status
// refuses the action with a reason.
import { statusWord } from "./format.ts";
import type { DeliverableStatus, ParticipationStatus } from "./types.ts";

export interface Step<S extends string> {
  to: S;
  from: S[];
  done: S[];
  /** Who owns the step (domain.md: every transition has one owner). */
  owner: "marketer" | "creator";
}

export type ParticipationAction = "invite" | "optIn" | "approve" | "decline" | "withdraw";

export const PARTICIPATION_STEPS: Record<ParticipationAction, Step<ParticipationStatus>> = {
  invite: { to: "invited", from: ["declined", "withdrawn"], done: ["invited", "opted_in", "approved", "paid"], owner: "marketer" },
  optIn: { to: "opted_in", from: ["invited", "withdrawn"], done: ["opted_in", "approved", "paid"], owner: "creator" },
  approve: { to: "approved", from: ["opted_in"], done: ["approved", "paid"], owner: "marketer" },
  decline: { to: "declined", from: ["invited", "opted_in"], done: ["declined"], owner: "marketer" },
  withdraw: { to: "withdrawn", from: ["invited", "opted_in", "approved"], done: ["withdrawn"], owner: "creator" },
};

export type DeliverableAction = "submit" | "approve" | "requestChanges" | "markLive";

export const DELIVERABLE_STEPS: Record<DeliverableAction, Step<DeliverableStatus>> = {
  submit: { to: "submitted", from: ["changes_requested"], done: ["submitted", "approved", "live"], owner: "creator" },
  approve: { to: "approved", from: ["submitted"], done: ["approved", "live"], owner: "marketer" },
  requestChanges: { to: "changes_requested", from: ["submitted"], done: ["changes_requested"], owner: "marketer" },
  markLive: { to: "live", from: ["approved"], done: ["live"], owner: "marketer" },
};

export const PARTICIPATION_VERBS: Record<ParticipationAction, string> = {
  invite: "invite",
  optIn: "opt in",
  approve: "approve",
  decline: "decline",
  withdraw: "withdraw",
};

/** Why a participation action cannot start from its status; `who` is "@handle", `when` " by Mia at 10:02 UTC". */
export function participationRefusal(action: ParticipationAction, status: ParticipationStatus, who: string, when: string): { reason: string; hint?: string } {
  const was = `${who} ${status === "withdrawn" ? "withdrew" : `was ${statusWord(status)}`}${when}`;
  switch (action) {
    case "approve":
      if (status === "invited") return { reason: `${who} was invited but has not opted in yet; approve them once they opt in.` };
      if (status === "declined") return { reason: `${was}; a declined participation cannot be approved.`, hint: "To change your mind, invite them again (/scout campaign invite) and approve their opt-in." };
      if (status === "withdrawn") return { reason: `${was}; there is nothing to approve.` };
      break;
    case "decline":
      if (status === "approved" || status === "paid") return { reason: `${was}; an approved participation cannot be declined.`, hint: "Ask the creator to withdraw if the collaboration should stop." };
      if (status === "withdrawn") return { reason: `${was}; there is nothing to decline.` };
      break;
    case "optIn":
      if (status === "declined") return { reason: `The team declined this opt-in${when}.`, hint: "Ask the brand's team if you think this is a mistake." };
      break;
    case "withdraw":
      if (status === "declined") return { reason: `${was}; there is nothing to withdraw from.` };
      if (status === "paid") return { reason: `${who} was already paid; the participation is complete.` };
      break;
    case "invite":
      break;
  }
  return { reason: `${who} is ${statusWord(status)}; cannot ${PARTICIPATION_VERBS[action]} from there.` };
}

/** Why a deliverable action cannot start from its status. */
export function deliverableRefusal(action: DeliverableAction, status: DeliverableStatus, id: string, when: string): { reason: string; hint?: string } {
  switch (action) {
    case "approve":
      if (status === "changes_requested") return { reason: `Changes were requested${when}; approve it once the creator resubmits.` };
      if (status === "rejected") return { reason: "This deliverable was rejected." };
      break;
    case "requestChanges":
      if (status === "approved" || status === "live") return { reason: `This deliverable is already ${statusWord(status)}${when}; changes can only be asked before approval.` };
      break;
    case "markLive":
      if (status === "submitted" || status === "changes_requested")
        return { reason: `This deliverable is ${statusWord(status)}, not approved yet; approve it before it goes live.`, hint: `Approve it with /scout deliverables approve id:${id}.` };
      break;
    case "submit":
      if (status === "rejected") return { reason: "This link was rejected; submit a new one." };
      break;
  }
  return { reason: `This deliverable is ${statusWord(status)}; cannot do that from there.` };
}
