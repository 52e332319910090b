import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { UserError } from "../src/core/errors.ts";
import { reply } from "../src/core/message.ts";
import type { Services } from "../src/core/services.ts";
import { buildCriteria, criteriaOptions, type CriteriaOptions } from "../src/core/shortlist/options.ts";
import { shortlistCsv, shortlistJson, shortlistMessage } from "../src/core/shortlist/render.ts";
import { shortlist } from "../src/core/shortlist/shortlist.ts";

/** The campaign named by campaign:, or a clear refusal. */
export async function campaignFor(services: Services, slug: string | undefined) {
  if (!slug) return null;
  const c = await services.campaigns.findBySlug(slug);
  if (!c) throw new UserError("CAMPAIGN_NOT_FOUND", `No campaign named ${slug}.`, "Try /scout campaign list.");
  return c;
}

export default defineCommand({
  name: "shortlist",
  summary: "Rank creators for a campaign, each score with its working",
  description:
    "Scores every creator in the roster 0–100 against a campaign's criteria (campaign:) or criteria given inline, " +
    "and lists the best with their tier, engagement rate and its percentile, and the three reasons that weigh most. " +
    "Each score has eight components (tier fit, engagement, authenticity, niche, audience, cost, brand safety, reliability) " +
    "whose weights follow the objective.",
  audience: "marketer",
  options: z.object({
    ...criteriaOptions,
    exclude: z
      .enum(["invited"], { message: "expects invited (leave out creators already taking part)" })
      .optional()
      .describe("<what> invited: leave out creators already invited or taking part"),
    top: z.coerce
      .number({ message: "expects a number from 1 to 50" })
      .int({ message: "expects a whole number from 1 to 50" })
      .min(1, { message: "must be at least 1" })
      .max(50, { message: "at most 50" })
      .default(10)
      .describe("<n> how many to list (default 10, at most 50)"),
    format: z.enum(["csv"], { message: "expects csv" }).optional().describe("<format> csv: also write the list to a CSV file"),
  }),
  examples: [
    "/scout shortlist niche:vegan followers:5k-50k top:10",
    "/scout shortlist campaign:spring-launch exclude:invited",
    '/scout shortlist niche:"plant based,vegan" country:US,GB min-er:2% max-rate:500 format:csv',
  ],
  slow: true,
  async run({ options, services, invocation }) {
    const campaign = await campaignFor(services, options.campaign);
    const criteria = buildCriteria(campaign, options as CriteriaOptions);
    const result = await shortlist(services.shortlist, criteria, {
      top: options.top,
      excludeTakingPart: options.exclude === "invited",
      campaignId: campaign?.id,
    });
    // Who was shown, and when: the weekly roster refresh keeps their follower history for 30 days.
    await services.shortlist.markShortlisted?.(result.results.map((r) => r.accountId), services.now());
    const title = campaign ? `Shortlist for ${campaign.name}` : "Shortlist";
    const message = shortlistMessage(result, title, campaign?.slug);
    const data: Record<string, unknown> = shortlistJson(result);
    if (options.format === "csv") {
      const stamp = services.now().toISOString().replace(/[:.]/g, "-");
      const name = `shortlist-${campaign?.slug ?? "inline"}-${stamp}-${invocation.id}.csv`;
      const path = await services.files.writeExport(name, shortlistCsv(result));
      message.file = { path, name, mime: "text/csv" };
      // On the operator's own machine the path is useful; in chat the file is uploaded and named, never a server path.
      const local = invocation.surface === "console" || invocation.surface === "cli";
      message.text = `${message.text ?? ""}\n${local ? `CSV written to ${path}` : `CSV attached: ${name}`}`.trim();
      data.file = local ? path : name;
    }
    return reply(message, data);
  },
});
