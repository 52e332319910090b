// The disclosure check on a caption (domain.md, "Disclosure"): a clear disclosure (#ad,
// #sponsored, or the campaign's own rule) placed where people see it without tapping "more";
// vague tags (#sp, #collab, #partner) or a thank-you to the brand do not count. The check also
// names the campaign's required hashtags and mentions that are missing. Pure.

/** Captions are cut after about this many characters ("... more") on Instagram and TikTok. */
export const VISIBLE_CHARS = 125;

/** Tags that clearly say "paid" (compared without "#", lower case). */
export const CLEAR_TAGS: readonly string[] = ["ad", "ads", "advert", "advertisement", "sponsored", "paidpartnership", "paidpartner", "werbung", "anzeige", "publicite", "publicidad"];
/** Tags that do not count as a disclosure on their own. */
export const VAGUE_TAGS: readonly string[] = ["sp", "spon", "collab", "partner", "ambassador", "thanks", "gifted", "gift", "pr", "partnership"];
/** Plain words that disclose: "Paid partnership with ...", "Sponsored by ...", "[Ad]", "Ad |". */
const CLEAR_PHRASES = [/\bpaid partnership\b/i, /\bsponsored by\b/i, /\badvertisement\b/i, /(^|[[(])\s*ad\s*([\])]|[:|-])/i];
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
  const phrases = CLEAR_PHRASES.map((re) => re.exec(text)).filter((m): m is RegExpExecArray => Boolean(m)).map((m) => ({ text: m[0].trim(), at: m.index }));
  const hits = [...clearTags.map((t) => ({ text: `#${t.text}`, at: t.at })), ...phrases].sort((a, b) => a.at - b.at);
  const first = hits[0] ?? null;
  const vague = [...new Set(tags.filter((t) => VAGUE_TAGS.includes(t.text)).map((t) => `#${t.text}`))];
  const ask = wanted ? `#${wanted}` : rule.disclosure;

  if (!first) {
    if (label) reminders.push(`Switch on the platform's ${rule.disclosure}; a caption cannot show it, so Scout cannot check it.`);
    else {
      const why = [vague.length ? `${vague.join(", ")} ${vague.length > 1 ? "are" : "is"} too vague to count` : null, THANKS.test(text) ? "a thank-you to the brand is not a disclosure" : null].filter(Boolean);
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

  return { passed: issues.length === 0, issues, found: first?.text ?? null, reminders };
}
