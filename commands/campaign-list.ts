import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply } from "../src/core/message.ts";
import { campaignJson, campaignListMessage } from "../src/core/campaigns/render.ts";
import type { CampaignStatus } from "../src/core/campaigns/index.ts";
import { expiringRightsSection } from "../src/core/agreement/expiring.ts";
import { attentionSections } from "../src/core/payouts/attention.ts";

const FILTERS: Record<string, CampaignStatus[] | null> = {
  current: ["draft", "open", "active"],
  draft: ["draft"],
  open: ["open"],
  active: ["active"],
  closed: ["closed"],
  all: null,
};

export default defineCommand({
  name: "campaign list",
  summary: "List campaigns with what needs attention (opt-ins, approved, to review, overdue)",
  description:
    "Lists campaigns (by default those not closed) with, for each, the opt-ins waiting for a decision, the creators approved, " +
    "the deliverables waiting for review, and what is overdue: approved creators with nothing submitted after the draft due date " +
    "(the go-live date when there is none), and approved deliverables not live after go-live.",
  audience: "marketer",
  options: z.object({
    status: z
      .enum(["current", "draft", "open", "active", "closed", "all"], { message: "expects current, draft, open, active, closed or all" })
      .default("current")
      .describe("<status> current (default: not closed), draft, open, active, closed or all"),
  }),
  examples: ["/scout campaign list", "/scout campaign list status:open", "/scout campaign list status:all --json"],
  async run({ options, services }) {
    const rows = await services.campaigns.list(FILTERS[options.status] ?? null);
    const m = campaignListMessage(rows, options.status === "current" ? "current" : options.status);
    // Usage rights expiring within 14 days, whatever their campaign's status (also on Slack's App Home, issue 16).
    const expiring = options.status === "current" ? await expiringRightsSection(services.agreement, null) : null;
    // Overdue payouts and shipments not confirmed after 10 days (also on the App Home, issue 17).
    const attention = options.status === "current" ? await attentionSections(services.payouts, services.seeding, null, services.now()) : null;
    const extra = [...(expiring ? [expiring.section] : []), ...(attention?.sections ?? [])];
    return reply(extra.length ? { ...m, sections: [...(m.sections ?? []), ...extra] } : m, {
      status: options.status,
      campaigns: rows.map((r) => campaignJson(r.campaign, r.counts)),
      ...(expiring ? { expiringRights: expiring.rows } : {}),
      ...(attention ? attention.rows : {}),
    });
  },
});
