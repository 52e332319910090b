// Figures as people read them: 12,340 / 4.21% / 1,250.50 USD / 2.4x / n/a, and changes (+1,200, -0.3 pp).
import type { Formula } from "./formulas.ts";
import type { MetricKey } from "./types.ts";

export const NA = "n/a";

export function count(v: number | null): string {
  return v === null ? NA : Math.round(v).toLocaleString("en-US");
}

export function money(v: number | null, currency: string): string {
  if (v === null) return NA;
  const digits = Math.abs(v) < 10 && v !== Math.round(v) ? 2 : Math.abs(v) >= 1000 ? 0 : 2;
  return `${v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${currency}`;
}

export function percent(v: number | null): string {
  if (v === null) return NA;
  const p = v * 100;
  return `${p.toLocaleString("en-US", { maximumFractionDigits: Math.abs(p) < 10 ? 2 : 1 })}%`;
}

export function times(v: number | null): string {
  return v === null ? NA : `${v.toLocaleString("en-US", { maximumFractionDigits: 2 })}x`;
}

export type Kind = Formula["kind"];

export function byKind(kind: Kind, v: number | null, currency: string): string {
  return kind === "count" ? count(v) : kind === "money" ? money(v, currency) : kind === "percent" ? percent(v) : times(v);
}

/** The change from `before` to `now`, signed: "+1,200", "-0.35 pp", "+0.12 USD"; "" when unknown or unchanged. */
export function change(kind: Kind, now: number | null, before: number | null | undefined, currency: string): string {
  if (now === null || before === null || before === undefined) return "";
  const d = now - before;
  if (Math.abs(d) < 1e-9) return "±0";
  const sign = d > 0 ? "+" : "-";
  const a = Math.abs(d);
  if (kind === "percent") return `${sign}${(a * 100).toLocaleString("en-US", { maximumFractionDigits: 2 })} pp`;
  if (kind === "money") return `${sign}${money(a, currency)}`;
  if (kind === "ratio") return `${sign}${times(a)}`;
  return `${sign}${count(a)}`;
}

export const KIND_OF: Record<MetricKey, Kind> = {
  reach: "count",
  impressions: "count",
  engagements: "count",
  er: "percent",
  clicks: "count",
  uniqueClicks: "count",
  conversions: "count",
  revenue: "money",
  spend: "money",
  cpm: "money",
  cpe: "money",
  cpc: "money",
  roi: "percent",
  roas: "ratio",
};

export const day = (d: Date) => d.toISOString().slice(0, 10);
export const minute = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
