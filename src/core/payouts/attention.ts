// What needs the team's attention about money and parcels (issue 17): payables overdue, and
// shipments not confirmed received 10 days after shipping. Shown at the end of each digest and on
// the App Home (campaign list); a failure to read them never stops the digest.
import type { DigestService } from "../digest/types.ts";
import type { Section } from "../message.ts";
import { formatMoney, totalsByCurrency, totalsText } from "../money.ts";
import type { SeedingService } from "../seeding/service.ts";
import { UNCONFIRMED_AFTER_DAYS, whoShip } from "../seeding/service.ts";
import type { Payable } from "./types.ts";
import { remainingMinor } from "./types.ts";
import { shortDay, who } from "./render.ts";
import type { PayoutService } from "./service.ts";

export interface AttentionRows {
  overduePayables: { campaign: string; creator: string; remainingMinor: number; currency: string; dueOn: string }[];
  unconfirmedShipments: { campaign: string; creator: string; product: string; carrier: string | null; tracking: string | null; shippedAt: string | null }[];
}

export async function attentionSections(payouts: PayoutService, seeding: SeedingService, slugs: string[] | null, at?: Date): Promise<{ sections: Section[]; rows: AttentionRows } | null> {
  const [allPay, allShip] = await Promise.all([payouts.overdue(at), seeding.unconfirmed(at)]);
  const pay = slugs ? allPay.filter((p) => slugs.includes(p.campaignSlug)) : allPay;
  const ship = slugs ? allShip.filter((s) => slugs.includes(s.campaignSlug)) : allShip;
  if (!pay.length && !ship.length) return null;
  const today = (at ?? new Date()).toISOString().slice(0, 10);
  const sections: Section[] = [];
  if (pay.length)
    sections.push({
      title: `Payouts overdue: ${totalsText(totalsByCurrency(pay.map((p: Payable) => ({ minor: remainingMinor(p), currency: p.currency }))))}`,
      text: pay
        .map((p) => `${p.campaignName} (${p.campaignSlug}): ${who(p)}, ${formatMoney(remainingMinor(p), p.currency)} due ${shortDay(p.dueOn, today)}. Mark paid: /scout payouts ${p.campaignSlug}`)
        .join("\n"),
    });
  if (ship.length)
    sections.push({
      title: `Shipments not confirmed after ${UNCONFIRMED_AFTER_DAYS} days`,
      text: ship
        .map((s) => `${s.campaignName} (${s.campaignSlug}): ${whoShip(s)}, ${s.product.name} (${s.variant}) shipped ${s.shippedAt?.toISOString().slice(0, 10)} with ${s.carrier}, tracking ${s.tracking}`)
        .join("\n"),
    });
  return {
    sections,
    rows: {
      overduePayables: pay.map((p) => ({ campaign: p.campaignSlug, creator: who(p), remainingMinor: remainingMinor(p), currency: p.currency, dueOn: p.dueOn })),
      unconfirmedShipments: ship.map((s) => ({ campaign: s.campaignSlug, creator: whoShip(s), product: s.product.name, carrier: s.carrier, tracking: s.tracking, shippedAt: s.shippedAt?.toISOString() ?? null })),
    },
  };
}

/** The digest with its campaigns' overdue payouts and unconfirmed shipments added at the end. */
export function withPayoutAttention<D extends DigestService>(digests: D, payouts: () => PayoutService, seeding: () => SeedingService): D {
  return {
    ...digests,
    async compose(req) {
      const d = await digests.compose(req);
      try {
        const x = await attentionSections(payouts(), seeding(), req.campaignSlug ? d.campaigns : null, req.now);
        if (!x) return d;
        return { ...d, message: { ...d.message, sections: [...(d.message.sections ?? []), ...x.sections] } };
      } catch {
        return d; // the digest goes out without them rather than not at all
      }
    },
  };
}
