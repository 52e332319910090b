// The daily digest over 200 active campaigns × 50 approved creators × 3 deliverables with 30 days
// of snapshots (900,000 creator reports, plus a weekly import per post), tracked-link clicks and
// conversions. digest-200: DigestService.compose without the chart (target median ≤ 500 ms), with
// floor_ms (one SQL aggregate of the same figures, timed in the same run) and ratio (median / floor);
// digest-200-chart: the chart alone (its daily series query and the PNG).
import { createDigestService } from "../src/core/digest/compose.ts";
import { renderChart } from "../src/core/digest/chart.ts";
import { createDigestRepo } from "../src/store/digest.repo.ts";
import { createMetricsRepo } from "../src/store/metrics.repo.ts";
import type { Bench } from "./lib/bench.ts";
import { scratchDb } from "./lib/db.ts";

const CAMPAIGNS = 200;
const CREATORS = 50;
const DELIVERABLES = 3;
const DAYS = 30;
export const NOW = new Date("2026-11-30T08:00:00Z");

let scratch: Awaited<ReturnType<typeof scratchDb>> | undefined;

/** Everything in a handful of INSERT ... SELECT statements over generate_series. */
export const SEED = [
  `INSERT INTO campaign (id, slug, name, status, currency, opened_at, draft_due_at, go_live_at, updated_at)
   SELECT gen_random_uuid(), 'bench-' || lpad(c::text, 3, '0'), 'Bench campaign ' || c, 'active', 'USD',
          $1::timestamptz - interval '${DAYS} days', $1::timestamptz - interval '20 days', $1::timestamptz - interval '10 days', now()
     FROM generate_series(1, ${CAMPAIGNS}) c`,
  `INSERT INTO creator (id, display_name, updated_at)
   SELECT gen_random_uuid(), 'Creator ' || i, now() FROM generate_series(1, ${CAMPAIGNS * CREATORS}) i`,
  `INSERT INTO account (id, creator_id, platform, handle, followers, updated_at)
   SELECT gen_random_uuid(), id, CASE WHEN n % 5 = 0 THEN 'tiktok'::platform ELSE 'instagram'::platform END,
          'bench.creator.' || n, 2000 + (n * 7919) % 90000, now()
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM creator) x`,
  `INSERT INTO participation (id, campaign_id, creator_id, account_id, status, fee, product_cost, commission, updated_at)
   SELECT gen_random_uuid(), c.id, a.creator_id, a.id,
          CASE WHEN a.n % ${CREATORS} < 3 THEN 'opted_in'::participation_status ELSE 'approved'::participation_status END,
          100 + a.n % 400, CASE WHEN a.n % 3 = 0 THEN 40 END, CASE WHEN a.n % 4 = 0 THEN 25 END, now()
     FROM (SELECT id, creator_id, row_number() OVER (ORDER BY handle) - 1 AS n FROM account) a
     JOIN (SELECT id, row_number() OVER (ORDER BY slug) - 1 AS k FROM campaign) c ON c.k = a.n / ${CREATORS}`,
  `INSERT INTO status_change (id, participation_id, to_status, actor_id, surface, at)
   SELECT gen_random_uuid(), id, 'opted_in', 'bench', 'discord', $1::timestamptz - ((abs(hashtext(id::text)) % (${DAYS} * 24)) || ' hours')::interval
     FROM participation`,
  `INSERT INTO deliverable (id, participation_id, url, platform, status, updated_at)
   SELECT gen_random_uuid(), p.id, 'https://example.com/p/' || p.id || '/' || k, a.platform,
          (ARRAY['submitted', 'approved', 'live', 'live', 'live']::deliverable_status[])[1 + (abs(hashtext(p.id::text)) + k) % 5], now()
     FROM participation p JOIN account a ON a.id = p.account_id CROSS JOIN generate_series(1, ${DELIVERABLES}) k`,
  `INSERT INTO metric_snapshot (id, deliverable_id, source, taken_at, reach, impressions, views, likes, comments, shares, saves, clicks)
   SELECT gen_random_uuid(), d.id, 'creator', $1::timestamptz - (${DAYS} - day) * interval '1 day',
          300 * day + h % 500, 450 * day + h % 700, CASE WHEN d.platform = 'tiktok' THEN 600 * day END,
          40 * day + h % 60, 3 * day + h % 5, day + h % 3, day, 2 * day
     FROM (SELECT id, platform, abs(hashtext(id::text)) AS h FROM deliverable) d CROSS JOIN generate_series(1, ${DAYS}) day`,
  `INSERT INTO metric_snapshot (id, deliverable_id, source, taken_at, reach, impressions, likes, comments, shares, saves)
   SELECT gen_random_uuid(), d.id, 'import', $1::timestamptz - (${DAYS} - day) * interval '1 day' + interval '1 hour',
          280 * day, 430 * day, 38 * day, 3 * day, day, day
     FROM deliverable d CROSS JOIN generate_series(7, ${DAYS}, 7) day`,
  `INSERT INTO tracked_link (id, participation_id, code)
   SELECT gen_random_uuid(), id, 'b' || substr(md5(id::text), 1, 10) FROM participation WHERE status = 'approved'`,
  `INSERT INTO click (id, link_id, at, day, ip_hash, is_bot)
   SELECT gen_random_uuid(), l.id, t, (t AT TIME ZONE 'UTC')::date, md5(l.id::text || (i % 17)::text), i % 10 = 0
     FROM tracked_link l CROSS JOIN generate_series(1, 30) i
     CROSS JOIN LATERAL (SELECT $1::timestamptz - ((i * 23 + abs(hashtext(l.id::text)) % 24) || ' hours')::interval AS t) x`,
  `INSERT INTO conversion (id, participation_id, order_id, value, currency, attributed_by, occurred_at)
   SELECT gen_random_uuid(), l.participation_id, l.code || '-' || i, 20 + i * 5, 'USD', 'code', $1::timestamptz - (i || ' days')::interval
     FROM tracked_link l CROSS JOIN generate_series(1, 2) i`,
];

