// Usage rights that expire in the next 14 days (issue 16): listed in the daily digest and on the
// App Home (campaign list), so the team renews or stops using the content in time.
import type { Section } from "../message.ts";
import type { DigestService } from "../digest/types.ts";
import { dateText } from "../campaigns/format.ts";
import { creatorLabel } from "../campaigns/notices.ts";
import type { AgreementService } from "./service.ts";
import { rightsText } from "./service.ts";

export const EXPIRING_DAYS = 14;

/** The section, or null when nothing expires soon; `slugs` limits it to those campaigns. */
export async function expiringRightsSection(agreement: AgreementService, slugs: string[] | null, at?: Date): Promise<{ section: Section; rows: { campaign: string; creator: string; expiresAt: string }[] } | null> {
  const all = await agreement.expiring(EXPIRING_DAYS, at);
  const soon = slugs ? all.filter((x) => slugs.includes(x.campaign.slug)) : all;
  if (!soon.length) return null;
  return {
    section: {
      title: `Usage rights expiring within ${EXPIRING_DAYS} days`,
      text: soon
        .map((x) => `${x.campaign.name} (${x.campaign.slug}): ${creatorLabel(x.participation)}, ${rightsText(x.grant)}, expires ${dateText(x.grant.expiresAt)}. Extend: /scout rights extend ${x.campaign.slug} creator:@${x.participation.creator.account?.handle ?? "handle"} days:30`)
        .join("\n"),
    },
    rows: soon.map((x) => ({ campaign: x.campaign.slug, creator: creatorLabel(x.participation), expiresAt: x.grant.expiresAt.toISOString() })),
  };
}

/** The digest with the rights of its campaigns that expire within 14 days added at the end. */
export function withExpiringRights<D extends DigestService>(digests: D, agreement: () => AgreementService): D {
  return {
    ...digests,
    async compose(req) {
      const d = await digests.compose(req);
      try {
        const x = await expiringRightsSection(agreement(), req.campaignSlug ? d.campaigns : null, req.now);
        if (!x) return d;
        return { ...d, message: { ...d.message, sections: [...(d.message.sections ?? []), x.section] } };
      } catch {
        return d; // the digest goes out without the list rather than not at all
      }
    },
  };
}
