// A campaign's brief as a message for creators (posted in the community, or sent privately with an
// invitation): what to make, what they get, the dates, and how to disclose.
import type { Action, Message, Section } from "../message.ts";
import { VAGUE_DISCLOSURES } from "../scoring/index.ts";
import { longDate, money } from "./format.ts";
import type { Campaign } from "./types.ts";

const OBJECTIVE_WORDS: Record<string, string> = {
  awareness: "Awareness: get the product seen by people who would love it.",
  traffic: "Traffic: send people to the brand's page.",
  leads: "Leads: get people to sign up.",
  sales: "Sales: get people to buy.",
};

const bullets = (items: string[]) => items.map((x) => `• ${x}`).join("\n");

/** The creator's buttons: "I'm in" runs `optin <slug>`, "Not for me" runs `optout <slug>`. */
export function briefActions(slug: string, disabled = false): Action[] {
  const off = disabled ? { disabled: true } : {};
  return [
    { id: `brief.optin.${slug}`, label: "I'm in", style: "primary", value: `optin ${slug}`, ...off },
    { id: `brief.optout.${slug}`, label: "Not for me", value: `optout ${slug}`, ...off },
  ];
}

/** Words a community may tag the brief with (Discord forum tags of the same name): objective, platforms, niches, brand. */
export function briefTags(c: Campaign): string[] {
  const crit = c.criteria as { platforms?: unknown; niche?: unknown };
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return [c.objective, ...list(crit.platforms), ...list(crit.niche), ...(c.brand ? [c.brand] : [])];
}

export function compensationText(c: Pick<Campaign, "compensation" | "fee" | "currency">): string {
  const parts = [c.compensation, c.fee !== null ? `Fee: ${money(c.fee, c.currency)} per creator` : null].filter(Boolean);
  return parts.length ? parts.join("\n") : "To be confirmed";
}

export function disclosureRule(disclosure: string): string {
  return (
    `Disclose clearly: put ${disclosure} at the start of your caption (or use the platform's paid-partnership label), ` +
    `where people see it without tapping "more". Vague tags (${VAGUE_DISCLOSURES.slice(0, 4).map((t) => `#${t}`).join(", ")}) or a thank-you to the brand are not enough.`
  );
}

export function briefMessage(c: Campaign): Message {
  const sections: Section[] = [];
  sections.push({
    title: "What we ask",
    fields: [
      { label: "Objective", value: OBJECTIVE_WORDS[c.objective] ?? c.objective },
      { label: "Deliverables", value: c.deliverables.join(", ") || "To be confirmed" },
    ],
    ...(c.messages.length ? { text: `Key messages:\n${bullets(c.messages)}` } : {}),
  });
  sections.push({ title: "Compensation", text: compensationText(c) });
  sections.push({
    title: "Dates",
    fields: [
      { label: "Opt-in closes", value: longDate(c.optInClosesAt) },
      ...(c.draftDueAt ? [{ label: "Draft due", value: longDate(c.draftDueAt) }] : []),
      { label: "Go-live", value: longDate(c.goLiveAt) },
      ...(c.endsAt ? [{ label: "Ends", value: longDate(c.endsAt) }] : []),
    ],
  });
  sections.push({ title: "Disclosure", text: disclosureRule(c.disclosure) });
  if (c.hashtags.length || c.mentions.length)
    sections.push({
      title: "Hashtags and mentions",
      text: [c.hashtags.map((h) => `#${h}`).join(" "), c.mentions.map((m) => `@${m}`).join(" ")].filter(Boolean).join("\n"),
    });
  if (c.dos.length) sections.push({ title: "Do's", text: bullets(c.dos) });
  if (c.donts.length) sections.push({ title: "Don'ts", text: bullets(c.donts) });
  if (c.usageRights) sections.push({ title: "Usage rights", text: c.usageRights });
  if (c.landingUrl) sections.push({ title: "Link", text: `${c.landingUrl}\nApproved creators get their own tracked link.` });
  return {
    title: c.brand ? `${c.name}, by ${c.brand}` : c.name,
    text: [
      c.product ? `Product: ${c.product}` : null,
      c.status === "closed" ? "This campaign is closed: it takes no more opt-ins." : "Want to take part? Press I'm in before opt-ins close.",
    ]
      .filter(Boolean)
      .join("\n"),
    sections,
    actions: briefActions(c.slug, c.status === "closed"),
  };
}
