import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { UsageError, UserError } from "../src/core/errors.ts";
import { reply } from "../src/core/message.ts";
import { parseHandle } from "../src/core/roster/values.ts";
import { scoreAccount } from "../src/core/scoring/index.ts";
import { buildCriteria, criteriaOptions, type CriteriaOptions } from "../src/core/shortlist/options.ts";
import { creatorMessage, resultJson } from "../src/core/shortlist/render.ts";
import { campaignFor } from "./shortlist.ts";

export default defineCommand({
  name: "creator",
  summary: "Show one creator's score in full: every component, weight and reason",
  description:
    "Scores one account against a campaign (campaign:) or criteria given inline (the same options as shortlist), " +
    "with every component's value, weight and reason, the confidence and what lowers it, and brand safety " +
    "(sponsored posts, those without a disclosure, competitors seen).",
  audience: "marketer",
  positional: ["handle"],
  options: z.object({
    handle: z.string().min(1).describe("<handle> the creator's handle, e.g. @ana.cooks"),
    ...criteriaOptions,
  }),
  examples: ["/scout creator @ana.cooks", "/scout creator ana.cooks campaign:spring-launch", "/scout creator ana.cooks platform:tiktok niche:vegan"],
  async run({ options, services }) {
    const handle = parseHandle(options.handle);
    if (!handle.ok || !handle.value) throw new UsageError(`handle: ${handle.ok ? "is empty" : handle.reason}`);
    const platform = options.platform?.[0];
    if (options.platform && options.platform.length > 1) throw new UsageError("platform: give one platform for one creator");
    const found = await services.shortlist.findByHandle(handle.value, platform);
    if (!found.length)
      throw new UserError("CREATOR_NOT_FOUND", `No creator @${handle.value}${platform ? ` on ${platform}` : ""} in the roster.`, "Import them with /scout roster import, or check the spelling.");
    if (found.length > 1)
      throw new UsageError(`@${handle.value} is on ${found.map((a) => a.platform).join(" and ")}; add platform:${found[0]!.platform} (or another) to choose`);
    const campaign = await campaignFor(services, options.campaign);
    const criteria = buildCriteria(campaign, { ...(options as CriteriaOptions), platform: undefined });
    const account = found[0]!;
    const details = (await services.shortlist.details([account])).get(account.id);
    const priors = services.shortlist.erPriors ? await services.shortlist.erPriors() : null;
    const result = scoreAccount({ ...account, ...(details ?? {}) }, criteria, priors);
    const label = campaign ? `for ${campaign.name}` : "against the criteria given (default: micro, 1k–100k)";
    return reply(creatorMessage(result, label), { ...resultJson(result), brandSafety: result.brandSafety });
  },
});
