// Approving a participation records the usage rights the campaign states (issue 16): the campaign
// service is wrapped so that every surface's approval (command, button) grants them once.
import type { CampaignService } from "../campaigns/service.ts";
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
