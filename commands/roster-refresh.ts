import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { UserError } from "../src/core/errors.ts";
import { reply } from "../src/core/message.ts";
import { PLATFORMS } from "../src/core/platform.ts";
import { noApiLine, noPlatformMessage, refreshMessage } from "../src/core/roster/refresh-render.ts";
import { PLATFORM_NAMES, refreshRoster, shortlistedSince, SHORTLISTED_DAYS, type RefreshSelection } from "../src/core/roster/refresh.ts";
import { parseHandle } from "../src/core/roster/values.ts";
import { rosterPlatform } from "./roster-import.ts";
import { campaignFor } from "./shortlist.ts";

const handleOption = z
  .string()
  .transform((v, ctx) => {
    const h = parseHandle(v);
    if (!h.ok || h.value === null) {
      ctx.addIssue({ code: "custom", message: h.ok ? "the handle is empty" : h.reason });
      return z.NEVER;
    }
    return h.value;
  })
  .optional()
  .describe("<handle> one account, e.g. @ana.cooks");

const platformOption = rosterPlatform.optional().describe("<platform> only this platform's accounts: " + PLATFORMS.join(", "));

export default defineCommand({
  name: "roster refresh",
  summary: "Fetch followers, following and recent posts of the accounts that matter from the platforms",
  description:
    "Asks the platforms Scout has an API key for (Instagram, YouTube) for each account's followers, following, posts count " +
    "and recent posts, updates the account, its posts and median ER, and writes a follower snapshot (source: platform) " +
    "so follower spikes and ER drift show in the shortlist's authenticity. Without options it refreshes the participants of " +
    `open and active campaigns and every creator shortlisted in the last ${SHORTLISTED_DAYS} days; handle: refreshes one account, ` +
    "campaign: a campaign's participants. Platforms without a usable API (TikTok, X, Twitch, blogs) keep imported or " +
    "self-reported figures. Scout also runs this refresh once a week by itself. Running it twice on one day updates that day's " +
    "snapshot, never adds a second one.",
  audience: "marketer",
  options: z.object({
    handle: handleOption,
    campaign: z.string().min(1).optional().describe("<campaign> the campaign's slug: refresh its participants"),
    platform: platformOption,
  }),
  examples: ["/scout roster refresh", "/scout roster refresh campaign:spring-launch", "/scout roster refresh handle:@ana.cooks platform:instagram"],
  slow: true,
  async run({ options, services, progress, signal }) {
    if (options.handle !== undefined && options.campaign !== undefined)
      throw new UserError("REFRESH_TWO_SCOPES", "Give handle: or campaign:, not both.", "/scout roster refresh handle:@ana.cooks, or /scout roster refresh campaign:<slug>.");
    const store = services.accountRefresh;
    if (!store) throw new Error("the account refresh store is not wired");
    const campaign = await campaignFor(services, options.campaign);
    const at = services.now();
    const sel: RefreshSelection = {
      platform: options.platform,
      ...(options.handle !== undefined ? { handle: options.handle } : campaign ? { campaignId: campaign.id } : { shortlistedSince: shortlistedSince(at) }),
    };
    const scope =
      options.handle !== undefined
        ? `@${options.handle}`
        : campaign
          ? `the participants of ${campaign.name}`
          : `participants of open and active campaigns and creators shortlisted in the last ${SHORTLISTED_DAYS} days`;
    const onPlatform = options.platform ? ` on ${PLATFORM_NAMES[options.platform]}` : "";

    const configured = services.platforms.configured();
    if (!configured.length) {
      const targets = await store.targets(sel);
      return reply(noPlatformMessage(targets.length), { refreshed: 0, selected: targets.length, configured: [] });
    }
    if (options.handle !== undefined) {
      const targets = await store.targets(sel);
      if (!targets.length)
        throw new UserError("ACCOUNT_NOT_FOUND", `No account @${options.handle}${onPlatform} in the roster.`, "Import it first with /scout roster import, then refresh it.");
    }
    if (options.platform && !configured.includes(options.platform)) {
      const targets = await store.targets(sel);
      return reply(
        { title: "Nothing refreshed", tone: "warning", text: noApiLine(options.platform, targets.length) },
        { refreshed: 0, selected: targets.length, configured },
      );
    }
    const summary = await refreshRoster({ store, platforms: services.platforms }, sel, at, progress, signal);
    if (summary.platforms.some((p) => p.refreshed > 0)) await services.roster.refreshNicheKeys(progress);
    return reply(refreshMessage(summary, scope + onPlatform), summary);
  },
});
