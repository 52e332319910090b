// Performance sums in SQL: the latest snapshot per deliverable and source (one probe each of the
// (deliverable, source, taken_at DESC) index), the precedence of src/core/metrics/precedence.ts,
// tracked-link clicks and conversions per participation, then sums per creator and per campaign in
// one GROUPING SETS query. Only approved (or paid) participations count.
import type pg from "pg";
import type {
  CampaignTotals,
  CreatorTotals,
  DailyPoint,
  DeliverableTotals,
  MetricsStore,
  SnapshotRow,
  SnapshotWriteResult,
  SourceSummary,
  Totals,
} from "../core/metrics/types.ts";
import { writeImport } from "./metrics-import.repo.ts";
import { PER_VIEW_SQL } from "./sql.ts";

/** Runs a reporting query with JIT off (its compile time, about a second, dwarfs these queries: the
 *  planner's row estimates over CTEs are large enough to trigger it) and room to hash in memory. */
export async function reportQuery(pool: pg.Pool, sql: string, params: unknown[]): Promise<pg.QueryResult> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN READ ONLY");
    await client.query("SET LOCAL jit = off; SET LOCAL work_mem = '32MB'");
    const r = await client.query(sql, params);
    await client.query("COMMIT");
    return r;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const ENG = (a: string) => `num_nonnulls(${a}.likes, ${a}.comments, ${a}.shares, ${a}.saves) > 0`;
const ENG_SUM = (a: string) =>
  `(coalesce(${a}.likes, 0)::bigint + coalesce(${a}.comments, 0) + coalesce(${a}.shares, 0) + coalesce(${a}.saves, 0))`;

const LATEST = (source: string) =>
  `SELECT s.taken_at, s.reach, s.impressions, s.views, s.likes, s.comments, s.shares, s.saves, s.clicks
     FROM metric_snapshot s
    WHERE s.deliverable_id = scope.id AND s.source = '${source}' AND s.taken_at <= $2
    ORDER BY s.taken_at DESC LIMIT 1`;

/** Per deliverable in scope ($1 campaign ids, $2 as of): the chosen figures and the ER basis. */
const FIGURES = `
scope AS (
  SELECT dl.id, dl.participation_id, p.campaign_id, dl.platform::text AS platform, a.followers
    FROM participation p
    JOIN deliverable dl ON dl.participation_id = p.id
    LEFT JOIN account a ON a.id = p.account_id
   WHERE p.campaign_id = ANY($1::uuid[]) AND p.status IN ('approved', 'paid')
),
chosen AS (
  -- The latest snapshot per deliverable and source: one probe each of the (deliverable, source,
  -- taken_at DESC) index, instead of sorting every snapshot (DISTINCT ON would read all 30 days of them).
  SELECT scope.*,
         coalesce(pf.reach, i.reach, c.reach)::bigint AS reach,
         CASE WHEN pf.reach IS NOT NULL THEN 'platform' WHEN i.reach IS NOT NULL THEN 'import' WHEN c.reach IS NOT NULL THEN 'creator' END AS reach_source,
         coalesce(pf.impressions, pf.views, i.impressions, i.views, c.impressions, c.views)::bigint AS impressions,
         coalesce(pf.views, i.views, c.views)::bigint AS views,
         CASE WHEN pf.views IS NOT NULL THEN 'platform' WHEN i.views IS NOT NULL THEN 'import' WHEN c.views IS NOT NULL THEN 'creator' END AS views_source,
         CASE WHEN ${ENG("pf")} THEN ${ENG_SUM("pf")} WHEN ${ENG("i")} THEN ${ENG_SUM("i")} WHEN ${ENG("c")} THEN ${ENG_SUM("c")} END AS engagements,
         CASE WHEN ${ENG("pf")} THEN 'platform' WHEN ${ENG("i")} THEN 'import' WHEN ${ENG("c")} THEN 'creator' END AS engagements_source,
         coalesce(pf.clicks, i.clicks, c.clicks)::bigint AS reported_clicks,
         greatest(pf.taken_at, i.taken_at, c.taken_at) AS latest_at,
         pf.taken_at AS platform_at, i.taken_at AS import_at, c.taken_at AS creator_at
    FROM scope
    -- Platform figures (fetched by Scout itself, issue 15) win over imports, imports over self-reports.
    LEFT JOIN LATERAL (${LATEST("platform")}) pf ON true
    LEFT JOIN LATERAL (${LATEST("import")}) i ON true
    LEFT JOIN LATERAL (${LATEST("creator")}) c ON true
),
figures AS (
  SELECT chosen.*,
         CASE WHEN engagements IS NULL THEN NULL
              WHEN platform IN ${PER_VIEW_SQL} THEN nullif(coalesce(views, impressions), 0)
              ELSE nullif(followers, 0) END AS er_base
    FROM chosen
)`;

