// Cell values as people write them in exports: "12k", "1.2M", "12,345", "$250", "@handle".

import { PLATFORMS, type Platform } from "../platform.ts";
import { countryCode, languageCode } from "./codes.ts";
import { own } from "../own.ts";

/** Result of reading one cell: a value, nothing (empty cell), or what was wrong. */
export type Parsed<T> = { ok: true; value: T | null } | { ok: false; reason: string };

const ok = <T>(value: T | null): Parsed<T> => ({ ok: true, value });
const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, mm: 1e6, b: 1e9, bn: 1e9 };

/**
 * A count such as followers: "12345", "12,345", "12 345", "12k", "1.2M", "3.5K".
 * Empty → null. Rejects words ("abc"), negatives and fractions of one.
 */
export function parseCount(raw: string | undefined, what: string): Parsed<number> {
  // Fast path: plain digits, the common case in large exports.
  if (raw !== undefined && raw.length > 0 && raw.length < 10 && /^\d+$/.test(raw)) return ok(Number(raw));
  const s = (raw ?? "").trim();
  if (s === "" || /^(n\/?a|null|none|-|—)$/i.test(s)) return ok(null);
  const m = /^([+-]?)(\d{1,3}(?:[, \u00a0\u202f]\d{3})+|\d+)?(?:\.(\d+))?\s*(k|m|mm|b|bn)?$/i.exec(s);
  if (!m || (m[2] === undefined && m[3] === undefined))
    return bad(`${what} "${clip(s)}" is not a number (write 12500, 12,500 or 12.5k)`);
  if (m[1] === "-") return bad(`${what} cannot be negative (got ${clip(s)})`);
  const whole = (m[2] ?? "0").replace(/[, \u00a0\u202f]/g, "");
  const value = Number(`${whole}.${m[3] ?? "0"}`) * (m[4] ? SUFFIX[m[4].toLowerCase()]! : 1);
  if (!Number.isFinite(value)) return bad(`${what} "${clip(s)}" is not a number`);
  const rounded = Math.round(value);
  if (Math.abs(value - rounded) > 1e-6) return bad(`${what} must be a whole number (got ${clip(s)})`);
  if (rounded > 2_000_000_000) return bad(`${what} ${clip(s)} is larger than any real account`);
  return ok(rounded);
}

