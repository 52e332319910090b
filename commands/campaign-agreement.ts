// For marketers: a campaign's agreement (issue 16) in one place: terms, drafts before posting and
// usage rights. Without options it answers with the form (a modal in Slack), filled with the current values.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply } from "../src/core/message.ts";
import { agreementView } from "../src/core/agreement/render.ts";
import { agreementForm, agreementOptionShape, prepareAgreement } from "./agreement-options.ts";
import { slugOption } from "./campaign-common.ts";

export default defineCommand({
  name: "campaign agreement",
  summary: "A campaign's terms, drafts before posting and usage rights (without options: a form)",
  description:
    "Sets what creators agree to: terms (Markdown, up to 4,000 characters, versioned; on the console terms:@terms.md reads a file), whether drafts are reviewed before posting, " +
    "and the usage rights (days from approval, channels, ads from the creator's handle). The same options work on campaign edit.",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption, ...agreementOptionShape }),
  examples: ["/scout campaign agreement spring-launch", "/scout campaign agreement spring-launch drafts:required rights-days:90 rights-channels:organic,website rights-handle-ads:no"],
  async run({ options, services, invocation }) {
    const { slug, ...rest } = options;
    const c = await services.campaigns.get(slug);
    const plan = await prepareAgreement(services, invocation, c, rest);
    if (plan) return plan.reply(await plan.save());
    const form = await agreementForm(services, c);
    const { participations } = await services.campaigns.participations(c.slug);
    const view = await agreementView(services.agreement, c, participations, services.now());
    return reply(
      { title: `Agreement: ${c.name}`, text: `Change it in the form, or inline: /scout campaign agreement ${c.slug} drafts:required rights-days:90`, sections: view.sections, form, ephemeral: true },
      { campaign: c.slug, agreement: view.json, form },
    );
  },
});
