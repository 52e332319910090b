import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply } from "../src/core/message.ts";
import { campaignJson } from "../src/core/campaigns/render.ts";
import { byOf, slugOption } from "./campaign-common.ts";

export default defineCommand({
  name: "brief post",
  summary: "Post (or update) a campaign's brief in the creators' community; opens a draft",
  description:
    "Renders the brief (objective, deliverables, compensation, dates, disclosure rule, hashtags, do's and don'ts) with I'm in / Not for me " +
    "buttons and posts it where creators gather (Discord). Posting again updates the posted brief instead of posting a second one. " +
    "A draft opens first, when its essentials are complete (otherwise it says what is missing). Without a community surface connected, it shows the brief here.",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption }),
  examples: ["/scout brief post spring-launch"],
  async run({ options, services, invocation }) {
    const r = await services.campaigns.postBrief(options.slug, byOf(invocation));
    const c = r.campaign;
    const lines = [
      r.opened ? `${c.name} (${c.slug}) is now open.` : null,
      r.posted
        ? r.previous
          ? `Updated the posted brief (${r.posted.surface}, channel ${r.posted.channelId}).`
          : `Posted the brief (${r.posted.surface}, channel ${r.posted.channelId}).`
        : "No community surface is connected (Discord is off), so the brief was not posted. This is how it reads:",
      ...r.warnings,
    ].filter(Boolean);
    const message = r.posted
      ? { text: lines.join("\n"), tone: r.warnings.length ? ("warning" as const) : ("success" as const) }
      : { ...r.message, title: `Brief: ${r.message.title ?? c.name}`, text: [lines.join("\n"), r.message.text].filter(Boolean).join("\n\n"), tone: "info" as const };
    return reply(message, {
      campaign: campaignJson(c),
      opened: r.opened,
      posted: r.posted,
      previous: r.previous,
      brief: r.message,
      ...(r.warnings.length ? { warnings: r.warnings } : {}),
    });
  },
});
