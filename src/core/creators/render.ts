// What creators read: the open campaigns, and their own status (what is due when, and what waits
// for the brand). Pure: messages from data.
import { compensationText } from "../campaigns/brief.ts";
import { longDate, statusWord } from "../campaigns/format.ts";
import { lastMoment } from "../campaigns/format.ts";
import { plural } from "../text.ts";
import type { Campaign } from "../campaigns/types.ts";
import type { Message, Section } from "../message.ts";
import type { MyDeliverable, MyParticipation } from "./types.ts";

/** A Discord message holds at most 10 embeds; more campaigns are named in the text. */
export const MAX_LISTED = 10;

export function campaignsMessage(open: Campaign[], mine: Map<string, string>, asSuffix: string): Message {
  if (!open.length)
    return { title: "Open campaigns", text: "No campaign is open for opt-ins right now. New briefs are posted in the creators' channel.", ephemeral: true };
  const shown = open.slice(0, MAX_LISTED);
  const more = open.slice(MAX_LISTED);
  const sections: Section[] = shown.map((c) => {
    const status = mine.get(c.id);
    return {
      title: c.brand ? `${c.name}, by ${c.brand} (${c.slug})` : `${c.name} (${c.slug})`,
      text: status ? `You are ${statusWord(status)} on this one.` : undefined,
      fields: [
        { label: "Objective", value: c.objective },
        { label: "Deliverables", value: c.deliverables.join(", ") || "to be confirmed" },
        { label: "Compensation", value: compensationText(c) },
        { label: "Opt-in closes", value: longDate(c.optInClosesAt) },
        ...(c.draftDueAt ? [{ label: "Draft due", value: longDate(c.draftDueAt) }] : []),
        { label: "Go-live", value: longDate(c.goLiveAt) },
        { label: "Disclosure", value: c.disclosure },
      ],
      ...(status ? {} : { actions: [{ id: `campaigns.optin.${c.slug}`, label: "I'm in", style: "primary" as const, value: `optin ${c.slug}${asSuffix}` }] }),
    };
  });
  return {
    title: "Open campaigns",
    text:
      `${open.length} ${plural(open.length, "campaign")} open for opt-ins.` +
      (more.length ? ` Also open: ${more.map((c) => c.slug).join(", ")} (opt in with /optin <slug>).` : ""),
    sections,
    ephemeral: true,
  };
}

const WHAT_NEXT: Record<string, string> = {
  invited: "You're invited: opt in if you'd like to take part.",
  opted_in: "Waiting for the brand to decide on your opt-in.",
  approved: "You're in. Submit your post with /deliver when it's ready.",
  declined: "Not this time.",
  withdrawn: "You withdrew.",
  paid: "Complete and paid. Thank you!",
};

/** The deliverables still in play (a rejected one is not), and whether they are all live. */
function inPlay(p: MyParticipation) {
  const ds = p.deliverables.filter((d) => d.status !== "rejected");
  return { ds, allLive: ds.length > 0 && ds.every((d) => d.status === "live") };
}

const goLiveBy = (c: MyParticipation["campaign"], now: Date) =>
  !c.goLiveAt ? "go live when the brand's team says so" : lastMoment(c.goLiveAt).getTime() < now.getTime() ? `go live now (go-live was ${longDate(c.goLiveAt)})` : `go live by ${longDate(c.goLiveAt)}`;

/** What an approved creator does next, from where their deliverables stand (the creator's own steps first). */
function approvedNext(p: MyParticipation, now: Date): string {
  const { ds, allLive } = inPlay(p);
  if (!ds.length) return WHAT_NEXT.approved!;
  if (allLive) return `Your ${ds.length === 1 ? "post is" : "posts are"} live: you're done, nothing is due.`;
  const count = (st: string) => ds.filter((d) => d.status === st).length;
  const posts = (n: number) => (n === 1 ? "Your post is" : `${n} posts are`);
  const lines = [
    count("changes_requested") ? `The brand asked for changes: make them, then submit the post again with /deliver campaign:${p.campaign.slug} url:<link>.` : null,
    count("approved") ? `Approved: ${goLiveBy(p.campaign, now)}.` : null,
    count("submitted") ? `${posts(count("submitted"))} waiting for the brand's review.` : null,
  ];
  return lines.filter(Boolean).join(" ");
}

