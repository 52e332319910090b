// A handle is not an identity: what Scout says about a member's claim to a roster creator whose row
// does not carry their Discord id. The notice that asks the marketers (Confirm / Reject, each button
// the command it runs), the member's answers and private messages, and the lines /mystatus and
// `optins <slug>` show. Pure: messages from data.
import { money } from "../campaigns/format.ts";
import type { Action, Message, Section } from "../message.ts";
import type { Notice } from "../notifier.ts";
import type { Declared, HeldOptIn, IdentityClaim } from "./types.ts";

export const claimHandle = (c: IdentityClaim) => `@${c.account.handle} (${c.account.platform})`;
const member = (c: IdentityClaim) => `${c.claimantName} (Discord ${c.discordUserId})`;
const heldNames = (held: HeldOptIn[]) => held.map((h) => h.name).join(", ");

export const claimActions = (id: string): Action[] => [
  { id: `identity.confirm.${id}`, label: "Confirm", style: "primary", value: `identity confirm id:${id}` },
  { id: `identity.reject.${id}`, label: "Reject", style: "danger", value: `identity reject id:${id}` },
];

/** "followers 99,000; rate 50 USD; country FR", or null when nothing was declared. */
export function declaredText(d: Declared | null | undefined): string | null {
  if (!d) return null;
  const parts = [
    d.followers != null ? `followers ${d.followers.toLocaleString("en-US")}` : null,
    d.rate != null ? `rate ${money(d.rate, d.currency ?? null)}` : null,
    d.country ? `country ${d.country}` : null,
    d.language ? `language ${d.language}` : null,
    d.categories?.length ? `niches ${d.categories.join(", ")}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : null;
}

/** An account's followers for the marketers: the roster's, with what the creator declared marked self-declared. */
export function followersText(a: { followers: number | null; selfDeclared?: boolean; declared?: Declared | null } | null | undefined): string {
  const n = (x: number) => x.toLocaleString("en-US");
  if (!a) return "unknown";
  if (a.selfDeclared) return a.followers != null ? `${n(a.followers)} (self-declared)` : "unknown";
  const own = a.declared?.followers;
  const base = a.followers != null ? n(a.followers) : "unknown";
  return own != null && own !== a.followers ? `${base} (roster; self-declared ${n(own)})` : base;
}

/** Whether the account's rate is one the creator declared (their own account, or a roster rate they filled). */
export const rateSelfDeclared = (a: { rate: number | null; selfDeclared?: boolean; declared?: (Declared & { filled?: { rate?: number } }) | null }) =>
  a.rate != null && (Boolean(a.selfDeclared) || a.declared?.filled?.rate === a.rate);

function rosterText(c: IdentityClaim): string {
  const a = c.account;
  return [
    `followers ${a.followers != null ? a.followers.toLocaleString("en-US") : "unknown"}`,
    `rate ${a.rate != null ? money(a.rate, a.currency) : "unknown"}`,
    `country ${a.country ?? "unknown"}`,
  ].join("; ");
}

/** The notice to the marketers: a member says they are a roster creator; Confirm links them, Reject does not. */
export function claimNotice(c: IdentityClaim, campaign?: { id: string; slug: string; name: string; slackChannelId: string | null }): Notice {
  return {
    kind: "optin",
    ...(campaign ? { campaign: { id: campaign.id, slug: campaign.slug, name: campaign.name, slackChannelId: campaign.slackChannelId } } : {}),
    message: {
      title: `${c.claimantName} says they are ${claimHandle(c)}: confirm?`,
      text:
        `${claimHandle(c)} is in the roster, not linked to anyone in Discord, and its row has no discord_id. ` +
        `Scout has not linked this member to it. Confirm only if you know the member is that creator; Reject leaves them unlinked and tells them privately.` +
        (c.held.length ? ` Their opt-in (${heldNames(c.held)}) is held as pending identity until then.` : ""),
      sections: [
        {
          fields: [
            { label: "Discord member", value: member(c) },
            { label: "Roster figures", value: rosterText(c) },
            { label: "Self-declared", value: declaredText(c.declared) ?? "nothing" },
            ...(c.held.length ? [{ label: "Held opt-ins", value: heldNames(c.held) }] : []),
          ],
        },
      ],
      actions: claimActions(c.id),
    },
  };
}

/** The member's answer when their opt-in is held: what happens next. */
export function heldOptInText(c: IdentityClaim, campaignName: string): string {
  return (
    `${claimHandle(c)} is in the brand's roster, and Scout can't tell yet that it's you. ` +
    `Your opt-in to ${campaignName} is held as pending identity: the brand's team will confirm the handle is yours, and you'll get a private message when they do ` +
    `(your opt-in then goes to them as usual). /mystatus shows where it stands.`
  );
}

