// A deliverable approved (or marked live, per the campaign's payout terms) makes the participation's
// payable (issue 17); spend recorded later moves its amounts. The services are wrapped so every
// surface's approval (command, button) does it, and a repeated approval makes none twice.
import type { CampaignService } from "../campaigns/service.ts";
import type { LinkService } from "../links/service.ts";
import { formatMoney } from "../money.ts";
import { who } from "./render.ts";
import type { PayoutService } from "./service.ts";
import { owedMinor, type Payable } from "./types.ts";

/** "Payable recorded: €250 to @ana, due 2027-01-04 (...)", or why nothing is owed yet. */
function recordedText(p: Payable): string {
  const owed = owedMinor(p);
  return owed
    ? `Payable recorded: ${formatMoney(owed, p.currency)} to ${who(p)}, due ${p.dueOn} (/scout payouts ${p.campaignSlug}).`
    : `Payable recorded for ${who(p)}, due ${p.dueOn}, with nothing owed yet: no fee or commission is set (/scout spend campaign:${p.campaignSlug} creator:${who(p)} fee:<amount>).`;
}

export function withPayouts(campaigns: CampaignService, payouts: () => PayoutService): CampaignService {
  return {
    ...campaigns,
    async reviewDeliverable(id, decision, by) {
      const o = await campaigns.reviewDeliverable(id, decision, by);
      if (decision.approve && (o.value.status === "approved" || o.value.status === "live")) {
        try {
          const r = await payouts().onMilestone(o.value.participationId, o.value.id, "approved", o.value.reviewedAt ?? new Date());
          if (r?.created) o.text += ` ${recordedText(r.payable)}`;
        } catch (e) {
          o.warnings.push(`Approved, but the payable could not be recorded (${(e as Error).message}); approving again records it.`);
        }
      }
      return o;
    },
    async markLive(id, by) {
      const o = await campaigns.markLive(id, by);
      if (o.value.status === "live") {
        try {
          const r = await payouts().onMilestone(o.value.participationId, o.value.id, "live", o.value.liveAt ?? new Date());
          if (r?.created) o.text += ` ${recordedText(r.payable)}`;
        } catch (e) {
          o.warnings.push(`Marked live, but the payable could not be recorded (${(e as Error).message}); marking live again records it.`);
        }
      }
      return o;
    },
  };
}

export function withPayoutSpend(links: LinkService, payouts: () => PayoutService): LinkService {
  return {
    ...links,
    async setSpend(...args: Parameters<LinkService["setSpend"]>) {
      const r = await links.setSpend(...args);
      await payouts().syncAmounts(r.participation.participationId);
      return r;
    },
  };
}
