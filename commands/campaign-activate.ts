import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { campaignJson } from "../src/core/campaigns/render.ts";
import { byOf, outcomeReply, slugOption } from "./campaign-common.ts";

export default defineCommand({
  name: "campaign activate",
  summary: "Mark an open campaign active (content being made and published)",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption }),
  examples: ["/scout campaign activate spring-launch"],
  async run({ options, services, invocation }) {
    const o = await services.campaigns.activate(options.slug, byOf(invocation));
    return outcomeReply(o, { campaign: campaignJson(o.campaign) });
  },
});
