// How the agreement reads in campaign show, optins, mystatus and the rights list.
import type { Section } from "../message.ts";
import type { Campaign, Participation } from "../campaigns/types.ts";
import { clockText, dateText } from "../campaigns/format.ts";
import { creatorLabel } from "../campaigns/notices.ts";
import { termsLabel, termsSummary } from "./terms.ts";
import { rightsText, type AgreementService } from "./service.ts";
import type { AgreementSettings, RightsGrant, Terms, TermsAcceptance } from "./types.ts";

type Rows = { participation: Participation; accepted: TermsAcceptance | null; pending: boolean }[];

/** The campaign's terms, drafts and rights settings, and who accepted which terms. */
export function agreementSections(settings: AgreementSettings, terms: Terms | null, rows: Rows, now: Date): Section[] {
  const out: Section[] = [
    {
      title: "Agreement",
      fields: [
        { label: "Terms", value: terms ? `${termsLabel(terms)}, set ${clockText(terms.createdAt, now)} by ${terms.createdByName ?? terms.createdBy}` : "none (campaign edit <slug> terms:...)" },
        { label: "Drafts", value: settings.draftsRequired ? "required before posting" : "not required" },
        { label: "Usage rights", value: rightsText(settings) },
      ],
      ...(terms ? { text: termsSummary(terms.text) } : {}),
    },
  ];
  if (terms && rows.length)
    out.push({
      title: `Terms accepted (current v${terms.version})`,
      text: rows
        .map((r) =>
          r.accepted
            ? `${creatorLabel(r.participation)}: accepted v${r.accepted.version} at ${clockText(r.accepted.acceptedAt, now)} (${r.accepted.surface})${r.pending ? `; terms v${terms.version} pending` : ""}`
            : `${creatorLabel(r.participation)}: terms v${terms.version} pending`,
        )
        .join("\n"),
    });
  return out;
}

export const agreementJson = (settings: AgreementSettings, terms: Terms | null, rows: Rows) => ({
  terms: terms ? { version: terms.version, sha256: terms.sha256, createdAt: terms.createdAt.toISOString(), createdBy: terms.createdByName ?? terms.createdBy } : null,
  draftsRequired: settings.draftsRequired,
  rights: settings.rightsDays === null ? null : { days: settings.rightsDays, channels: settings.rightsChannels, handleAds: settings.rightsHandleAds },
  acceptances: rows.map((r) => ({
    participation: r.participation.id,
    creator: creatorLabel(r.participation),
    accepted: r.accepted ? { version: r.accepted.version, sha256: r.accepted.sha256, at: r.accepted.acceptedAt.toISOString(), surface: r.accepted.surface, by: r.accepted.actorName ?? r.accepted.actorId } : null,
    pending: r.pending,
  })),
});

/** Everything a marketer reads about a campaign's agreement (campaign show, optins). */
export async function agreementView(agreement: AgreementService, campaign: Campaign, participations: Participation[], now: Date) {
  const [settings, { current, rows }] = await Promise.all([agreement.settings(campaign.id), agreement.acceptanceRows(campaign, participations)]);
  return { sections: agreementSections(settings, current, rows, now), json: agreementJson(settings, current, rows) };
}

export const grantLine = (g: RightsGrant, p: Participation, now: Date) =>
  `${creatorLabel(p)}: ${rightsText(g)}; granted ${dateText(g.grantedAt)}, ${g.expiresAt < now ? "expired" : "expires"} ${dateText(g.expiresAt)}`;