const CURRENCY_SYMBOL: Record<string, string> = { $: "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "A$": "AUD", "C$": "CAD" };

/** A price: "250", "$250", "250 EUR", "1,200.50", "€1.2k". Empty → null. */
export function parseMoney(raw: string | undefined, what: string): Parsed<{ amount: number; currency: string | null }> {
  let s = (raw ?? "").trim();
  if (s === "" || /^(n\/?a|null|none|-|—)$/i.test(s)) return ok(null);
  let currency: string | null = null;
  const sym = /^(A\$|C\$|[$€£¥₹])\s*/.exec(s);
  if (sym) {
    currency = CURRENCY_SYMBOL[sym[1]!]!;
    s = s.slice(sym[0].length);
  }
  const code = /\s*([A-Za-z]{3})$/.exec(s);
  if (code && !/^\d+(\.\d+)?\s*(k|m|bn)$/i.test(s)) {
    currency = code[1]!.toUpperCase();
    s = s.slice(0, code.index);
  }
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?\s*(k|m)?$/i.exec(s.trim());
  if (!m || (m[2] === undefined && m[3] === undefined))
    return bad(`${what} "${clip(raw ?? "")}" is not an amount (write 250, $250 or 250 EUR)`);
  if (m[1] === "-") return bad(`${what} cannot be negative (got ${clip(raw ?? "")})`);
  const amount = Number(`${(m[2] ?? "0").replace(/,/g, "")}.${m[3] ?? "0"}`) * (m[4] ? SUFFIX[m[4].toLowerCase()]! : 1);
  if (!Number.isFinite(amount) || amount > 1e11) return bad(`${what} "${clip(raw ?? "")}" is not a sensible amount`);
  return ok({ amount: Math.round(amount * 100) / 100, currency });
}

const PLATFORM_ALIASES: Record<string, Platform> = {
  instagram: "instagram",
  ig: "instagram",
  insta: "instagram",
  tiktok: "tiktok",
  tt: "tiktok",
  "tik tok": "tiktok",
  youtube: "youtube",
  yt: "youtube",
  "you tube": "youtube",
  x: "x",
  twitter: "x",
  "x (twitter)": "x",
  twitch: "twitch",
  blog: "blog",
  website: "blog",
  web: "blog",
};

/** "Instagram", "IG", "twitter" → a platform. Empty → null. */
export function parsePlatform(raw: string | undefined): Parsed<Platform> {
  const s = (raw ?? "").trim().toLowerCase();
  if (s === "") return ok(null);
  const p = own(PLATFORM_ALIASES, s);
  return p ? ok(p) : bad(`unknown platform "${clip(raw ?? "")}" (use one of ${PLATFORMS.join(", ")})`);
}

const PROFILE_URL = /^(?:https?:\/\/)?(?:www\.|m\.)?(?:instagram\.com|tiktok\.com|youtube\.com|x\.com|twitter\.com|twitch\.tv)\/(?:c\/|channel\/|user\/)?@?([^/?#\s]+)/i;

/** "@Jane.Doe", "instagram.com/jane.doe/" → "jane.doe". Empty → a reason. */
export function parseHandle(raw: string | undefined): Parsed<string> {
  let s = (raw ?? "").trim();
  const url = s.includes("/") ? PROFILE_URL.exec(s) : null;
  if (url) s = url[1]!;
  s = s.replace(/^@+/, "").trim().toLowerCase();
  if (s === "") return bad("the handle is empty");
  if (s.length > 100) return bad(`the handle is longer than 100 characters`);
  if (/[\u0000-\u001f\u007f]/.test(s)) return bad("the handle holds control characters");
  if (/\s/.test(s) && !/^[\p{L}\p{N} ._-]+$/u.test(s)) return bad(`the handle "${clip(s)}" holds characters a handle cannot have`);
  return ok(s);
}

/** "DE", "de", "Germany", "United Kingdom" → "DE" (ISO 3166-1 alpha-2). Empty → null. */
export function parseCountry(raw: string | undefined): Parsed<string> {
  const s = (raw ?? "").trim();
  if (s === "") return ok(null);
  const code = countryCode(s);
  return code ? ok(code) : bad(`country "${clip(s)}" is not an ISO 3166 two-letter country code such as US, DE or FR, nor a country's English name`);
}

/** "en", "EN", "English" → "en" (ISO 639-1). Empty → null. */
export function parseLanguage(raw: string | undefined): Parsed<string> {
  const s = (raw ?? "").trim();
  if (s === "") return ok(null);
  const code = languageCode(s);
  return code ? ok(code) : bad(`language "${clip(s)}" is not an ISO 639-1 two-letter language code such as en, de or fr, nor a language's English name`);
}

/** "a@b.co" → same, lower case. Empty → null. */
export function parseEmail(raw: string | undefined): Parsed<string> {
  const s = (raw ?? "").trim();
  if (s === "") return ok(null);
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) ? ok(s.toLowerCase()) : bad(`e-mail "${clip(s)}" is not an address`);
}

/** A date: Unix seconds, Unix milliseconds, or an ISO date. Empty → null. */
export function parseDate(raw: string | undefined, what: string): Parsed<Date> {
  const s = (raw ?? "").trim();
  if (s === "") return ok(null);
  let d: Date;
  if (/^\d{9,10}$/.test(s)) d = new Date(Number(s) * 1000);
  else if (/^\d{12,13}$/.test(s)) d = new Date(Number(s));
  else if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) d = new Date(s.replace(" ", "T"));
  else return bad(`${what} "${clip(s)}" is not a date (use 2024-05-31 or Unix seconds)`);
  if (Number.isNaN(d.getTime())) return bad(`${what} "${clip(s)}" is not a real date`);
  return ok(d);
}

/** 1/0, true/false, yes/no. Empty → null. */
export function parseFlag(raw: string | undefined, what: string): Parsed<boolean> {
  const s = (raw ?? "").trim().toLowerCase();
  if (s === "") return ok(null);
  if (["1", "true", "yes", "y"].includes(s)) return ok(true);
  if (["0", "false", "no", "n"].includes(s)) return ok(false);
  return bad(`${what} "${clip(s)}" is not yes/no (use 1 or 0)`);
}

/** "food, travel | Beauty" → ["food", "travel", "beauty"]. */
export function parseList(raw: string | undefined): string[] {
  const s = plainText(raw ?? "").trim();
  if (!s) return [];
  const parts = s.split(/[,;|/]|\s+(?=#)/);
  const out: string[] = [];
  for (const p of parts) {
    const t = p.trim().replace(/^#/, "").toLowerCase();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Space- or comma-separated hashtags, "#" optional. */
export function parseHashtags(raw: string | undefined): string[] {
  const s = plainText(raw ?? "").trim();
  if (!s) return [];
  const out = new Set<string>();
  for (const t of s.split(/[\s,;]+/)) {
    const h = t.replace(/^#+/, "").toLowerCase();
    if (h) out.add(h);
  }
  return [...out];
}

/** Control characters (line breaks, tabs, NUL...) become spaces: stored text never holds them. */
export function plainText(s: string): string {
  return /[\u0000-\u001f\u007f]/.test(s) ? s.replace(/[\u0000-\u001f\u007f]+/g, " ") : s;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
