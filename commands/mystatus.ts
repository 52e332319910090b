// For creators: where they stand in each campaign, what is due when, and what waits for the brand.
// Works in a DM: it needs no channel.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply } from "../src/core/message.ts";
import { asOption } from "../src/core/creators/fields.ts";
import { identityOf } from "../src/core/creators/identity.ts";
import { myParticipationJson, statusMessage } from "../src/core/creators/render.ts";
import { claimJson, claimSections } from "../src/core/creators/claims.ts";

export default defineCommand({
  name: "mystatus",
  summary: "Your campaigns: your status, what's due when, and what's waiting for the brand",
  description:
    "Shows each campaign you take part in: your status, the dates that matter (draft due, go-live, end), your deliverables and their review, " +
    "and what is waiting for the brand (an opt-in to decide, deliverables to review). Only you see it. On the console, add as:@handle.",
  audience: "creator",
  options: z.object({ as: asOption }),
  examples: ["/mystatus", "/scout mystatus as:@ana.cooks"],
  async run({ options, services, invocation }) {
    const identity = identityOf(invocation, options.as);
    const { creator, participations, claims } = await services.creators.participations(identity);
    const m = statusMessage(participations, services.now(), Boolean(creator));
    // Handles waiting for the brand's team to confirm they are yours (pending identity) come first.
    const pending = claimSections(claims);
    const message = pending.length
      ? {
          ...m,
          text: participations.length || creator ? m.text : `Waiting for the brand's team to confirm who you are (${pending.length === 1 ? "1 handle" : `${pending.length} handles`}).`,
          sections: [...pending, ...(m.sections ?? [])],
        }
      : m;
    return reply(message, {
      registered: Boolean(creator),
      participations: participations.map(myParticipationJson),
      claims: claims.map(claimJson),
    });
  },
});
