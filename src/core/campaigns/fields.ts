// Validation of a campaign's fields, in two layers: the options a marketer types (strings, parsed
// with zod into values) and the rules the core keeps whoever calls it (values, checked with zod;
// dates in order). Errors name the option key, so forms show them next to the right field.
import { z } from "zod";
import { UsageError } from "../errors.ts";
import { parseMoney } from "../roster/values.ts";
import { criteriaSchema, OBJECTIVES, type Objective } from "../scoring/index.ts";
import { followerRange, nicheTerms } from "../shortlist/options.ts";
import { PLATFORMS, type Platform } from "../platform.ts";
import { parsePlatform } from "../roster/values.ts";
import { dateText } from "./format.ts";
import type { CampaignFields } from "./types.ts";

/** The option key a field is typed as, and what people call it. */
export const FIELD_KEYS: Record<keyof CampaignFields, { key: string; label: string }> = {
  name: { key: "name", label: "name" },
  brand: { key: "brand", label: "brand" },
  objective: { key: "objective", label: "objective" },
  product: { key: "product", label: "product" },
  messages: { key: "messages", label: "key messages" },
  dos: { key: "dos", label: "do's" },
  donts: { key: "donts", label: "don'ts" },
  hashtags: { key: "hashtags", label: "required hashtags" },
  mentions: { key: "mentions", label: "required mentions" },
  disclosure: { key: "disclosure", label: "disclosure" },
  deliverables: { key: "deliverables", label: "deliverables" },
  compensation: { key: "compensation", label: "compensation" },
  fee: { key: "fee", label: "fee" },
  budget: { key: "budget", label: "budget" },
  currency: { key: "currency", label: "currency" },
  usageRights: { key: "usage-rights", label: "usage rights" },
  optInClosesAt: { key: "opt-in-closes", label: "opt-in close" },
  draftDueAt: { key: "draft-due", label: "draft due date" },
  goLiveAt: { key: "go-live", label: "go-live" },
  endsAt: { key: "ends", label: "end date" },
  landingUrl: { key: "landing-url", label: "landing URL" },
  allowedHosts: { key: "hosts", label: "allowed blog hosts" },
  criteria: { key: "criteria", label: "target criteria" },
  slackChannelId: { key: "channel", label: "Slack channel" },
};

const keyOf = (f: keyof CampaignFields) => FIELD_KEYS[f].key;

// ---- Parsing what people type -------------------------------------------------------------

const issue = (ctx: z.RefinementCtx, message: string) => {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
};

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: "is empty" })
    .max(max, { message: `is too long (at most ${max} characters)` });

