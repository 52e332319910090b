// campaign edit's options for the agreement (issue 16): terms (text, or terms:@file on the console),
// drafts:required|optional, and the usage rights. Everything is checked, and a terms file read,
// before anything is saved; `save` then writes it.
import { z } from "zod";
import { UsageError, UserError } from "../src/core/errors.ts";
import { reply, type Form, type Reply } from "../src/core/message.ts";
import type { Invocation } from "../src/core/invocation.ts";
import type { Services } from "../src/core/services.ts";
import type { Campaign } from "../src/core/campaigns/types.ts";
import { opt } from "../src/core/campaigns/fields.ts";
import { confirmOption } from "../src/core/creators/fields.ts";
import { isLocal } from "../src/core/creators/identity.ts";
import { rightsText } from "../src/core/agreement/service.ts";
import { normaliseTerms, TERMS_MAX_CHARS, termsLabel } from "../src/core/agreement/terms.ts";
import { RIGHTS_CHANNELS, type AgreementSettings, type RightsChannel } from "../src/core/agreement/types.ts";
import { byOf } from "./campaign-common.ts";

const channelsOption = z.string().transform((v, ctx) => {
  const items = v.split(",").map((x) => x.trim().toLowerCase()).filter(Boolean);
  if (["none", "-"].includes(items.join(""))) return [] as RightsChannel[];
  const bad = items.filter((x) => !(RIGHTS_CHANNELS as readonly string[]).includes(x));
  if (bad.length || !items.length) {
    ctx.addIssue({ code: "custom", message: `expects a comma-separated list of ${RIGHTS_CHANNELS.join(", ")} (got ${bad.join(", ") || "nothing"})` });
    return z.NEVER;
  }
  return [...new Set(items)] as RightsChannel[];
});

export const agreementOptionShape = {
  terms: opt(z.string().max(16_000, { message: `is too long (at most ${TERMS_MAX_CHARS.toLocaleString("en-US")} characters of terms)` })).describe(
    "<text|@file> the terms creators accept (Markdown, up to 4,000 characters); on the console terms:@terms.md reads a file",
  ),
  drafts: opt(z.enum(["required", "optional"], { message: "expects required or optional" })).describe("<required|optional> whether creators send a draft for review before posting"),
  "rights-days": opt(z.coerce.number({ message: "expects a number of days, e.g. 90 (0: no usage rights)" }).int({ message: "expects whole days, e.g. 90" }).min(0, { message: "expects 0 or more days" }).max(3650, { message: "is at most 3650 days (10 years)" })).describe(
    "<days> how long the brand may reuse approved creators' content, from approval (0: none)",
  ),
  "rights-channels": opt(channelsOption).describe("<list> where: organic, paid-ads, website (comma-separated)"),
  "rights-handle-ads": opt(confirmOption).describe("<yes|no> whether ads may run from the creator's handle"),
};
export const AGREEMENT_KEYS = new Set(Object.keys(agreementOptionShape));

type Given = { terms?: string | undefined; drafts?: "required" | "optional" | undefined; "rights-days"?: number | undefined; "rights-channels"?: RightsChannel[] | undefined; "rights-handle-ads"?: boolean | undefined };

/** The terms text given inline, or read from a file on the operator's own machine (console, CLI only). */
async function termsText(services: Services, inv: Invocation, raw: string): Promise<string> {
  if (!raw.startsWith("@")) return raw;
  const path = raw.slice(1).trim();
  if (!isLocal(inv.surface))
    throw new UserError("TERMS_FILE_LOCAL_ONLY", "Scout never reads a file on its server from chat.", "Paste the terms in the edit form (/scout campaign edit <slug>), or use terms:@file on the console on your own machine.");
  if (!path) throw new UsageError("terms: expects a file after @, e.g. terms:@terms.md", undefined, undefined, { terms: "expects a file after @" });
  const src = await services.files.open(path);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of src.chunks()) {
    size += c.length;
    if (size > 64 * 1024) throw new UsageError(`terms: ${path} is larger than 64 kB; terms are at most ${TERMS_MAX_CHARS.toLocaleString("en-US")} characters`, undefined, undefined, { terms: "the file is too large" });
    chunks.push(Buffer.from(c));
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.includes("\u0000")) throw new UsageError(`terms: ${path} is not a text file`, undefined, undefined, { terms: "is not a text file" });
  return text;
}

