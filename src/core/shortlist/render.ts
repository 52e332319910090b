// Shortlist results as the neutral message model, as the JSON contract, and as CSV.
import type { Message, Section } from "../message.ts";
import { csvCell } from "../roster/csv.ts";
import { COMPONENT_LABELS, COMPONENT_NAMES, type ScoreResult } from "../scoring/index.ts";
import { ordinal, percentileRank } from "../scoring/format.ts";
import { plural } from "../text.ts";
import type { ShortlistResult } from "./shortlist.ts";

export const pct = (er: number | null, digits = 1) => (er === null ? "n/a" : `${(er * 100).toFixed(digits)}%`);
const count = (n: number | null) => (n === null ? "unknown" : n.toLocaleString("en-US"));

export const FILTER_HINTS: Record<string, string> = {
  platform: "add more platforms to platform:",
  country: "add countries to country: or drop it",
  followers: "widen followers: (e.g. 1k-200k)",
  niche: "use broader niche: terms, or more of them (comma-separated)",
  "min-er": "lower min-er:",
  "max-rate": "raise max-rate:",
  budget: "raise budget:",
  invited: "drop exclude:invited",
};

/** One line a marketer reads: "ER 3.1% (72nd percentile)". */
export const erLine = (r: ScoreResult) => {
  if (r.er === null) return "ER unknown";
  const p = r.erPercentile === null ? "" : `${ordinal(percentileRank(r.erPercentile))} percentile`;
  const e = r.erEstimate;
  // With few posts the shrunk ER is shown beside the measured one:
  // "ER 4.1% (27% over 1 post, shrunk toward the tier's 4.2%; 55th percentile)".
  if (!e || Math.abs(e.er - r.er) < 0.0005) return `ER ${pct(r.er)}${p ? ` (${p})` : ""}`;
  const over = e.posts > 0 ? `over ${e.posts} post${e.posts === 1 ? "" : "s"}` : "over an unknown number of posts";
  return `ER ${pct(e.er)} (${pct(r.er)} ${over}, shrunk toward the tier's ${pct(e.tierMedian)}${p ? `; ${p}` : ""})`;
};

