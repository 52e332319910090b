// Opt-ins: list a campaign's participations, approve or decline one (the buttons on the opt-in
// notice run these), and record an opt-in a creator sent another way.
import { z } from "zod";
import { agreementJson, agreementSections } from "../src/core/agreement/render.ts";
import { defineCommand } from "../src/core/command.ts";
import { UsageError, UserError } from "../src/core/errors.ts";
import { claimHandle, claimJson, pendingIdentitySections } from "../src/core/creators/claims.ts";
import { reply } from "../src/core/message.ts";
import type { Services } from "../src/core/services.ts";
import { PLATFORMS, type Platform } from "../src/core/platform.ts";
import { amountOption, opt } from "../src/core/campaigns/fields.ts";
import { optInsMessage, participationJson } from "../src/core/campaigns/render.ts";
import { parseHandle } from "../src/core/roster/values.ts";
import { byOf, idOption, outcomeReply, slugOption } from "./campaign-common.ts";

const id = idOption("participation", "/scout optins <campaign>");

/** An opt-in held as pending identity (its id is the claim's) is decided only once the identity is. */
async function refuseHeld(services: Services, id: string) {
  const claim = await services.creators.claim(id);
  if (claim?.status === "pending")
    throw new UserError(
      "IDENTITY_PENDING",
      `This opt-in is held as pending identity: ${claim.claimantName} (Discord) says they are ${claimHandle(claim)}, and nobody has confirmed it yet.`,
      `Confirm who they are first: /scout identity confirm id:${claim.id} (or reject it with /scout identity reject id:${claim.id}).`,
    );
}

export const optinsList = defineCommand({
  name: "optins",
  summary: "List a campaign's opt-ins: those waiting for a decision first, then the others",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption }),
  examples: ["/scout optins spring-launch", "/scout optins spring-launch --json"],
  async run({ options, services }) {
    const { campaign, participations } = await services.campaigns.participations(options.slug);
    const url = services.campaigns.linkUrl;
    const m = optInsMessage(campaign, participations, url);
    // Opt-ins held until a member's claim to a roster creator is confirmed: decided with Confirm / Reject, not Approve.
    const claims = await services.creators.pendingIdentity(campaign.id);
    const held = claims.length
      ? {
          ...m,
          text: `${participations.length ? m.text : "No opt-in to decide yet."} ${claims.length} held as pending identity (confirm who the member is first).`,
          sections: [...pendingIdentitySections(claims, campaign.id), ...(m.sections ?? [])],
        }
      : m;
    // Who accepted which version of the terms (issue 16).
    const { current, rows } = await services.agreement.acceptanceRows(campaign, participations);
    const message = current && rows.length ? { ...held, sections: [...(held.sections ?? []), ...agreementSections(await services.agreement.settings(campaign.id), current, rows, services.now()).slice(1)] } : held;
    return reply(message, {
      terms: current ? { version: current.version, sha256: current.sha256, acceptances: agreementJson(await services.agreement.settings(campaign.id), current, rows).acceptances } : null,
      campaign: campaign.slug,
      waiting: participations.filter((p) => p.status === "opted_in").length,
      participations: participations.map((p) => participationJson(p, url)),
      pendingIdentity: claims.map(claimJson),
    });
  },
});

export const optinsApprove = defineCommand({
  name: "optins approve",
  summary: "Approve an opt-in (the creator is told, with the dates and their link)",
  audience: "marketer",
  options: z.object({ id }),
  examples: ["/scout optins approve id:3f0c2a9e-8d1b-4c52-9a57-0b5d1e6f7a21"],
  async run({ options, services, invocation }) {
    await refuseHeld(services, options.id);
    const o = await services.campaigns.approveParticipation(options.id, byOf(invocation));
    const link = o.value.trackedCode ? services.campaigns.linkUrl(o.value.trackedCode) : null;
    return outcomeReply(
      o,
      { campaign: o.campaign.slug, participation: participationJson(o.value, services.campaigns.linkUrl) },
      link ? `Tracked link: ${link}${o.value.promoCode ? ` (promo code ${o.value.promoCode})` : ""}` : undefined,
    );
  },
});

export const optinsDecline = defineCommand({
  name: "optins decline",
  summary: "Decline an opt-in, with an optional note for the creator",
  audience: "marketer",
  options: z.object({
    id,
    note: opt(z.string().trim().max(1000, { message: "is too long (at most 1000 characters)" })).describe("<text> a note the creator reads"),
  }),
  examples: ["/scout optins decline id:3f0c2a9e-8d1b-4c52-9a57-0b5d1e6f7a21", '/scout optins decline id:3f0c2a9e-8d1b-4c52-9a57-0b5d1e6f7a21 note:"Looking for food creators this time"'],
  async run({ options, services, invocation }) {
    await refuseHeld(services, options.id);
    const o = await services.campaigns.declineParticipation(options.id, byOf(invocation), options.note ?? null);
    return outcomeReply(o, { campaign: o.campaign.slug, participation: participationJson(o.value) });
  },
});

export const optinsAdd = defineCommand({
  name: "optins add",
  summary: "Record an opt-in a creator sent another way (e-mail, DM); the team gets the usual notice",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({
    slug: slugOption,
    handle: z.string({ message: "expects the creator's handle, e.g. handle:@ana.cooks" }).trim().min(1).describe("<handle> the creator's handle"),
    platform: opt(z.enum(PLATFORMS as [Platform, ...Platform[]], { message: `expects one of ${PLATFORMS.join(", ")}` })).describe("<platform> when the handle is on several"),
    rate: opt(amountOption).describe("<amount> the rate the creator asks"),
    disclosure: opt(z.enum(["yes", "no"], { message: "expects yes or no" })).describe("<yes|no> the creator confirmed they will disclose"),
  }),
  examples: ["/scout optins add spring-launch handle:@ana.cooks rate:300 disclosure:yes"],
  async run({ options, services, invocation }) {
    const h = parseHandle(options.handle);
    if (!h.ok || !h.value) throw new UsageError(`handle: ${h.ok ? "is empty" : h.reason}`, undefined, undefined, { handle: h.ok ? "is empty" : h.reason });
    const o = await services.campaigns.optIn(
      options.slug,
      { handle: h.value, platform: options.platform },
      {
        ...(options.rate ? { rateAsk: options.rate.amount, currency: options.rate.currency } : {}),
        ...(options.disclosure ? { disclosureConfirmed: options.disclosure === "yes" } : {}),
      },
      byOf(invocation),
    );
    return outcomeReply(o, { campaign: o.campaign.slug, participation: participationJson(o.value) });
  },
});

export default optinsList;
