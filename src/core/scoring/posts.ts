/**
 * One pass over recent posts (slow path, only when posts are known): per-post ER spread,
 * likes unevenness, sponsored posts, disclosures and competitor mentions.
 */
import type { CompiledCriteria, Phrase } from "./compile.ts";
import { competitorsInText, tagInfo } from "./compile.ts";
import { compactTerm, normalizeTerm, normalizeText } from "./normalize.ts";
import type { Scratch } from "./scratch.ts";
import { ER_POSTS } from "./scratch.ts";
import { ER_FLOOR } from "./shrinkage.ts";
import { medianInPlace, nonNeg, positive } from "./stats.ts";
import type { PostSample } from "./types.ts";

/** A post counts as sponsored when flagged, or when it tags a brand through the paid-partnership label. */
export function isSponsoredPost(p: PostSample): boolean {
  return p.isSponsored === true || (typeof p.sponsorTags === "number" && p.sponsorTags > 0);
}

/** Words before a disclosure that deny it ("not sponsored", "not an ad", "no ad"). */
const NEGATIONS = new Set(["not", "no", "non", "never", "isnt"]);

function negatedAt(text: string, i: number): boolean {
  // The one or two words before position i ("not ad", "not an ad", "not a sponsored post").
  const before = text.slice(Math.max(0, i - 12), i).trim().split(" ");
  const w1 = before[before.length - 1] ?? "";
  const w2 = before[before.length - 2] ?? "";
  return NEGATIONS.has(w1) || ((w1 === "an" || w1 === "a") && NEGATIONS.has(w2));
}

/** The phrase in the text at word boundaries, not denied by the words before it. */
function disclosedIn(text: string, phrase: string): boolean {
  if (phrase === "") return false;
  let from = 0;
  for (;;) {
    const i = text.indexOf(phrase, from);
    if (i < 0) return false;
    const end = i + phrase.length;
    const bounded = (i === 0 || text.charCodeAt(i - 1) === 32) && (end === text.length || text.charCodeAt(end) === 32);
    if (bounded && !negatedAt(text, i)) return true;
    from = i + 1;
  }
}

/**
 * Whether a post carries one of the campaign's disclosures: a hashtag that is exactly one (#ad,
 * #sponsored, #paidpartnership; not #adsense, #adsl, #advertisingagency, and no negation such as
 * #notsponsored or #notanad), or the words in the caption not denied ("not an ad").
 */
export function hasDisclosure(p: PostSample, disclosures: readonly Phrase[], captionNorm?: string): boolean {
  const tags = p.hashtags;
  if (Array.isArray(tags)) {
    for (let i = 0; i < tags.length; i++) {
      const raw = tags[i];
      if (typeof raw !== "string") continue;
      const norm = normalizeTerm(raw);
      if (norm === "") continue;
      const compact = compactTerm(norm);
      for (let j = 0; j < disclosures.length; j++) {
        if (compact === (disclosures[j] as Phrase).compact) return true;
      }
    }
  }
  const caption = captionNorm ?? normalizeText(p.caption);
  if (caption !== "") {
    for (let j = 0; j < disclosures.length; j++) {
      const d = disclosures[j] as Phrase;
      if (disclosedIn(caption, d.norm) || (d.compact !== d.norm && disclosedIn(caption, d.compact))) return true;
    }
  }
  return false;
}

/** The post carries the platform's paid-partnership label (brands tagged through it). */
export function hasPartnershipLabel(p: PostSample): boolean {
  return typeof p.sponsorTags === "number" && p.sponsorTags > 0;
}

/** Competitor bits in one post's hashtags and caption. */
export function competitorsInPost(p: PostSample, cc: CompiledCriteria, captionNorm: string): number {
  let mask = 0;
  const tags = p.hashtags;
  if (Array.isArray(tags)) {
    for (let i = 0; i < tags.length; i++) {
      const raw = tags[i];
      if (typeof raw === "string") mask |= tagInfo(cc, raw).competitors;
    }
  }
  if (captionNorm !== "") mask |= competitorsInText(cc, captionNorm);
  return mask;
}

export const UNEVEN_HIGH = 5;
export const UNEVEN_LOW = 0.2;
export const MIN_POSTS_FOR_SPREAD = 5;
export const MIN_POSTS_FOR_UNEVEN = 5;