/** The member's answer when /profile names a handle the roster holds for someone not linked to them. */
export function pendingProfileText(claims: IdentityClaim[]): string {
  const hs = claims.map(claimHandle).join(", ");
  return `${hs} ${claims.length === 1 ? "is" : "are"} in the brand's roster, so Scout asked the brand's team to confirm ${claims.length === 1 ? "it's" : "they're"} yours (pending identity). Nothing is linked until they do; you'll get a private message.`;
}

export function claimConfirmedMessage(c: IdentityClaim): Message {
  return {
    title: `${claimHandle(c)} is linked to you`,
    text:
      `The brand's team confirmed that ${claimHandle(c)} is yours.` +
      (c.held.length ? ` Your opt-in to ${heldNames(c.held)} is now with the team: you'll hear when they decide.` : " /campaigns lists the campaigns open now."),
    tone: "success",
  };
}

export function claimRejectedMessage(c: IdentityClaim): Message {
  return {
    title: `${claimHandle(c)}: not linked to you`,
    text:
      `The brand's team could not confirm that ${claimHandle(c)} is yours, so it stays unlinked from your Discord account` +
      (c.held.length ? ` and the opt-in you made with it (${heldNames(c.held)}) does not go ahead.` : ".") +
      ` If it is yours, write to the brand's team; otherwise use your own handle.`,
  };
}

/** /mystatus: each claim not confirmed, with what happens next. */
export function claimSections(claims: IdentityClaim[]): Section[] {
  return claims
    .filter((c) => c.status !== "confirmed")
    .map((c) => ({
      title: `${claimHandle(c)}: ${c.status === "pending" ? "pending identity" : "not confirmed"}`,
      text:
        c.status === "pending"
          ? `Waiting for the brand's team to confirm this handle is yours.${c.held.length ? ` Your opt-in to ${heldNames(c.held)} is held until then.` : ""} You'll get a private message when they decide.`
          : `The brand's team could not confirm this handle is yours; it is not linked to you.`,
    }));
}

/** `optins <slug>`: the opt-ins held as pending identity, with the buttons that decide. */
export function pendingIdentitySections(claims: IdentityClaim[], campaignId: string): Section[] {
  return claims.map((c) => {
    const h = c.held.find((x) => x.campaignId === campaignId);
    return {
      title: `${claimHandle(c)}: pending identity`,
      text: `${member(c)} says they are ${claimHandle(c)}; the opt-in cannot be approved until the identity is confirmed.`,
      fields: [
        { label: "Roster figures", value: rosterText(c) },
        { label: "Self-declared", value: declaredText(c.declared) ?? "nothing" },
        ...(h ? [{ label: "Rate asked", value: h.rateAsk !== null ? money(h.rateAsk, h.currency) : "not given" }] : []),
        { label: "Id", value: c.id },
      ],
      actions: claimActions(c.id),
    };
  });
}

export const claimJson = (c: IdentityClaim) => ({
  id: c.id,
  status: c.status,
  handle: c.account.handle,
  platform: c.account.platform,
  discordUserId: c.discordUserId,
  claimant: c.claimantName,
  declared: c.declared,
  held: c.held.map((h) => h.slug),
});
