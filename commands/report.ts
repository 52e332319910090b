// For creators: report the numbers of one of their own deliverables, as their app shows them.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply } from "../src/core/message.ts";
import { completeMyCampaigns, completeMyLinks } from "../src/core/creators/complete.ts";
import { asOption, campaignOption, countOption, opt } from "../src/core/creators/fields.ts";
import { identityOf } from "../src/core/creators/identity.ts";
import { metricsText } from "../src/core/creators/report.ts";
import { byOf } from "./campaign-common.ts";

const count = (what: string, hint: string) => opt(countOption(what)).describe(`<number> ${hint}`);

export default defineCommand({
  name: "report",
  summary: "Report your post's numbers (views, likes, comments, shares, saves, reach, clicks)",
  description:
    "Records the numbers your app's insights show for one of your deliverables, at least one of them, as whole numbers. " +
    "Likes and comments cannot exceed views when you give views. Report again later and the newest numbers count. " +
    "url: may be left out when you have one deliverable in the campaign. On the console, add as:@handle.",
  audience: "creator",
  options: z.object({
    campaign: campaignOption,
    url: opt(z.string().trim()).describe("<link> the deliverable's link (as you submitted it)"),
    views: count("views", "views or plays"),
    likes: count("likes", "likes"),
    comments: count("comments", "comments"),
    shares: count("shares", "shares"),
    saves: count("saves", "saves"),
    reach: count("reach", "accounts reached"),
    clicks: count("clicks", "link clicks"),
    as: asOption,
  }),
  examples: ["/report campaign:spring-launch url:https://www.instagram.com/p/Cx1a2b3/ views:12000 likes:800 comments:45 saves:60 reach:9000"],
  complete: { campaign: completeMyCampaigns, url: completeMyLinks },
  async run({ options, services, invocation }) {
    const identity = identityOf(invocation, options.as);
    const { as: _as, campaign, url, ...values } = options;
    const r = await services.creators.report(identity, campaign, url, values, byOf(invocation));
    return reply(
      {
        title: "Numbers saved",
        text: `Thanks! Saved for ${r.campaign.name}, ${r.deliverable.url}: ${metricsText(r.metrics)}.`,
        tone: "success",
        ephemeral: true,
      },
      { campaign: r.campaign.slug, deliverable: r.deliverable, metrics: r.metrics, created: r.created },
    );
  },
});
