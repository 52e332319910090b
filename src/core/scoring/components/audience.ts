/** Audience fit: the account's country and language against the campaign's, when known. */
import type { CompiledCriteria } from "../compile.ts";
import { sameCode } from "../normalize.ts";
import type { Scratch } from "../scratch.ts";
import { AUD_MATCH, AUD_MISMATCH, AUD_NOT_TARGETED, AUD_UNKNOWN } from "../scratch.ts";
import type { AccountInput } from "../types.ts";

export function codeIn(list: readonly string[], code: string): boolean {
  for (let i = 0; i < list.length; i++) if (sameCode(list[i] as string, code)) return true;
  return false;
}

function stateOf(list: readonly string[] | null, code: unknown): number {
  if (list === null) return AUD_NOT_TARGETED;
  if (typeof code !== "string" || code.trim() === "") return AUD_UNKNOWN;
  return codeIn(list, code.trim()) ? AUD_MATCH : AUD_MISMATCH;
}

function part(state: number): number {
  return state === AUD_MATCH ? 100 : state === AUD_MISMATCH ? 0 : 50;
}

export function audienceValue(a: AccountInput, cc: CompiledCriteria, s: Scratch): number {
  s.countryState = stateOf(cc.countries, a.country);
  s.languageState = stateOf(cc.languages, a.language);
  const c = s.countryState;
  const l = s.languageState;
  if (c === AUD_NOT_TARGETED && l === AUD_NOT_TARGETED) return 100;
  if (c === AUD_NOT_TARGETED) return part(l);
  if (l === AUD_NOT_TARGETED) return part(c);
  return (part(c) + part(l)) / 2;
}

function describe(kind: string, state: number, value: unknown, list: readonly string[] | null): string {
  const wanted = (list ?? []).join(", ");
  if (state === AUD_MATCH) return kind + " " + String(value).trim() + " is targeted";
  if (state === AUD_MISMATCH) return kind + " " + String(value).trim() + " is not among " + wanted;
  return kind + " unknown (campaign targets " + wanted + "), counted as neutral";
}

export function audienceReason(a: AccountInput, cc: CompiledCriteria, s: Scratch): string {
  const parts: string[] = [];
  if (s.countryState !== AUD_NOT_TARGETED) parts.push(describe("Country", s.countryState, a.country, cc.countries));
  if (s.languageState !== AUD_NOT_TARGETED) {
    parts.push(describe(parts.length ? "language" : "Language", s.languageState, a.language, cc.languages));
  }
  if (parts.length === 0) return "No country or language targeting, so every audience fits.";
  return parts.join("; ") + ".";
}
