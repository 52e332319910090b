// Campaign reads for scoring (issue 4 adds the campaign workflow).
import type { PrismaClient } from "./db.ts";
import type { CampaignLookup } from "../core/services.ts";

export function createCampaignRepo(prisma: PrismaClient): CampaignLookup {
  return {
    async findBySlug(slug) {
      const c = await prisma.campaign.findUnique({
        where: { slug: slug.toLowerCase() },
        select: { id: true, slug: true, name: true, objective: true, status: true, criteria: true },
      });
      return c;
    },
  };
}
