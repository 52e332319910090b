// Every performance figure Scout shows, in one place (domain.md, "Performance metrics"). Pure:
// sums in, figures out. A ratio whose denominator is unknown or zero is null ("n/a"), never 0,
// and each formula carries the words `/scout metrics explain` shows.
import type { MetricKey, Metrics, Totals } from "./types.ts";
import { COUNTING_RULE } from "../links/counting.ts";

/** a / b, or null when either is unknown or b is zero. */
export function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

/** Likes + comments + shares + saves; null when none is known (a missing part counts as 0 otherwise). */
export function engagements(p: { likes?: number | null; comments?: number | null; shares?: number | null; saves?: number | null }): number | null {
  const parts = [p.likes, p.comments, p.shares, p.saves].filter((x): x is number => x !== null && x !== undefined);
  return parts.length ? parts.reduce((s, x) => s + x, 0) : null;
}

/** Fee + product cost + commission; null when none is recorded. */
export function spend(p: { fee: number | null; productCost: number | null; commission: number | null }): number | null {
  const parts = [p.fee, p.productCost, p.commission].filter((x): x is number => x !== null);
  return parts.length ? round2(parts.reduce((s, x) => s + x, 0)) : null;
}

/** Post ER: engagements / followers (Instagram, X, others), engagements / views (TikTok, YouTube). */
export const postEr = (erEngagements: number | null, erBase: number | null) => ratio(erEngagements, erBase);
/** CPM = spend / (impressions / 1000). */
export const cpm = (s: number | null, impressions: number | null) => ratio(s, impressions === null ? null : impressions / 1000);
/** CPE = spend / engagements. */
export const cpe = (s: number | null, e: number | null) => ratio(s, e);
/** CPC = spend / clicks. */
export const cpc = (s: number | null, clicks: number | null) => ratio(s, clicks);
/** ROI = (revenue − spend) / spend. */
export const roi = (revenue: number | null, s: number | null) => ratio(revenue === null || s === null ? null : revenue - s, s);
/** ROAS = revenue / spend. */
export const roas = (revenue: number | null, s: number | null) => ratio(revenue, s);

const round2 = (x: number) => Math.round(x * 100) / 100;

/** All figures from one scope's sums. */
export function computeMetrics(t: Totals): Metrics {
  const s = spend(t);
  return {
    reach: t.reach,
    impressions: t.impressions,
    engagements: t.engagements,
    er: postEr(t.erEngagements, t.erBase),
    clicks: t.clicks,
    uniqueClicks: t.uniqueClicks,
    conversions: t.conversions,
    revenue: t.revenue,
    spend: s,
    cpm: cpm(s, t.impressions),
    cpe: cpe(s, t.engagements),
    cpc: cpc(s, t.clicks),
    roi: roi(t.revenue, s),
    roas: roas(t.revenue, s),
  };
}

export interface FormulaInput {
  label: string;
  value: number | null;
  kind: "count" | "money" | "ratio";
}

export interface Formula {
  key: MetricKey;
  label: string;
  kind: "count" | "money" | "ratio" | "percent";
  /** The formula in symbols. */
  formula: string;
  /** How it is made, in words: what counts, where the numbers come from, when it is n/a. */
  explanation: string;
  /** The inputs of this formula, from a scope's sums (for "honest numbers"). */
  inputs(t: Totals): FormulaInput[];
}

const SPEND_INPUT = (t: Totals): FormulaInput => ({ label: "spend", value: spend(t), kind: "money" });