export async function prepareAgreement(services: Services, inv: Invocation, c: Campaign, o: Given) {
  const given = Object.entries(o).filter(([k, v]) => AGREEMENT_KEYS.has(k) && v !== undefined);
  if (!given.length) return null;
  const text = o.terms !== undefined ? normaliseTerms(await termsText(services, inv, o.terms)) : undefined;
  if (text !== undefined && !text) throw new UsageError("terms: are empty; write the terms, or give a file on the console with terms:@terms.md", undefined, undefined, { terms: "are empty" });
  if (text !== undefined && text.length > TERMS_MAX_CHARS)
    throw new UsageError(`terms: are ${text.length.toLocaleString("en-US")} characters; at most ${TERMS_MAX_CHARS.toLocaleString("en-US")}`, undefined, undefined, { terms: `at most ${TERMS_MAX_CHARS} characters` });
  if (c.status === "closed") throw new UserError("CAMPAIGN_CLOSED", `${c.name} (${c.slug}) is closed; its terms, drafts and rights stay as they were.`);
  const patch: Partial<Omit<AgreementSettings, "campaignId">> = {};
  if (o.drafts !== undefined) patch.draftsRequired = o.drafts === "required";
  if (o["rights-days"] !== undefined) patch.rightsDays = o["rights-days"] === 0 ? null : o["rights-days"];
  if (o["rights-channels"] !== undefined) patch.rightsChannels = o["rights-channels"];
  if (o["rights-handle-ads"] !== undefined) patch.rightsHandleAds = o["rights-handle-ads"];

  async function save() {
    const lines: string[] = [];
    const warnings: string[] = [];
    let terms = null;
    if (text !== undefined) {
      const r = await services.agreement.setTerms(c, text, byOf(inv));
      terms = r.terms;
      warnings.push(...r.warnings);
      lines.push(
        r.outcome === "already"
          ? `Terms unchanged: ${termsLabel(r.terms)} already has this text.`
          : `Terms are now ${termsLabel(r.terms)}.${r.asked ? ` ${r.asked === 1 ? "1 creator who takes part was" : `${r.asked} creators who take part were`} asked to accept v${r.terms.version}; until they do, they show "terms v${r.terms.version} pending".` : ""}`,
      );
    }
    let settings = null;
    if (Object.keys(patch).length) {
      const before = await services.agreement.settings(c.id);
      settings = await services.agreement.saveSettings(c.id, patch);
      if (patch.draftsRequired !== undefined)
        lines.push(patch.draftsRequired === before.draftsRequired ? `Drafts were already ${patch.draftsRequired ? "required" : "optional"}.` : patch.draftsRequired ? "Drafts are now required: creators send /draft and /deliver waits for an approved one." : "Drafts are now optional.");
      if (patch.rightsDays !== undefined || patch.rightsChannels !== undefined || patch.rightsHandleAds !== undefined)
        lines.push(`Usage rights: ${rightsText(settings)} (recorded for each creator when approved; approvals before this change keep theirs).`);
    }
    const json = {
      ...(terms ? { terms: { version: terms.version, sha256: terms.sha256 } } : {}),
      ...(settings ? { draftsRequired: settings.draftsRequired, rights: settings.rightsDays === null ? null : { days: settings.rightsDays, channels: settings.rightsChannels, handleAds: settings.rightsHandleAds } } : {}),
    };
    return { lines: [...lines, ...warnings], json };
  }

  return {
    save,
    reply: (r: { lines: string[]; json: object }): Reply =>
      reply({ title: `${c.name} (${c.slug}): agreement`, text: r.lines.join("\n"), tone: "success", ephemeral: false }, { campaign: c.slug, agreement: r.json }),
  };
}

/** The agreement form: terms (when they fit a form's text box), drafts and usage rights, filled with the current values. */
export async function agreementForm(services: Services, c: Campaign): Promise<Form> {
  const [terms, settings] = await Promise.all([services.agreement.currentTerms(c.id), services.agreement.settings(c.id)]);
  const yesNo = [{ value: "yes", label: "yes" }, { value: "no", label: "no" }];
  return {
    title: `Agreement: ${c.name}`.slice(0, 24),
    submitLabel: "Save",
    command: "campaign agreement",
    hidden: { slug: c.slug },
    fields: [
      ...(!terms || terms.text.length <= 3000
        ? [{ key: "terms", label: "Terms (Markdown)", kind: "textarea" as const, hint: "What creators accept when they opt in; a change asks them to accept again", initial: terms?.text ?? "" }]
        : []),
      { key: "drafts", label: "Drafts before posting", kind: "select" as const, initial: settings.draftsRequired ? "required" : "optional", choices: [{ value: "required", label: "required" }, { value: "optional", label: "optional" }] },
      { key: "rights-days", label: "Usage rights (days)", kind: "number" as const, initial: settings.rightsDays === null ? "" : String(settings.rightsDays), hint: "From approval; 0: none" },
      { key: "rights-channels", label: "Rights channels", kind: "text" as const, initial: settings.rightsChannels.join(","), hint: "organic, paid-ads, website (comma-separated)" },
      { key: "rights-handle-ads", label: "Ads from the creator's handle", kind: "select" as const, initial: settings.rightsHandleAds ? "yes" : "no", choices: yesNo },
    ],
  };
}
