// Promo codes per participation: set one the shop created, or generate a unique one.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { UsageError } from "../src/core/errors.ts";
import type { Reply } from "../src/core/message.ts";
import { PLATFORMS, type Platform } from "../src/core/platform.ts";
import { opt } from "../src/core/campaigns/fields.ts";
import type { ParticipationTarget } from "../src/core/links/types.ts";
import { parseHandle } from "../src/core/roster/values.ts";
import { byOf, slugOption } from "./campaign-common.ts";

export const creatorOption = z.string({ message: "expects the creator's handle, e.g. creator:@ana.cooks" }).trim().min(1, { message: "expects the creator's handle, e.g. creator:@ana.cooks" }).describe("<handle> the creator, e.g. @ana.cooks");
export const platformOption = opt(z.enum(PLATFORMS as [Platform, ...Platform[]], { message: `expects one of ${PLATFORMS.join(", ")}` })).describe("<platform> when the handle is on several");

export function creatorRef(options: { creator: string; platform?: Platform | undefined }) {
  const h = parseHandle(options.creator);
  if (!h.ok || !h.value) throw new UsageError(`creator: ${h.ok ? "is empty" : h.reason}`, undefined, undefined, { creator: h.ok ? "is empty" : h.reason });
  return { handle: h.value, platform: options.platform };
}

function promoReply(p: ParticipationTarget, code: string, text: string, outcome: "done" | "already"): Reply {
  return {
    message: { text, tone: outcome === "done" ? "success" : "info" },
    data: { outcome, campaign: p.campaignSlug, participationId: p.participationId, handle: p.handle, promoCode: code },
  };
}

export const promoSet = defineCommand({
  name: "promo set",
  summary: "Set a creator's promo code for a campaign (unique across Scout)",
  description: "Codes are upper case, 3–32 letters, digits and hyphens. Conversions posted with this promo code count for the creator.",
  audience: "marketer",
  options: z.object({
    campaign: slugOption,
    creator: creatorOption,
    code: z.string({ message: "expects the promo code, e.g. code:ANA10" }).trim().min(1, { message: "expects the promo code, e.g. code:ANA10" }).describe("<code> the promo code, e.g. ANA10"),
    platform: platformOption,
  }),
  examples: ["/scout promo set campaign:spring-launch creator:@ana.cooks code:ANA10"],
  async run({ options, services, invocation }) {
    const r = await services.links.setPromo(options.campaign, creatorRef(options), options.code, byOf(invocation));
    const who = `@${r.participation.handle}`;
    return promoReply(
      r.participation,
      r.code,
      r.outcome === "done" ? `${who}'s promo code for ${r.participation.campaignSlug} is now ${r.code}.` : `${who} already has the promo code ${r.code} on ${r.participation.campaignSlug}.`,
      r.outcome,
    );
  },
});

export const promoGenerate = defineCommand({
  name: "promo generate",
  summary: "Generate a unique promo code for a creator (e.g. ANA-7KQ2)",
  description: "The prefix comes from the handle, the suffix is random; a code already in use is never given twice. A creator who already has a code keeps it (orders may use it); promo set changes it.",
  audience: "marketer",
  options: z.object({ campaign: slugOption, creator: creatorOption, platform: platformOption }),
  examples: ["/scout promo generate campaign:spring-launch creator:@ana.cooks"],
  async run({ options, services, invocation }) {
    const r = await services.links.generatePromo(options.campaign, creatorRef(options), byOf(invocation));
    const who = `@${r.participation.handle}`;
    return promoReply(
      r.participation,
      r.code,
      r.outcome === "done"
        ? `${who}'s promo code for ${r.participation.campaignSlug} is ${r.code}.`
        : `${r.code} is already ${who}'s promo code for ${r.participation.campaignSlug}; use promo set to change it.`,
      r.outcome,
    );
  },
});
