// Campaigns, opt-ins and deliverables as replies for marketers, and as the JSON scripts read.
import { followersText } from "../creators/claims.ts";
import type { Message, Section } from "../message.ts";
import { compensationText } from "./brief.ts";
import { criteriaText } from "./criteria-text.ts";
import { dateText, money, statusWord } from "./format.ts";
import { creatorLabel, deliverableActions, optInActions } from "./notices.ts";
import type { Campaign, CampaignCounts, CampaignFields, Deliverable, Participation } from "./types.ts";
import type { Platform } from "../platform.ts";
import { verifiedText } from "../platform-data/verify.ts";

const dash = (s: string | null | undefined) => (s && s.length ? s : "—");
const list = (xs: string[], sign = "") => (xs.length ? xs.map((x) => sign + x).join(", ") : "—");

/** The JSON of a campaign (`--json`): every field, dates as ISO strings. */
export function campaignJson(c: Campaign, counts?: CampaignCounts) {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    status: c.status,
    brand: c.brand,
    objective: c.objective,
    product: c.product,
    messages: c.messages,
    dos: c.dos,
    donts: c.donts,
    hashtags: c.hashtags,
    mentions: c.mentions,
    disclosure: c.disclosure,
    deliverables: c.deliverables,
    compensation: c.compensation,
    fee: c.fee,
    budget: c.budget,
    currency: c.currency,
    usageRights: c.usageRights,
    optInClosesAt: c.optInClosesAt?.toISOString() ?? null,
    draftDueAt: c.draftDueAt?.toISOString() ?? null,
    goLiveAt: c.goLiveAt?.toISOString() ?? null,
    endsAt: c.endsAt?.toISOString() ?? null,
    landingUrl: c.landingUrl,
    allowedHosts: c.allowedHosts,
    criteria: c.criteria,
    slackChannelId: c.slackChannelId,
    brief: c.brief ? { ...c.brief, postedAt: c.briefPostedAt?.toISOString() ?? null } : null,
    openedAt: c.openedAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    ...(counts ? { counts } : {}),
  };
}

const PLURAL_FIELDS = new Set<keyof CampaignFields>(["messages", "dos", "donts", "hashtags", "mentions", "deliverables", "allowedHosts", "criteria"]);

/** One field's value in words, as the campaign holds it ("250 EUR", "2026-12-15", "#spring, #vegan"). */
export function fieldText(c: Campaign, k: keyof CampaignFields): string {
  const v = c[k];
  if (k === "budget" || k === "fee") return money(v as number | null, c.currency);
  if (k === "hashtags") return list(c.hashtags, "#");
  if (k === "mentions") return list(c.mentions, "@");
  if (k === "criteria") return criteriaText(c.criteria) || "none";
  if (v instanceof Date || v === null) return dateText(v as Date | null);
  if (Array.isArray(v)) return list(v as string[]);
  return String(v);
}

/** "the budget is already 250 EUR; the deliverables are already 1 Reel" */
export function alreadyText(c: Campaign, keys: (keyof CampaignFields)[], label: (k: keyof CampaignFields) => string): string {
  return keys.map((k) => `the ${label(k)} ${PLURAL_FIELDS.has(k) ? "are" : "is"} already ${fieldText(c, k)}`).join("; ");
}

export function countsText(k: CampaignCounts): string {
  return `${k.pendingOptIns} opt-ins to decide, ${k.approved} approved, ${k.toReview} deliverables to review, ${k.overdue} overdue`;
}

