// The performance view a marketer reads (`/scout metrics campaign:<slug>`) and the "honest numbers"
// view (`/scout metrics explain`): each formula, its inputs and the campaign's actual numbers.
import type { Field, Message, Section } from "../message.ts";
import { computeMetrics, FORMULAS, type Formula } from "./formulas.ts";
import { byKind, count, minute, money, NA, percent, times } from "./format.ts";
import { plural } from "../text.ts";
import type { CreatorTotals, DeliverableTotals, Metrics, SourceSummary, Totals } from "./types.ts";

const PLATFORM_LABELS: Record<string, string> = { youtube: "YouTube", instagram: "Instagram", tiktok: "TikTok", x: "X", twitch: "Twitch", blog: "the blog" };
const platformLabel = (p: string | null) => (p ? (PLATFORM_LABELS[p] ?? p) : "the platform");
/** "14:00 UTC 12 Mar 2027"-style: the time of a snapshot, to the minute. */
const clock = (d: Date) => `${d.toISOString().slice(11, 16)} UTC ${d.toISOString().slice(0, 10)}`;

/** One source as people read it: "from YouTube (fetched by Scout)", "imported", "self-reported". */
export function sourceLabel(source: string | null | undefined, platform: string | null): string {
  if (source === "platform") return `from ${platformLabel(platform)}`;
  if (source === "import") return "imported";
  if (source === "creator") return "self-reported";
  return "none";
}

/** Where a campaign's figures come from, one line: "2 posts from YouTube (fetched by Scout, latest 14:00 UTC 2027-03-12); 1 self-reported by the creator (latest ...)". */
export function sourcesText(summary: readonly SourceSummary[], clicksTracked: boolean): string {
  const parts = summary.map((s) => {
    const posts = `${s.deliverables} ${plural(s.deliverables, "post")}`;
    const latest = s.latestAt ? `, latest at ${clock(s.latestAt)}` : "";
    if (s.source === "platform") return `${posts} from ${platformLabel(s.platform)} (fetched by Scout${latest})`;
    if (s.source === "import") return `${posts} imported by the team (a platform export${latest})`;
    return `${posts} self-reported by the creator (${latest ? latest.slice(2) : "no date"})`;
  });
  const posts = parts.length ? parts.join("; ") : "no post figures yet";
  return `Post figures: ${posts}. Link clicks: ${clicksTracked ? "counted by Scout's tracked links" : "reported by the creators (no tracked links)"}. Conversions: the shop's events.`;
}

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
  view: { asOf: Date; totals: Totals; creators: CreatorTotals[]; deliverables: DeliverableTotals[] | null; by: "creator" | "deliverable" | null; sources?: SourceSummary[] | null },
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
                const src = d.sources.engagements ?? d.viewsSource ?? d.sources.reach ?? null;
                // A platform figure says which platform and the minute Scout fetched it.
                const shown = src === "platform" ? sourceLabel(src, d.platform) : (src ?? "none");
                const updated = src === "platform" && d.platformAt ? clock(d.platformAt) : d.latestAt ? d.latestAt.toISOString().slice(0, 10) : NA;
                return [handleOf(d.handle), d.kind ?? d.platform, d.status, count(dm.reach), count(dm.impressions), count(dm.engagements), percent(dm.er), shown, updated, d.url];
              }),
            },
          }
        : { text: "No deliverables yet." }),
    });
  if (view.sources) sections.push({ title: "Where the numbers come from", text: sourcesText(view.sources, view.totals.clicksTracked) });
  sections.push({
    title: "How computed",
    text:
      (view.sources?.some((s) => s.source === "platform") ? "Figures Scout fetched from the platform itself win over imports and self-reports. " : "") +
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
export function explainMessage(formulas: readonly Formula[], campaign: { ref: CampaignRef; totals: Totals; sources?: SourceSummary[] | null } | null): Message {
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
      ? `With the numbers of ${campaign.ref.name} as of now.${campaign.sources ? `\n${sourcesText(campaign.sources, campaign.totals.clicksTracked)}` : ""}`
      : `Add campaign:<slug> to see a campaign's own numbers in each formula. Metrics: ${FORMULAS.map((f) => f.key.toLowerCase()).join(", ")}.`,
    sections,
  };
}
