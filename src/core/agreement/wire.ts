// Approving a participation records the usage rights the campaign states (issue 16): the campaign
// service is wrapped so that every surface's approval (command, button) grants them once.
import type { CampaignService } from "../campaigns/service.ts";
import type { CreatorService } from "../creators/service.ts";
import type { AgreementService } from "./service.ts";

export function withAgreement(campaigns: CampaignService, agreement: () => AgreementService): CampaignService {
  return {
    ...campaigns,
    async approveParticipation(id, by) {
      const o = await campaigns.approveParticipation(id, by);
      if (o.value.status === "approved") {
        try {
          await agreement().grantOnApproval(o.value, o.campaign);
        } catch (e) {
          o.warnings.push(`Approved, but the usage rights could not be recorded (${(e as Error).message}); approving again records them.`);
        }
      }
      return o;
    },
  };
}

/** A confirmed identity claim releases held opt-ins: the member is then asked to accept the terms of those campaigns. */
export function withAgreementClaims(creators: CreatorService, agreement: () => AgreementService): CreatorService {
  return {
    ...creators,
    async confirmClaim(id, by) {
      const d = await creators.confirmClaim(id, by);
      if (d.outcome === "done" && d.claim.status === "confirmed" && d.claim.held.length) {
        const a = d.claim.account;
        try {
          d.warnings.push(
            ...(await agreement().askHeldTerms(
              { creatorId: a.creatorId, discordUserId: d.claim.discordUserId, handle: a.handle, platform: a.platform, name: d.claim.claimantName },
              d.claim.held.map((h) => ({ campaignId: h.campaignId, slug: h.slug, name: h.name })),
            )),
          );
        } catch (e) {
          d.warnings.push(`Confirmed, but the request to accept the terms could not be sent (${(e as Error).message}).`);
        }
      }
      return d;
    },
  };
}
