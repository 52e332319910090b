// What a digest shows per campaign, kept (as JSON on the digest's JobRun) so that the next digest
// can say what changed. Figures coming back are checked: anything unreadable counts as no previous digest.
import { z } from "zod";
import { computeMetrics } from "../metrics/formulas.ts";
import type { CreatorTotals, SourceSummary, Totals } from "../metrics/types.ts";
import type { DigestCampaign, DigestCounts } from "./port.ts";

export const FIGURE_KEYS = ["reach", "engagements", "er", "clicks", "conversions", "spend", "cpe", "roi"] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

const num = z.number().nullable();
const CampaignFiguresSchema = z.object({
  optIns: z.number(),
  waiting: z.number(),
  approved: z.number(),
  submitted: z.number(),
  toReview: z.number(),
  approvedDeliverables: z.number(),
  live: z.number(),
  overdue: z.number(),
  reach: num,
  engagements: num,
  er: num,
  clicks: num,
  conversions: num,
  spend: num,
  cpe: num,
  roi: num,
});
export type CampaignFigures = z.infer<typeof CampaignFiguresSchema>;

const FiguresSchema = z.object({
  version: z.literal(1),
  at: z.string(),
  campaigns: z.record(z.string(), CampaignFiguresSchema.partial()),
});
export type Figures = z.infer<typeof FiguresSchema>;

/** The previous digest's figures, or null when absent or not of this shape. */
export function readFigures(raw: unknown): Figures | null {
  const r = FiguresSchema.safeParse(raw);
  return r.success ? r.data : null;
}

export interface CampaignDigest {
  campaign: DigestCampaign;
  counts: DigestCounts;
  totals: Totals;
  top: CreatorTotals[];
  figures: CampaignFigures;
  previous: Partial<CampaignFigures> | null;
  /** Decisions waiting: opt-ins, deliverables to review, overdue. */
  decisions: number;
  /** Where the post figures come from (issue 15); absent where the store does not say. */
  sources?: SourceSummary[];
}

const NO_COUNTS: DigestCounts = { optIns: 0, newOptIns: 0, waiting: 0, approved: 0, submitted: 0, toReview: 0, approvedDeliverables: 0, live: 0, overdue: 0 };

export function campaignFigures(counts: DigestCounts | undefined, totals: Totals): { counts: DigestCounts; figures: CampaignFigures } {
  const c = counts ?? NO_COUNTS;
  const m = computeMetrics(totals);
  return {
    counts: c,
    figures: {
      optIns: c.optIns,
      waiting: c.waiting,
      approved: c.approved,
      submitted: c.submitted,
      toReview: c.toReview,
      approvedDeliverables: c.approvedDeliverables,
      live: c.live,
      overdue: c.overdue,
      reach: m.reach,
      engagements: m.engagements,
      er: m.er,
      clicks: m.clicks,
      conversions: m.conversions,
      spend: m.spend,
      cpe: m.cpe,
      roi: m.roi,
    },
  };
}
