// What creators type, parsed with zod into values. Errors name the option key, so a modal shows
// them next to the right field. Empty form fields count as not given.
import { z } from "zod";
import { opt } from "../campaigns/fields.ts";
import { platformOfHost } from "../deliverables/hosts.ts";
import { PLATFORMS, type Platform } from "../platform.ts";
import { parseCount, parseCountry, parseHandle, parseLanguage, parseMoney, parsePlatform } from "../roster/values.ts";
import type { AccountInput } from "./types.ts";

export { opt };

const issue = (ctx: z.RefinementCtx, message: string) => {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
};

export const MAX_HANDLES = 6;
export const MAX_NICHES = 10;

/** One handle: "@ana.cooks", "ana.cooks" or a profile link. */
export const handleOption = z.string().transform((v, ctx) => {
  const h = parseHandle(v);
  if (!h.ok || !h.value) return issue(ctx, h.ok ? "is empty" : h.reason);
  if (!/^[\p{L}\p{N}_.-]{1,60}$/u.test(h.value)) return issue(ctx, `"${v.trim().slice(0, 40)}" is not a handle (letters, digits, _ . and - only)`);
  return h.value;
});

export const platformOption = z.string().transform((v, ctx) => {
  const p = parsePlatform(v);
  return p.ok && p.value ? p.value : issue(ctx, `expects one of ${PLATFORMS.join(", ")}`);
});

/** A whole number of 0 or more: "12000", "12,000", "12k". */
export const countOption = (what: string) =>
  z.string().transform((v, ctx) => {
    const n = parseCount(v, what);
    return n.ok && n.value !== null ? n.value : issue(ctx, n.ok ? `expects a number such as 12000` : n.reason.replace(`${what} `, ""));
  });

/** A rate: "250", "$250", "250 EUR". */
export const rateOption = z.string().transform((v, ctx) => {
  const m = parseMoney(v, "the rate");
  return m.ok && m.value ? m.value : issue(ctx, m.ok ? "expects an amount such as 250" : `expects an amount such as 250 or 250 EUR (got ${v.trim().slice(0, 30)})`);
});

export const countryOption = z.string().transform((v, ctx) => {
  const c = parseCountry(v);
  return c.ok && c.value ? c.value : issue(ctx, c.ok ? "is empty" : "expects an ISO 3166 two-letter country code such as US, DE or FR (or an English name such as Germany)");
});

export const languageOption = z.string().transform((v, ctx) => {
  const l = parseLanguage(v);
  return l.ok && l.value ? l.value : issue(ctx, l.ok ? "is empty" : "expects an ISO 639-1 two-letter language code such as en, de or fr (or an English name such as German)");
});

/** "yes" to the disclosure confirmation; "no" is kept (and refused with a reason by the command). */
export const confirmOption = z.string().transform((v, ctx) => {
  const s = v.trim().toLowerCase();
  if (["yes", "y", "true", "1", "i will", "confirm", "confirmed", "ok"].includes(s)) return true;
  if (["no", "n", "false", "0"].includes(s)) return false;
  return issue(ctx, "expects yes or no");
});

/** "instagram:@ana, tiktok:@ana.eats", or profile links. */
export const handlesOption = z.string().transform((v, ctx) => {
  const out: AccountInput[] = [];
  const items = v.split(/[,;\n]+/).map((s) => s.trim()).filter(Boolean);
  if (!items.length) return issue(ctx, "is empty; write e.g. instagram:@ana, tiktok:@ana.eats");
  if (items.length > MAX_HANDLES) return issue(ctx, `has ${items.length} handles; at most ${MAX_HANDLES}`);
  for (const item of items) {
    let platform: Platform | null = null;
    let handleText = item;
    if (/\//.test(item)) {
      try {
        platform = platformOfHost(new URL(/^https?:/i.test(item) ? item : `https://${item}`).hostname);
      } catch {
        platform = null;
      }
      if (!platform) return issue(ctx, `"${item.slice(0, 40)}" is not a profile link Scout knows; write platform:@handle`);
    } else {
      const m = /^([a-z ()]+?)\s*:\s*(.+)$/i.exec(item);
      if (!m) return issue(ctx, `"${item.slice(0, 40)}" needs its platform, e.g. instagram:${item.startsWith("@") ? item : `@${item}`}`);
      const p = parsePlatform(m[1]);
      if (!p.ok || !p.value) return issue(ctx, `"${m[1]}" is not a platform (use ${PLATFORMS.join(", ")})`);
      platform = p.value;
      handleText = m[2]!;
    }
    const h = handleOption.safeParse(handleText);
    if (!h.success) return issue(ctx, `${item.slice(0, 40)}: ${h.error.issues[0]?.message ?? "is not a handle"}`);
    if (out.some((a) => a.platform === platform)) return issue(ctx, `names two ${platform} handles; give one per platform`);
    out.push({ platform, handle: h.data });
  }
  return out;
});

/** "vegan food, travel" → ["vegan food", "travel"]. */
export const nichesOption = z.string().transform((v, ctx) => {
  const out: string[] = [];
  for (const raw of v.split(/[,;\n]+/)) {
    const t = raw.trim().replace(/^#+/, "").toLowerCase();
    if (!t) continue;
    if (t.length > 40) return issue(ctx, `"${t.slice(0, 20)}..." is longer than 40 characters`);
    if (!out.includes(t)) out.push(t);
  }
  if (!out.length) return issue(ctx, "is empty; write e.g. vegan food, travel");
  if (out.length > MAX_NICHES) return issue(ctx, `has ${out.length} niches; at most ${MAX_NICHES}`);
  return out;
});

/** "spring-launch" (also when pasted with spaces or in capitals). */
export const campaignOption = z
  .string({ message: "expects a campaign, e.g. spring-launch" })
  .trim()
  .min(1, { message: "expects a campaign, e.g. spring-launch" })
  .max(120, { message: "is too long for a campaign slug" })
  .transform((s) => s.toLowerCase())
  .describe("<slug> the campaign, e.g. spring-launch");

export const asOption = opt(z.string()).describe("<handle> console and CLI only: act as this creator, e.g. as:@ana.cooks");
