/**
 * Niche relevance: overlap of categories (weigh most), hashtags and bio terms with the
 * campaign's niche terms and synonyms. Per term: 1 − Π(1 − w) over the sources that match;
 * value = 100 · (0.7 · best term + 0.3 · mean over terms).
 */
import type { CompiledCriteria, Concept } from "../compile.ts";
import { bioMask, tagInfo, tagNiche } from "../compile.ts";
import { listJoin } from "../format.ts";
import type { Scratch } from "../scratch.ts";
import type { AccountInput } from "../types.ts";

export const W_CATEGORY = 1;
export const W_HASHTAG = 0.7;
export const W_BIO = 0.5;
const BEST_SHARE = 0.7;

/** Fills the niche masks and the competitor bits of the account's own hashtags. */
export function collectNiche(a: AccountInput, cc: CompiledCriteria, s: Scratch): void {
  const needNiche = cc.concepts.length > 0;
  const needComp = cc.competitors.length > 0;
  if (!needNiche && !needComp) return;
  const tags = a.hashtags;
  const hasTags = Array.isArray(tags);
  if (needNiche) {
    const cache = cc.nicheCache;
    const cats = a.categories;
    if (Array.isArray(cats)) {
      let m = 0;
      for (let i = 0; i < cats.length; i++) {
        const c = cats[i];
        if (typeof c !== "string") continue;
        const hit = cache.get(c);
        m |= hit !== undefined ? hit : tagNiche(cc, c);
      }
      s.catMask = m;
    }
    if (hasTags) {
      let m = 0;
      for (let i = 0; i < tags.length; i++) {
        const t = tags[i];
        if (typeof t !== "string") continue;
        const hit = cache.get(t);
        m |= hit !== undefined ? hit : tagNiche(cc, t);
      }
      s.tagMask = m;
    }
    const bio = a.bio;
    if (typeof bio === "string" && bio !== "") s.bioMask = bioMask(cc, bio);
  }
  if (needComp && hasTags) {
    let comp = 0;
    for (let i = 0; i < tags.length; i++) {
      const t = tags[i];
      if (typeof t === "string") comp |= tagInfo(cc, t).competitors;
    }
    s.compAccount = comp;
  }
}

function termScore(s: Scratch, k: number): number {
  const bit = 1 << k;
  if ((s.catMask & bit) !== 0) return W_CATEGORY;
  const miss = ((s.tagMask & bit) !== 0 ? 1 - W_HASHTAG : 1) * ((s.bioMask & bit) !== 0 ? 1 - W_BIO : 1);
  return 1 - miss;
}

export function nicheValue(cc: CompiledCriteria, s: Scratch): number {
  const n = cc.concepts.length;
  if (n === 0) return 50;
  if ((s.catMask | s.tagMask | s.bioMask) === 0) return 0;
  let best = 0;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const v = termScore(s, k);
    sum += v;
    if (v > best) best = v;
  }
  return 100 * (BEST_SHARE * best + (1 - BEST_SHARE) * (sum / n));
}

function firstMatching(list: unknown, cc: CompiledCriteria, bit: number): string | null {
  if (!Array.isArray(list)) return null;
  for (const x of list) if (typeof x === "string" && (tagInfo(cc, x).niche & bit) !== 0) return x;
  return null;
}

export function nicheReason(a: AccountInput, cc: CompiledCriteria, s: Scratch): string {
  const n = cc.concepts.length;
  if (n === 0) return "No niche given, so niche relevance is neutral (50).";
  const labels = cc.concepts.map((c: Concept) => '"' + c.label + '"');
  if ((s.catMask | s.tagMask | s.bioMask) === 0) {
    return "No category, hashtag or bio term matches " + listJoin(labels) + ".";
  }
  const hits: string[] = [];
  const misses: string[] = [];
  for (let k = 0; k < n; k++) {
    const bit = 1 << k;
    const where: string[] = [];
    const cat = firstMatching(a.categories, cc, bit);
    if (cat !== null) where.push("category " + cat);
    const tag = firstMatching(a.hashtags, cc, bit);
    if (tag !== null) where.push("#" + tag.replace(/^#+/, ""));
    if ((s.bioMask & bit) !== 0) where.push("bio");
    if (where.length > 0) hits.push((labels[k] as string) + " (" + where.join(", ") + ")");
    else misses.push(labels[k] as string);
  }
  let text = "Matches " + listJoin(hits);
  if (misses.length > 0) text += "; nothing for " + listJoin(misses);
  return text + ".";
}
