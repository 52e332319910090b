/**
 * Criteria compiled once per ranking: defaults applied, niche terms normalised into concepts,
 * benchmark lookups resolved per platform, memo caches for hashtag/category/bio matching.
 * Works on raw (unparsed) criteria too: odd values fall back to defaults instead of throwing.
 */
import { resolveBenchmark } from "./benchmarks.ts";
import type { ResolvedBenchmark } from "./benchmarks.ts";
import { DEFAULT_DISCLOSURES, DEFAULT_FOLLOWER_RANGE, MAX_NICHE_TERMS } from "./criteria.ts";
import { compactTerm, normalizeTerm, tagMatches, textMatches } from "./normalize.ts";
import { positive, nonNeg } from "./stats.ts";
import { PLATFORMS } from "./types.ts";
import type { Criteria, Objective, Weights } from "./types.ts";
import { resolveWeights, weightsArray } from "./weights.ts";

export interface Phrase {
  norm: string;
  compact: string;
}

export interface Concept {
  /** The campaign's own wording. */
  label: string;
  phrases: Phrase[];
}

export interface Competitor extends Phrase {
  label: string;
}

/** What one hashtag or category string matches: niche concept bits and competitor bits. */
export interface TagInfo {
  niche: number;
  competitors: number;
}

const CACHE_LIMIT = 200_000;

export interface CompiledCriteria {
  objective: Objective;
  weights: Weights;
  weightArr: Float64Array;
  minF: number;
  maxF: number;
  lnMinF: number;
  lnMaxF: number;
  /** Lower soft edge (followers below it are excluded); 0 when min is 0. */
  softLo: number;
  /** Upper soft edge. */
  softHi: number;
  platforms: readonly string[] | null;
  countries: readonly string[] | null;
  languages: readonly string[] | null;
  minEr: number;
  maxRate: number;
  budget: number;
  currency: string | null;
  concepts: Concept[];
  competitors: Competitor[];
  disclosures: Phrase[];
  /** By platform index (PLATFORMS order); index PLATFORMS.length = unknown platform. */
  bench: ResolvedBenchmark[];
  requestedVersion: string | null;
  tagCache: Map<string, TagInfo>;
  /** Niche bits per hashtag/category string (hot path: one Map lookup, a small integer). */
  nicheCache: Map<string, number>;
  bioCache: Map<string, number>;
}

/** Index in PLATFORMS; PLATFORMS.length for anything else. */
export function platformIndex(p: unknown): number {
  switch (p) {
    case "instagram":
      return 0;
    case "tiktok":
      return 1;
    case "youtube":
      return 2;
    case "x":
      return 3;
    case "twitch":
      return 4;
    case "blog":
      return 5;
    default:
      return PLATFORMS.length;
  }
}

function phrase(raw: string): Phrase | null {
  const norm = normalizeTerm(raw);
  if (norm === "") return null;
  return { norm, compact: compactTerm(norm) };
}

function stringList(x: unknown): string[] {
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === "string" && s.trim() !== "") : [];
}

export function buildConcepts(niche: string[], synonyms: unknown): Concept[] {
  const groups = new Map<string, Set<string>>();
  if (synonyms && typeof synonyms === "object") {
    for (const [k, alts] of Object.entries(synonyms as Record<string, unknown>)) {
      const key = normalizeTerm(k);
      if (key === "") continue;
      const set = groups.get(key) ?? new Set<string>();
      for (const a of stringList(alts)) {
        const n = normalizeTerm(a);
        if (n !== "") set.add(n);
      }
      groups.set(key, set);
    }
  }
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  for (const term of niche) {
    const norm = normalizeTerm(term);
    if (norm === "" || seen.has(norm)) continue;
    seen.add(norm);
    const all = new Set<string>([norm]);
    for (const [key, alts] of groups) {
      if (key === norm || alts.has(norm)) {
        all.add(key);
        for (const a of alts) all.add(a);
      }
    }
    const phrases: Phrase[] = [];
    for (const n of all) phrases.push({ norm: n, compact: compactTerm(n) });
    concepts.push({ label: term.trim(), phrases });
    if (concepts.length >= MAX_NICHE_TERMS) break;
  }
  return concepts;
}

function codes(x: unknown, upper: boolean): string[] | null {
  const list = stringList(x).map((s) => (upper ? s.trim().toUpperCase() : s.trim().toLowerCase()));
  return list.length > 0 ? list : null;
}

