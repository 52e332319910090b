// Text a person typed, made safe for every surface: clean on the way in (parse and store), cut
// without breaking a character on the way out. Each surface escapes its own markup in its renderer.

/** The longest command line Scout reads, in characters. Longer lines are refused with a usage
 *  message (no chat surface sends more; parsing and echoing them would only cost time). */
export const MAX_LINE = 8000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** C0 controls but tab and newline, DEL, and C1 controls (0x9b is a terminal's CSI). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Well-formed text: a lone surrogate (half an emoji, e.g. from a cut elsewhere) becomes U+FFFD.
 *  Chat APIs refuse or mangle text that is not. */
export const wellFormed = (s: string): string => s.replace(LONE_SURROGATE, "\uFFFD");

/** Input as typed → text safe to parse, store and print: well-formed, line ends as \n, and no NUL
 *  or other control characters (PostgreSQL refuses NUL in text; terminals obey the others). */
export function cleanInput(s: string): string {
  return wellFormed(s).replace(/\r\n?/g, "\n").replace(CONTROL, "");
}

/** A cut position at or before `at` that does not split a surrogate pair. */
export function safeCut(s: string, at: number): number {
  if (at <= 0) return 0;
  if (at >= s.length) return s.length;
  const c = s.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at - 1 : at;
}

/** Cuts text to at most `max` characters (UTF-16 units), ending with an ellipsis when cut. */
export function clipText(s: string, max: number): string {
  if (s.length <= max) return s;
  return s.slice(0, safeCut(s, Math.max(0, max - 1))) + "…";
}

/** Text on one line: every run of blanks and line breaks one space, none at either end. */
export const oneLine = (s: string): string => s.replace(/\s+/g, " ").trim();

/** A piece of user input quoted inside a message: on one line, cut to `max` characters. */
export function quoteInput(s: string, max = 80): string {
  return `"${clipText(oneLine(s), max)}"`;
}

/** The word for n things: plural(1, "campaign") is "campaign", plural(3, "campaign") "campaigns". */
export const plural = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : many);

/** Clauses joined with "; " without doubled punctuation: a clause's own final "." or ";" is dropped. */
export const joinClauses = (parts: readonly string[], sep = "; "): string =>
  parts
    .map((p) => p.trim().replace(/[.;]+$/, ""))
    .filter(Boolean)
    .join(sep);

/** A message's first letter upper-cased, unless it starts with a name that keeps its case (a
 *  file name such as binary.csv, a path, a @handle, a slug, a code): only a plain word is changed. */
export const capitalize = (s: string): string => (/^[a-z]+(?=[\s,:;]|$)/.test(s) ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/** Code point order, as PostgreSQL's "C" collation orders UTF-8 text (the same on every server and locale). */
export function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 code units order like code points unless a surrogate meets U+E000..U+FFFF: the first
  // unit that differs decides, unless it is one of those (then code point by code point).
  for (let i = 0, n = Math.min(a.length, b.length); i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x < y ? -1 : 1;
    return byCodePoints(a, b);
  }
  return a.length < b.length ? -1 : a.length === b.length ? 0 : 1;
}

function byCodePoints(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}