/** Sentences: one per line or separated by ";" (commas stay inside a sentence). */
const phrases = (what: string) =>
  z.string().transform((v, ctx) => {
    const out = v
      .split(/[;\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (!out.length) return issue(ctx, `is empty; give ${what}, separated by ";"`);
    if (out.length > 30) return issue(ctx, "has more than 30 items");
    const long = out.find((s) => s.length > 300);
    if (long) return issue(ctx, `has an item longer than 300 characters ("${long.slice(0, 30)}...")`);
    return out;
  });

/** Deliverables: "1 Reel, 2 Stories" (commas, ";" or lines). */
const deliverableList = z.string().transform((v, ctx) => {
  const out = v
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (!out.length) return issue(ctx, 'is empty; write e.g. deliverables:"1 Reel, 2 Stories"');
  if (out.length > 20) return issue(ctx, "has more than 20 items");
  return out;
});

/** Hashtags or mentions: "#vegan #spring", "vegan, spring" → ["vegan", "spring"]. */
const tags = (sign: "#" | "@") =>
  z.string().transform((v, ctx) => {
    const out: string[] = [];
    for (const raw of v.split(/[\s,;]+/).filter(Boolean)) {
      const t = raw.replace(sign === "#" ? /^#+/ : /^@+/, "");
      if (!/^[\p{L}\p{N}_.]{1,100}$/u.test(t)) return issue(ctx, `"${raw}" is not a ${sign === "#" ? "hashtag" : "handle"} (letters, digits, _ and . only)`);
      if (!out.some((x) => x.toLowerCase() === t.toLowerCase())) out.push(t);
    }
    if (!out.length) return issue(ctx, `is empty; write e.g. ${sign === "#" ? 'hashtags:"#spring #vegan"' : "mentions:@brand"}`);
    return out;
  });

/** An amount of 0 or more: "500", "$500", "500 EUR", "1.2k". */
export const amountOption = z.string().transform((v, ctx) => {
  if (/^\s*-/.test(v)) return issue(ctx, `must be 0 or more (got ${v.trim()})`);
  const p = parseMoney(v, "the amount");
  if (!p.ok || p.value === null) return issue(ctx, `expects an amount such as 500, $500 or 500 EUR (got ${v})`);
  return p.value;
});

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?$/;
const RELATIVE = /^\+(\d{1,3})\s*(d|days?|w|weeks?)$/i;
const DAY_MS = 86_400_000;

/** The start (00:00 UTC) of the day `days` after the day of `now`. */
export function dayAfter(now: Date, days: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * DAY_MS);
}

/** "YYYY-MM-DD" of a date, UTC. */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * "2026-12-01" (a whole day, UTC), "2026-12-01 14:00" / ISO with a zone, or a day relative to
 * `now`: "today", "tomorrow", "+14d", "+2w" (so examples and scripts never expire).
 */
export function parseDate(v: string, now: Date = new Date()): Date | null {
  const t = v.trim();
  const lower = t.toLowerCase();
  if (lower === "today") return dayAfter(now, 0);
  if (lower === "tomorrow") return dayAfter(now, 1);
  const rel = RELATIVE.exec(t);
  if (rel) return dayAfter(now, Number(rel[1]) * (rel[2]!.toLowerCase().startsWith("w") ? 7 : 1));
  const m = DATE.exec(t);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, zone] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCFullYear() !== Number(y) || day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return null;
  if (h === undefined) return day;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? "00"}${zone ? (zone === "Z" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2")) : "Z"}`;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The expected forms of a date, with an example two weeks from now (never an expired one). */
export function dateForms(now: Date = new Date()): string {
  return `a date such as ${isoDay(dayAfter(now, 14))} (or ${isoDay(dayAfter(now, 14))} 14:00 UTC), or a day from today such as +14d or +2w`;
}

const dateOption = z.string().transform((v, ctx) => parseDate(v) ?? issue(ctx, `expects ${dateForms()}; got ${v}`));

export function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === "http:" || u.protocol === "https:") && Boolean(u.hostname);
  } catch {
    return false;
  }
}

const urlOption = z
  .string()
  .trim()
  .refine(isHttpUrl, { message: "expects an http(s) URL such as https://example.com/spring" });

const HOST = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const hostsOption = z.string().transform((v, ctx) => {
  const out: string[] = [];
  for (const raw of v.split(/[\s,;]+/).filter(Boolean)) {
    const h = raw.toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "").replace(/^www\./, "");
    if (!HOST.test(h)) return issue(ctx, `"${raw}" is not a host name such as medium.com`);
    if (!out.includes(h)) out.push(h);
  }
  if (!out.length) return issue(ctx, "is empty; write e.g. hosts:medium.com,substack.com");
  return out;
});

/** Describes what is wrong with target criteria, or null when they are valid. */
export function criteriaProblem(value: unknown): string | null {
  const r = criteriaSchema.safeParse(value);
  if (r.success) return null;
  return r.error.issues.map((i) => `${i.path.join(".") || "criteria"}: ${i.message}`).join("; ");
}

