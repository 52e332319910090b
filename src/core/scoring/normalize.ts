/**
 * Term normalisation for niche matching, disclosure and competitor checks.
 * normalizeTerm("#Plant-Based Recipes") === "plant based recipe".
 */


const COMBINING_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** Words left alone by singularize (would be damaged by dropping an "s"). */
const KEEP = new Set([
  "news", "series", "species", "lens", "always", "its", "this", "was", "has", "does", "yes", "plus",
  "chaos", "diabetes", "herpes", "christmas", "xmas", "texas", "vegas", "canvas", "atlas", "alias",
]);
/** Irregular plurals ending in "oes"/"ves"/"ies" handled by hand. */
const IRREGULAR: Record<string, string> = {
  shoes: "shoe", toes: "toe", canoes: "canoe", heroes: "hero", potatoes: "potato", tomatoes: "tomato",
  mangoes: "mango", echoes: "echo", avocadoes: "avocado", cookies: "cookie", movies: "movie",
  selfies: "selfie", hoodies: "hoodie", smoothies: "smoothie", brownies: "brownie", foodies: "foodie",
  veggies: "veggie", goodies: "goodie", pies: "pie", ties: "tie", lies: "lie", calories: "calorie",
  zombies: "zombie", besties: "bestie", cuties: "cutie", beanies: "beanie", onesies: "onesie",
  freebies: "freebie", newbies: "newbie", rookies: "rookie", techies: "techie", hippies: "hippie",
  aunties: "auntie", birdies: "birdie", doggies: "doggie", kiddies: "kiddie", pixies: "pixie",
  collies: "collie", junkies: "junkie", sweeties: "sweetie", knives: "knife",
  leaves: "leaf", loaves: "loaf", wives: "wife", lives: "life", wolves: "wolf", halves: "half",
  shelves: "shelf", children: "child", women: "woman", men: "man", people: "person", feet: "foot",
  teeth: "tooth", mice: "mouse", geese: "goose",
};

/** The same, as a Map: a word looked up as an object key is interned first, which costs more than
 *  the rest of singularize (a Map has no prototype keys either). */
const IRREGULAR_BY_WORD = new Map(Object.entries(IRREGULAR));

/** Simple English singularisation of one lower-case word. */
export function singularize(w: string): string {
  const irr = IRREGULAR_BY_WORD.get(w);
  if (irr !== undefined) return irr;
  const n = w.length;
  if (n <= 3 || w.charCodeAt(n - 1) !== 115 /* s */) return w;
  if (KEEP.has(w)) return w;
  const c2 = w.charCodeAt(n - 2);
  if (c2 === 115 /* ss */ || c2 === 117 /* us */ || c2 === 105 /* is */) {
    return w;
  }
  if (w.endsWith("sses")) return w.slice(0, -2); // dresses -> dress
  if (w.endsWith("sseries") || w.endsWith("ngeries")) return w.slice(0, -1); // patisseries -> patisserie
  if (w.endsWith("ies") && n > 4) return w.slice(0, -3) + "y"; // berries -> berry
  if (w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("zzes")) {
    return w.slice(0, -2); // boxes -> box, lunches -> lunch
  }
  return w.slice(0, -1); // recipes -> recipe
}

/** One word of lower-case ASCII letters and digits (most hashtags): lower case, NFD and the
 *  punctuation rule leave it as it is, so only singularising applies. */
const PLAIN_WORD = /^[a-z0-9]+$/;

function normalizeUncached(s: string): string {
  let t = s.toLowerCase().normalize("NFD").replace(COMBINING_MARKS, "");
  t = t.replace(NON_WORD, " ").trim();
  if (t === "") return "";
  const words = t.split(" ");
  for (let i = 0; i < words.length; i++) words[i] = singularize(words[i] ?? "");
  return words.join(" ");
}

const CACHE_LIMIT = 100_000;
let cache = new Map<string, string>();

/**
 * Lower case, accents stripped (NFD, combining marks removed), "#" and other punctuation to
 * spaces, whitespace collapsed, each word singularised. Non-strings give "". Memoised, but for
 * plain words.
 */
export function normalizeTerm(s: string): string {
  if (typeof s !== "string") return "";
  // A plain word (most hashtags) is singularised faster than it is found in the cache, and the
  // tens of thousands of distinct hashtags an import brings would crowd the cache out.
  if (PLAIN_WORD.test(s)) return singularize(s);
  const hit = cache.get(s);
  if (hit !== undefined) return hit;
  const out = normalizeUncached(s);
  if (cache.size >= CACHE_LIMIT) cache = new Map();
  cache.set(s, out);
  return out;
}

/** The normalised form without spaces: "plant based" -> "plantbased". */
export function compactTerm(normalized: string): string {
  return normalized.indexOf(" ") < 0 ? normalized : normalized.split(" ").join("");
}

/** Whether normalised `phrase` occurs in normalised `text` at word boundaries. */
export function hasPhrase(text: string, phrase: string): boolean {
  if (phrase === "" || text === "") return false;
  let from = 0;
  for (;;) {
    const i = text.indexOf(phrase, from);
    if (i < 0) return false;
    const end = i + phrase.length;
    if ((i === 0 || text.charCodeAt(i - 1) === 32) && (end === text.length || text.charCodeAt(end) === 32)) {
      return true;
    }
    from = i + 1;
  }
}

/**
 * Matching of a short tag-like text (a hashtag or a category) against a term, both normalised:
 * the term as a phrase, or the joined forms equal, or a joined tag that starts with the term
 * (3+ letters: "veganfood" ~ "vegan") or ends with it (4+ letters: "plantbasedfood" ~ "food").
 */
export function tagMatches(tagNorm: string, tagCompact: string, term: string, termCompact: string): boolean {
  if (hasPhrase(tagNorm, term)) return true;
  if (tagCompact === termCompact) return true;
  const n = termCompact.length;
  if (tagCompact.length <= n) return false;
  if (n >= 3 && tagCompact.startsWith(termCompact)) return true;
  if (n >= 4 && tagCompact.endsWith(termCompact)) return true;
  return false;
}

/** Matching in free text (bio, caption): the term as a phrase, or written joined as one word. */
export function textMatches(textNorm: string, term: string, termCompact: string): boolean {
  if (hasPhrase(textNorm, term)) return true;
  return termCompact !== term && hasPhrase(textNorm, termCompact);
}

/** Case-insensitive equality of two ASCII codes ("us" vs "US") without allocating. */
export function sameCode(a: string, b: string): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

/** normalizeTerm without the memo, for long one-off texts (captions). */
export function normalizeText(s: unknown): string {
  return typeof s === "string" ? normalizeUncached(s) : "";
}