/** Per approved participation: its deliverables' sums, tracked-link clicks, conversions, spend.
 *  `unique`: also count unique clicks (a sort of every click; the digest does without). */
const perParticipation = (unique: boolean) => `
per_d AS (
  SELECT participation_id, count(*) AS deliverables, sum(reach::float8) AS reach, sum(impressions::float8) AS impressions,
         sum(views::float8) AS views, sum(engagements::float8) AS engagements,
         sum(engagements::float8) FILTER (WHERE er_base IS NOT NULL) AS er_engagements, sum(er_base::float8) AS er_base,
         sum(reported_clicks::float8) AS reported_clicks
    FROM figures GROUP BY participation_id
),
parts AS (
  SELECT p.id, p.campaign_id, p.fee, p.product_cost, p.commission, cam.currency
    FROM participation p JOIN campaign cam ON cam.id = p.campaign_id
   WHERE p.campaign_id = ANY($1::uuid[]) AND p.status IN ('approved', 'paid')
),
links AS (
  -- Per link: counted clicks (a person's row is one click; its repeats within 30 minutes are folded
  -- into it, src/core/links/counting.ts), the repeats, the suspect requests (floods), and with unique
  -- clicks the distinct (day, hashed IP) among counted clicks, in one pass of the click index.
  SELECT l.participation_id, coalesce(k.clicks, 0) AS clicks, ${unique ? "coalesce(k.unique_clicks, 0)" : "NULL::bigint"} AS unique_clicks,
         coalesce(k.repeat_clicks, 0) AS repeat_clicks, coalesce(k.suspect_clicks, 0) AS suspect_clicks
    FROM tracked_link l JOIN parts ON parts.id = l.participation_id
    LEFT JOIN (SELECT link_id, count(*) FILTER (WHERE NOT suspect) AS clicks,
                      sum(requests - 1) FILTER (WHERE NOT suspect) AS repeat_clicks, sum(requests) FILTER (WHERE suspect) AS suspect_clicks
                      ${unique ? ", count(DISTINCT (day, ip_hash)) FILTER (WHERE NOT suspect) AS unique_clicks" : ""}
                 FROM click
                WHERE NOT is_bot AND at <= $2
                  AND link_id IN (SELECT tl.id FROM tracked_link tl JOIN parts ON parts.id = tl.participation_id)
                GROUP BY link_id) k ON k.link_id = l.id
),
conv AS (
  SELECT v.participation_id, count(*) AS conversions,
         sum(v.value) FILTER (WHERE v.currency = parts.currency) AS revenue,
         count(*) FILTER (WHERE v.currency <> parts.currency) AS other_currency
    FROM conversion v JOIN parts ON parts.id = v.participation_id
   WHERE v.occurred_at <= $2
   GROUP BY v.participation_id
),
per_p AS (
  SELECT parts.id, parts.campaign_id, parts.fee, parts.product_cost, parts.commission,
         coalesce(d.deliverables, 0) AS deliverables, d.reach, d.impressions, d.views, d.engagements,
         d.er_engagements, d.er_base,
         CASE WHEN links.participation_id IS NOT NULL THEN links.clicks ELSE d.reported_clicks END AS clicks,
         links.unique_clicks, links.repeat_clicks, links.suspect_clicks, links.participation_id IS NOT NULL AS tracked,
         coalesce(conv.conversions, 0) AS conversions,
         conv.revenue,
         coalesce(conv.other_currency, 0) AS other_currency
    FROM parts
    LEFT JOIN per_d d ON d.participation_id = parts.id
    LEFT JOIN links ON links.participation_id = parts.id
    LEFT JOIN conv ON conv.participation_id = parts.id
)`;

