// Block Kit primitives: Slack's limits, mrkdwn escaping and splitting text to fit.
import type { types } from "@slack/bolt";
import { clipText, safeCut, wellFormed } from "../../core/text.ts";

export type KnownBlock = types.KnownBlock;
export type Button = types.Button;

/** Block Kit limits (https://docs.slack.dev/reference/block-kit); the fake Slack API checks the same. */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  id: 255,
  actionsElements: 25,
  contextElements: 10,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  inputLabel: 2000,
  /** Top-level `text` of a message (its notification and fallback). */
  messageText: 40000,
} as const;

/**
 * Makes text safe for mrkdwn: &, < and > become entities, so user text can never form a mention
 * (<!channel>, <@U…>) or a link with a forged label (<https://evil|bank>); a zero-width space after
 * the @ of @here, @channel and @everyone keeps them plain words in every client (also when they
 * start a longer word: cutting the text with an ellipsis could end the word there). Half an emoji
 * (a lone surrogate, from a cut made elsewhere) becomes U+FFFD.
 */
export function escapeMrkdwn(s: string): string {
  return wellFormed(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(here|channel|everyone)/gi, "@\u200b$1");
}

/** Cuts plain text to `max` characters, ending with an ellipsis when cut. */
export const clip = clipText;

/** Cuts escaped mrkdwn to `max` characters without splitting an entity such as &amp;. */
export function clipEscaped(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max - 1;
  const amp = s.lastIndexOf("&", cut);
  if (amp >= 0 && amp > cut - 6 && s.indexOf(";", amp) >= cut) cut = amp;
  return s.slice(0, safeCut(s, cut)) + "…";
}

/** Splits escaped mrkdwn into pieces of at most `max` characters, at line ends where it can. */
export function splitEscaped(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > max) {
    let cut = rest.lastIndexOf("\n", max);
    if (cut < max / 2) {
      cut = max;
      const amp = rest.lastIndexOf("&", cut - 1);
      if (amp >= 0 && amp > cut - 6 && rest.indexOf(";", amp) >= cut) cut = amp;
      cut = safeCut(rest, cut);
    }
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, "");
  }
  if (rest.length || !out.length) out.push(rest);
  return out;
}

/** plain_text shows entities as typed, so it is not escaped; a zero-width space keeps "<!channel>" inert.
 *  Half an emoji becomes U+FFFD, as in mrkdwn. */
export function safePlain(s: string): string {
  return wellFormed(s).replace(/<([!@#])/g, "<\u200b$1").replace(/@(here|channel|everyone)/gi, "@\u200b$1");
}

export const plain = (text: string, max: number) => ({ type: "plain_text" as const, text: clip(safePlain(text), max) || " ", emoji: true });
export const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text });

/** Section blocks for escaped mrkdwn of any length. */
export function textSections(escaped: string): KnownBlock[] {
  if (!escaped.trim()) return [];
  return splitEscaped(escaped, LIMITS.sectionText).map((t) => ({ type: "section", text: mrkdwn(t) }));
}

/** A Slack date token: shows the time in the reader's own time zone, with a UTC fallback. */
export function slackTime(at: Date): string {
  const hhmm = at.toISOString().slice(11, 16);
  return `<!date^${Math.floor(at.getTime() / 1000)}^{time}|${hhmm} UTC>`;
}

/** A text with no Block Kit, for notifications and old clients. */
export function fallbackText(parts: (string | undefined)[]): string {
  return clipEscaped(escapeMrkdwn(parts.filter(Boolean).join(": ") || "Scout"), 3000);
}