const criteriaOption = z.string().transform((v, ctx) => {
  let value: unknown;
  try {
    value = JSON.parse(v);
  } catch {
    return issue(ctx, `expects JSON such as {"niche":["vegan"],"followers":{"min":5000,"max":50000}}`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return issue(ctx, "expects a JSON object");
  const problem = criteriaProblem(value);
  return problem ? issue(ctx, `is not valid: ${problem}`) : (value as Record<string, unknown>);
});

/** A Slack channel id, also as Slack writes a mention: <#C0123ABCD|spring>. */
const channelOption = z.string().transform((v, ctx) => {
  const id = /^<#([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(v.trim())?.[1] ?? v.trim().replace(/^#/, "");
  return /^[CG][A-Z0-9]{6,}$/.test(id) ? id : issue(ctx, `expects a Slack channel id such as C0123ABCD (got ${v})`);
});

const platformsOption = z.string().transform((v, ctx) => {
  const out: Platform[] = [];
  for (const item of v.split(",").map((s) => s.trim()).filter(Boolean)) {
    const p = parsePlatform(item);
    if (!p.ok || p.value === null) return issue(ctx, `expects ${PLATFORMS.join(", ")} (comma-separated); "${item}" is not one`);
    if (!out.includes(p.value)) out.push(p.value);
  }
  return out;
});


const objectiveOption = z.enum(OBJECTIVES as [Objective, ...Objective[]], { message: `expects one of ${OBJECTIVES.join(", ")}` });

/** A blank value (an empty form field) counts as not given. */
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
export const opt = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional());

/** The options of `campaign new` and `campaign edit` (all optional here; `new` requires name itself). */
export const campaignOptionShape = {
  name: opt(text(120)).describe("<text> the campaign's name (its slug is made from it)"),
  brand: opt(text(120)).describe("<text> the brand"),
  objective: opt(objectiveOption).describe("<objective> awareness, traffic, leads or sales"),
  product: opt(text(500)).describe("<text> the product"),
  messages: opt(phrases("the key messages")).describe('<list> key messages, separated by ";"'),
  dos: opt(phrases("the do's")).describe('<list> do\'s, separated by ";"'),
  donts: opt(phrases("the don'ts")).describe('<list> don\'ts, separated by ";"'),
  hashtags: opt(tags("#")).describe("<tags> required hashtags, e.g. #spring,#vegan"),
  mentions: opt(tags("@")).describe("<handles> required mentions, e.g. @brand"),
  disclosure: opt(text(100)).describe('<text> the disclosure to use (default "#ad")'),
  deliverables: opt(deliverableList).describe('<list> e.g. "1 Reel, 2 Stories"'),
  compensation: opt(text(500)).describe('<text> e.g. "flat fee + product"'),
  fee: opt(amountOption).describe("<amount> fee per creator, e.g. 300 or 300 EUR"),
  budget: opt(amountOption).describe("<amount> total budget, 0 or more"),
  currency: opt(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, { message: "expects a three-letter currency code such as USD or EUR" })
      .transform((s) => s.toUpperCase()),
  ).describe("<code> currency, e.g. USD (default)"),
  "usage-rights": opt(text(500)).describe("<text> how the brand may use the content"),
  "opt-in-closes": opt(dateOption).describe("<date> when opt-ins close: YYYY-MM-DD, or +14d for 14 days from today"),
  "draft-due": opt(dateOption).describe("<date> when drafts are due"),
  "go-live": opt(dateOption).describe("<date> when posts go live"),
  ends: opt(dateOption).describe("<date> when the campaign ends"),
  "landing-url": opt(urlOption).describe("<url> the landing page (http or https)"),
  hosts: opt(hostsOption).describe("<hosts> blog hosts whose links count, e.g. medium.com"),
  niche: opt(nicheTerms).describe("<terms> niche terms for the shortlist, comma-separated"),
  followers: opt(followerRange).describe("<range> follower range for the shortlist, e.g. 5k-50k"),
  platform: opt(platformsOption).describe("<platforms> platforms for the shortlist, comma-separated"),
  criteria: opt(criteriaOption).describe("<json> full target criteria as JSON (niche, synonyms, followers, ...)"),
  channel: opt(channelOption).describe("<channel> the Slack channel id for this campaign's notices"),
};

