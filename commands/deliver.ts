// For creators: submit a deliverable (a link to the post or draft) for an approved campaign, with
// an optional caption that Scout checks for a clear disclosure before the brand reviews it.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply } from "../src/core/message.ts";
import { completeMyCampaigns } from "../src/core/creators/complete.ts";
import { asOption, campaignOption, opt } from "../src/core/creators/fields.ts";
import { identityOf } from "../src/core/creators/identity.ts";
import { byOf } from "./campaign-common.ts";

export default defineCommand({
  name: "deliver",
  summary: "Submit your post for a campaign you're approved on (paste the caption in note: for a disclosure check)",
  description:
    "Submits the link to your post or draft. It must be an http(s) link of at most 500 characters on your platform's own site " +
    "(instagram.com, tiktok.com, youtube.com or youtu.be, x.com or twitter.com, twitch.tv) or a blog host the campaign allows, and not submitted before. " +
    "The brand's team reviews it and you hear back privately. Paste your caption in note: and Scout checks the disclosure (e.g. #ad near the start) " +
    "and the campaign's hashtags and mentions, and says exactly what is missing. On the console, add as:@handle.",
  audience: "creator",
  options: z.object({
    campaign: campaignOption,
    url: z.string({ message: "expects the link to your post, e.g. https://www.instagram.com/p/Cx1a2b3/" }).describe("<link> the link to your post or draft"),
    note: opt(z.string().trim().max(2200, { message: "is too long (at most 2,200 characters, a full caption)" })).describe("<text> your caption (checked for disclosure) or a note"),
    as: asOption,
  }),
  examples: ['/deliver campaign:spring-launch url:https://www.instagram.com/p/Cx1a2b3/ note:"#ad Loving the new spring menu @brand"'],
  complete: { campaign: completeMyCampaigns },
  async run({ options, services, invocation }) {
    const identity = identityOf(invocation, options.as);
    // A campaign that asks for drafts takes the post only after one is approved (issue 16).
    await services.agreement.assertMayDeliver(identity, options.campaign);
    const { outcome: o, disclosure } = await services.creators.deliver(identity, options.campaign, { url: options.url, note: options.note }, byOf(invocation));
    const d = o.value;
    const lines = [
      o.outcome === "already"
        ? `You already submitted this link for ${o.campaign.name}.`
        : `Submitted for ${o.campaign.name}: ${d.url}\nThe brand's team reviews it; you'll get a private message when they do.`,
    ];
    if (disclosure?.passed) lines.push(`Disclosure check: all good (${disclosure.found}).`);
    if (disclosure && !disclosure.passed) lines.push("Disclosure check: please fix before you post:", ...disclosure.issues.map((i) => `• ${i}`));
    if (disclosure?.reminders.length) lines.push(...disclosure.reminders.map((r) => `Reminder: ${r}`));
    if (!disclosure) lines.push(`Tip: paste your caption in note: and Scout checks the disclosure (${o.campaign.disclosure}) for you.`);
    return reply(
      { title: o.outcome === "done" ? "Deliverable submitted" : "Already submitted", text: [...lines, ...o.warnings].join("\n"), tone: disclosure && !disclosure.passed ? "warning" : o.outcome === "done" ? "success" : "info", ephemeral: true },
      {
        outcome: o.outcome,
        campaign: o.campaign.slug,
        deliverable: { id: d.id, url: d.url, platform: d.platform, status: d.status },
        disclosure: disclosure ? { passed: disclosure.passed, issues: disclosure.issues, found: disclosure.found } : null,
      },
    );
  },
});