export const FORMULAS: readonly Formula[] = [
  {
    key: "reach",
    label: "Reach",
    kind: "count",
    formula: "sum of each post's reach",
    explanation:
      "Unique people who saw each post, added over the posts. Per post, the figure Scout fetched from the platform itself (YouTube, Instagram, where a key is configured) wins; else the latest imported figure wins over the creator's own report (the import comes from the platform); sources are never added.",
    inputs: (t) => [{ label: "reach", value: t.reach, kind: "count" }],
  },
  {
    key: "impressions",
    label: "Impressions",
    kind: "count",
    formula: "sum of each post's impressions (views when no impressions are given)",
    explanation: "Times the posts were shown. Same source rule as reach. A post with neither impressions nor views counts as unknown, not as 0.",
    inputs: (t) => [{ label: "impressions", value: t.impressions, kind: "count" }],
  },
  {
    key: "engagements",
    label: "Engagements",
    kind: "count",
    formula: "likes + comments + shares + saves",
    explanation:
      "Added per post from one source: Scout's latest fetch from the platform when it has any of the four (likes and comments), else the latest import when it has any, else the creator's latest report. A part that source does not give counts as 0.",
    inputs: (t) => [{ label: "engagements", value: t.engagements, kind: "count" }],
  },
  {
    key: "er",
    label: "Post ER",
    kind: "percent",
    formula: "engagements / followers (per view on TikTok and YouTube: engagements / views)",
    explanation:
      "The engagement rate of the posts: their engagements (likes, comments, shares and saves) per follower of the creator's account on Instagram, X and others, per view on TikTok and YouTube. Over several posts: their engagements over the sum of their bases, counting only posts whose basis is known. n/a when no post has one.",
    inputs: (t) => [
      { label: "engagements of posts with a known basis", value: t.erEngagements, kind: "count" },
      { label: "followers or views (the basis)", value: t.erBase, kind: "count" },
    ],
  },
  {
    key: "clicks",
    label: "Link clicks",
    kind: "count",
    formula: "tracked-link clicks (people, not requests); reported clicks where there is no tracked link",
    explanation:
      "Counted by Scout's own tracked link (PUBLIC_BASE_URL/r/<code>) for each creator who has one. " +
      COUNTING_RULE +
      " The address is the one that reached Scout (behind a trusted proxy, the one the proxy saw). The clicks creators or files report are used only for creators without a tracked link, never added to it.",
    inputs: (t) => [
      { label: "clicks", value: t.clicks, kind: "count" },
      ...(t.clicksTracked
        ? [
            { label: "repeats within 30 minutes (not counted)", value: t.repeatClicks ?? null, kind: "count" as const },
            { label: "suspect clicks (not counted)", value: t.suspectClicks ?? null, kind: "count" as const },
          ]
        : []),
    ],
  },
  {
    key: "uniqueClicks",
    label: "Unique clicks",
    kind: "count",
    formula: "distinct hashed IPs per link per day, among counted clicks",
    explanation: "One person clicking a link several times in a day counts once; suspect clicks (floods) are left out. Only tracked links can tell; n/a without one.",
    inputs: (t) => [{ label: "unique clicks", value: t.uniqueClicks, kind: "count" }],
  },
  {
    key: "conversions",
    label: "Conversions",
    kind: "count",
    formula: "orders and leads posted by the shop, each order id once",
    explanation: "Attributed to a creator by their link code or promo code. An order posted twice counts once.",
    inputs: (t) => [{ label: "conversions", value: t.conversions, kind: "count" }],
  },
  {
    key: "revenue",
    label: "Revenue",
    kind: "money",
    formula: "sum of the conversions' order values",
    explanation: "In the campaign's currency. Conversions in another currency are counted but their value is left out (Scout converts no currencies). n/a until a conversion is recorded.",
    inputs: (t) => [
      { label: "revenue", value: t.revenue, kind: "money" },
      { label: "conversions in another currency (value left out)", value: t.otherCurrencyConversions, kind: "count" },
    ],
  },
  {
    key: "spend",
    label: "Spend",
    kind: "money",
    formula: "fee + product cost + commission",
    explanation: "Recorded per creator on their participation, added over the approved creators. Unknown when none is recorded.",
    inputs: (t) => [
      { label: "fees", value: t.fee, kind: "money" },
      { label: "product cost", value: t.productCost, kind: "money" },
      { label: "commission", value: t.commission, kind: "money" },
    ],
  },
  {
    key: "cpm",
    label: "CPM",
    kind: "money",
    formula: "spend / (impressions / 1000)",
    explanation: "Cost of a thousand impressions. n/a when spend or impressions is unknown or zero.",
    inputs: (t) => [SPEND_INPUT(t), { label: "impressions", value: t.impressions, kind: "count" }],
  },
  {
    key: "cpe",
    label: "CPE",
    kind: "money",
    formula: "spend / engagements",
    explanation: "Cost of one engagement. n/a when spend or engagements is unknown or zero.",
    inputs: (t) => [SPEND_INPUT(t), { label: "engagements", value: t.engagements, kind: "count" }],
  },
  {
    key: "cpc",
    label: "CPC",
    kind: "money",
    formula: "spend / clicks",
    explanation: "Cost of one link click. n/a when spend or clicks is unknown or zero.",
    inputs: (t) => [SPEND_INPUT(t), { label: "clicks", value: t.clicks, kind: "count" }],
  },
  {
    key: "roi",
    label: "ROI",
    kind: "percent",
    formula: "(revenue − spend) / spend",
    explanation: "Return on what was spent: 0% breaks even, 100% doubles the money. n/a when spend is unknown or zero, or no conversion is recorded yet.",
    inputs: (t) => [{ label: "revenue", value: t.revenue, kind: "money" }, SPEND_INPUT(t)],
  },
  {
    key: "roas",
    label: "ROAS",
    kind: "ratio",
    formula: "revenue / spend",
    explanation: "Revenue per unit spent (2.5 = 2.5 back for each 1 spent). n/a when spend is unknown or zero.",
    inputs: (t) => [{ label: "revenue", value: t.revenue, kind: "money" }, SPEND_INPUT(t)],
  },
];

export const METRIC_KEYS = FORMULAS.map((f) => f.key);

export function formulaOf(key: MetricKey): Formula {
  return FORMULAS.find((f) => f.key === key)!;
}
