// What Scout sends that is not a reply: notices to the marketers (with buttons whose value is the
// command line they run) and private messages to a creator.
import type { Action, Message } from "../message.ts";
import type { Notice } from "../notifier.ts";
import { briefActions, compensationText, disclosureRule } from "./brief.ts";
import { longDate, money } from "./format.ts";
import type { Campaign, Deliverable, Participation } from "./types.ts";
import { followersText, rateSelfDeclared } from "../creators/claims.ts";

/** "@ana.cooks (instagram)", or the creator's name when no account is known. */
export function creatorLabel(p: Participation): string {
  const a = p.creator.account;
  return a ? `@${a.handle} (${a.platform})` : p.creator.displayName;
}

const noticeCampaign = (c: Campaign): NonNullable<Notice["campaign"]> => ({ id: c.id, slug: c.slug, name: c.name, slackChannelId: c.slackChannelId });

export const optInActions = (participationId: string): Action[] => [
  { id: `optin.approve.${participationId}`, label: "Approve", style: "primary", value: `optins approve id:${participationId}` },
  { id: `optin.decline.${participationId}`, label: "Decline", style: "danger", value: `optins decline id:${participationId}` },
];

export const deliverableActions = (deliverableId: string): Action[] => [
  { id: `deliverable.approve.${deliverableId}`, label: "Approve", style: "primary", value: `deliverables approve id:${deliverableId}` },
  { id: `deliverable.changes.${deliverableId}`, label: "Request changes", value: `deliverables request-changes id:${deliverableId}` },
];

export function optInNotice(c: Campaign, p: Participation): Notice {
  const a = p.creator.account;
  return {
    kind: "optin",
    campaign: noticeCampaign(c),
    ref: { entity: "participation", id: p.id },
    message: {
      title: `${creatorLabel(p)} opted in to ${c.name}`,
      text: `${p.creator.displayName} wants to take part. Approve or decline.`,
      sections: [
        {
          fields: [
            { label: "Followers", value: followersText(a) },
            {
              label: "Rate asked",
              value: p.rateAsk !== null ? money(p.rateAsk, p.currency ?? c.currency) : a?.rate != null ? `${money(a.rate, c.currency)} (${rateSelfDeclared(a) ? "self-declared" : "roster"} rate)` : "not given",
            },
            { label: "Disclosure", value: p.disclosureConfirmed ? `confirmed (${c.disclosure})` : "not confirmed yet" },
          ],
        },
      ],
      actions: optInActions(p.id),
    },
  };
}

/** Tells the marketers a creator stepped back, so nobody approves or waits for them. */
export function withdrawnNotice(c: Campaign, p: Participation): Notice {
  return {
    kind: "optin",
    campaign: noticeCampaign(c),
    message: {
      title: `${creatorLabel(p)} withdrew from ${c.name}`,
      text: `${p.creator.displayName} no longer takes part. Nothing to decide; any Approve button on their opt-in now says they withdrew.`,
    },
  };
}

/** `disclosureIssues`: the caption check's findings (empty: passed), or null when no caption was checked. */
export function deliverableNotice(c: Campaign, p: Participation, d: Deliverable, resubmitted: boolean, disclosureIssues: string[] | null = null): Notice {
  return {
    kind: "deliverable",
    campaign: noticeCampaign(c),
    ref: { entity: "deliverable", id: d.id },
    message: {
      title: `${creatorLabel(p)} ${resubmitted ? "resubmitted" : "submitted"} a deliverable for ${c.name}`,
      text: d.url,
      sections: [
        {
          fields: [
            { label: "Platform", value: d.platform },
            ...(d.kind ? [{ label: "Kind", value: d.kind }] : []),
            ...(d.note ? [{ label: "Note", value: d.note }] : []),
            ...(d.dueAt ? [{ label: "Due", value: longDate(d.dueAt) }] : []),
            ...(disclosureIssues ? [{ label: "Disclosure check", value: disclosureIssues.length ? disclosureIssues.join("\n") : "passed" }] : []),
          ],
        },
      ],
      actions: deliverableActions(d.id),
    },
  };
}

export function invitationMessage(c: Campaign): Message {
  return {
    title: `You're invited: ${c.name}`,
    text: `${c.brand ?? "The brand"} would like you to take part${c.deliverables.length ? ` (${c.deliverables.join(", ")})` : ""}. Opt-ins close ${longDate(c.optInClosesAt)}.`,
    sections: [{ title: "Compensation", text: compensationText(c) }],
    actions: briefActions(c.slug),
  };
}

/** Short and friendly: what to post, by when, and the link and code that count for them. */
export function approvedMessage(c: Campaign, p: Participation, link: string | null): Message {
  return {
    title: `You're in: ${c.name}`,
    text: `Great news: the team approved you for ${c.name}. Here is everything you need.`,
    tone: "success",
    sections: [
      {
        fields: [
          { label: "Your link", value: link ?? "on its way (the team will share it)" },
          ...(p.promoCode ? [{ label: "Your promo code", value: p.promoCode }] : []),
          { label: "Deliverables", value: c.deliverables.join(", ") || "as in the brief" },
          ...(c.draftDueAt ? [{ label: "Draft due", value: longDate(c.draftDueAt) }] : []),
          { label: "Go-live", value: longDate(c.goLiveAt) },
          ...(c.endsAt ? [{ label: "Ends", value: longDate(c.endsAt) }] : []),
        ],
      },
      { text: "Use your link wherever you send people (bio, story link, caption), so every visit counts for you." },
      { title: "Disclosure", text: disclosureRule(c.disclosure) },
    ],
  };
}

/** Kind and short: a "no" for this campaign only, with the way to the next ones. */
export function declinedMessage(c: Campaign, note: string | null): Message {
  return {
    title: `${c.name}: not this time`,
    text:
      `Thank you for opting in to ${c.name}. The team has chosen other creators for this one, which says nothing about your work.` +
      `${note ? `\nTheir note: ${note}` : ""}\nWe'd love to see you on the next campaigns: /campaigns lists the open ones.`,
  };
}

export function deliverableApprovedMessage(c: Campaign, d: Deliverable): Message {
  return {
    title: `${c.name}: your deliverable is approved`,
    text: `${d.url}\nPublish it on ${longDate(c.goLiveAt)}, with ${c.disclosure} where people see it.`,
    tone: "success",
  };
}

export function changesRequestedMessage(c: Campaign, d: Deliverable, note: string): Message {
  return {
    title: `${c.name}: changes requested`,
    text: `The team asks for changes to ${d.url}:\n${note}\nSubmit it again when it is ready.`,
    tone: "warning",
  };
}
