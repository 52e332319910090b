// For creators: opt in to a campaign (the brief's "I'm in" button runs `optin <slug>`, which
// answers with the opt-in form; the form runs it again with the details), or say "Not for me".
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { UsageError, UserError } from "../src/core/errors.ts";
import { reply } from "../src/core/message.ts";
import { longDate, statusWord } from "../src/core/campaigns/format.ts";
import { asOption, campaignOption, confirmOption, countOption, handleOption, opt, platformOption, rateOption } from "../src/core/creators/fields.ts";
import { optInForm } from "../src/core/creators/forms.ts";
import { asSuffix, identityOf } from "../src/core/creators/identity.ts";
import { claimJson, heldOptInText } from "../src/core/creators/claims.ts";
import { byOf } from "./campaign-common.ts";
import { termsSummary } from "../src/core/agreement/terms.ts";
import type { Terms } from "../src/core/agreement/types.ts";
import type { Form } from "../src/core/message.ts";

/** The opt-in form with the campaign's terms: their acceptance takes the place of followers (a Discord form holds five fields). */
function withTerms(form: Form, slug: string, t: Terms | null): Form {
  if (!t) return form;
  return {
    ...form,
    hidden: { ...form.hidden, "terms-version": String(t.version) },
    fields: [
      ...form.fields.filter((f) => f.key !== "followers"),
      {
        key: "accept-terms",
        label: `I accept terms v${t.version}`,
        kind: "select",
        required: true,
        hint: `${termsSummary(t.text, 60)} Full text: /terms show campaign:${slug}`,
        choices: [
          { value: "yes", label: `Yes, I accept terms v${t.version}` },
          { value: "no", label: "No" },
        ],
      },
    ],
  };
}

const DETAILS = ["handle", "platform", "followers", "rate", "disclose"] as const;

export const optin = defineCommand({
  name: "optin",
  summary: "Opt in to a campaign (without details: the opt-in form)",
  description:
    "Tells the brand you'd like to take part. Without details it answers with a short form: your handle and platform, followers, your rate in the campaign's currency, " +
    "and your promise to disclose the partnership as the campaign asks (e.g. #ad). Scout registers you (or updates your profile), records the opt-in and tells the brand's team; " +
    "you hear back privately when they decide. Pressing it twice is fine: you're in once. On the console, add as:@handle to act as that creator.",
  audience: "creator",
  positional: ["campaign"],
  options: z.object({
    campaign: campaignOption,
    handle: opt(handleOption).describe("<handle> your handle on the platform, e.g. @ana.cooks"),
    platform: opt(platformOption).describe("<platform> instagram, tiktok, youtube, x, twitch or blog"),
    followers: opt(countOption("followers")).describe("<number> your followers there, e.g. 12000"),
    rate: opt(rateOption).describe("<amount> your rate for the deliverables, in the campaign's currency"),
    disclose: opt(confirmOption).describe("<yes|no> you will disclose the partnership as the campaign asks"),
    "accept-terms": opt(confirmOption).describe("<yes|no> you accept the campaign's terms (read them with /terms show)"),
    "terms-version": opt(z.coerce.number({ message: "expects the version of the terms you read, e.g. 2" }).int().min(1)).describe("<n> the version of the terms you read (default: the current one)"),
    as: asOption,
  }),
  examples: ["/optin spring-launch", "/scout optin spring-launch handle:@ana.cooks platform:instagram followers:12000 rate:250 disclose:yes as:@ana.cooks"],
  async run({ options, services, invocation }) {
    const identity = identityOf(invocation, options.as);
    const c = await services.creators.openForOptIn(options.campaign);
    const terms = await services.agreement.currentTerms(c.id);
    if (DETAILS.every((k) => options[k] === undefined)) {
      // A second press of I'm in: say so instead of asking again.
      const { creator, participations, claims } = await services.creators.participations(identity);
      const held = claims.find((x) => x.status === "pending" && x.held.some((h) => h.campaignId === c.id));
      if (held)
        return reply(
          { title: "Held: pending identity", text: heldOptInText(held, c.name), tone: "info", ephemeral: true },
          { outcome: "held", campaign: c.slug, claim: claimJson(held) },
        );
      const current = participations.find((p) => p.campaign.id === c.id);
      if (current && ["opted_in", "approved", "paid"].includes(current.status))
        return reply(
          { title: "You're already in", text: `You're already in: you are ${statusWord(current.status)} on ${c.name}. /mystatus shows what comes next.`, tone: "info", ephemeral: true },
          { outcome: "already", campaign: c.slug, participation: { id: current.id, status: current.status } },
        );
      if (current?.status === "declined")
        throw new UserError("OPTIN_DECLINED", `The team has chosen other creators for ${c.name}.`, "/campaigns lists the other campaigns open now.");
      const form = withTerms(optInForm(c, identity, creator), c.slug, terms);
      const termsLine = terms ? `\nTerms v${terms.version}: ${termsSummary(terms.text)} Read them in full with /terms show campaign:${c.slug}.` : "";
      return reply(
        { title: form.title, text: `Tell us a little about you and confirm you'll disclose with ${c.disclosure}.${termsLine}`, form, ephemeral: true },
        { campaign: c.slug, form },
      );
    }
    const missing: Record<string, string> = {};
    if (options.handle === undefined) missing.handle = "is required, e.g. @ana.cooks";
    if (options.platform === undefined) missing.platform = "is required: instagram, tiktok, youtube, x, twitch or blog";
    if (options.disclose === undefined) missing.disclose = `is required: answer yes to confirm you'll disclose with ${c.disclosure}`;
    // The version the creator saw (the form carries it); without one, the current version.
    const seen = terms ? (options["terms-version"] ? await services.agreement.terms(c.id, options["terms-version"]) : terms) : null;
    if (terms && !seen) missing["terms-version"] = `${c.name} has no terms v${options["terms-version"]}; the current terms are v${terms.version}`;
    if (terms && options["accept-terms"] !== true)
      missing["accept-terms"] = `is required: read the terms (/terms show campaign:${c.slug}) and answer yes to accept terms v${seen?.version ?? terms.version}; without it the brand cannot take you on`;
    if (Object.keys(missing).length)
      throw new UsageError(Object.entries(missing).map(([k, m]) => `${k}: ${m}`).join("; "), undefined, undefined, missing);
    const o = await services.creators.optIn(
      identity,
      c.slug,
      { handle: options.handle!, platform: options.platform!, followers: options.followers, rate: options.rate, disclose: options.disclose! },
      byOf(invocation),
    );
    if (o.outcome === "held")
      return reply(
        {
          title: "Held: pending identity",
          // An acceptance is bound to a confirmed identity: the member is asked again once the team confirms them.
          text: [heldOptInText(o.claim, c.name), ...(terms ? [`Once they confirm it, Scout asks you to accept terms v${terms.version} as yourself.`] : []), ...o.warnings].join("\n"),
          tone: "info",
          ephemeral: true,
        },
        { outcome: o.added ? "held" : "already", campaign: c.slug, claim: claimJson(o.claim) },
      );
    const p = o.value;
    // The acceptance of the version the creator saw; when the terms changed meanwhile, they are asked for the new one.
    const accepted = seen ? await services.agreement.acceptTerms(o.campaign, p.creator.creatorId, seen.version, byOf(invocation)) : null;
    const termsLines = accepted
      ? [
          `You accepted terms v${accepted.terms.version}.`,
          ...(accepted.outdated ? [`The terms changed while you were filling in the form: v${accepted.current.version} is now current. Please read it (/terms show campaign:${c.slug}) and accept it too.`] : []),
        ]
      : [];
    const text =
      o.outcome === "already"
        ? `You're already in: you are ${statusWord(p.status)} on ${c.name}. Nothing more to do${p.status === "opted_in" ? " until the brand decides" : ""}.`
        : `Thanks! You're in the running for ${c.name}. The brand's team reviews opt-ins and you'll get a private message when they decide` +
          `${c.optInClosesAt ? ` (opt-ins close ${longDate(c.optInClosesAt)})` : ""}. Meanwhile, /mystatus shows where you stand.`;
    return reply(
      {
        title: o.outcome === "already" ? "You're already in" : `Opted in: ${c.name}`,
        text: [text, ...termsLines, ...o.warnings].join("\n"),
        tone: accepted?.outdated ? "warning" : o.outcome === "done" ? "success" : "info",
        ephemeral: true,
        ...(accepted?.outdated ? { actions: [services.agreement.readButton(c.slug, asSuffix(identity)), services.agreement.acceptButton(c.slug, accepted.current.version, asSuffix(identity))] } : {}),
      },
      {
        outcome: o.outcome,
        campaign: c.slug,
        participation: { id: p.id, status: p.status, rateAsk: p.rateAsk, currency: p.currency },
        ...(accepted ? { terms: { accepted: accepted.terms.version, current: accepted.current.version, pending: accepted.outdated } } : {}),
      },
    );
  },
});

