/** Scout's campaign workflow core: briefs, the lifecycle, participations and deliverables. */
export type * from "./types.ts";
export { CAMPAIGN_STATUSES, isBlocked } from "./types.ts";
export { createCampaignService, isCampaignStatus } from "./service.ts";
export type { BriefPostResult, CampaignService, CampaignServiceDeps, Outcome } from "./service.ts";
export { campaignFieldsSchema, campaignOptionShape, dateOrderErrors, FIELD_KEYS, optionsToFields, parseDate, validateFields } from "./fields.ts";
export { CAMPAIGN_TRANSITIONS, missingEssentials } from "./lifecycle.ts";
export { DELIVERABLE_STEPS, PARTICIPATION_STEPS } from "./machines.ts";
export { briefMessage } from "./brief.ts";
export { nextFreeSlug, slugify } from "./slug.ts";
