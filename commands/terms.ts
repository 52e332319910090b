// For creators: read a campaign's terms in full, and accept a version (the opt-in form accepts the
// version it showed; after a change, the creator is asked to accept the new one here).
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { UserError } from "../src/core/errors.ts";
import { reply } from "../src/core/message.ts";
import { clockText } from "../src/core/campaigns/format.ts";
import { asOption, campaignOption } from "../src/core/creators/fields.ts";
import { asSuffix, identityOf } from "../src/core/creators/identity.ts";
import { termsLabel } from "../src/core/agreement/terms.ts";
import { byOf } from "./campaign-common.ts";

export const termsShow = defineCommand({
  name: "terms show",
  summary: "Read a campaign's terms in full, and accept them",
  description:
    "Shows the campaign's current terms (their version and SHA-256), and whether you accepted them. When you take part and have not accepted this version, " +
    "a button accepts it (or /terms accept <campaign> version:<n>). On the console, add as:@handle.",
  audience: "creator",
  positional: ["campaign"],
  options: z.object({ campaign: campaignOption, as: asOption }),
  examples: ["/terms show campaign:spring-launch", "/scout terms show spring-launch as:@ana.cooks"],
  async run({ options, services, invocation }) {
    const identity = identityOf(invocation, options.as);
    const c = await services.campaigns.get(options.campaign);
    if (c.status === "draft") throw new UserError("CAMPAIGN_NOT_FOUND", `No campaign named ${c.slug}.`, "/campaigns lists the campaigns open now.");
    const terms = await services.agreement.currentTerms(c.id);
    if (!terms) return reply({ title: `${c.name}: no terms`, text: `${c.name} has no separate terms: the brief says what is asked.`, ephemeral: true }, { campaign: c.slug, terms: null });
    const me = await services.creators.me(identity);
    const accepted = me ? await services.agreement.termsStatus(c.id, me.creatorId) : null;
    const { participations } = await services.creators.participations(identity);
    const takesPart = participations.some((p) => p.campaign.id === c.id && ["opted_in", "approved", "paid"].includes(p.status));
    const state = accepted?.accepted
      ? accepted.pending
        ? `You accepted v${accepted.accepted.version} (${clockText(accepted.accepted.acceptedAt, services.now())}); v${terms.version} is pending.`
        : `You accepted v${terms.version} (${clockText(accepted.accepted.acceptedAt, services.now())}).`
      : takesPart
        ? `Terms v${terms.version} pending: please accept them.`
        : `You accept them when you opt in (/optin ${c.slug}).`;
    const pending = takesPart && (!accepted?.accepted || accepted.pending);
    return reply(
      {
        title: `${c.name}: terms ${termsLabel(terms)}`,
        text: `${terms.text}\n\n${state}`,
        ephemeral: true,
        ...(pending ? { actions: [services.agreement.acceptButton(c.slug, terms.version, asSuffix(identity))] } : {}),
      },
      { campaign: c.slug, terms: { version: terms.version, sha256: terms.sha256, text: terms.text }, accepted: accepted?.accepted ? { version: accepted.accepted.version, at: accepted.accepted.acceptedAt.toISOString() } : null, pending },
    );
  },
});

export const termsAccept = defineCommand({
  name: "terms accept",
  summary: "Accept a version of a campaign's terms (the one you read)",
  description: "Records that you accept this version of the campaign's terms: who, when, the version and its SHA-256. Accepting twice changes nothing. On the console, add as:@handle.",
  audience: "creator",
  positional: ["campaign"],
  options: z.object({
    campaign: campaignOption,
    version: z.coerce.number({ message: "expects the version you read, e.g. 2" }).int({ message: "expects a whole number, e.g. 2" }).min(1, { message: "expects 1 or more" }).describe("<n> the version you read (in /terms show)"),
    as: asOption,
  }),
  examples: ["/terms accept spring-launch version:1", "/scout terms accept spring-launch version:1 as:@ana.cooks"],
  async run({ options, services, invocation }) {
    const identity = identityOf(invocation, options.as);
    const { creatorId, participation, campaign } = await services.agreement.mine(identity, options.campaign);
    if (!["opted_in", "approved", "paid"].includes(participation.status))
      throw new UserError("NOT_TAKING_PART", `You don't take part in ${campaign.name} now, so there is nothing to accept.`, `Opt in with /optin ${campaign.slug}; the form asks you to accept the terms.`);
    const r = await services.agreement.acceptTerms(campaign, creatorId, options.version, byOf(invocation));
    const lines = [
      r.added ? `Thanks: you accepted ${campaign.name}'s terms ${termsLabel(r.terms)}.` : `You had already accepted terms v${r.terms.version} (${clockText(r.acceptance.acceptedAt, services.now())}).`,
    ];
    if (r.outdated) lines.push(`The terms changed since: v${r.current.version} is now current. Please read it (/terms show campaign:${campaign.slug}) and accept it too.`);
    return reply(
      {
        title: r.added ? "Terms accepted" : "Already accepted",
        text: lines.join("\n"),
        tone: r.outdated ? "warning" : r.added ? "success" : "info",
        ephemeral: true,
        ...(r.outdated ? { actions: [services.agreement.readButton(campaign.slug, asSuffix(identity)), services.agreement.acceptButton(campaign.slug, r.current.version, asSuffix(identity))] } : {}),
      },
      { outcome: r.added ? "done" : "already", campaign: campaign.slug, accepted: { version: r.terms.version, sha256: r.terms.sha256 }, current: r.current.version, pending: r.outdated },
    );
  },
});