export const optout = defineCommand({
  name: "optout",
  summary: "Not for me: pass on a campaign (withdraws an opt-in or invitation)",
  description:
    "Says no to a campaign. An invitation or an opt-in waiting for a decision is withdrawn; if you're already approved, Scout asks you to confirm with confirm:yes. " +
    "When there is nothing to withdraw, Scout simply notes it. On the console, add as:@handle.",
  audience: "creator",
  positional: ["campaign"],
  options: z.object({
    campaign: campaignOption,
    confirm: opt(confirmOption).describe("<yes> confirm withdrawing after you were approved"),
    as: asOption,
  }),
  examples: ["/optout spring-launch", "/scout optout spring-launch as:@ana.cooks"],
  async run({ options, services, invocation }) {
    const identity = identityOf(invocation, options.as);
    const r = await services.creators.optOut(identity, options.campaign, options.confirm === true, byOf(invocation));
    if (r.kind === "confirm")
      return reply(
        {
          title: `Leave ${r.campaign.name}?`,
          text: `You're approved on ${r.campaign.name}, and the brand is counting on you. If you need to step back, confirm below and the team will see it.`,
          tone: "warning",
          ephemeral: true,
          actions: [{ id: `optout.confirm.${r.campaign.slug}`, label: "Yes, withdraw", style: "danger", value: `optout ${r.campaign.slug} confirm:yes${asSuffix(identity)}` }],
        },
        { outcome: "confirm", campaign: r.campaign.slug },
      );
    if (r.kind === "released")
      return reply(
        { text: `Done: your opt-in to ${r.campaign.name}, held until the brand's team confirmed who you are, is withdrawn. Thanks for letting us know.`, tone: "info", ephemeral: true },
        { outcome: "released", campaign: r.campaign.slug },
      );
    if (r.kind === "nothing")
      return reply(
        { text: `No problem, thanks for letting us know about ${r.campaignName}. /campaigns lists the others open now.`, tone: "info", ephemeral: true },
        { outcome: "nothing", campaign: options.campaign, status: r.status },
      );
    return reply(
      {
        text: r.outcome.outcome === "already" ? `You had already withdrawn from ${r.campaign.name}.` : `Done: you've withdrawn from ${r.campaign.name}. Thanks for letting the team know, and see you on the next one.`,
        tone: "info",
        ephemeral: true,
      },
      { outcome: r.outcome.outcome, campaign: r.campaign.slug, status: r.outcome.value.status },
    );
  },
});

export default optin;
