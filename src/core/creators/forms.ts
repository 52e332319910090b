// The creators' forms (a Discord modal holds at most 5 fields): opting in to a campaign, and the
// profile. Both are pre-filled from what Scout already knows of the creator.
import type { Campaign } from "../campaigns/types.ts";
import type { Form } from "../message.ts";
import { PLATFORMS } from "../platform.ts";
import { asHidden } from "./identity.ts";
import type { CreatorIdentity, CreatorProfile } from "./types.ts";

/** Discord's limit on fields in one modal. */
export const MAX_FORM_FIELDS = 5;

const PLATFORM_CHOICES = PLATFORMS.map((p) => ({ value: p, label: p === "x" ? "X (Twitter)" : p[0]!.toUpperCase() + p.slice(1) }));

export function optInForm(c: Campaign, identity: CreatorIdentity, me: CreatorProfile | null): Form {
  const a = me?.accounts[0] ?? null;
  const handle = a?.handle ?? (identity.kind === "local" ? identity.handle : undefined);
  const rate = a?.rate != null && (a.currency ?? c.currency) === c.currency ? String(a.rate) : undefined;
  return {
    title: `Opt in: ${c.name}`.slice(0, 45),
    submitLabel: "I'm in",
    command: "optin",
    hidden: { campaign: c.slug, ...asHidden(identity) },
    fields: [
      { key: "handle", label: "Your handle", kind: "text", required: true, hint: "e.g. @ana.cooks", ...(handle ? { initial: `@${handle}` } : {}) },
      { key: "platform", label: "Platform", kind: "select", required: true, choices: PLATFORM_CHOICES, initial: a?.platform ?? "instagram" },
      { key: "followers", label: "Followers", kind: "number", hint: "e.g. 12000", ...(a?.followers != null ? { initial: String(a.followers) } : {}) },
      { key: "rate", label: `Your rate (${c.currency})`, kind: "number", hint: `for the deliverables asked, in ${c.currency}`, ...(rate ? { initial: rate } : {}) },
      {
        key: "disclose",
        label: `I will disclose with ${c.disclosure}`.slice(0, 45),
        kind: "select",
        required: true,
        hint: `Every post must show ${c.disclosure} where people see it. Answer yes to confirm.`,
        choices: [
          { value: "yes", label: `Yes, I will use ${c.disclosure}` },
          { value: "no", label: "No" },
        ],
      },
    ],
  };
}

export function profileForm(identity: CreatorIdentity, me: CreatorProfile | null): Form {
  const accounts = me?.accounts ?? [];
  const first = accounts[0];
  const handles = accounts.map((a) => `${a.platform}:@${a.handle}`).join(", ") || (identity.kind === "local" ? `instagram:@${identity.handle}` : "");
  const niches = [...new Set(accounts.flatMap((a) => a.categories))].join(", ");
  return {
    title: me ? "Your Scout profile" : "Join the roster",
    submitLabel: "Save",
    command: "profile",
    hidden: asHidden(identity),
    fields: [
      { key: "handles", label: "Handles", kind: "textarea", required: !me, hint: "e.g. instagram:@ana, tiktok:@ana.eats", ...(handles ? { initial: handles } : {}) },
      { key: "niches", label: "Niches", kind: "text", hint: "e.g. vegan food, travel", ...(niches ? { initial: niches } : {}) },
      { key: "country", label: "Country (2 letters)", kind: "text", hint: "e.g. US, DE, FR", ...(first?.country ? { initial: first.country } : {}) },
      { key: "language", label: "Language (2 letters)", kind: "text", hint: "e.g. en, de, fr", ...(first?.language ? { initial: first.language } : {}) },
      { key: "rate", label: "Rate per deliverable", kind: "text", hint: "e.g. 250 or 250 EUR", ...(first?.rate != null ? { initial: `${first.rate} ${first.currency ?? "USD"}` } : {}) },
    ],
  };
}
