// Performance for marketers: a campaign's numbers (by creator or deliverable), how each number is
// made ("honest numbers"), and the import of post metrics from a CSV file.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply, type Field } from "../src/core/message.ts";
import { computeMetrics, FORMULAS, formulaOf } from "../src/core/metrics/formulas.ts";
import { campaignMetricsMessage, explainMessage, type CampaignRef } from "../src/core/metrics/render.ts";
import { importMetrics, type MetricsImportSummary } from "../src/core/metrics/import.ts";
import { openImports } from "../src/core/files.ts";
import { EMPTY_TOTALS, type MetricKey } from "../src/core/metrics/types.ts";
import type { Services } from "../src/core/services.ts";
import { plural } from "../src/core/text.ts";
import { byOf, slugOption } from "./campaign-common.ts";

const opt = <T extends z.ZodType>(s: T) => s.optional();

async function campaignAndTotals(services: Services, slug: string) {
  const c = await services.campaigns.get(slug);
  const ref: CampaignRef = { slug: c.slug, name: c.name, currency: c.currency, status: c.status };
  const asOf = services.now();
  const sums = await services.metrics.campaignTotals([c.id], asOf);
  return { id: c.id, ref, asOf, totals: sums.campaigns[0]?.totals ?? EMPTY_TOTALS, creators: sums.creators };
}

export const metricsCampaign = defineCommand({
  name: "metrics",
  summary: "A campaign's performance: reach, engagements, ER, clicks, conversions, spend, CPM, CPE, CPC, ROI, ROAS",
  description:
    "Sums every approved creator's deliverables: per post the latest imported numbers win over the creator's own report " +
    "(never added), clicks come from Scout's tracked links, conversions from the shop. by:creator or by:deliverable adds a table. " +
    "/scout metrics explain shows how each figure is made.",
  audience: "marketer",
  options: z.object({
    campaign: slugOption,
    by: opt(z.enum(["creator", "deliverable"], { message: "expects creator or deliverable" })).describe("<creator|deliverable> a table per creator or per deliverable"),
  }),
  examples: ["/scout metrics campaign:spring-launch", "/scout metrics campaign:spring-launch by:creator", "/scout metrics campaign:spring-launch by:deliverable --json"],
  async run({ options, services }) {
    const x = await campaignAndTotals(services, options.campaign);
    const deliverables = options.by === "deliverable" ? await services.metrics.deliverableTotals(x.id, x.asOf) : null;
    const sources = (await services.metrics.sources?.([x.id], x.asOf)) ?? null;
    const message = campaignMetricsMessage(x.ref, { asOf: x.asOf, totals: x.totals, creators: x.creators, deliverables, by: options.by ?? null, sources });
    return reply(message, {
      campaign: x.ref.slug,
      asOf: x.asOf.toISOString(),
      currency: x.ref.currency,
      metrics: computeMetrics(x.totals),
      totals: x.totals,
      ...(sources ? { sources: sources.map((s) => ({ ...s, latestAt: s.latestAt?.toISOString() ?? null })) } : {}),
      ...(options.by === "creator"
        ? { creators: x.creators.map((c) => ({ participationId: c.participationId, handle: c.handle, platform: c.platform, metrics: computeMetrics(c.totals), totals: c.totals })) }
        : {}),
      ...(deliverables
        ? {
            deliverables: deliverables.map((d) => ({
              id: d.deliverableId,
              handle: d.handle,
              url: d.url,
              status: d.status,
              sources: d.sources,
              ...(d.viewsSource !== undefined ? { viewsSource: d.viewsSource } : {}),
              latestAt: d.latestAt?.toISOString() ?? null,
              platformAt: d.platformAt?.toISOString() ?? null,
              metrics: computeMetrics(d.totals),
            })),
          }
        : {}),
    });
  },
});

const METRIC_NAMES = new Map<string, MetricKey>(FORMULAS.map((f) => [f.key.toLowerCase(), f.key]));
METRIC_NAMES.set("unique", "uniqueClicks");
METRIC_NAMES.set("unique-clicks", "uniqueClicks");
METRIC_NAMES.set("post-er", "er");

