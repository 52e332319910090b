// Short codes for tracked links and promo codes: random, URL-safe, drawn without modulo bias.
import { randomBytes } from "node:crypto";

const LINK_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Promo suffixes avoid look-alikes (0/O, 1/I/L) since people type them at checkout. */
const PROMO_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export const LINK_CODE_LENGTH = 8;
/** 8 characters of 62: about 47.6 bits, far beyond guessing one link among many. */
export const LINK_CODE = /^[A-Za-z0-9]{8}$/;

export function randomString(alphabet: string, length: number): string {
  // Rejection sampling: bytes >= the largest multiple of the alphabet size are dropped.
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b >= limit) continue;
      out += alphabet[b % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export const newLinkCode = (): string => randomString(LINK_ALPHABET, LINK_CODE_LENGTH);
export const isLinkCode = (s: string): boolean => LINK_CODE.test(s);

/** `https://go.example.com/r/Ab3dE9xZ` (a trailing slash on the base is ignored). */
export function trackedUrl(base: string, code: string): string {
  return `${base.replace(/\/+$/, "")}/r/${code}`;
}

export const PROMO_CODE = /^[A-Z0-9-]{3,32}$/;

/** A promo code as typed → upper case; null with the reason when it breaks the rules. */
export function normalizePromo(raw: string): { ok: true; code: string } | { ok: false; reason: string } {
  const code = raw.trim().toUpperCase();
  if (code.length < 3 || code.length > 32) return { ok: false, reason: "must be 3 to 32 characters long" };
  if (!PROMO_CODE.test(code)) return { ok: false, reason: "may contain only letters A–Z, digits and hyphens" };
  if (/^-|-$|--/.test(code)) return { ok: false, reason: "may not start or end with a hyphen, or have two in a row" };
  return { ok: true, code };
}

/** ANA-7KQ2: a prefix from the handle (or the campaign when the handle has no letters) and a random suffix. */
export function generatePromo(handle: string, campaignSlug: string): string {
  const clean = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, "");
  const firstWord = (s: string) => clean(s.split(/[^A-Za-z0-9]+/).find((w) => /[A-Za-z]/.test(w)) ?? "");
  const prefix = (firstWord(handle) || firstWord(campaignSlug) || "SCOUT").slice(0, 8);
  return `${prefix}-${randomString(PROMO_ALPHABET, 4)}`;
}
