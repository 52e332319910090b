// DigestService: the digest of every active campaign (or one), as of `now`, against the figures of
// the previous digest. A few queries whatever the number of campaigns (workflow counts, metrics sums
// with the top three creators and the figures' sources per campaign, platform waits) plus one for
// the chart's daily series.
import { UserError } from "../errors.ts";
import { EMPTY_TOTALS, type CreatorTotals, type MetricsStore } from "../metrics/types.ts";
import { renderChart } from "./chart.ts";
import { campaignFigures, readFigures, type CampaignDigest, type CampaignFigures, type Figures } from "./figures.ts";
import type { DigestStore } from "./port.ts";
import { renderDigest } from "./render.ts";
import type { ComposedDigest, DigestFigures, DigestService } from "./types.ts";
import { own } from "../own.ts";

export const TOP_CREATORS = 3;
/** The chart covers the campaigns' days since they opened, at most this many. */
export const CHART_DAYS = 60;
const DAY_MS = 86_400_000;

export interface ComposeRequest {
  now: Date;
  campaignSlug?: string | null;
  previous?: DigestFigures | null;
  since?: Date | null;
  /** False: no chart (and no query for it). Default true. */
  chart?: boolean;
}

export interface DigestComposer extends DigestService {
  compose(req: ComposeRequest): Promise<ComposedDigest>;
}

export function createDigestService(deps: { store: DigestStore; metrics: MetricsStore }): DigestComposer {
  return {
    async compose(req) {
      const slug = req.campaignSlug?.trim().toLowerCase() || null;
      const campaigns = await deps.store.campaigns(slug);
      if (slug && !campaigns.length) throw new UserError("CAMPAIGN_NOT_FOUND", `There is no campaign "${slug}".`, "See /scout campaign list.");
      const previous = readFigures(req.previous ?? null);
      const since = req.since ?? (previous ? new Date(previous.at) : null);
      const ids = campaigns.map((c) => c.id);
      // The sources of the figures come with the sums (one pass over the latest snapshots); a store
      // that does not return them with the sums is asked separately.
      const withSources = Boolean(deps.metrics.sources);
      const [counts, sums, waits] = await Promise.all([
        deps.store.counts(ids, since, req.now),
        deps.metrics.campaignTotals(ids, req.now, { topCreators: TOP_CREATORS, uniqueClicks: false, ...(withSources ? { sources: true } : {}) }),
        ids.length ? (deps.store.platformWaits?.(ids, req.now) ?? Promise.resolve([])) : Promise.resolve([]),
      ]);
      const sources = sums.sources ?? (withSources ? await deps.metrics.sources!(ids, req.now) : null);
      const totalsBy = new Map(sums.campaigns.map((c) => [c.campaignId, c.totals]));
      const topBy = new Map<string, CreatorTotals[]>();
      for (const c of sums.creators) topBy.set(c.campaignId, [...(topBy.get(c.campaignId) ?? []), c]);
      const digests: CampaignDigest[] = campaigns.map((campaign) => {
        const totals = totalsBy.get(campaign.id) ?? EMPTY_TOTALS;
        const { counts: c, figures } = campaignFigures(counts.get(campaign.id), totals);
        return {
          campaign,
          counts: c,
          totals,
          top: (topBy.get(campaign.id) ?? []).filter((t) => t.totals.engagements !== null || t.totals.clicks !== null).slice(0, TOP_CREATORS),
          figures,
          previous: (previous && own(previous.campaigns, campaign.slug)) ?? null,
          decisions: c.waiting + c.toReview + c.overdue,
          ...(sources ? { sources: sources.filter((s) => s.campaignId === campaign.id) } : {}),
        };
      });

      let chart: ComposedDigest["chart"] = null;
      if (req.chart !== false && campaigns.length) {
        const start = Math.min(...campaigns.map((c) => c.startedAt.getTime()));
        const from = new Date(Math.max(start, req.now.getTime() - (CHART_DAYS - 1) * DAY_MS));
        const points = await deps.metrics.daily(ids, from, req.now);
        const title = campaigns.length === 1 ? `${campaigns[0]!.name}: engagements and clicks per day` : `${campaigns.length} campaigns: engagements and clicks per day`;
        const png = renderChart(points, title);
        if (png) chart = { name: `scout-digest-${req.now.toISOString().slice(0, 10)}.png`, png };
      }

      const message = renderDigest(digests, { now: req.now, since, single: Boolean(slug), hasChart: chart !== null, waits });
      const figures: Figures = {
        version: 1,
        at: req.now.toISOString(),
        campaigns: Object.fromEntries(digests.map((d): [string, CampaignFigures] => [d.campaign.slug, d.figures])),
      };
      return { message, chart, figures, campaigns: campaigns.map((c) => c.slug) };
    },
  };
}