export const metricsExplain = defineCommand({
  name: "metrics explain",
  summary: "How each performance figure is computed, with a campaign's own inputs when campaign: is given",
  audience: "marketer",
  options: z.object({
    metric: opt(
      z
        .string()
        .trim()
        .transform((s, ctx) => {
          const k = METRIC_NAMES.get(s.toLowerCase());
          if (!k) {
            ctx.addIssue({ code: "custom", message: `expects one of ${[...METRIC_NAMES.keys()].filter((n) => !n.includes("-") && n !== "unique").join(", ")}` });
            return z.NEVER;
          }
          return k;
        }),
    ).describe("<name> one metric: reach, engagements, er, cpe, roi..."),
    campaign: opt(slugOption).describe("<slug> show this campaign's inputs and results"),
  }),
  examples: ["/scout metrics explain", "/scout metrics explain metric:cpe campaign:spring-launch", "/scout metrics explain metric:roi"],
  async run({ options, services }) {
    const formulas = options.metric ? [formulaOf(options.metric)] : FORMULAS;
    const x = options.campaign ? await campaignAndTotals(services, options.campaign) : null;
    const sources = x ? ((await services.metrics.sources?.([x.id], x.asOf)) ?? null) : null;
    const message = explainMessage(formulas, x ? { ref: x.ref, totals: x.totals, sources } : null);
    const m = x ? computeMetrics(x.totals) : null;
    return reply(message, {
      ...(x ? { campaign: x.ref.slug, asOf: x.asOf.toISOString(), currency: x.ref.currency } : {}),
      ...(sources ? { sources: sources.map((s) => ({ ...s, latestAt: s.latestAt?.toISOString() ?? null })) } : {}),
      formulas: formulas.map((f) => ({
        metric: f.key,
        label: f.label,
        formula: f.formula,
        explanation: f.explanation,
        ...(x && m ? { inputs: f.inputs(x.totals), value: m[f.key] } : {}),
      })),
    });
  },
});

const SHOWN = 15;

export const metricsImport = defineCommand({
  name: "metrics import",
  summary: "Import post metrics (reach, impressions, views, likes, comments, shares, saves, clicks) from a CSV file",
  description:
    "One row per post: its link (url) or deliverable_id, an optional taken_at, and the numbers. Rows with bad values are skipped " +
    "and listed; the others are stored as imported snapshots, which win over the creators' own reports. Without taken_at a row counts " +
    "as taken today (UTC). Importing the same file again adds nothing; a corrected file the same day replaces the numbers. " +
    "On the console and the CLI <file> is a path; in Slack, send the CSV to Scout in a direct message with the comment `metrics import`.",
  audience: "marketer",
  positional: ["file"],
  options: z.object({
    file: z.string().min(1).describe("<file> the metrics CSV (a path on the console and the CLI)"),
    campaign: opt(slugOption).describe("<slug> only this campaign's deliverables (needed when a link is in several campaigns)"),
  }),
  examples: ["/scout metrics import insights.csv", "/scout metrics import insights.csv campaign:spring-launch"],
  slow: true,
  async run({ options, services, invocation, signal }) {
    const [file] = await openImports(services, invocation, "metrics", options.file);
    if (!file) throw new Error("no metrics file opened");
    const campaign = options.campaign ? await services.campaigns.get(options.campaign) : null;
    const by = byOf(invocation);
    const s = await importMetrics(
      file,
      { campaignId: campaign?.id ?? null, now: services.now(), by: { id: by.id, name: by.name, surface: by.surface }, maxRows: services.files.limits.maxRows, signal },
      services.metrics,
    );
    return reply(renderImport(s, file.label, campaign?.slug ?? null), s);
  },
});

function renderImport(s: MetricsImportSummary, label: string, slug: string | null) {
  const stored = s.created + s.updated;
  const fields: Field[] = [
    { label: "New snapshots", value: String(s.created) },
    { label: "Updated", value: String(s.updated) },
    { label: "Already there", value: `${s.unchanged} (same numbers as the last import)` },
    { label: "Skipped", value: s.skipped.length ? `${s.skipped.length} ${plural(s.skipped.length, "row")} (see below)` : "none" },
  ];
  const lines = s.skipped.slice(0, SHOWN).map((p) => `${p.file} line ${p.line}${p.handle ? ` (${p.handle})` : ""}: ${p.reason}`);
  if (s.skipped.length > SHOWN) lines.push(`...and ${s.skipped.length - SHOWN} more (add --json to see them all).`);
  return {
    title: stored ? "Metrics imported" : s.unchanged ? "Nothing new to import" : "Nothing imported",
    tone: s.skipped.length ? ("warning" as const) : ("success" as const),
    text:
      `Read ${s.rows} ${plural(s.rows, "row")} from ${label}.` +
      (s.skipped.length ? " Fix the skipped rows and import the file again: rows already imported are not duplicated." : "") +
      ` See the result with /scout metrics campaign:${slug ?? "<slug>"}.`,
    sections: [{ fields }, ...(lines.length ? [{ title: "Skipped rows", text: lines.join("\n") }] : [])],
  };
}

export default metricsCampaign;