/** A value as a command line needs it: quoted when it holds spaces or quotes. */
const quoted = (v: string) => (/[\s"']/.test(v) ? `"${v.replace(/"/g, '\\"')}"` : v);

/** With a campaign's slug, each result gets an "Invite" button running `campaign invite <slug> handle:<h> platform:<p>`. */
export function shortlistMessage(s: ShortlistResult, title: string, campaignSlug?: string): Message {
  if (!s.results.length) {
    const worst = s.mostRestrictive;
    return {
      title: `${title}: no creator matched`,
      tone: "warning",
      text:
        s.total === 0
          ? "The roster is empty. Import creators first: /scout roster import <file>."
          : worst
            ? `No creator passed the filters. ${worst.filter} removed the most (${worst.removed} of ${s.total}): ${FILTER_HINTS[worst.filter] ?? `loosen ${worst.filter}`}.`
            : "No creator passed the filters.",
      sections: [{ fields: Object.entries(s.excluded).filter(([, n]) => n > 0).map(([k, n]) => ({ label: `Removed by ${k}`, value: String(n) })) }],
    };
  }
  const sections: Section[] = s.results.map((r, i) => ({
    title: `${i + 1}. @${r.handle} (${r.platform}): ${r.score.toFixed(1)}`,
    text: r.topReasons.filter(Boolean).map((x) => `- ${x}`).join("\n"),
    fields: [
      { label: "Tier", value: `${r.tier}, ${count(r.followers)} followers` },
      { label: "Engagement", value: erLine(r) },
      { label: "Confidence", value: `${Math.round(r.confidence * 100)}%` },
    ],
    ...(campaignSlug
      ? { actions: [{ id: `invite.${r.platform}.${r.handle}`, label: "Invite", value: `campaign invite ${campaignSlug} handle:${quoted(r.handle)} platform:${r.platform}` }] }
      : {}),
  }));
  const removed = Object.entries(s.excluded).filter(([, n]) => n > 0);
  return {
    title,
    text:
      `Top ${s.results.length} of ${s.considered} ${plural(s.considered, "creator")} who passed the filters` +
      (removed.length ? ` (${removed.map(([k, n]) => `${n} removed by ${k}`).join(", ")})` : "") +
      ". Scores are 0–100; /scout creator <handle> shows the full working.",
    sections,
  };
}

/** The JSON contract of `shortlist --json` (fields may be added, never renamed). */
export function shortlistJson(s: ShortlistResult) {
  return { results: s.results.map(resultJson), considered: s.considered, excluded: s.excluded };
}

export function resultJson(r: ScoreResult) {
  return {
    handle: r.handle,
    platform: r.platform,
    followers: r.followers,
    score: r.score,
    confidence: r.confidence,
    er: r.er,
    erPercentile: r.erPercentile,
    erEstimate: r.erEstimate,
    categories: r.categories,
    hashtags: r.hashtags,
    components: r.components.map((c) => ({ name: c.name, value: c.value, weight: c.weight, reason: c.reason })),
    tier: r.tier,
    benchmarkVersion: r.benchmarkVersion,
    confidenceNotes: r.confidenceNotes,
    topReasons: r.topReasons,
  };
}

/** The full working of one score. */
export function creatorMessage(r: ScoreResult, criteriaLabel: string): Message {
  return {
    title: `@${r.handle} on ${r.platform}: ${r.score.toFixed(1)} / 100`,
    text: `Scored ${criteriaLabel}. Confidence ${Math.round(r.confidence * 100)}%${r.confidenceNotes.length ? `: ${r.confidenceNotes.join(" ")}` : "."}`,
    sections: [
      {
        fields: [
          { label: "Tier", value: `${r.tier}, ${count(r.followers)} followers` },
          { label: "Engagement", value: erLine(r) },
          ...(r.er !== null && r.erEstimate
            ? [{
                label: "ER measured / estimated",
                value: `${pct(r.er, 2)} measured over ${r.erEstimate.posts || "an unknown number of"} post${r.erEstimate.posts === 1 ? "" : "s"}; ` +
                  `${pct(r.erEstimate.er, 2)} estimated (likely ${pct(r.erEstimate.low, 2)}–${pct(r.erEstimate.high, 2)}), shrunk toward the tier's ` +
                  `${pct(r.erEstimate.tierMedian, 2)} (${r.erEstimate.fitted ? "fitted on the roster" : "from the benchmark"}); ranked on the lower end`,
              }]
            : []),
          { label: "Benchmark", value: r.benchmarkVersion },
          { label: "Categories", value: r.categories.join(", ") || "none known" },
        ],
      },
      {
        title: "How the score is made",
        table: {
          columns: ["component", "value", "weight", "reason"],
          rows: r.components.map((c) => [COMPONENT_LABELS[c.name] ?? c.name, c.value.toFixed(1), `${Math.round(c.weight * 100)}%`, c.reason]),
        },
      },
      {
        title: "Brand safety",
        fields: [
          { label: "Sponsored posts", value: String(r.brandSafety.sponsoredPosts) },
          { label: "Without disclosure", value: String(r.brandSafety.undisclosedSponsoredPosts) },
          ...(r.brandSafety.weakDisclosurePosts ? [{ label: "Label only (weak)", value: String(r.brandSafety.weakDisclosurePosts) }] : []),
          { label: "Competitors seen", value: r.brandSafety.competitorMentions.join(", ") || "none" },
          ...(r.brandSafety.flags.length ? [{ label: "Flags", value: r.brandSafety.flags.join("; ") }] : []),
        ],
      },
    ],
  };
}

export function shortlistCsv(s: ShortlistResult): string {
  const head = ["rank", "handle", "platform", "followers", "tier", "score", "confidence", "er", "er_percentile", "benchmark", "categories", "hashtags", ...COMPONENT_NAMES, "reason_1", "reason_2", "reason_3"];
  const rows = s.results.map((r, i) => [
    i + 1, r.handle, r.platform, r.followers, r.tier, r.score, r.confidence, r.er, r.erPercentile, r.benchmarkVersion,
    r.categories.join(" "), r.hashtags.join(" "),
    ...COMPONENT_NAMES.map((n) => r.components.find((c) => c.name === n)?.value ?? ""),
    ...r.topReasons,
  ]);
  return [head, ...rows].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}