function dueLine(p: MyParticipation, now: Date): string | null {
  const c = p.campaign;
  if (p.status !== "approved") return p.status === "invited" && c.optInClosesAt ? `Opt in by ${longDate(c.optInClosesAt)}` : null;
  // Everything live: nothing is due any more.
  if (inPlay(p).allLive) return null;
  const submitted = p.deliverables.some((d) => d.status !== "changes_requested" && d.status !== "rejected");
  const steps: [string, Date | null][] = [
    ["Draft due", submitted ? null : c.draftDueAt],
    ["Go live", c.goLiveAt],
    ["Campaign ends", c.endsAt],
  ];
  const next = steps.filter(([, d]) => d && lastMoment(d).getTime() >= now.getTime()).map(([w, d]) => `${w} ${longDate(d)}`);
  const overdue = !submitted && c.draftDueAt && lastMoment(c.draftDueAt).getTime() < now.getTime() ? `Draft was due ${longDate(c.draftDueAt)}: submit it now` : null;
  return [overdue, ...next].filter(Boolean).join("; ") || null;
}

function deliverableLine(d: MyDeliverable, c: MyParticipation["campaign"], now: Date): string {
  const state: Record<string, string> = {
    submitted: "waiting for the brand's review",
    approved: `approved: ${goLiveBy(c, now)}`,
    changes_requested: `changes requested${d.reviewNotes ? `: ${d.reviewNotes}` : ""}`,
    live: "live",
    rejected: "not accepted",
  };
  const disclosure = d.disclosureChecked ? (d.disclosureIssues.length ? ` (disclosure: ${d.disclosureIssues.length} to fix)` : " (disclosure ok)") : "";
  return `${d.url}: ${state[d.status] ?? d.status}${disclosure}${d.lastReportAt ? `; numbers reported ${longDate(d.lastReportAt)}` : ""}`;
}

export function statusMessage(ps: MyParticipation[], now: Date, registered: boolean): Message {
  if (!ps.length)
    return {
      title: "Your campaigns",
      text: registered ? "You're not in any campaign yet. /campaigns lists the open ones." : "Scout doesn't know you yet. /campaigns lists the open campaigns; opting in registers you.",
      ephemeral: true,
    };
  const waitingOptIns = ps.filter((p) => p.status === "opted_in");
  const waitingReviews = ps.flatMap((p) => p.deliverables.filter((d) => d.status === "submitted"));
  const sections: Section[] = ps.map((p) => {
    const due = dueLine(p, now);
    return {
      title: `${p.campaign.name} (${p.campaign.slug}): ${statusWord(p.status)}${p.campaign.status === "closed" ? ", campaign closed" : ""}`,
      text: [p.status === "approved" ? approvedNext(p, now) : WHAT_NEXT[p.status], ...p.deliverables.map((d) => `• ${deliverableLine(d, p.campaign, now)}`)]
        .filter(Boolean)
        .join("\n"),
      fields: [
        ...(p.account ? [{ label: "Account", value: `@${p.account.handle} (${p.account.platform})` }] : []),
        ...(due ? [{ label: "What's due", value: due }] : []),
        ...(p.promoCode ? [{ label: "Promo code", value: p.promoCode }] : []),
      ],
    };
  });
  const waiting = [
    waitingOptIns.length ? `${waitingOptIns.length} ${plural(waitingOptIns.length, "opt-in")} (${waitingOptIns.map((p) => p.campaign.slug).join(", ")})` : null,
    waitingReviews.length ? `${waitingReviews.length} ${plural(waitingReviews.length, "deliverable")} to review` : null,
  ].filter(Boolean);
  return {
    title: "Your campaigns",
    text:
      `${ps.length} ${plural(ps.length, "campaign")}. ${waiting.length ? `Waiting for the brand: ${waiting.join(", ")}.` : "Nothing is waiting for the brand."}` +
      (ps.length > MAX_LISTED ? ` Showing the ${MAX_LISTED} most recent.` : ""),
    sections: sections.slice(0, MAX_LISTED),
    ephemeral: true,
  };
}

export function myParticipationJson(p: MyParticipation) {
  return {
    id: p.id,
    campaign: p.campaign.slug,
    name: p.campaign.name,
    status: p.status,
    account: p.account,
    draftDueAt: p.campaign.draftDueAt?.toISOString() ?? null,
    goLiveAt: p.campaign.goLiveAt?.toISOString() ?? null,
    endsAt: p.campaign.endsAt?.toISOString() ?? null,
    deliverables: p.deliverables.map((d) => ({ id: d.id, url: d.url, status: d.status, disclosureIssues: d.disclosureChecked ? d.disclosureIssues : null })),
  };
}
