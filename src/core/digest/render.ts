// The digest message. Within Slack's Block Kit limits whatever the number of campaigns: the
// campaigns that need the most attention in detail (a section of fields and a row of buttons each,
// two blocks), the others summarised in one section with a pointer to Scout's App Home.
// At most 4 + 2 × DETAILED blocks; every text well under 3,000 characters.
import type { Action, Field, Message, Section } from "../message.ts";
import { computeMetrics } from "../metrics/formulas.ts";
import { change, count, day, KIND_OF, minute, money, percent } from "../metrics/format.ts";
import { plural } from "../text.ts";
import type { CampaignDigest, FigureKey } from "./figures.ts";
import { sourcesText } from "../metrics/render.ts";
import { localTime } from "../jobs/time.ts";
import { PLATFORM_NAMES } from "../platform-data/verify.ts";
import type { PlatformWait } from "./port.ts";

/** Campaigns shown in detail; the rest are summarised. */
export const DETAILED = 8;
const TEXT_BUDGET = 2800;

const LABELS: Record<FigureKey, string> = {
  reach: "Reach",
  engagements: "Engagements",
  er: "Post ER",
  clicks: "Link clicks",
  conversions: "Conversions",
  spend: "Spend",
  cpe: "CPE",
  roi: "ROI",
};

const counted = (n: number, one: string) => `${count(n)} ${plural(n, one)}`;

function figureField(key: FigureKey, d: CampaignDigest): Field {
  const kind = KIND_OF[key];
  const v = d.figures[key];
  const cur = d.campaign.currency;
  const shown = kind === "money" ? money(v, cur) : kind === "percent" ? percent(v) : count(v);
  const delta = d.previous ? change(kind, v, d.previous[key], cur) : "";
  return { label: LABELS[key], value: delta ? `${shown} (${delta})` : shown };
}

/** Link clicks, with the suspect ones (floods: redirected, never counted) said apart when there are any. */
function suspectApart(f: Field, d: CampaignDigest): Field {
  const s = d.totals.suspectClicks ?? 0;
  return s > 0 ? { ...f, value: `${f.value}; ${count(s)} suspect, not counted` } : f;
}

export function decisionsLine(d: Pick<CampaignDigest, "counts">): string {
  const c = d.counts;
  const parts = [
    c.waiting ? `${counted(c.waiting, "opt-in")} to approve or decline` : "",
    c.toReview ? `${counted(c.toReview, "deliverable")} to review` : "",
    c.overdue ? `${count(c.overdue)} overdue` : "",
  ].filter(Boolean);
  return parts.length ? `Needs a decision today: ${parts.join(", ")}.` : "Nothing waits for a decision.";
}

function topLine(d: CampaignDigest): string {
  if (!d.top.length) return "Top creators: none with numbers yet.";
  const cur = d.campaign.currency;
  const items = d.top.map((c, i) => {
    const m = computeMetrics(c.totals);
    return `${i + 1}. @${c.handle ?? c.displayName} ${count(m.engagements)} eng., ${m.clicks === 1 ? "1 click" : `${count(m.clicks)} clicks`}, ROI ${percent(m.roi)}${m.spend !== null ? ` on ${money(m.spend, cur)}` : ""}`;
  });
  return `Top creators (by engagements): ${items.join("; ")}`;
}

function campaignSection(d: CampaignDigest, since: Date | null): Section {
  const c = d.counts;
  const fresh = since ? ` (${count(c.newOptIns)} new since ${minute(since)})` : "";
  const actions: Action[] = [
    ...(c.waiting ? [{ id: `digest-optins:${d.campaign.slug}`, label: `Opt-ins (${c.waiting})`, value: `optins ${d.campaign.slug}`, style: "primary" as const }] : []),
    ...(c.toReview || c.overdue ? [{ id: `digest-deliverables:${d.campaign.slug}`, label: `Deliverables (${c.toReview + c.overdue})`, value: `deliverables ${d.campaign.slug}` }] : []),
    { id: `digest-metrics:${d.campaign.slug}`, label: "Metrics", value: `metrics campaign:${d.campaign.slug} by:creator` },
  ];
  return {
    title: `${d.campaign.name} (${d.campaign.slug})`,
    text: [
      `Opt-ins: ${count(c.optIns)}${fresh}, approved ${count(c.approved)}. Deliverables: ${count(c.submitted)} submitted, ${count(c.approvedDeliverables)} approved, ${count(c.live)} live, ${count(c.overdue)} overdue.`,
      topLine(d),
      decisionsLine(d),
      ...(d.sources?.length ? [sourcesText(d.sources, d.totals.clicksTracked)] : []),
    ].join("\n"),
    fields: (["reach", "engagements", "er", "clicks", "conversions", "spend", "cpe", "roi"] as const).map((k) => figureField(k, d)).map((f, i) => (i === 3 ? suspectApart(f, d) : f)),
    actions,
  };
}