/** A campaign in full, for `campaign show`, `new` and `edit`. */
export function campaignMessage(c: Campaign, opts: { counts?: CampaignCounts; missing?: string[]; title?: string; note?: string } = {}): Message {
  const criteria = criteriaText(c.criteria) || "none (the shortlist uses its defaults)";
  const sections: Section[] = [
    {
      title: "Brief",
      fields: [
        { label: "Status", value: statusWord(c.status) },
        { label: "Objective", value: c.objective },
        { label: "Brand", value: dash(c.brand) },
        { label: "Product", value: dash(c.product) },
        { label: "Deliverables", value: list(c.deliverables) },
        { label: "Compensation", value: compensationText(c).replace(/\n/g, "; ") },
        { label: "Budget", value: money(c.budget, c.currency) },
        { label: "Landing URL", value: dash(c.landingUrl) },
        { label: "Disclosure", value: c.disclosure },
        { label: "Hashtags", value: list(c.hashtags, "#") },
        { label: "Mentions", value: list(c.mentions, "@") },
        { label: "Key messages", value: list(c.messages) },
        { label: "Do's", value: list(c.dos) },
        { label: "Don'ts", value: list(c.donts) },
        { label: "Usage rights", value: dash(c.usageRights) },
        { label: "Blog hosts", value: list(c.allowedHosts) },
      ],
    },
    {
      title: "Dates",
      fields: [
        { label: "Opt-in closes", value: dateText(c.optInClosesAt) },
        { label: "Draft due", value: dateText(c.draftDueAt) },
        { label: "Go-live", value: dateText(c.goLiveAt) },
        { label: "Ends", value: dateText(c.endsAt) },
      ],
    },
    {
      title: "Where",
      fields: [
        { label: "Slack channel", value: c.slackChannelId ? `<#${c.slackChannelId}>` : "the default channel" },
        { label: "Brief posted", value: c.briefPostedAt ? dateText(c.briefPostedAt) : "not yet" },
        { label: "Target criteria", value: criteria },
      ],
    },
  ];
  if (opts.counts) sections.push({ title: "Now", text: countsText(opts.counts) });
  const next =
    c.status === "draft"
      ? opts.missing?.length
        ? `Before it can open it needs ${opts.missing.join("; ")}.`
        : `Ready to open: /scout brief post ${c.slug} opens it and posts the brief.`
      : null;
  return {
    title: opts.title ?? `${c.name} (${c.slug})`,
    text: [opts.note, next].filter(Boolean).join("\n") || undefined,
    sections,
  };
}

export function campaignListMessage(rows: { campaign: Campaign; counts: CampaignCounts }[], filter: string): Message {
  if (!rows.length)
    return { title: "Campaigns", text: filter === "all" ? "No campaigns yet. Create one with /scout campaign new." : `No ${filter} campaigns. /scout campaign list status:all shows every one.` };
  return {
    title: "Campaigns",
    text:
      `${rows.length} ${filter === "all" ? "" : `${filter} `}campaign${rows.length === 1 ? "" : "s"}. ` +
      (rows.length === 1 ? `/scout campaign show ${rows[0]!.campaign.slug} shows it in full.` : "/scout campaign show <slug> for one."),
    sections: [
      {
        table: {
          columns: ["slug", "name", "status", "opt-ins", "approved", "to review", "overdue"],
          rows: rows.map(({ campaign: c, counts: k }) => [c.slug, c.name, c.status, String(k.pendingOptIns), String(k.approved), String(k.toReview), String(k.overdue)]),
        },
      },
    ],
  };
}

/** fee + product + commission, or null when none is recorded. */
export function participationSpend(p: Participation): number | null {
  if (p.fee === null && p.productCost === null && p.commission === null) return null;
  return Math.round(((p.fee ?? 0) + (p.productCost ?? 0) + (p.commission ?? 0)) * 100) / 100;
}

