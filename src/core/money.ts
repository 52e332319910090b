// Exact money: integer minor units (cents) with their ISO 4217 currency. No floats on the way in
// (amounts are parsed from their digits) or out; totals are kept per currency, never added across.

/** An amount in minor units of one currency. */
export interface Money {
  minor: number;
  currency: string;
}

const ZERO_DECIMALS = new Set(["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"]);
const THREE_DECIMALS = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);
const SYMBOLS: Record<string, string> = { EUR: "€", USD: "$", GBP: "£", JPY: "¥" };

/** Digits after the decimal point in a currency (ISO 4217): 2 for most, 0 for JPY, 3 for KWD. */
export const exponent = (currency: string): number => (ZERO_DECIMALS.has(currency) ? 0 : THREE_DECIMALS.has(currency) ? 3 : 2);

export const isCurrencyCode = (s: string) => /^[A-Z]{3}$/.test(s);

/** The SQL expression turning a numeric column into minor units of a currency expression. */
export const sqlMinor = (numeric: string, currency: string) =>
  `round(COALESCE(${numeric}, 0) * CASE WHEN ${currency} IN (${[...ZERO_DECIMALS].map((c) => `'${c}'`).join(",")}) THEN 1 WHEN ${currency} IN (${[...THREE_DECIMALS].map((c) => `'${c}'`).join(",")}) THEN 1000 ELSE 100 END)::bigint`;

export type ParsedAmount = { ok: true; minor: number; currency: string | null } | { ok: false; error: string };

/**
 * Reads "250", "250.5", "1,250.00", "€250", "250 EUR" into minor units of `currency` (the one
 * expected). Refuses negatives, words, too many decimals and another currency, saying which.
 */
export function parseAmount(raw: string, currency: string): ParsedAmount {
  let s = raw.trim().replace(/\u00a0/g, " ");
  if (!s) return { ok: false, error: "is empty; give an amount such as 250 or 99.50" };
  let given: string | null = null;
  const sym = Object.entries(SYMBOLS).find(([, v]) => s.startsWith(v) || s.startsWith(`-${v}`));
  if (sym) {
    given = sym[0];
    s = s.replace(sym[1], "");
  }
  const before = /^([A-Za-z]{3})\s*(-?[\d.,]+)$/.exec(s);
  const after = /^(-?[\d.,]+)\s*([A-Za-z]{3})$/.exec(s);
  if (before || after) {
    given = (before ? before[1]! : after![2]!).toUpperCase();
    s = before ? before[2]! : after![1]!;
  }
  if (given && given !== currency) return { ok: false, error: `is in ${given}; this is owed in ${currency}. Give the amount in ${currency}` };
  s = s.trim();
  if (s.startsWith("-")) return { ok: false, error: `must be more than zero (got ${raw.trim()})` };
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(s)) return { ok: false, error: `expects a number such as 250 or 99.50 (got ${raw.trim()})` };
  const [whole, frac = ""] = s.replace(/,/g, "").split(".");
  const exp = exponent(currency);
  if (frac.length > exp) return { ok: false, error: `has ${frac.length} decimals; ${currency} has ${exp} (got ${raw.trim()})` };
  const minor = Number(whole) * 10 ** exp + (exp ? Number(frac.padEnd(exp, "0")) : 0);
  if (!Number.isSafeInteger(minor)) return { ok: false, error: "is too large" };
  return { ok: true, minor, currency: given };
}

/** Minor units from a decimal string as stored ("250.00"), exactly. */
export function minorFromDecimal(text: string | null | undefined, currency: string): number {
  if (!text) return 0;
  const neg = text.startsWith("-");
  const [whole, frac = ""] = text.replace(/^-/, "").split(".");
  const exp = exponent(currency);
  const v = Number(whole) * 10 ** exp + (exp ? Number(frac.slice(0, exp).padEnd(exp, "0")) : 0);
  return neg ? -v : v;
}

/** "€250", "€99.50", "1,250 SEK": whole amounts without decimals. */
export function formatMoney(minor: number, currency: string): string {
  const exp = exponent(currency);
  const neg = minor < 0;
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 10 ** exp);
  const frac = exp ? abs % 10 ** exp : 0;
  const digits = whole.toLocaleString("en-US") + (frac ? `.${String(frac).padStart(exp, "0")}` : "");
  const sym = SYMBOLS[currency];
  return `${neg ? "-" : ""}${sym ? `${sym}${digits}` : `${digits} ${currency}`}`;
}

/** The plain decimal for a CSV cell: "250.00" (no symbol, no thousands separator). */
export function decimalText(minor: number, currency: string): string {
  const exp = exponent(currency);
  const neg = minor < 0;
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 10 ** exp);
  return `${neg ? "-" : ""}${whole}${exp ? `.${String(abs % 10 ** exp).padStart(exp, "0")}` : ""}`;
}

/** Totals per currency, in first-seen order; never one sum across currencies. */
export function totalsByCurrency(items: Iterable<Money>): Money[] {
  const m = new Map<string, number>();
  for (const i of items) m.set(i.currency, (m.get(i.currency) ?? 0) + i.minor);
  return [...m].map(([currency, minor]) => ({ currency, minor }));
}

/** "€250 + $40" (or "nothing" for none). */
export const totalsText = (totals: Money[]) => (totals.length ? totals.map((t) => formatMoney(t.minor, t.currency)).join(" + ") : "nothing");
