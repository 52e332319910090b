// For creators: where they stand in each campaign, what is due when, and what waits for the brand.
// Works in a DM: it needs no channel.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply } from "../src/core/message.ts";
import { asOption } from "../src/core/creators/fields.ts";
import { asSuffix, identityOf } from "../src/core/creators/identity.ts";
import { myParticipationJson, statusMessage } from "../src/core/creators/render.ts";
import { claimJson, claimSections } from "../src/core/creators/claims.ts";
import { myPayoutsSection } from "../src/core/payouts/render.ts";
import { myShipmentsSection } from "../src/core/seeding/service.ts";
import type { Services } from "../src/core/services.ts";
import type { Section } from "../src/core/message.ts";
import type { MyParticipation } from "../src/core/creators/types.ts";
import { DECISION_WORDS } from "../src/core/agreement/service.ts";

/** Per campaign the creator takes part in: "terms v2 pending" (with the button) and the latest draft's state. */
async function agreementLines(services: Services, creatorId: string, participations: MyParticipation[], as: string) {
  const sections: Section[] = [];
  const json: Record<string, unknown> = {};
  const active = participations.filter((p) => ["opted_in", "approved", "paid"].includes(p.status));
  const drafts = await services.agreement.drafts(active.map((p) => p.id));
  for (const p of active) {
    const t = await services.agreement.termsStatus(p.campaign.id, creatorId);
    const last = drafts.filter((d) => d.participationId === p.id).at(-1);
    const lines: string[] = [];
    if (t?.pending) lines.push(`Terms v${t.current.version} pending: read them with /terms show campaign:${p.campaign.slug} and accept.`);
    if (last) lines.push(`Draft v${last.version}: ${DECISION_WORDS[last.status]}${last.decisionNote ? ` (“${last.decisionNote.slice(0, 200)}”)` : ""}.`);
    if (lines.length)
      sections.push({ title: `${p.campaign.name}: agreement`, text: lines.join("\n"), ...(t?.pending ? { actions: [services.agreement.acceptButton(p.campaign.slug, t.current.version, as)] } : {}) });
    json[p.campaign.slug] = { terms: t ? { current: t.current.version, accepted: t.accepted?.version ?? null, pending: t.pending } : null, draft: last ? { version: last.version, status: last.status } : null };
  }
  return { sections, json };
}

export default defineCommand({
  name: "mystatus",
  summary: "Your campaigns: your status, what's due when, and what's waiting for the brand",
  description:
    "Shows each campaign you take part in: your status, the dates that matter (draft due, go-live, end), your deliverables and their review, " +
    "and what is waiting for the brand (an opt-in to decide, deliverables to review). Only you see it. On the console, add as:@handle.",
  audience: "creator",
  options: z.object({ as: asOption }),
  examples: ["/mystatus", "/scout mystatus as:@ana.cooks"],
  async run({ options, services, invocation }) {
    const identity = identityOf(invocation, options.as);
    const { creator, participations, claims } = await services.creators.participations(identity);
    const base = statusMessage(participations, services.now(), Boolean(creator));
    // Payments recorded by the brand and what is still due (issue 17): "€250 paid on 12 Jan, ref 8812".
    const payouts = creator ? await services.payouts.forCreator(creator.creatorId) : [];
    const paySection = myPayoutsSection(payouts, services.payouts.today());
    // Products: what to pick, tracking numbers, what arrived (issue 17).
    const active = participations.filter((p) => ["opted_in", "approved", "paid"].includes(p.status) && p.campaign.status !== "closed");
    const shipments = creator ? await services.seeding.forCreator(creator.creatorId) : [];
    const toPick = await Promise.all(active.map(async (p) => ({ slug: p.campaign.slug, name: p.campaign.name, products: await services.seeding.productsOf(p.campaign.id) })));
    const shipSection = myShipmentsSection(shipments, toPick);
    const own = [paySection, shipSection].filter((x): x is NonNullable<typeof x> => x !== null);
    const m = own.length ? { ...base, sections: [...(base.sections ?? []), ...own] } : base;
    // Handles waiting for the brand's team to confirm they are yours (pending identity) come first.
    const pending = claimSections(claims);
    // Terms waiting for the creator's acceptance, and drafts, per campaign (issue 16).
    const agreement = creator ? await agreementLines(services, creator.creatorId, participations, asSuffix(identity)) : { sections: [], json: {} };
    const withClaims = pending.length
      ? {
          ...m,
          text: participations.length || creator ? m.text : `Waiting for the brand's team to confirm who you are (${pending.length === 1 ? "1 handle" : `${pending.length} handles`}).`,
          sections: [...pending, ...(m.sections ?? [])],
        }
      : m;
    const message = agreement.sections.length ? { ...withClaims, sections: [...agreement.sections, ...(withClaims.sections ?? [])] } : withClaims;
    return reply(message, {
      agreement: agreement.json,
      registered: Boolean(creator),
      participations: participations.map(myParticipationJson),
      claims: claims.map(claimJson),
      payouts: payouts.map((p) => ({ campaign: p.campaignSlug, currency: p.currency, owedMinor: p.feeMinor + p.commissionMinor, paidMinor: p.paidMinor, dueOn: p.dueOn, payments: p.payments })),
      shipments: shipments.map((x) => ({ id: x.id, campaign: x.campaignSlug, product: x.product.name, variant: x.variant, status: x.status, carrier: x.carrier, tracking: x.tracking })),
    });
  },
});
