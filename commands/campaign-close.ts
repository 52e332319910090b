import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { campaignJson } from "../src/core/campaigns/render.ts";
import { byOf, outcomeReply, slugOption } from "./campaign-common.ts";

export default defineCommand({
  name: "campaign close",
  summary: "Close a campaign: no more opt-ins or changes, reporting only",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption }),
  examples: ["/scout campaign close spring-launch"],
  async run({ options, services, invocation }) {
    const o = await services.campaigns.close(options.slug, byOf(invocation));
    return outcomeReply(o, { campaign: campaignJson(o.campaign) });
  },
});