// float8 sums: exact for counts far beyond any campaign, and much cheaper than numeric.
const SUMS = ["deliverables", "reach", "impressions", "views", "engagements", "er_engagements", "er_base", "clicks", "unique_clicks", "repeat_clicks", "suspect_clicks",
  "conversions", "revenue", "other_currency", "fee", "product_cost", "commission"]
  .map((c) => `sum(${c}::float8) AS ${c}`)
  .concat("coalesce(bool_or(tracked), false) AS tracked")
  .join(", ");

/** Per campaign, the sources of its posts' figures (as SOURCES below), as a JSON array in SOURCES' order. */
const SOURCES_JSON = `
src_n AS (
  SELECT campaign_id, source, CASE WHEN source = 'platform' THEN platform END AS platform, count(*)::int AS n,
         max(CASE source WHEN 'platform' THEN platform_at WHEN 'import' THEN import_at ELSE creator_at END) AS latest_at
    FROM (SELECT f.campaign_id, f.platform, f.platform_at, f.import_at, f.creator_at,
                 coalesce(f.engagements_source, f.views_source, f.reach_source) AS source FROM figures f) x
   WHERE source IS NOT NULL
   GROUP BY 1, 2, 3
),
src_j AS (
  SELECT campaign_id,
         json_agg(json_build_object('source', source, 'platform', platform, 'n', n, 'latest_at', latest_at)
                  ORDER BY array_position(ARRAY['platform', 'import', 'creator'], source), platform) AS sources
    FROM src_n GROUP BY campaign_id
),`;

const campaignTotalsSql = (unique: boolean, sources = false) => `
WITH ${FIGURES}, ${perParticipation(unique)},${sources ? SOURCES_JSON : ""}
grouped AS (
  SELECT campaign_id, id AS participation_id, GROUPING(id) AS whole, ${SUMS},
         row_number() OVER (PARTITION BY campaign_id, GROUPING(id)
                            ORDER BY sum(engagements::float8) DESC NULLS LAST, sum(clicks::float8) DESC NULLS LAST, id) AS rank
    FROM per_p
   GROUP BY GROUPING SETS ((campaign_id, id), (campaign_id))
)
SELECT g.*, a.handle, a.platform::text AS platform, a.followers, cr.display_name,
       ${sources ? "CASE WHEN g.whole = 1 THEN coalesce(sj.sources, '[]'::json) END" : "NULL::json"} AS sources
  FROM grouped g
  ${sources ? "LEFT JOIN src_j sj ON sj.campaign_id = g.campaign_id" : ""}
  LEFT JOIN participation p ON p.id = g.participation_id
  LEFT JOIN account a ON a.id = p.account_id
  LEFT JOIN creator cr ON cr.id = p.creator_id
 WHERE g.whole = 1 OR g.rank <= $3
 ORDER BY g.campaign_id, g.whole DESC, g.rank`;

function toTotals(r: Record<string, unknown>): Totals {
  return {
    deliverables: n(r.deliverables) ?? 0,
    reach: n(r.reach),
    impressions: n(r.impressions),
    views: n(r.views),
    engagements: n(r.engagements),
    erEngagements: n(r.er_engagements),
    erBase: n(r.er_base),
    clicks: n(r.clicks),
    uniqueClicks: n(r.unique_clicks),
    repeatClicks: n(r.repeat_clicks),
    suspectClicks: n(r.suspect_clicks),
    clicksTracked: Boolean(r.tracked),
    conversions: n(r.conversions) ?? 0,
    revenue: n(r.revenue),
    otherCurrencyConversions: n(r.other_currency) ?? 0,
    fee: n(r.fee),
    productCost: n(r.product_cost),
    commission: n(r.commission),
  };
}

