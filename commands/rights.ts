// Usage rights (issue 16): what each approved creator granted and until when; an extension asked of
// a creator (who accepts it in Discord, like terms); the creator's acceptance.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { UsageError, UserError } from "../src/core/errors.ts";
import { reply } from "../src/core/message.ts";
import { dateText, longDate } from "../src/core/campaigns/format.ts";
import { creatorLabel } from "../src/core/campaigns/notices.ts";
import { asOption } from "../src/core/creators/fields.ts";
import { identityOf } from "../src/core/creators/identity.ts";
import { rightsText } from "../src/core/agreement/service.ts";
import { grantLine } from "../src/core/agreement/render.ts";
import { byOf, idOption, slugOption } from "./campaign-common.ts";

export const rightsList = defineCommand({
  name: "rights",
  summary: "A campaign's usage rights: what each approved creator granted, and when it expires",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption }),
  examples: ["/scout rights spring-launch", "/scout rights spring-launch --json"],
  async run({ options, services }) {
    const { campaign, settings, rows } = await services.agreement.rightsOf(options.slug);
    const now = services.now();
    const soon = rows.filter((r) => r.grant.expiresAt >= now && r.grant.expiresAt.getTime() < now.getTime() + 14 * 86_400_000).length;
    return reply(
      {
        title: `Usage rights for ${campaign.name}`,
        text:
          `The campaign takes: ${rightsText(settings)}.` +
          (rows.length ? ` ${rows.length} granted${soon ? `; ${soon} expire within 14 days` : ""}.` : " None granted yet (rights are recorded when a creator is approved)."),
        sections: rows.map((r) => ({
          text: grantLine(r.grant, r.participation, now) + (r.pending.length ? `; extension of ${r.pending.map((e) => `${e.days} days`).join(", ")} waiting for the creator` : ""),
        })),
      },
      {
        campaign: campaign.slug,
        rights: rows.map((r) => ({
          participation: r.participation.id,
          creator: creatorLabel(r.participation),
          channels: r.grant.channels,
          handleAds: r.grant.handleAds,
          days: r.grant.days,
          grantedAt: r.grant.grantedAt.toISOString(),
          expiresAt: r.grant.expiresAt.toISOString(),
          pendingExtensions: r.pending.map((e) => ({ id: e.id, days: e.days })),
        })),
      },
    );
  },
});

export const rightsExtend = defineCommand({
  name: "rights extend",
  summary: "Ask a creator to extend their usage rights by some days (they accept in Discord)",
  description: "Records the extension you agreed with the creator and asks them to accept it in Discord; the expiry moves only when they do. Asking twice for the same days asks once.",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({
    slug: slugOption,
    creator: z.string({ message: "expects the creator's handle, e.g. @ana.cooks" }).trim().min(2).max(100).describe("<@handle> the creator"),
    days: z.coerce.number({ message: "expects a number of days, e.g. 30" }).int({ message: "expects whole days" }).min(1, { message: "expects 1 or more days" }).max(3650, { message: "is at most 3650 days" }).describe("<days> how many days more"),
  }),
  examples: ["/scout rights extend spring-launch creator:@ana.cooks days:30"],
  async run({ options, services, invocation }) {
    const handle = options.creator.replace(/^@+/, "").toLowerCase();
    const { campaign, rows } = await services.agreement.rightsOf(options.slug);
    const row = rows.find((r) => r.participation.creator.account?.handle.toLowerCase() === handle);
    if (!row) {
      if (!rows.length) throw new UserError("NO_RIGHTS", `No creator has granted usage rights on ${campaign.name} yet.`, `Rights are recorded at approval when the campaign states them (campaign edit ${campaign.slug} rights-days:90).`);
      throw new UsageError(`creator: @${handle} has no usage rights on ${campaign.slug}; those with rights: ${rows.map((r) => creatorLabel(r.participation)).join(", ")}`, undefined, undefined, { creator: "has no usage rights here" });
    }
    const r = await services.agreement.requestExtension(campaign.slug, row.participation.id, options.days, byOf(invocation));
    const text = r.added
      ? `Asked ${creatorLabel(r.participation)} to extend the usage rights on ${campaign.name} by ${options.days} days (now until ${longDate(r.grant.expiresAt)}). The expiry moves when they accept in Discord.`
      : `${creatorLabel(r.participation)} was already asked for ${options.days} more days on ${dateText(r.extension.requestedAt)}; waiting for them to accept.`;
    return reply({ text: [text, ...r.warnings].join("\n"), tone: r.added ? "success" : "info" }, { outcome: r.added ? "done" : "already", campaign: campaign.slug, extension: { id: r.extension.id, days: r.extension.days, status: r.extension.status } });
  },
});

export const rightsAccept = defineCommand({
  name: "rights accept",
  summary: "Accept an extension of the usage rights the brand asked for (the button in their message)",
  audience: "creator",
  options: z.object({ id: idOption("extension", "the brand's message"), as: asOption }),
  examples: ["/rights accept id:7b1e4f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b"],
  async run({ options, services, invocation }) {
    const identity = identityOf(invocation, options.as);
    const r = await services.agreement.acceptExtension(identity, options.id, byOf(invocation));
    const text =
      r.outcome === "done"
        ? `Thanks: the brand may use your content for ${r.campaign.name} until ${longDate(r.grant.expiresAt)} (${rightsText(r.grant)}).`
        : `You already accepted this extension; the rights run until ${longDate(r.grant.expiresAt)}.`;
    return reply({ text: [text, ...r.warnings].join("\n"), tone: r.outcome === "done" ? "success" : "info", ephemeral: true }, { outcome: r.outcome, campaign: r.campaign.slug, expiresAt: r.grant.expiresAt.toISOString() });
  },
});
