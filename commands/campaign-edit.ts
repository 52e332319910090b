import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply, type Form } from "../src/core/message.ts";
import { campaignOptionShape, FIELD_KEYS, optionsToFields } from "../src/core/campaigns/fields.ts";
import { alreadyText, campaignJson, campaignMessage } from "../src/core/campaigns/render.ts";
import type { Campaign } from "../src/core/campaigns/index.ts";
import { OBJECTIVES } from "../src/core/scoring/index.ts";
import { byOf, slugOption } from "./campaign-common.ts";
import { agreementOptionShape, AGREEMENT_KEYS, prepareAgreement } from "./agreement-options.ts";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

/** The edit form, filled with the campaign's current values. */
function editForm(c: Campaign): Form {
  return {
    title: `Edit ${c.name}`.slice(0, 24),
    submitLabel: "Save",
    command: "campaign edit",
    hidden: { slug: c.slug },
    fields: [
      { key: "name", label: "Name", kind: "text", initial: c.name },
      { key: "objective", label: "Objective", kind: "select", initial: c.objective, choices: OBJECTIVES.map((o) => ({ value: o, label: o })) },
      { key: "deliverables", label: "Deliverables", kind: "textarea", initial: c.deliverables.join(", ") },
      { key: "compensation", label: "Compensation", kind: "text", initial: c.compensation ?? "" },
      { key: "budget", label: "Budget", kind: "number", initial: c.budget === null ? "" : String(c.budget) },
      { key: "landing-url", label: "Landing URL", kind: "url", initial: c.landingUrl ?? "" },
      { key: "opt-in-closes", label: "Opt-in closes", kind: "date", initial: day(c.optInClosesAt) },
      { key: "draft-due", label: "Draft due", kind: "date", initial: day(c.draftDueAt) },
      { key: "go-live", label: "Go-live date", kind: "date", initial: day(c.goLiveAt) },
      { key: "ends", label: "Ends", kind: "date", initial: day(c.endsAt) },
    ],
  };
}

export default defineCommand({
  name: "campaign edit",
  summary: "Change a campaign's brief fields (without fields: a form)",
  description:
    "Changes the fields given, with the same options as campaign new (name, objective, deliverables, dates, budget, criteria...). " +
    "Dates must stay in order. A closed campaign cannot be changed; an open one cannot lose its essentials. " +
    "When the brief is already posted, post it again (/scout brief post <slug>) to update it.",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption, ...campaignOptionShape, ...agreementOptionShape }),
  examples: [
    "/scout campaign edit spring-launch budget:6000 go-live:+30d",
    '/scout campaign edit spring-launch dos:"Show the product in use; Mention the spring flavour" hashtags:#springlaunch',
    "/scout campaign edit spring-launch",
    "/scout campaign edit spring-launch drafts:required rights-days:90 rights-channels:organic,paid-ads",
    '/scout campaign edit spring-launch terms:"Post within 7 days of approval. The brand may repost for 90 days."',
  ],
  async run({ options, services, invocation }) {
    const { slug, ...all } = options;
    const rest = Object.fromEntries(Object.entries(all).filter(([k]) => !AGREEMENT_KEYS.has(k))) as typeof all;
    const c = await services.campaigns.get(slug);
    if (Object.values(all).every((v) => v === undefined)) {
      const form = editForm(c);
      return reply(
        {
          title: `Edit ${c.name}`,
          text: `Change fields in the form, or inline: /scout campaign edit ${c.slug} budget:6000 go-live:+30d. Terms, drafts and usage rights: /scout campaign agreement ${c.slug}`,
          form,
          ephemeral: true,
        },
        { form, campaign: campaignJson(c) },
      );
    }
    // Terms, drafts and usage rights (issue 16): checked (and a terms file read) before anything is saved.
    const plan = await prepareAgreement(services, invocation, c, all);
    if (Object.values(rest).every((v) => v === undefined) && plan) return plan.reply(await plan.save());
    const patch = optionsToFields(rest, c.criteria);
    const { campaign, changed, unchanged } = await services.campaigns.edit(slug, patch, byOf(invocation));
    const agreed = plan ? await plan.save() : null;
    const label = (k: keyof typeof FIELD_KEYS) => FIELD_KEYS[k].label;
    const already = alreadyText(campaign, unchanged, label);
    const note = !changed.length
      ? `Nothing changed: ${already}.`
      : `Changed ${changed.map(label).join(", ")}${already ? ` (${already})` : ""}.` +
        (campaign.briefPostedAt ? ` The posted brief still shows the old text: /scout brief post ${campaign.slug} updates it.` : "") +
      (agreed ? ` ${agreed.lines.join(" ")}` : "");
    const title = changed.length ? `Updated ${campaign.name} (${campaign.slug})` : `${campaign.name} (${campaign.slug}): nothing changed`;
    return reply(campaignMessage(campaign, { title, note, missing: services.campaigns.missing(campaign) }), {
      campaign: campaignJson(campaign),
      changed: changed.map((k) => FIELD_KEYS[k].key),
      ...(agreed ? { agreement: agreed.json } : {}),
    });
  },
});