type OptionValues = { [K in keyof typeof campaignOptionShape]?: z.output<(typeof campaignOptionShape)[K]> };

/** Typed options → the fields they set (criteria shortcuts merged onto `base` criteria). */
export function optionsToFields(o: OptionValues, baseCriteria: Record<string, unknown> = {}): Partial<CampaignFields> {
  const f: Partial<CampaignFields> = {};
  if (o.name !== undefined) f.name = o.name;
  if (o.brand !== undefined) f.brand = o.brand;
  if (o.objective !== undefined) f.objective = o.objective;
  if (o.product !== undefined) f.product = o.product;
  if (o.messages !== undefined) f.messages = o.messages;
  if (o.dos !== undefined) f.dos = o.dos;
  if (o.donts !== undefined) f.donts = o.donts;
  if (o.hashtags !== undefined) f.hashtags = o.hashtags;
  if (o.mentions !== undefined) f.mentions = o.mentions;
  if (o.disclosure !== undefined) f.disclosure = o.disclosure;
  if (o.deliverables !== undefined) f.deliverables = o.deliverables;
  if (o.compensation !== undefined) f.compensation = o.compensation;
  if (o.fee !== undefined) {
    f.fee = o.fee.amount;
    if (o.fee.currency) f.currency = o.fee.currency;
  }
  if (o.budget !== undefined) {
    f.budget = o.budget.amount;
    if (o.budget.currency) f.currency = o.budget.currency;
  }
  if (o.currency !== undefined) {
    const implied = [o.fee?.currency, o.budget?.currency].find((c) => c && c !== o.currency);
    if (implied) throw new UsageError(`currency: is ${o.currency} but an amount says ${implied}; give one currency`, undefined, undefined, { currency: `is ${o.currency} but an amount says ${implied}` });
    f.currency = o.currency;
  }
  if (o["usage-rights"] !== undefined) f.usageRights = o["usage-rights"];
  if (o["opt-in-closes"] !== undefined) f.optInClosesAt = o["opt-in-closes"];
  if (o["draft-due"] !== undefined) f.draftDueAt = o["draft-due"];
  if (o["go-live"] !== undefined) f.goLiveAt = o["go-live"];
  if (o.ends !== undefined) f.endsAt = o.ends;
  if (o["landing-url"] !== undefined) f.landingUrl = o["landing-url"];
  if (o.hosts !== undefined) f.allowedHosts = o.hosts;
  if (o.channel !== undefined) f.slackChannelId = o.channel;
  if (o.criteria !== undefined || o.niche !== undefined || o.followers !== undefined || o.platform !== undefined) {
    const c: Record<string, unknown> = { ...(o.criteria ?? baseCriteria) };
    if (o.niche) c.niche = o.niche;
    if (o.followers) c.followers = o.followers;
    if (o.platform) c.platforms = o.platform;
    f.criteria = c;
  }
  return f;
}

// ---- The rules the core keeps ----------------------------------------------------------------

const nullableText = (max: number) => z.string().trim().min(1, { message: "is empty" }).max(max, { message: `is too long (at most ${max} characters)` }).nullable();
const list = (max: number) => z.array(z.string().trim().min(1).max(300)).max(max, { message: `has more than ${max} items` });
const amount = z.number({ message: "expects a number" }).finite().min(0, { message: "must be 0 or more" }).nullable();
const date = z.date().nullable();

