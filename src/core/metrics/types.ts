// The metrics model: four sources (creator reports, imported files, Scout's link clicks, the shop's
// conversions) summed per deliverable, creator (participation) and campaign. See precedence.ts for
// which source wins a figure, formulas.ts for what is computed from the sums.

/** Sums over a scope (one deliverable, a creator's part in a campaign, a campaign). Null: unknown. */
export interface Totals {
  /** Deliverables counted. */
  deliverables: number;
  reach: number | null;
  /** Impressions, or views when the source gives no impressions. */
  impressions: number | null;
  views: number | null;
  /** Likes + comments + shares + saves, each from one source per deliverable. */
  engagements: number | null;
  /** ER numerator and denominator over the posts whose basis (followers, or views on TikTok/YouTube) is known. */
  erEngagements: number | null;
  erBase: number | null;
  /** Link clicks: Scout's tracked-link count where the creator has a link, reported clicks otherwise. */
  clicks: number | null;
  /** Distinct hashed IPs per link per day among counted clicks (tracked links only). */
  uniqueClicks: number | null;
  /** Requests that repeated a counted click (same address and link within 30 minutes): not counted. Tracked links only. */
  repeatClicks?: number | null;
  /** Requests past 60 a minute from one address: redirected, never counted. Tracked links only. */
  suspectClicks?: number | null;
  /** True when at least part of `clicks` came from Scout's tracked links. */
  clicksTracked: boolean;
  conversions: number;
  /** Order value in the campaign's currency. */
  revenue: number | null;
  /** Conversions whose currency is not the campaign's: counted, their value left out of revenue. */
  otherCurrencyConversions: number;
  fee: number | null;
  productCost: number | null;
  commission: number | null;
}

/** The figures shown to marketers. Null when an input is unknown or a denominator is zero. */
export interface Metrics {
  reach: number | null;
  impressions: number | null;
  engagements: number | null;
  er: number | null;
  clicks: number | null;
  uniqueClicks: number | null;
  conversions: number;
  revenue: number | null;
  spend: number | null;
  cpm: number | null;
  cpe: number | null;
  cpc: number | null;
  roi: number | null;
  roas: number | null;
}

export type MetricKey = keyof Metrics;

export const EMPTY_TOTALS: Totals = {
  deliverables: 0,
  reach: null,
  impressions: null,
  views: null,
  engagements: null,
  erEngagements: null,
  erBase: null,
  clicks: null,
  uniqueClicks: null,
  repeatClicks: null,
  suspectClicks: null,
  clicksTracked: false,
  conversions: 0,
  revenue: null,
  otherCurrencyConversions: 0,
  fee: null,
  productCost: null,
  commission: null,
};

/** A creator's totals within one campaign. */
export interface CreatorTotals {
  participationId: string;
  campaignId: string;
  handle: string | null;
  platform: string | null;
  displayName: string;
  followers: number | null;
  totals: Totals;
}

/** One deliverable's totals, with the sources its figures came from. */
export interface DeliverableTotals {
  deliverableId: string;
  participationId: string;
  handle: string | null;
  url: string;
  platform: string;
  kind: string | null;
  status: string;
  /** Source of the latest snapshot used per figure group; null when there is none. */
  sources: { reach: string | null; engagements: string | null };
  /** Source of the views (issue 15: a platform's own count wins). */
  viewsSource?: string | null;
  latestAt: Date | null;
  /** When Scout last fetched this post from the platform (issue 15), null when never. */
  platformAt?: Date | null;
  totals: Totals;
}

/** How many posts' figures come from each source, and that source's latest snapshot (issue 15). */
export interface SourceSummary {
  campaignId: string;
  source: "platform" | "import" | "creator";
  /** The platform, for source "platform" (YouTube, Instagram); null otherwise. */
  platform: string | null;
  deliverables: number;
  latestAt: Date | null;
}

export interface CampaignTotals {
  campaignId: string;
  totals: Totals;
}

/** Engagements gained and link clicks per day (UTC). */
export interface DailyPoint {
  day: string;
  engagements: number;
  clicks: number;
}

/** One row of an imported metrics file, validated. */
/** A post's figures as one source reported them (null: not reported). */
export interface PostFigures {
  reach: number | null;
  impressions: number | null;
  views: number | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  saves: number | null;
  clicks: number | null;
}

export interface SnapshotRow extends PostFigures {
  line: number;
  /** The deliverable by id or by its link (one of the two). */
  deliverableId: string | null;
  url: string | null;
  takenAt: Date | null;
}

export interface SnapshotWriteResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows whose deliverable was not found (or was ambiguous), with the reason. */
  unresolved: { line: number; reason: string }[];
}

/** The store's side of metrics (src/store/metrics.repo.ts). Sums are computed in SQL. */
export interface MetricsStore {
  /** Per campaign, and per creator (participation) within each; `topCreators` keeps the best n per campaign by engagements;
   *  `uniqueClicks: false` leaves unique clicks out (null), which spares a sort of every click;
   *  `sources: true` also returns what `sources` would (computed from the same latest snapshots, in the same query). */
  campaignTotals(
    campaignIds: string[],
    asOf: Date,
    opts?: { topCreators?: number; uniqueClicks?: boolean; sources?: boolean },
  ): Promise<{ campaigns: CampaignTotals[]; creators: CreatorTotals[]; sources?: SourceSummary[] }>;
  deliverableTotals(campaignId: string, asOf: Date): Promise<DeliverableTotals[]>;
  /** Where each campaign's post figures come from: per campaign and source (and platform), the posts and the latest snapshot. */
  sources?(campaignIds: string[], asOf: Date): Promise<SourceSummary[]>;
  /** Engagements gained and clicks per day between `from` and `asOf` over the campaigns. */
  daily(campaignIds: string[], from: Date, asOf: Date): Promise<DailyPoint[]>;
  /** Writes imported snapshots (source "import") in one transaction: new (deliverable, takenAt) rows
   *  are inserted, the same key updated, and numbers equal to the latest import snapshot not stored again. */
  writeImport(rows: SnapshotRow[], opts: { campaignId: string | null; defaultTakenAt: Date; by: { id: string; name: string | null; surface: string } }): Promise<SnapshotWriteResult>;
}
