// The disclosure check on a caption (domain.md, "Disclosure"): a clear disclosure (#ad,
// #sponsored, or the campaign's own rule) placed where people see it without tapping "more";
// vague tags (#sp, #collab, #partner, #brandpartner), negations (#notsponsored, #notanad,
// "not an ad"), words that merely contain "ad" (#adsense, #advertisingagency) or a thank-you to
// the brand do not count. The platform's paid-partnership label alone is a weak disclosure: the
// FTC says not to rely on it without a clear one. The check also names the campaign's required
// hashtags and mentions that are missing. Pure.

/** Captions are cut after about this many characters ("... more") on Instagram and TikTok. */
export const VISIBLE_CHARS = 125;

/** Tags that clearly say "paid" (compared without "#", lower case). */
export const CLEAR_TAGS: readonly string[] = ["ad", "ads", "advert", "advertisement", "sponsored", "paidpartnership", "paidpartner", "werbung", "anzeige", "publicite", "publicidad"];
/** Tags that do not count as a disclosure on their own. */
export const VAGUE_TAGS: readonly string[] = [
  "sp", "spon", "collab", "partner", "brandpartner", "partnered", "ambassador", "brandambassador", "thanks", "gifted", "gift", "pr", "partnership",
];
/** Tags that deny a disclosure: never one, and named as such. */
export const NEGATION_TAGS: readonly string[] = ["notsponsored", "notanad", "notad", "noad", "notgifted", "nonsponsored", "unsponsored", "notpaid", "notspon"];
/** Tags about advertising that are not a disclosure (#adsense, #adsl, #advertisingagency...), named when seen. */
const LOOK_ALIKE = /^(ad(sense|sl|words?|block|agency|tech|campaign|life|vertising\p{L}+)|advertis(ing|er)s?\p{L}*)$/u;
/** Plain words that disclose: "Paid partnership with ...", "Sponsored by ...", "[Ad]", "Ad |". */
const CLEAR_PHRASES = [/\bpaid partnership\b/i, /\bsponsored by\b/i, /\badvertisement\b/i, /(^|[[(])\s*ad\s*([\])]|[:|-])/i];
/** A phrase preceded by one of these is a denial ("not sponsored by", "this is not an ad"). */
const NEGATED = /\b(not|no|non|never|isn'?t|is not)\s+(an?\s+)?$/i;
/** "not an ad", "not sponsored", "no ad": denials written out. */
const NEGATION_PHRASES = /\b(not|no|non|never|isn'?t)\s+(an?\s+)?(ad|ads|advert|advertisement|sponsored|paid|gifted)\b/i;
const THANKS = /\b(thanks?|thank you|thx)\b[^.!?\n]{0,40}@/i;

export interface DisclosureRule {
  /** The campaign's disclosure, e.g. "#ad" or "Paid partnership label". */
  disclosure: string;
  /** Required hashtags, without "#". */
  hashtags?: readonly string[];
  /** Required mentions, without "@". */
  mentions?: readonly string[];
}

export interface DisclosureResult {
  /** True when nothing is missing. */
  passed: boolean;
  /**
   * clear: a clear disclosure in the caption; weak: only the platform's paid-partnership label
   * (flagged, less severe than none); none: no disclosure at all.
   */
  level: "clear" | "weak" | "none";
  /** What is missing or wrong, one sentence each, saying what to do. */
  issues: string[];
  /** The disclosure found ("#ad" or the phrase), or null. */
  found: string | null;
  /** Things a caption cannot show (e.g. the platform's label): reminders, not issues. */
  reminders: string[];
}

interface Hit {
  text: string;
  at: number;
}

function hashtags(caption: string): Hit[] {
  const out: Hit[] = [];
  for (const m of caption.matchAll(/#([\p{L}\p{N}_]+)/gu)) out.push({ text: m[1]!.toLowerCase(), at: m.index });
  return out;
}

function mentions(caption: string): string[] {
  return [...caption.matchAll(/@([\p{L}\p{N}_.]+)/gu)].map((m) => m[1]!.toLowerCase().replace(/\.+$/, ""));
}

const ruleTag = (disclosure: string): string | null => {
  const m = /^\s*#([\p{L}\p{N}_]+)\s*$/u.exec(disclosure);
  return m ? m[1]!.toLowerCase() : null;
};

/** Checks a caption against the campaign's rule. */
export function checkDisclosure(caption: string, rule: DisclosureRule): DisclosureResult {
  const issues: string[] = [];
  const reminders: string[] = [];
  const text = caption.trim();
  const wanted = ruleTag(rule.disclosure);
  const tags = hashtags(text);
  const label = !wanted && /label|partnership/i.test(rule.disclosure);

  // The first clear disclosure: the campaign's own tag, another clear tag, or a clear phrase.
  const clearTags = tags.filter((t) => t.text === wanted || CLEAR_TAGS.includes(t.text));
  const phrases = CLEAR_PHRASES.map((re) => re.exec(text))
    .filter((m): m is RegExpExecArray => Boolean(m) && !NEGATED.test(text.slice(0, m!.index + (m![1]?.length ?? 0))))
    .map((m) => ({ text: m[0].trim(), at: m.index }));
  const hits = [...clearTags.map((t) => ({ text: `#${t.text}`, at: t.at })), ...phrases].sort((a, b) => a.at - b.at);
  const first = hits[0] ?? null;
  const vague = [...new Set(tags.filter((t) => VAGUE_TAGS.includes(t.text)).map((t) => `#${t.text}`))];
  const negations = [...new Set(tags.filter((t) => NEGATION_TAGS.includes(t.text)).map((t) => `#${t.text}`))];
  const denial = NEGATION_PHRASES.exec(text)?.[0] ?? null;
  const lookAlikes = [...new Set(tags.filter((t) => LOOK_ALIKE.test(t.text) && t.text !== wanted).map((t) => `#${t.text}`))];
  const ask = wanted ? `#${wanted}` : rule.disclosure;
  const why = [
    vague.length ? `${vague.join(", ")} ${vague.length > 1 ? "are" : "is"} too vague to count` : null,
    negations.length || denial ? `${[...negations, ...(denial ? [`"${denial}"`] : [])].join(", ")} says it is not an ad, which is no disclosure` : null,
    lookAlikes.length ? `${lookAlikes.join(", ")} only ${lookAlikes.length > 1 ? "contain" : "contains"} "ad"` : null,
    THANKS.test(text) ? "a thank-you to the brand is not a disclosure" : null,
  ].filter(Boolean);

  if (!first) {
    if (label) {
      // The label alone is weak (the FTC: use it in addition to a clear disclosure): flagged, less severe than none.
      issues.push(`Weak disclosure: the platform's ${rule.disclosure} alone is not enough; also write #ad or "Paid partnership with @brand" at the start of the caption${why.length ? ` (${why.join("; ")})` : ""}.`);
      reminders.push(`Switch on the platform's ${rule.disclosure}; a caption cannot show it, so Scout cannot check it.`);
    } else {
      issues.push(`No clear disclosure: add ${ask} at the start of the caption${why.length ? ` (${why.join("; ")})` : ""}.`);
    }
  } else {
    if (first.at >= VISIBLE_CHARS)
      issues.push(`${first.text} comes only at character ${first.at + 1}, after "more"; move it into the first ${VISIBLE_CHARS} characters, ideally the start.`);
    if (wanted && !tags.some((t) => t.text === wanted))
      issues.push(`The campaign asks for #${wanted}; you used ${first.text}. Use #${wanted} (you may keep the other).`);
    if (label) reminders.push(`Also switch on the platform's ${rule.disclosure} if the campaign asks for it.`);
  }

  const tagSet = new Set(tags.map((t) => t.text));
  const missingTags = (rule.hashtags ?? []).filter((h) => !tagSet.has(h.toLowerCase()));
  if (missingTags.length) issues.push(`Missing the campaign's hashtag${missingTags.length > 1 ? "s" : ""} ${missingTags.map((h) => `#${h}`).join(" ")}.`);
  const said = new Set(mentions(text));
  const missingMentions = (rule.mentions ?? []).filter((m) => !said.has(m.toLowerCase()));
  if (missingMentions.length) issues.push(`Missing the mention${missingMentions.length > 1 ? "s" : ""} ${missingMentions.map((m) => `@${m}`).join(" ")}.`);

  return { passed: issues.length === 0, level: first ? "clear" : label ? "weak" : "none", issues, found: first?.text ?? null, reminders };
}
