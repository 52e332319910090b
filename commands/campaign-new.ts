import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { UsageError } from "../src/core/errors.ts";
import { reply, type Form } from "../src/core/message.ts";
import { campaignOptionShape, opt, optionsToFields } from "../src/core/campaigns/fields.ts";
import { campaignJson, campaignMessage } from "../src/core/campaigns/render.ts";
import { OBJECTIVES } from "../src/core/scoring/index.ts";
import { byOf } from "./campaign-common.ts";

const EXAMPLE = '/scout campaign new name:"Spring launch" objective:sales deliverables:"1 Reel, 2 Stories" compensation:"flat fee + product" budget:5000 landing-url:https://example.com/spring opt-in-closes:+14d go-live:+28d niche:vegan';

/** The modal a surface shows for `campaign new` without options (at most ten fields). */
export const newCampaignForm = (): Form => ({
  title: "New campaign",
  submitLabel: "Create draft",
  command: "campaign new",
  fields: [
    { key: "name", label: "Name", kind: "text", required: true, hint: "e.g. Spring launch (the slug is made from it)" },
    { key: "objective", label: "Objective", kind: "select", required: true, initial: "awareness", choices: OBJECTIVES.map((o) => ({ value: o, label: o[0]!.toUpperCase() + o.slice(1) })) },
    { key: "deliverables", label: "Deliverables", kind: "textarea", hint: "e.g. 1 Reel, 2 Stories" },
    { key: "compensation", label: "Compensation", kind: "text", hint: "e.g. flat fee + product" },
    { key: "budget", label: "Budget", kind: "number", hint: "total, 0 or more" },
    { key: "landing-url", label: "Landing URL", kind: "url", hint: "https://..." },
    { key: "opt-in-closes", label: "Opt-in closes", kind: "date" },
    { key: "go-live", label: "Go-live date", kind: "date" },
    { key: "niche", label: "Niche terms", kind: "text", hint: "comma-separated, e.g. vegan, plant based" },
    { key: "channel", label: "Slack channel", kind: "text", hint: "channel id for this campaign's notices, e.g. C0123ABCD" },
  ],
});

export default defineCommand({
  name: "campaign new",
  summary: "Create a draft campaign (without options: a form)",
  description:
    "Creates a draft campaign with its brief. Without options it answers with a form (Slack shows it as a modal); " +
    "every brief field can also be given inline as key:value. The slug is made from the name unless slug: is given. " +
    "A name another campaign has is refused, unless that one is closed (the new slug is then spring-launch-2, and the answer says so). " +
    "Dates must be in order: opt-in closes ≤ draft due ≤ go-live ≤ ends. A draft opens when its brief is posted (/scout brief post <slug>).",
  audience: "marketer",
  options: z.object({
    ...campaignOptionShape,
    slug: opt(z.string().trim()).describe("<slug> the slug to use instead of one made from the name"),
  }),
  examples: [
    EXAMPLE,
    "/scout campaign new",
    '/scout campaign new name:"Pet week" objective:awareness deliverables:"1 TikTok" fee:"250 EUR" go-live:+21d criteria:\'{"niche":["pet"],"followers":{"min":2000,"max":80000}}\'',
  ],
  async run({ options, services, invocation }) {
    if (Object.values(options).every((v) => v === undefined))
      return reply(
        {
          title: "New campaign",
          text: `Fill in the form, or give the fields inline, e.g.\n${EXAMPLE}\n/scout help campaign new lists every field.`,
          form: newCampaignForm(),
          ephemeral: true,
        },
        { form: newCampaignForm() },
      );
    if (!options.name) throw new UsageError('name: is required, e.g. name:"Spring launch"', undefined, undefined, { name: "is required" });
    const fields = optionsToFields(options);
    const { campaign: c, slugNote } = await services.campaigns.create({ ...fields, name: options.name }, byOf(invocation), { slug: options.slug });
    const missing = services.campaigns.missing(c);
    return reply(campaignMessage(c, { title: `Created the draft ${c.name} (${c.slug})`, missing, ...(slugNote ? { note: slugNote } : {}) }), {
      campaign: campaignJson(c),
      missing,
      ...(slugNote ? { slugNote } : {}),
    });
  },
});