export function compileCriteria(criteria: Criteria): CompiledCriteria {
  const c = (criteria ?? {}) as Partial<Criteria>;
  const objective: Objective =
    c.objective === "traffic" || c.objective === "leads" || c.objective === "sales" ? c.objective : "awareness";
  const weights = resolveWeights(objective, c.weights);

  let minF: number = DEFAULT_FOLLOWER_RANGE.min;
  let maxF: number = DEFAULT_FOLLOWER_RANGE.max;
  if (c.followers && typeof c.followers === "object") {
    const lo = nonNeg(c.followers.min);
    const hi = positive(c.followers.max);
    const okHi = hi > 0 || c.followers.max === Infinity;
    if (lo >= 0) minF = lo;
    if (okHi) maxF = hi > 0 ? hi : Infinity;
    if (minF > maxF) [minF, maxF] = [maxF, minF];
  }

  const platforms = stringList(c.platforms);
  const competitors: Competitor[] = [];
  for (const raw of stringList(c.competitors)) {
    const p = phrase(raw);
    if (p && !competitors.some((x) => x.norm === p.norm)) competitors.push({ ...p, label: raw.trim() });
    if (competitors.length >= 31) break;
  }
  const own = stringList(c.requiredDisclosure);
  const disclosureList = own.length > 0 ? own : [...DEFAULT_DISCLOSURES];
  const disclosures: Phrase[] = [];
  for (const raw of disclosureList) {
    const p = phrase(raw);
    if (p && !disclosures.some((x) => x.norm === p.norm)) disclosures.push(p);
  }

  const requestedVersion = typeof c.benchmarkVersion === "string" && c.benchmarkVersion !== "" ? c.benchmarkVersion : null;
  const bench: ResolvedBenchmark[] = [];
  for (const p of PLATFORMS) bench.push(resolveBenchmark(p, requestedVersion));
  bench.push(resolveBenchmark("unknown-platform", requestedVersion));

  const minEr = nonNeg(c.minEr);
  return {
    objective,
    weights,
    weightArr: weightsArray(weights),
    minF,
    maxF,
    lnMinF: minF > 0 ? Math.log(minF) : -Infinity,
    lnMaxF: Math.log(maxF),
    softLo: minF / 2,
    softHi: maxF * 2,
    platforms: platforms.length > 0 ? platforms : null,
    countries: codes(c.countries, true),
    languages: codes(c.languages, false),
    minEr: minEr > 0 ? minEr : -1,
    maxRate: nonNeg(c.maxRate),
    budget: nonNeg(c.budget),
    currency: typeof c.currency === "string" && c.currency.trim() !== "" ? c.currency.trim().toUpperCase() : null,
    concepts: buildConcepts(stringList(c.niche), c.synonyms),
    competitors,
    disclosures,
    bench,
    requestedVersion,
    tagCache: new Map(),
    nicheCache: new Map(),
    bioCache: new Map(),
  };
}

/** Niche and competitor bits of a hashtag or category (memoised per compiled criteria). */
export function tagInfo(cc: CompiledCriteria, raw: string): TagInfo {
  const hit = cc.tagCache.get(raw);
  if (hit !== undefined) return hit;
  const norm = normalizeTerm(raw);
  const compact = compactTerm(norm);
  let niche = 0;
  let competitors = 0;
  if (norm !== "") {
    const concepts = cc.concepts;
    for (let k = 0; k < concepts.length; k++) {
      const phrases = (concepts[k] as Concept).phrases;
      for (let j = 0; j < phrases.length; j++) {
        const p = phrases[j] as Phrase;
        if (tagMatches(norm, compact, p.norm, p.compact)) {
          niche |= 1 << k;
          break;
        }
      }
    }
    const comps = cc.competitors;
    for (let k = 0; k < comps.length; k++) {
      const p = comps[k] as Competitor;
      if (tagMatches(norm, compact, p.norm, p.compact)) competitors |= 1 << k;
    }
  }
  const info: TagInfo = { niche, competitors };
  if (cc.tagCache.size >= CACHE_LIMIT) cc.tagCache.clear();
  cc.tagCache.set(raw, info);
  return info;
}

/** Niche bits of a hashtag or category (memoised as a plain integer for the hot path). */
export function tagNiche(cc: CompiledCriteria, raw: string): number {
  const hit = cc.nicheCache.get(raw);
  if (hit !== undefined) return hit;
  const m = tagInfo(cc, raw).niche;
  if (cc.nicheCache.size >= CACHE_LIMIT) cc.nicheCache.clear();
  cc.nicheCache.set(raw, m);
  return m;
}

/** Niche concept bits found in a bio (memoised per compiled criteria). */
export function bioMask(cc: CompiledCriteria, raw: string): number {
  const hit = cc.bioCache.get(raw);
  if (hit !== undefined) return hit;
  const norm = normalizeTerm(raw);
  let mask = 0;
  if (norm !== "") {
    const concepts = cc.concepts;
    for (let k = 0; k < concepts.length; k++) {
      const phrases = (concepts[k] as Concept).phrases;
      for (let j = 0; j < phrases.length; j++) {
        const p = phrases[j] as Phrase;
        if (textMatches(norm, p.norm, p.compact)) {
          mask |= 1 << k;
          break;
        }
      }
    }
  }
  if (cc.bioCache.size >= CACHE_LIMIT) cc.bioCache.clear();
  cc.bioCache.set(raw, mask);
  return mask;
}

/** Competitor bits found in free text (captions). Not memoised. */
export function competitorsInText(cc: CompiledCriteria, textNorm: string): number {
  let mask = 0;
  const comps = cc.competitors;
  for (let k = 0; k < comps.length; k++) {
    const p = comps[k] as Competitor;
    if (textMatches(textNorm, p.norm, p.compact)) mask |= 1 << k;
  }
  return mask;
}


// Compiled criteria are reused across calls with equal criteria (same JSON), so repeated
// rankings and single-account scoring keep their warm match caches. The caches are pure
// functions of (criteria, string), so reuse cannot change a result.
const COMPILED_LIMIT = 4;
const compiled = new Map<string, CompiledCriteria>();

export function getCompiled(criteria: Criteria): CompiledCriteria {
  let key: string | undefined;
  try {
    key = JSON.stringify(criteria ?? null);
  } catch {
    key = undefined; // cyclic or otherwise unserialisable: compile without caching
  }
  if (key === undefined) return compileCriteria(criteria);
  const hit = compiled.get(key);
  if (hit !== undefined) {
    compiled.delete(key);
    compiled.set(key, hit);
    return hit;
  }
  const cc = compileCriteria(criteria);
  if (compiled.size >= COMPILED_LIMIT) {
    const oldest = compiled.keys().next().value;
    if (oldest !== undefined) compiled.delete(oldest);
  }
  compiled.set(key, cc);
  return cc;
}
