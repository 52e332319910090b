// Self-reported metrics (/report): whole numbers of 0 or more, at least one, and plausible
// together (likes and comments cannot exceed views when views are given; reach may, since people
// reached by a story or a feed post need not count as views everywhere). Pure.
import type { MetricValues } from "./types.ts";

export const METRIC_KEYS = ["views", "likes", "comments", "shares", "saves", "reach", "clicks"] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** Above any real post: a typo, not a number to store. */
export const MAX_METRIC = 2_000_000_000;

export type ReportCheck = { ok: true; metrics: MetricValues } | { ok: false; message: string; fields: Record<string, string> };

export function validateReport(input: Partial<Record<MetricKey, number | undefined>>): ReportCheck {
  const fields: Record<string, string> = {};
  const metrics: MetricValues = {};
  for (const k of METRIC_KEYS) {
    const v = input[k];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 0) fields[k] = "must be a whole number, 0 or more";
    else if (v > MAX_METRIC) fields[k] = "is larger than any real post";
    else metrics[k] = v;
  }
  if (!Object.keys(fields).length && !Object.keys(metrics).length)
    return { ok: false, message: `give at least one number, e.g. views:12000 likes:800 (${METRIC_KEYS.join(", ")})`, fields: { views: "give at least one number" } };
  if (metrics.views !== undefined) {
    if (metrics.likes !== undefined && metrics.likes > metrics.views)
      fields.likes = `is more than the views (${metrics.likes.toLocaleString("en-US")} > ${metrics.views.toLocaleString("en-US")}); check both numbers`;
    if (metrics.comments !== undefined && metrics.comments > metrics.views)
      fields.comments = `is more than the views (${metrics.comments.toLocaleString("en-US")} > ${metrics.views.toLocaleString("en-US")}); check both numbers`;
  }
  if (Object.keys(fields).length)
    return { ok: false, message: Object.entries(fields).map(([k, m]) => `${k}: ${m}`).join("; "), fields };
  return { ok: true, metrics };
}

export const metricsText = (m: MetricValues) =>
  METRIC_KEYS.filter((k) => m[k] !== undefined).map((k) => `${k} ${m[k]!.toLocaleString("en-US")}`).join(", ");