async function prepare() {
  scratch = await scratchDb("bench_digest");
  const t = performance.now();
  for (const sql of SEED) await scratch.db.pool.query(sql, sql.includes("$1") ? [NOW] : []);
  await scratch.db.pool.query("VACUUM ANALYZE");
  const counts = await scratch.db.pool.query(
    "SELECT (SELECT count(*) FROM deliverable)::int AS deliverables, (SELECT count(*) FROM metric_snapshot)::int AS snapshots, (SELECT count(*) FROM click)::int AS clicks",
  );
  process.stderr.write(`  seeded ${JSON.stringify(counts.rows[0])} in ${Math.round(performance.now() - t)} ms\n`);
  return counts.rows[0] as { deliverables: number; snapshots: number; clicks: number };
}

/** The floor: one SQL aggregate of the same figures per campaign (the latest snapshot of each
 *  deliverable, one index probe each; counted clicks; conversions), with no precedence, top creators
 *  or workflow counts. Timed beside each compose (before it, untimed by the runner). */
const FLOOR = `
WITH d AS (
  SELECT p.campaign_id, sum(x.reach) AS reach, sum(x.eng) AS engagements
    FROM participation p
    JOIN deliverable dl ON dl.participation_id = p.id
    CROSS JOIN LATERAL (
      SELECT s.reach, coalesce(s.likes, 0)::bigint + coalesce(s.comments, 0) + coalesce(s.shares, 0) + coalesce(s.saves, 0) AS eng
        FROM metric_snapshot s WHERE s.deliverable_id = dl.id AND s.taken_at <= $2
       ORDER BY s.source, s.taken_at DESC LIMIT 1) x
   WHERE p.campaign_id = ANY($1::uuid[]) AND p.status IN ('approved', 'paid')
   GROUP BY 1
),
k AS (
  SELECT p.campaign_id, count(*) AS clicks
    FROM click k JOIN tracked_link l ON l.id = k.link_id JOIN participation p ON p.id = l.participation_id
   WHERE p.campaign_id = ANY($1::uuid[]) AND NOT k.is_bot AND k.at <= $2
   GROUP BY 1
),
v AS (
  SELECT p.campaign_id, count(*) AS conversions, sum(v.value) AS revenue
    FROM conversion v JOIN participation p ON p.id = v.participation_id
   WHERE p.campaign_id = ANY($1::uuid[]) AND v.occurred_at <= $2
   GROUP BY 1
)
SELECT * FROM d FULL JOIN k USING (campaign_id) FULL JOIN v USING (campaign_id)`;

/** The chart's floor: one plain aggregate per day over the same rows (every snapshot's engagements
 *  and every counted click in the window, summed), with no source precedence, no day's-last
 *  snapshot and no gains; then the same PNG drawn from its figures. */
const CHART_FLOOR = `
WITH e AS (
  SELECT (s.taken_at AT TIME ZONE 'UTC')::date AS day,
         sum(coalesce(s.likes, 0)::bigint + coalesce(s.comments, 0) + coalesce(s.shares, 0) + coalesce(s.saves, 0)) AS engagements
    FROM participation p JOIN deliverable dl ON dl.participation_id = p.id JOIN metric_snapshot s ON s.deliverable_id = dl.id
   WHERE p.campaign_id = ANY($1::uuid[]) AND p.status IN ('approved', 'paid') AND s.taken_at <= $3 AND s.taken_at >= $2
   GROUP BY 1
),
k AS (
  SELECT k.day, count(*) AS clicks
    FROM click k JOIN tracked_link l ON l.id = k.link_id JOIN participation p ON p.id = l.participation_id
   WHERE p.campaign_id = ANY($1::uuid[]) AND NOT k.is_bot AND k.at <= $3 AND k.day >= $2::date
   GROUP BY 1
)
SELECT to_char(day, 'YYYY-MM-DD') AS day, coalesce(e.engagements, 0) AS engagements, coalesce(k.clicks, 0) AS clicks
  FROM e FULL JOIN k USING (day) ORDER BY day`;