const DELIVERABLES = `
WITH ${FIGURES}
SELECT f.id, f.participation_id, f.platform, f.reach, f.impressions, f.views, f.engagements, f.er_base,
       f.engagements AS er_engagements_raw, f.reported_clicks, f.reach_source, f.engagements_source, f.latest_at, f.views_source, f.platform_at,
       dl.url, dl.kind, dl.status::text AS status, a.handle
  FROM figures f
  JOIN deliverable dl ON dl.id = f.id
  JOIN participation p ON p.id = f.participation_id
  LEFT JOIN account a ON a.id = p.account_id
 ORDER BY a.handle NULLS LAST, dl.submitted_at, dl.id`;

/** Per source of each post's figures (engagements', else views', else reach's): the posts and that source's latest snapshot. */
const SOURCES = `
WITH ${FIGURES},
src AS (SELECT f.*, coalesce(f.engagements_source, f.views_source, f.reach_source) AS source FROM figures f)
SELECT campaign_id, source, CASE WHEN source = 'platform' THEN platform END AS platform, count(*)::int AS n,
       max(CASE source WHEN 'platform' THEN platform_at WHEN 'import' THEN import_at ELSE creator_at END) AS latest_at
  FROM src WHERE source IS NOT NULL
 GROUP BY 1, 2, 3 ORDER BY 1, array_position(ARRAY['platform', 'import', 'creator'], source), 3`;

/** Engagements gained per day (each deliverable's series from one source: import when it has
 *  engagement snapshots, else the creator's) and counted clicks per day. $2 from, $3 as of. */
const DAILY = `
WITH scope AS (
  SELECT dl.id FROM participation p JOIN deliverable dl ON dl.participation_id = p.id
   WHERE p.campaign_id = ANY($1::uuid[]) AND p.status IN ('approved', 'paid')
),
src AS MATERIALIZED (
  SELECT scope.id,
         CASE WHEN EXISTS (SELECT 1 FROM metric_snapshot s WHERE s.deliverable_id = scope.id AND s.source = 'platform'
                              AND s.taken_at <= $3 AND ${ENG("s")})
              THEN 'platform'::metric_source
              WHEN EXISTS (SELECT 1 FROM metric_snapshot s WHERE s.deliverable_id = scope.id AND s.source = 'import'
                              AND s.taken_at <= $3 AND ${ENG("s")})
              THEN 'import'::metric_source ELSE 'creator'::metric_source END AS source
    FROM scope
),
per_day AS (
  -- Per deliverable, its own source's snapshots through one probe of the (deliverable, source,
  -- taken_at) index (a hash join over every snapshot cost twice as much), the day's last one.
  SELECT src.id AS deliverable_id, x.day, x.eng
    FROM src CROSS JOIN LATERAL (
      SELECT DISTINCT ON ((s.taken_at AT TIME ZONE 'UTC')::date) (s.taken_at AT TIME ZONE 'UTC')::date AS day, ${ENG_SUM("s")} AS eng
        FROM metric_snapshot s
       WHERE s.deliverable_id = src.id AND s.source = src.source AND s.taken_at <= $3 AND ${ENG("s")}
       ORDER BY (s.taken_at AT TIME ZONE 'UTC')::date, s.taken_at DESC) x
),
gains AS (
  SELECT day, eng - coalesce(lag(eng) OVER (PARTITION BY deliverable_id ORDER BY day), 0) AS gain FROM per_day
),
e AS (SELECT day, sum(gain) AS engagements FROM gains WHERE day >= $2::date GROUP BY day),
k AS (
  SELECT k.day, count(*) AS clicks
    FROM click k JOIN tracked_link l ON l.id = k.link_id JOIN participation p ON p.id = l.participation_id
   WHERE p.campaign_id = ANY($1::uuid[]) AND NOT k.is_bot AND NOT k.suspect AND k.at <= $3 AND k.day >= $2::date
   GROUP BY k.day
)
SELECT to_char(days.day, 'YYYY-MM-DD') AS day, coalesce(e.engagements, 0) AS engagements, coalesce(k.clicks, 0) AS clicks
  FROM generate_series($2::date, ($3::timestamptz AT TIME ZONE 'UTC')::date, interval '1 day') AS days(day)
  LEFT JOIN e ON e.day = days.day::date
  LEFT JOIN k ON k.day = days.day::date
 ORDER BY days.day`;

