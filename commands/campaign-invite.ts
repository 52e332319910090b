import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { UsageError } from "../src/core/errors.ts";
import { PLATFORMS, type Platform } from "../src/core/platform.ts";
import { parseHandle } from "../src/core/roster/values.ts";
import { participationJson } from "../src/core/campaigns/render.ts";
import { byOf, outcomeReply, slugOption } from "./campaign-common.ts";

export default defineCommand({
  name: "campaign invite",
  summary: "Invite a creator from the roster to a campaign (the shortlist's Invite button)",
  description:
    "Records the invitation (once: inviting again says so) and sends the creator the campaign's summary with I'm in / Not for me, " +
    "where a creator surface is connected. Works on drafts, open and active campaigns; not on closed ones.",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({
    slug: slugOption,
    handle: z.string({ message: "expects the creator's handle, e.g. handle:@ana.cooks" }).trim().min(1).describe("<handle> the creator's handle, e.g. @ana.cooks"),
    platform: z
      .enum(PLATFORMS as [Platform, ...Platform[]], { message: `expects one of ${PLATFORMS.join(", ")}` })
      .optional()
      .describe("<platform> the account's platform, when the handle is on several"),
  }),
  examples: ["/scout campaign invite spring-launch handle:@ana.cooks", "/scout campaign invite spring-launch handle:ana.cooks platform:tiktok"],
  async run({ options, services, invocation }) {
    const h = parseHandle(options.handle);
    if (!h.ok || !h.value) throw new UsageError(`handle: ${h.ok ? "is empty" : h.reason}`, undefined, undefined, { handle: h.ok ? "is empty" : h.reason });
    const o = await services.campaigns.inviteCreator(options.slug, { handle: h.value, platform: options.platform }, byOf(invocation));
    return outcomeReply(o, { campaign: o.campaign.slug, participation: participationJson(o.value) });
  },
});