export const campaignFieldsSchema = z
  .object({
    name: z.string().trim().min(1, { message: "is required" }).max(120, { message: "is too long (at most 120 characters)" }),
    brand: nullableText(120),
    objective: objectiveOption,
    product: nullableText(500),
    messages: list(30),
    dos: list(30),
    donts: list(30),
    hashtags: z.array(z.string().regex(/^[\p{L}\p{N}_.]{1,100}$/u, { message: "holds a hashtag with other characters than letters, digits, _ and ." })),
    mentions: z.array(z.string().regex(/^[\p{L}\p{N}_.]{1,100}$/u, { message: "holds a handle with other characters than letters, digits, _ and ." })),
    disclosure: z.string().trim().min(1, { message: "is empty (creators must disclose; the default is #ad)" }).max(100),
    deliverables: list(20),
    compensation: nullableText(500),
    fee: amount,
    budget: amount,
    currency: z.string().regex(/^[A-Z]{3}$/, { message: "expects a three-letter currency code such as USD" }),
    usageRights: nullableText(500),
    optInClosesAt: date,
    draftDueAt: date,
    goLiveAt: date,
    endsAt: date,
    landingUrl: z.string().refine(isHttpUrl, { message: "expects an http(s) URL" }).nullable(),
    allowedHosts: z.array(z.string().regex(HOST, { message: "holds something that is not a host name" })),
    criteria: z.record(z.string(), z.unknown()).superRefine((c, ctx) => {
      const p = criteriaProblem(c);
      if (p) ctx.addIssue({ code: "custom", message: `is not valid: ${p}` });
    }),
    slackChannelId: z.string().regex(/^[CG][A-Z0-9]{6,}$/, { message: "expects a Slack channel id such as C0123ABCD" }).nullable(),
  })
  .partial();

/** Checks fields given to the core (by any caller); throws a UsageError naming each bad field. */
export function validateFields(patch: Partial<CampaignFields>): Partial<CampaignFields> {
  const r = campaignFieldsSchema.safeParse(patch);
  if (r.success) return r.data as Partial<CampaignFields>;
  const fields: Record<string, string> = {};
  for (const i of r.error.issues) {
    const f = String(i.path[0] ?? "name") as keyof CampaignFields;
    fields[FIELD_KEYS[f]?.key ?? f] ??= i.message;
  }
  throw fieldError(fields);
}

export function fieldError(fields: Record<string, string>): UsageError {
  return new UsageError(
    Object.entries(fields)
      .map(([k, m]) => `${k}: ${m}`)
      .join("; "),
    undefined,
    undefined,
    fields,
  );
}

const DATE_ORDER: (keyof CampaignFields & ("optInClosesAt" | "draftDueAt" | "goLiveAt" | "endsAt"))[] = ["optInClosesAt", "draftDueAt", "goLiveAt", "endsAt"];

/**
 * Opt-in closes ≤ draft due ≤ go-live ≤ ends, for the dates that are set. The error goes on the
 * field that was just given ("go-live: is before the opt-in close (2026-12-10)"); when only the
 * earlier one was given, on it ("opt-in-closes: is after the go-live (...)").
 */
export function dateOrderErrors(merged: Partial<CampaignFields>, given: ReadonlySet<keyof CampaignFields>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let j = 1; j < DATE_ORDER.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = DATE_ORDER[i]!;
      const b = DATE_ORDER[j]!;
      const da = merged[a] as Date | null | undefined;
      const db = merged[b] as Date | null | undefined;
      if (!da || !db || da.getTime() <= db.getTime()) continue;
      if (given.has(b) || !given.has(a)) fields[keyOf(b)] ??= `is before the ${FIELD_KEYS[a].label} (${dateText(da)})`;
      else fields[keyOf(a)] ??= `is after the ${FIELD_KEYS[b].label} (${dateText(db)})`;
    }
  }
  return fields;
}

/** Defaults of a new campaign's fields. */
export function newCampaignFields(given: Partial<CampaignFields> & { name: string }): CampaignFields {
  return {
    brand: null,
    objective: "awareness",
    product: null,
    messages: [],
    dos: [],
    donts: [],
    hashtags: [],
    mentions: [],
    disclosure: "#ad",
    deliverables: [],
    compensation: null,
    fee: null,
    budget: null,
    currency: "USD",
    usageRights: null,
    optInClosesAt: null,
    draftDueAt: null,
    goLiveAt: null,
    endsAt: null,
    landingUrl: null,
    allowedHosts: [],
    criteria: {},
    slackChannelId: null,
    ...given,
  };
}