export function participationJson(p: Participation, linkUrl?: (code: string) => string) {
  return {
    id: p.id,
    status: p.status,
    creatorId: p.creator.creatorId,
    name: p.creator.displayName,
    handle: p.creator.account?.handle ?? null,
    platform: p.creator.account?.platform ?? null,
    followers: p.creator.account?.followers ?? null,
    rateAsk: p.rateAsk,
    currency: p.currency,
    disclosureConfirmed: p.disclosureConfirmed,
    promoCode: p.promoCode,
    trackedCode: p.trackedCode,
    ...(linkUrl ? { trackedLink: p.trackedCode ? linkUrl(p.trackedCode) : null } : {}),
    spend: { fee: p.fee, productCost: p.productCost, commission: p.commission, total: participationSpend(p) },
    decidedBy: p.decidedBy,
    decidedAt: p.decidedAt?.toISOString() ?? null,
    statusAt: p.statusAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function optInsMessage(c: Campaign, ps: Participation[], linkUrl?: (code: string) => string): Message {
  const waiting = ps.filter((p) => p.status === "opted_in");
  const others = ps.filter((p) => p.status !== "opted_in");
  const sections: Section[] = waiting.map((p) => ({
    title: creatorLabel(p),
    fields: [
      { label: "Followers", value: followersText(p.creator.account) },
      { label: "Rate asked", value: p.rateAsk !== null ? money(p.rateAsk, p.currency ?? c.currency) : "not given" },
      { label: "Disclosure", value: p.disclosureConfirmed ? "confirmed" : "not confirmed" },
      { label: "Opted in", value: dateText(p.statusAt) },
    ],
    actions: optInActions(p.id),
  }));
  if (others.length) {
    // Link, promo code and spend only when some participation has them (approved creators).
    const linked = linkUrl && others.some((p) => p.trackedCode);
    const promo = others.some((p) => p.promoCode);
    const spend = others.some((p) => participationSpend(p) !== null);
    sections.push({
      title: "Others",
      table: {
        columns: ["creator", "status", "since", ...(linked ? ["link"] : []), ...(promo ? ["promo"] : []), ...(spend ? [`spend (${c.currency})`] : []), "id"],
        rows: others.map((p) => [
          creatorLabel(p),
          statusWord(p.status),
          dateText(p.statusAt),
          ...(linked ? [p.trackedCode ? linkUrl!(p.trackedCode) : "—"] : []),
          ...(promo ? [p.promoCode ?? "—"] : []),
          ...(spend ? [participationSpend(p)?.toLocaleString("en-US") ?? "—"] : []),
          p.id,
        ]),
      },
    });
  }
  return {
    title: `Opt-ins for ${c.name}`,
    text: ps.length
      ? `${waiting.length} waiting for a decision${others.length ? `, ${others.length} other${others.length === 1 ? "" : "s"}` : ""}.`
      : `Nobody has opted in yet${c.status === "draft" ? `; the campaign is a draft (post its brief with /scout brief post ${c.slug})` : ""}.`,
    sections,
  };
}

export function deliverableJson(d: Deliverable & { participation?: Participation }) {
  return {
    id: d.id,
    participationId: d.participationId,
    url: d.url,
    platform: d.platform,
    kind: d.kind,
    status: d.status,
    note: d.note,
    reviewNotes: d.reviewNotes,
    reviewedBy: d.reviewedBy,
    reviewedAt: d.reviewedAt?.toISOString() ?? null,
    dueAt: d.dueAt?.toISOString() ?? null,
    submittedAt: d.submittedAt.toISOString(),
    liveAt: d.liveAt?.toISOString() ?? null,
    ...(d.verification ? { verification: { status: d.verification.status, issues: d.verification.issues, at: d.verification.at?.toISOString() ?? null } } : {}),
    ...(d.participation ? { handle: d.participation.creator.account?.handle ?? null, creator: d.participation.creator.displayName } : {}),
  };
}

/** `hasClient`: whether Scout can check a platform's posts itself (else its deliverables say "self-reported"); left out
 *  when no platform is configured (no "checked" column then). */
export function deliverablesMessage(c: Campaign, ds: (Deliverable & { participation: Participation })[], hasClient?: (p: Platform) => boolean): Message {
  const toReview = ds.filter((d) => d.status === "submitted");
  const others = ds.filter((d) => d.status !== "submitted");
  const sections: Section[] = toReview.map((d) => ({
    title: `${creatorLabel(d.participation)}: ${d.url}`,
    fields: [
      { label: "Platform", value: d.platform },
      ...(d.kind ? [{ label: "Kind", value: d.kind }] : []),
      ...(d.note ? [{ label: "Note", value: d.note }] : []),
      { label: "Submitted", value: dateText(d.submittedAt) },
      ...(hasClient ? [{ label: "Checked", value: verifiedText(d.platform, d.verification, hasClient(d.platform)) }] : []),
    ],
    actions: deliverableActions(d.id),
  }));
  if (others.length)
    sections.push({
      title: "Others",
      table: hasClient
        ? {
            columns: ["creator", "url", "status", "checked", "id"],
            rows: others.map((d) => [creatorLabel(d.participation), d.url, statusWord(d.status), verifiedText(d.platform, d.verification, hasClient(d.platform)), d.id]),
          }
        : { columns: ["creator", "url", "status", "id"], rows: others.map((d) => [creatorLabel(d.participation), d.url, statusWord(d.status), d.id]) },
    });
  return {
    title: `Deliverables for ${c.name}`,
    text: ds.length ? `${toReview.length} to review${others.length ? `, ${others.length} other${others.length === 1 ? "" : "s"}` : ""}.` : "No deliverables submitted yet.",
    sections,
  };
}
