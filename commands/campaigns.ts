// For creators: the campaigns open for opt-ins now, each with an "I'm in" button.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply } from "../src/core/message.ts";
import { optInsClosed } from "../src/core/campaigns/lifecycle.ts";
import { asOption } from "../src/core/creators/fields.ts";
import { asSuffix, identityOf, isLocal } from "../src/core/creators/identity.ts";
import { campaignsMessage } from "../src/core/creators/render.ts";

export default defineCommand({
  name: "campaigns",
  summary: "The campaigns open for opt-ins: what they ask, what they pay, the dates",
  description:
    "Lists the campaigns that take opt-ins now (open, and their opt-in date not passed) with the objective, deliverables, compensation, dates and disclosure rule, " +
    "and an I'm in button for each (it runs /optin <slug>). Campaigns you already take part in say so instead. " +
    "On the console, add as:@handle to see it as that creator.",
  audience: "creator",
  options: z.object({ as: asOption }),
  examples: ["/campaigns", "/scout campaigns as:@ana.cooks"],
  async run({ options, services, invocation }) {
    // Listing needs no identity; on the console without as: it just shows the list.
    const identity = isLocal(invocation.surface) && options.as === undefined ? null : identityOf(invocation, options.as);
    const now = services.now();
    const open = (await services.campaigns.list(["open", "active"])).map((r) => r.campaign).filter((c) => !optInsClosed(c, now));
    const mine = new Map<string, string>();
    if (identity) for (const p of (await services.creators.participations(identity)).participations) mine.set(p.campaign.id, p.status);
    return reply(campaignsMessage(open, mine, identity ? asSuffix(identity) : ""), {
      campaigns: open.map((c) => ({ slug: c.slug, name: c.name, status: c.status, optInClosesAt: c.optInClosesAt?.toISOString() ?? null, mine: mine.get(c.id) ?? null })),
    });
  },
});