/** Hashtags of giveaways and contests (compared normalised and joined): engagement that was asked for. */
const GIVEAWAY = /^(giveaways?|contests?|sweepstakes?|gewinnspiel|sorteos?|concours|giveawaycontest|giveawaytime|giveawayalert)$/;
function isGiveaway(p: PostSample): boolean {
  const tags = p.hashtags;
  if (!Array.isArray(tags)) return false;
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i];
    if (typeof t === "string" && GIVEAWAY.test(t.replace(/^#/, "").toLowerCase())) return true;
  }
  return false;
}

export function analysePosts(posts: readonly unknown[], cc: CompiledCriteria, s: Scratch): void {
  const n = posts.length;
  s.ensureBuffers(n);
  const ers = s.bufA;
  const likes = s.bufB;
  let nEr = 0;
  let mean = 0;
  let m2 = 0;
  let nLikes = 0;
  const hasCompetitors = cc.competitors.length > 0;
  for (let i = 0; i < n; i++) {
    const p = posts[i] as PostSample | null | undefined;
    if (p === null || typeof p !== "object") continue;
    s.postsSeen++;
    const l = nonNeg(p.likes);
    const c = nonNeg(p.comments);
    if (l >= 0) likes[nLikes++] = l;
    const at = p.postedAt;
    if (at instanceof Date) {
      const t = at.getTime();
      if (t > s.lastPostT) s.lastPostT = t;
    }
    if (l >= 0 && c >= 0) {
      s.likesSum += l;
      s.commentsSum += c;
    }
    if (isGiveaway(p)) s.giveawayPosts++;
    if (l >= 0 || c >= 0) {
      const sh = nonNeg(p.shares);
      const sv = nonNeg(p.saves);
      const eng = (l > 0 ? l : 0) + (c > 0 ? c : 0) + (sh > 0 ? sh : 0) + (sv > 0 ? sv : 0);
      if (!s.perView && s.followers > 0) {
        const share = eng / s.followers;
        if (share > s.maxPostShare && share < Infinity) s.maxPostShare = share;
      }
      const denom = s.perView ? positive(p.views) : s.followers;
      if (denom > 0) {
        const e = eng / denom;
        if (e < Infinity) {
          ers[nEr++] = e;
          const d = e - mean;
          mean += d / nEr;
          m2 += d * (e - mean);
        }
      }
    }
    if (isSponsoredPost(p)) {
      s.sponsored++;
      const caption = normalizeText(p.caption);
      if (!hasDisclosure(p, cc.disclosures, caption)) {
        // The label alone is weak (flagged, less severe); neither label nor words is undisclosed.
        if (hasPartnershipLabel(p)) s.weakDisclosed++;
        else s.undisclosed++;
      }
      if (hasCompetitors) s.compPosts |= competitorsInPost(p, cc, caption);
    }
  }
  s.postErN = nEr;
  if (nEr > 0) {
    // The median post in log space (for an even count, the geometric mean of the middle two): the
    // observation the ER shrinkage uses; one of two posts going viral moves it half as far in ln.
    const v = ers.subarray(0, nEr);
    v.sort();
    const mid = nEr >> 1;
    const ln = (e: number) => Math.log(e > ER_FLOOR ? e : ER_FLOOR);
    const upper = ln(v[mid] as number);
    s.lnPostMedian = nEr % 2 === 1 ? upper : (ln(v[mid - 1] as number) + upper) / 2;
  }
  if (nEr >= MIN_POSTS_FOR_SPREAD && mean > 0) {
    const sd = Math.sqrt(m2 / (nEr - 1));
    s.erCv = sd / mean;
  }
  if (s.er < 0 && nEr > 0) {
    s.er = medianInPlace(ers, nEr);
    s.erSource = ER_POSTS;
    if (nEr > s.erSample) s.erSample = nEr;
  }
  s.likesN = nLikes;
  if (nLikes >= MIN_POSTS_FOR_UNEVEN) {
    const m = medianInPlace(likes, nLikes);
    s.likesMedian = m;
    if (m > 0) {
      let uneven = 0;
      for (let i = 0; i < nLikes; i++) {
        const v = likes[i] as number;
        if (v > UNEVEN_HIGH * m || v < UNEVEN_LOW * m) uneven++;
      }
      s.unevenCount = uneven;
    }
  }
}
