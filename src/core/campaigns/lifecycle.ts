// The campaign lifecycle: draft → open → active → closed, each step guarded.
import { lastMoment, dateText } from "./format.ts";
import type { Campaign, CampaignFields, CampaignStatus } from "./types.ts";

export type CampaignAction = "open" | "activate" | "close";

/** Each action: the statuses it starts from, and where it ends. Closed is final. */
export const CAMPAIGN_TRANSITIONS: Record<CampaignAction, { from: CampaignStatus[]; to: CampaignStatus }> = {
  open: { from: ["draft"], to: "open" },
  activate: { from: ["open"], to: "active" },
  close: { from: ["open", "active"], to: "closed" },
};

/** Why an action cannot start from a status (it is not a repeat: that is "already"). */
export function campaignRefusal(action: CampaignAction, status: CampaignStatus, c: { name: string; slug: string }): { reason: string; hint?: string } {
  const slug = c.slug;
  const label = `${c.name} (${c.slug})`;
  if (status === "closed") return { reason: `${label} is closed; a closed campaign cannot be ${action === "open" ? "opened" : "changed"} again.`, hint: "Create a new campaign with /scout campaign new." };
  if (action === "activate" && status === "draft") return { reason: `${label} is still a draft; open it first.`, hint: `Open it with /scout campaign open ${slug} (or /scout brief post ${slug}).` };
  if (action === "close" && status === "draft") return { reason: `${label} is a draft and was never opened; a draft is deleted, not closed.`, hint: `Delete it with /scout campaign delete ${slug}.` };
  if (action === "open" && status === "active") return { reason: `${label} is already active (past open).` };
  return { reason: `${label} is ${status}; it cannot ${action} from there.` };
}

/** Which statuses take which work. */
export const TAKES_OPT_INS: CampaignStatus[] = ["open", "active"];
export const TAKES_INVITES: CampaignStatus[] = ["draft", "open", "active"];
export const TAKES_WORK: CampaignStatus[] = ["open", "active"];

/**
 * What a campaign lacks before it can open (the brief essentials): deliverables, compensation
 * (words or a fee), and a landing URL when the objective sends people somewhere (traffic, leads,
 * sales). Each item says how to add it. An opt-in close date already past also stops it.
 */
export function missingEssentials(c: Pick<CampaignFields, "name" | "objective" | "deliverables" | "compensation" | "fee" | "landingUrl" | "optInClosesAt">, now: Date): string[] {
  const missing: string[] = [];
  if (!c.name?.trim()) missing.push('a name (name:"Spring launch")');
  if (!c.deliverables.length) missing.push('the deliverables (deliverables:"1 Reel, 2 Stories")');
  if (!c.compensation && c.fee === null) missing.push('the compensation (compensation:"flat fee + product" or fee:300)');
  if (!c.landingUrl && c.objective !== "awareness") missing.push(`a landing URL: a ${c.objective} campaign sends people to it (landing-url:https://...)`);
  if (c.optInClosesAt && lastMoment(c.optInClosesAt).getTime() < now.getTime())
    missing.push(`an opt-in close date still to come (it was ${dateText(c.optInClosesAt)}; opt-in-closes:<date>)`);
  return missing;
}

/** Whether opt-ins are past their close date. */
export const optInsClosed = (c: Pick<Campaign, "optInClosesAt">, now: Date) => Boolean(c.optInClosesAt && lastMoment(c.optInClosesAt).getTime() < now.getTime());
