import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { campaignJson } from "../src/core/campaigns/render.ts";
import { byOf, outcomeReply, slugOption } from "./campaign-common.ts";

export default defineCommand({
  name: "campaign open",
  summary: "Open a draft campaign to opt-ins (checks the brief's essentials)",
  description:
    "Moves a draft to open. It needs the brief's essentials: deliverables, compensation (words or a fee), and a landing URL unless the objective is awareness; " +
    "an opt-in close date, when set, must still be to come. /scout brief post <slug> opens it and posts the brief in one go.",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption }),
  examples: ["/scout campaign open spring-launch"],
  async run({ options, services, invocation }) {
    const o = await services.campaigns.open(options.slug, byOf(invocation));
    return outcomeReply(o, { campaign: campaignJson(o.campaign) }, o.outcome === "done" && !o.campaign.briefPostedAt ? `Post the brief to creators with /scout brief post ${o.campaign.slug}.` : undefined);
  },
});
