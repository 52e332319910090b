// The performance view a marketer reads (`/scout metrics campaign:<slug>`) and the "honest numbers"
// view (`/scout metrics explain`): each formula, its inputs and the campaign's actual numbers.
import type { Field, Message, Section } from "../message.ts";
import { computeMetrics, FORMULAS, type Formula } from "./formulas.ts";
import { byKind, count, minute, money, NA, percent, times } from "./format.ts";
import { plural } from "../text.ts";
import type { CreatorTotals, DeliverableTotals, Metrics, Totals } from "./types.ts";

export interface CampaignRef {
  slug: string;
  name: string;
  currency: string;
  status: string;
}

const handleOf = (h: string | null) => (h ? `@${h}` : "(no account)");

/** The ten headline figures of a scope, as fields (and suspect clicks apart, where links are tracked). */
export function metricFields(m: Metrics, t: Totals, currency: string): Field[] {
  return [
    { label: "Reach", value: count(m.reach) },
    { label: "Impressions", value: count(m.impressions) },
    { label: "Engagements", value: count(m.engagements) },
    { label: "Post ER", value: percent(m.er) },
    { label: t.clicksTracked ? "Link clicks (unique)" : "Link clicks (reported)", value: t.clicksTracked ? `${count(m.clicks)} (${count(m.uniqueClicks)})` : count(m.clicks) },
    // Floods (over 60 a minute from one address) are redirected but never counted: shown apart.
    ...(t.clicksTracked ? [{ label: "Suspect clicks (not counted)", value: count(t.suspectClicks ?? null) }] : []),
    { label: "Conversions / revenue", value: `${count(m.conversions)} / ${money(m.revenue, currency)}` },
    { label: "Spend", value: money(m.spend, currency) },
    { label: "CPM / CPE / CPC", value: `${money(m.cpm, currency)} / ${money(m.cpe, currency)} / ${money(m.cpc, currency)}` },
    { label: "ROI", value: percent(m.roi) },
    { label: "ROAS", value: times(m.roas) },
  ];
}

export function creatorRow(c: CreatorTotals, currency: string): string[] {
  const m = computeMetrics(c.totals);
  return [handleOf(c.handle), String(c.totals.deliverables), count(m.reach), count(m.engagements), percent(m.er), count(m.clicks), count(m.conversions), money(m.spend, currency), money(m.cpe, currency), percent(m.roi)];
}

export function campaignMetricsMessage(
  campaign: CampaignRef,
  view: { asOf: Date; totals: Totals; creators: CreatorTotals[]; deliverables: DeliverableTotals[] | null; by: "creator" | "deliverable" | null },
): Message {
  const m = computeMetrics(view.totals);
  const cur = campaign.currency;
  const sections: Section[] = [{ fields: metricFields(m, view.totals, cur) }];
  if (view.by === "creator")
    sections.push({
      title: "By creator",
      ...(view.creators.length
        ? { table: { columns: ["Creator", "Posts", "Reach", "Eng.", "ER", "Clicks", "Conv.", "Spend", "CPE", "ROI"], rows: view.creators.map((c) => creatorRow(c, cur)) } }
        : { text: "No approved creators yet." }),
    });
  if (view.by === "deliverable" && view.deliverables)
    sections.push({
      title: "By deliverable",
      ...(view.deliverables.length
        ? {
            table: {
              columns: ["Creator", "Post", "Status", "Reach", "Impr.", "Eng.", "ER", "Source", "Updated", "Link"],
              rows: view.deliverables.map((d) => {
                const dm = computeMetrics(d.totals);
                return [handleOf(d.handle), d.kind ?? d.platform, d.status, count(dm.reach), count(dm.impressions), count(dm.engagements), percent(dm.er), d.sources.engagements ?? d.sources.reach ?? "none", d.latestAt ? d.latestAt.toISOString().slice(0, 10) : NA, d.url];
              }),
            },
          }
        : { text: "No deliverables yet." }),
    });
  sections.push({
    title: "How computed",
    text:
      "Per post the latest imported numbers win over the creator's own report, and the two are never added. Clicks are counted by Scout's tracked links: once per address, link and 30 minutes, bots left out, and over 60 a minute from one address stored as suspect, never counted; reported clicks only count for creators without a link. " +
      `n/a means an input is missing or zero. Every formula with this campaign's numbers: /scout metrics explain campaign:${campaign.slug}`,
  });
  return {
    title: `Performance: ${campaign.name}`,
    text: `As of ${minute(view.asOf)}: ${view.creators.length} approved ${plural(view.creators.length, "creator")}, ${view.totals.deliverables} ${plural(view.totals.deliverables, "deliverable")} (campaign ${campaign.status}).`,
    sections,
    actions: [
      ...(view.by !== "creator" ? [{ id: `metrics-by-creator:${campaign.slug}`, label: "By creator", value: `metrics campaign:${campaign.slug} by:creator` }] : []),
      ...(view.by !== "deliverable" ? [{ id: `metrics-by-deliverable:${campaign.slug}`, label: "By deliverable", value: `metrics campaign:${campaign.slug} by:deliverable` }] : []),
      { id: `metrics-explain:${campaign.slug}`, label: "How computed", value: `metrics explain campaign:${campaign.slug}` },
    ],
  };
}

function inputLine(f: Formula, t: Totals, currency: string): string {
  return f
    .inputs(t)
    .map((i) => `${i.label} ${i.kind === "money" ? money(i.value, currency) : count(i.value)}`)
    .join(", ");
}

/** Each formula (or one), with the campaign's inputs and result when a campaign is given. */
export function explainMessage(formulas: readonly Formula[], campaign: { ref: CampaignRef; totals: Totals } | null): Message {
  const m = campaign ? computeMetrics(campaign.totals) : null;
  const sections: Section[] = formulas.map((f) => ({
    title: `${f.label} = ${f.formula}`,
    text:
      f.explanation +
      (campaign && m
        ? `\n${campaign.ref.name}: ${inputLine(f, campaign.totals, campaign.ref.currency)} → ${f.label} ${byKind(f.kind, m[f.key], campaign.ref.currency)}`
        : ""),
  }));
  return {
    title: formulas.length === 1 ? `How Scout computes ${formulas[0]!.label}` : "How Scout computes its numbers",
    text: campaign
      ? `With the numbers of ${campaign.ref.name} as of now.`
      : `Add campaign:<slug> to see a campaign's own numbers in each formula. Metrics: ${FORMULAS.map((f) => f.key.toLowerCase()).join(", ")}.`,
    sections,
  };
}
