import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { byOf, slugOption } from "./campaign-common.ts";

export default defineCommand({
  name: "campaign delete",
  summary: "Delete a draft campaign (only drafts; close the others)",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption }),
  examples: ["/scout campaign delete spring-launch"],
  async run({ options, services, invocation }) {
    const o = await services.campaigns.remove(options.slug, byOf(invocation));
    return { message: { text: o.text, tone: o.outcome === "done" ? "success" : "info" }, data: { outcome: o.outcome, message: o.text, slug: o.slug } };
  },
});
