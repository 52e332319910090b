/**
 * A niche key per account lets the database drop accounts that cannot match a campaign's niche
 * before they are read. The key holds the compact normalised form (normalizeTerm, then spaces
 * removed) of each category and hashtag and of the bio. Every way the scorer matches a niche
 * phrase (whole phrase, joined phrase, prefix or suffix of a hashtag) implies the account's key
 * contains the phrase's compact form, so "key LIKE %compact%" keeps a superset of the matches:
 * the pre-filter never drops an account the scorer would keep.
 */
import { buildConcepts } from "./compile.ts";
import { compactTerm, normalizeTerm } from "./normalize.ts";
import type { Criteria } from "./types.ts";

export function nicheKey(a: { categories: readonly string[]; hashtags: readonly string[]; bio?: string | null }): string {
  const parts = new Set<string>();
  for (const x of a.categories) parts.add(compactTerm(normalizeTerm(x)));
  for (const x of a.hashtags) parts.add(compactTerm(normalizeTerm(x)));
  if (a.bio) parts.add(compactTerm(normalizeTerm(a.bio)));
  parts.delete("");
  return [...parts].join(" ");
}

/** LIKE patterns for the campaign's niche phrases (terms and synonyms); null when there is no niche. */
export function nichePatterns(criteria: Pick<Criteria, "niche" | "synonyms">): string[] | null {
  const concepts = buildConcepts(criteria.niche ?? [], criteria.synonyms);
  if (!concepts.length) return null;
  const out = new Set<string>();
  for (const c of concepts) for (const p of c.phrases) if (p.compact) out.add(`%${p.compact.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  return [...out];
}