function restSection(rest: CampaignDigest[]): Section {
  const sum = (f: (d: CampaignDigest) => number) => rest.reduce((s, d) => s + f(d), 0);
  const head =
    `${counted(rest.length, "more campaign")}: together ${counted(sum((d) => d.counts.waiting), "opt-in")} waiting, ` +
    `${counted(sum((d) => d.counts.toReview), "deliverable")} to review, ${count(sum((d) => d.counts.overdue))} overdue; ` +
    `${count(sum((d) => d.figures.engagements ?? 0))} engagements, ${count(sum((d) => d.figures.clicks ?? 0))} link clicks.`;
  const tail = "See all in Scout's App Home (the Home tab of the Scout app), or /scout metrics campaign:<slug> for one.";
  const lines: string[] = [];
  let size = head.length + tail.length + 40;
  let shown = 0;
  for (const d of rest) {
    const l = `• ${d.campaign.slug}: ${count(d.figures.engagements)} eng., ${count(d.figures.clicks)} clicks${d.decisions ? `, ${count(d.decisions)} to decide` : ""}`;
    if (size + l.length + 1 > TEXT_BUDGET) break;
    lines.push(l);
    size += l.length + 1;
    shown++;
  }
  if (shown < rest.length) lines.push(`…and ${count(rest.length - shown)} more.`);
  return { title: "Other active campaigns", text: [head, ...lines, tail].join("\n") };
}

/** "00:00 PT" for YouTube (its quota resets at midnight Pacific time), "14:20 UTC" otherwise; the date too when not within a day. */
function untilText(w: PlatformWait, now: Date): string {
  const at = w.until!;
  const far = at.getTime() - now.getTime() > 86_400_000;
  if (w.platform === "youtube") {
    const l = localTime(at, "America/Los_Angeles");
    return `${l.time} PT${far ? ` ${l.date}` : ""}`;
  }
  const l = localTime(at, "UTC");
  return `${l.time} UTC${far ? ` ${l.date}` : ""}`;
}

/** One sentence per paused platform: why, until when, and the work that waits for it (none of it lost). */
export function platformWaitLine(w: PlatformWait, now: Date): string {
  const name = PLATFORM_NAMES[w.platform];
  const work = [w.snapshots ? counted(w.snapshots, "snapshot") : "", w.linkChecks ? counted(w.linkChecks, "link check") : ""].filter(Boolean).join(" and ");
  const why =
    w.reason === "quota"
      ? `${name} quota spent${w.until ? ` until ${untilText(w, now)}` : ""}`
      : w.reason === "auth"
        ? `${name} refuses Scout's key (fix it as the notice said; Scout tries again hourly)`
        : `${name} not answering${w.until ? ` (tried again from ${untilText(w, now)})` : ""}`;
  return `${why}: ${work} waiting (nothing lost).`;
}

/** Campaigns needing the most decisions first, then by engagements, then by slug. */
export function orderForDigest(ds: CampaignDigest[]): CampaignDigest[] {
  return [...ds].sort((a, b) => b.decisions - a.decisions || (b.figures.engagements ?? -1) - (a.figures.engagements ?? -1) || (a.campaign.slug < b.campaign.slug ? -1 : 1));
}

export function renderDigest(ds: CampaignDigest[], opts: { now: Date; since: Date | null; single: boolean; hasChart: boolean; waits?: PlatformWait[] }): Message {
  const ordered = orderForDigest(ds);
  const detailed = ordered.slice(0, DETAILED);
  const rest = ordered.slice(DETAILED);
  const total = (f: (d: CampaignDigest) => number) => ds.reduce((s, d) => s + f(d), 0);
  const decisions = total((d) => d.decisions);
  if (!ds.length)
    return { title: `Scout digest, ${day(opts.now)}`, text: "No active campaigns: nothing to report today. Activate one with /scout campaign activate <slug>.", tone: "info" };
  const intro = [
    opts.single ? `As of ${minute(opts.now)}.` : `${counted(ds.length, "active campaign")} as of ${minute(opts.now)}.`,
    opts.since ? `Changes are since the last digest (${minute(opts.since)}).` : "First digest here: changes show from the next one.",
    decisions
      ? `Needs a decision today: ${counted(total((d) => d.counts.waiting), "opt-in")} waiting, ${counted(total((d) => d.counts.toReview), "deliverable")} to review, ${count(total((d) => d.counts.overdue))} overdue.`
      : "Nothing waits for a decision today.",
    // A platform out of quota (or refusing the key, or down) delays work; the digest says so, and that none of it is lost.
    ...(opts.waits ?? []).filter((w) => w.snapshots + w.linkChecks > 0).map((w) => platformWaitLine(w, opts.now)),
    opts.hasChart ? "The chart below shows engagements gained and link clicks per day." : "",
  ].filter(Boolean);
  return {
    title: opts.single && ds.length === 1 ? `Scout digest: ${ds[0]!.campaign.name}, ${day(opts.now)}` : `Scout digest, ${day(opts.now)}`,
    text: intro.join(" "),
    sections: [
      ...detailed.map((d) => campaignSection(d, opts.since)),
      ...(rest.length ? [restSection(rest)] : []),
      { text: "How these numbers are made: /scout metrics explain (add campaign:<slug> for a campaign's own inputs)." },
    ],
  };
}