/** From this many campaigns on, their sums are computed in two queries at once. */
const PARALLEL_FROM = 20;

export function createMetricsRepo(pool: pg.Pool): MetricsStore {
  return {
    async campaignTotals(campaignIds, asOf, opts = {}) {
      const campaigns: CampaignTotals[] = [];
      const creators: CreatorTotals[] = [];
      const sources: SourceSummary[] | undefined = opts.sources ? [] : undefined;
      if (!campaignIds.length) return { campaigns, creators, ...(sources ? { sources } : {}) };
      // Many campaigns: two halves at once on two connections (their results are disjoint), since the
      // latest-snapshot probes run on one core per query.
      const sql = campaignTotalsSql(opts.uniqueClicks ?? true, Boolean(opts.sources));
      const half = Math.ceil(campaignIds.length / 2);
      const chunks = campaignIds.length >= PARALLEL_FROM ? [campaignIds.slice(0, half), campaignIds.slice(half)] : [campaignIds];
      const results = await Promise.all(chunks.map((ids) => reportQuery(pool, sql, [ids, asOf, opts.topCreators ?? 1_000_000])));
      for (const row of results.flatMap((r) => r.rows)) {
        if (row.whole === 1) {
          campaigns.push({ campaignId: row.campaign_id, totals: toTotals(row) });
          for (const x of (row.sources ?? []) as { source: SourceSummary["source"]; platform: string | null; n: number; latest_at: string | null }[])
            sources?.push({ campaignId: row.campaign_id, source: x.source, platform: x.platform, deliverables: Number(x.n), latestAt: x.latest_at === null ? null : new Date(x.latest_at) });
        } else
          creators.push({
            participationId: row.participation_id,
            campaignId: row.campaign_id,
            handle: row.handle,
            platform: row.platform,
            displayName: row.display_name ?? row.handle ?? "?",
            followers: n(row.followers),
            totals: toTotals(row),
          });
      }
      return { campaigns, creators, ...(sources ? { sources } : {}) };
    },

    async deliverableTotals(campaignId, asOf) {
      const r = await reportQuery(pool, DELIVERABLES, [[campaignId], asOf]);
      return r.rows.map((row): DeliverableTotals => ({
        deliverableId: row.id,
        participationId: row.participation_id,
        handle: row.handle,
        url: row.url,
        platform: row.platform,
        kind: row.kind,
        status: row.status,
        sources: { reach: row.reach_source, engagements: row.engagements_source },
        viewsSource: row.views_source,
        latestAt: row.latest_at,
        platformAt: row.platform_at,
        totals: toTotals({
          deliverables: 1,
          reach: row.reach,
          impressions: row.impressions,
          views: row.views,
          engagements: row.engagements,
          er_engagements: row.er_base === null ? null : row.engagements,
          er_base: row.er_base,
          // Per post only reported clicks exist: tracked links count per creator.
          clicks: row.reported_clicks,
        }),
      }));
    },

    async sources(campaignIds, asOf) {
      if (!campaignIds.length) return [];
      const r = await reportQuery(pool, SOURCES, [campaignIds, asOf]);
      return r.rows.map((x): SourceSummary => ({ campaignId: x.campaign_id, source: x.source, platform: x.platform, deliverables: Number(x.n), latestAt: x.latest_at }));
    },

    async daily(campaignIds, from, asOf): Promise<DailyPoint[]> {
      if (!campaignIds.length) return [];
      const r = await reportQuery(pool, DAILY, [campaignIds, from, asOf]);
      return r.rows.map((row) => ({ day: row.day, engagements: Number(row.engagements), clicks: Number(row.clicks) }));
    },

    writeImport: (rows: SnapshotRow[], opts): Promise<SnapshotWriteResult> => writeImport(pool, rows, opts),
  };
}
