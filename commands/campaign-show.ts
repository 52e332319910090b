import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply } from "../src/core/message.ts";
import { campaignJson, campaignMessage } from "../src/core/campaigns/render.ts";
import { slugOption } from "./campaign-common.ts";
import { agreementView } from "../src/core/agreement/render.ts";

export default defineCommand({
  name: "campaign show",
  summary: "Show a campaign: its brief, dates, status and what needs attention",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption }),
  examples: ["/scout campaign show spring-launch", "/scout campaign show spring-launch --json"],
  async run({ options, services }) {
    const c = await services.campaigns.get(options.slug);
    const counts = await services.campaigns.counts(c);
    const missing = services.campaigns.missing(c);
    const m = campaignMessage(c, { counts, missing });
    // Terms (who accepted which version), drafts and usage rights (issue 16).
    const { participations } = await services.campaigns.participations(c.slug);
    const agreement = await agreementView(services.agreement, c, participations, services.now());
    return reply({ ...m, sections: [...(m.sections ?? []), ...agreement.sections] }, { campaign: campaignJson(c, counts), missing, agreement: agreement.json });
  },
});