/** The chart's window (its first day) and its campaigns: every seeded one. */
const CHART_FROM = new Date(NOW.getTime() - (DAYS - 1) * 86_400_000);
const chartCampaigns = async () => (await scratch!.db.pool.query("SELECT id FROM campaign")).rows.map((r) => r.id as string);

async function chartFloorMs(): Promise<number> {
  const ids = await chartCampaigns();
  const client = await scratch!.db.pool.connect();
  try {
    await client.query("SET jit = off; SET work_mem = '32MB'"); // as reportQuery
    const t = performance.now();
    const r = await client.query(CHART_FLOOR, [ids, CHART_FROM, NOW]);
    const png = renderChart(
      r.rows.map((x) => ({ day: x.day as string, engagements: Number(x.engagements), clicks: Number(x.clicks) })),
      `${CAMPAIGNS} campaigns: engagements and clicks per day`,
    );
    if (!png) throw new Error("chart floor: no chart");
    return performance.now() - t;
  } finally {
    client.release();
  }
}

const floors: number[] = [];
const chartFloors: number[] = [];
const charts: number[] = [];
const composes: number[] = [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
async function floorRun() {
  const ids = (await scratch!.db.pool.query("SELECT id FROM campaign WHERE status = 'active'")).rows.map((r) => r.id as string);
  const client = await scratch!.db.pool.connect();
  try {
    await client.query("SET jit = off; SET work_mem = '32MB'"); // as reportQuery
    const t = performance.now();
    const r = await client.query(FLOOR, [ids, NOW]);
    floors.push(performance.now() - t);
    if (r.rows.length !== CAMPAIGNS) throw new Error(`floor: expected ${CAMPAIGNS} campaigns, got ${r.rows.length}`);
  } finally {
    client.release();
  }
}

const services = () => {
  const metrics = createMetricsRepo(scratch!.db.pool);
  return { metrics, digests: createDigestService({ store: createDigestRepo(scratch!.db.pool), metrics }) };
};
let seeded: { deliverables: number; snapshots: number; clicks: number } | undefined;
const teardown = async () => {
  await scratch?.drop();
};

export default [
  {
    name: "digest-200",
    unit: "ms",
    runs: 9,
    notes: `DigestService.compose without the chart: ${CAMPAIGNS} active campaigns x ${CREATORS} creators x ${DELIVERABLES} deliverables, ${DAYS} days of snapshots; target median <= 500 ms`,
    async setup() {
      seeded = await prepare();
      await services().digests.compose({ now: NOW, chart: false }); // warm-up
      await floorRun(); // warm-up
      floors.length = 0;
    },
    beforeEach: floorRun,
    async run() {
      const t = performance.now();
      const d = await services().digests.compose({ now: NOW, chart: false });
      composes.push(performance.now() - t);
      if (d.campaigns.length !== CAMPAIGNS) throw new Error(`expected ${CAMPAIGNS} campaigns, got ${d.campaigns.length}`);
      const floor = median(floors);
      return { campaigns: d.campaigns.length, ...seeded, target_ms: 500, floor_ms: Math.round(floor * 10) / 10, ratio: Math.round((median(composes) / floor) * 100) / 100 };
    },
    teardown,
  },
  {
    name: "digest-200-chart",
    unit: "ms",
    runs: 5,
    notes:
      `The digest's chart alone over the same ${CAMPAIGNS} campaigns: the daily engagements/clicks query and the PNG (resvg); target median <= 1,000 ms. ` +
      "floor_ms: one plain aggregate per day of the same rows (every snapshot summed, no source precedence or daily gains) and the same PNG, timed before each run; ratio = median / floor_ms",
    async setup() {
      seeded = await prepare();
      await chartFloorMs(); // warm-up
    },
    async beforeEach() {
      chartFloors.push(await chartFloorMs());
    },
    async run() {
      const { metrics } = services();
      const ids = await chartCampaigns();
      const t = performance.now();
      const points = await metrics.daily(ids, CHART_FROM, NOW);
      const queryMs = performance.now() - t;
      const png = renderChart(points, `${CAMPAIGNS} campaigns: engagements and clicks per day`);
      if (!png) throw new Error("no chart");
      charts.push(performance.now() - t);
      const floor = median(chartFloors);
      return {
        days: points.length,
        png_bytes: png.length,
        query_ms: Math.round(queryMs),
        render_ms: Math.round(performance.now() - t - queryMs),
        target_ms: 1000,
        floor_ms: Math.round(floor * 10) / 10,
        ratio: Math.round((median(charts) / floor) * 100) / 100,
      };
    },
    teardown,
  },
] satisfies Bench[];
