// Renders the neutral message model for Discord: one or more embeds (title, text, sections as
// fields, tables as code blocks) and buttons that carry their command line in a signed custom id.
// Everything stays within Discord's limits, user text is escaped (no pings, no masked links), and
// no message may mention anyone: allowed_mentions parses nothing.
import { clipText, oneLine, plural, wellFormed } from "../../core/text.ts";
import type { Action, Message, Section } from "../../core/message.ts";
import type { CustomIds } from "./custom-id.ts";

export const LIMITS = {
  content: 2000,
  embedsTotal: 6000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  buttonLabel: 80,
  buttonsPerRow: 5,
  rows: 5,
} as const;

const COLOUR: Record<NonNullable<Message["tone"]>, number> = { info: 0x5865f2, success: 0x57f287, warning: 0xfee75c, error: 0xed4245 };

export interface EmbedField {
  name: string;
  value: string;
  inline?: boolean;
}
export interface Embed {
  title?: string;
  description?: string;
  color?: number;
  fields?: EmbedField[];
  footer?: { text: string };
}
export interface ButtonJson {
  type: 2;
  style: 1 | 2 | 4;
  label: string;
  custom_id: string;
  disabled?: boolean;
}
export interface RowJson {
  type: 1;
  components: ButtonJson[];
}
export interface DiscordMessage {
  content?: string;
  embeds: Embed[];
  components: RowJson[];
  allowed_mentions: { parse: []; users?: string[] };
}

export const clip = clipText;

/**
 * Escapes text for Discord markdown: formatting characters, masked links ([x](url)), mentions
 * (@everyone, <@id>) and headings/quotes at line starts. Bare URLs are left whole so they stay links.
 */
export function escapeText(s: string): string {
  return wellFormed(s)
    .split(/(\s+)/)
    .map((w) => (/^https?:\/\/\S+$/i.test(w) ? w.replace(/[()[\]<>]/g, (c) => encodeURIComponent(c)) : w.replace(/[\\*_~`|[\]()<>]/g, "\\$&")))
    .join("")
    .replace(/@(everyone|here)/gi, "@\u200b$1")
    .replace(/^(\s*)([#>-])/gm, "$1\\$2");
}

const cell = (c: string) => (c ?? "").replace(/`/g, "ˋ").replace(/\s*\n\s*/g, " ");

/** A table as a code block within `max` characters (rows that do not fit are counted instead). */
export function tableText(t: NonNullable<Section["table"]>, max: number): string {
  const cols = t.columns.map(cell);
  const rows = t.rows.map((r) => r.map(cell));
  const widths = cols.map((c, i) => Math.min(32, Math.max(c.length, ...rows.map((r) => (r[i] ?? "").length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : clip(c, widths[i]!).padEnd(widths[i]!))).join("  ").trimEnd();
  const lines = [line(cols), line(widths.map((w) => "-".repeat(w)))];
  let size = lines.join("\n").length + 8;
  let shown = 0;
  for (const r of rows) {
    const l = clip(line(r), 120);
    if (size + l.length + 1 + 30 > max) break;
    lines.push(l);
    size += l.length + 1;
    shown++;
  }
  const more = rows.length - shown;
  return "```\n" + lines.join("\n") + "\n```" + (more ? `\n…and ${more} more` : "");
}

/** Embeds within the per-message limits: fields spill into further embeds; past 6,000 characters a note says what was left out. */
function embedsOf(m: Message): Embed[] {
  const fields: EmbedField[] = [];
  for (const s of m.sections ?? []) {
    const text = [s.text ? escapeText(s.text) : "", s.table ? tableText(s.table, LIMITS.fieldValue) : ""].filter(Boolean).join("\n");
    if (s.title || text) fields.push({ name: clip(s.title ? escapeText(s.title) : "\u200b", LIMITS.fieldName), value: clip(text || "\u200b", LIMITS.fieldValue) });
    for (const f of s.fields ?? [])
      fields.push({ name: clip(escapeText(f.label) || "\u200b", LIMITS.fieldName), value: clip(escapeText(f.value || "-"), LIMITS.fieldValue), inline: true });
  }
  const first: Embed = {};
  if (m.title) first.title = clip(escapeText(m.title), LIMITS.title);
  if (m.text) first.description = clip(escapeText(m.text), LIMITS.description);
  if (m.tone) first.color = COLOUR[m.tone];
  if (m.file) first.footer = { text: clip(`${m.file.name} was written on Scout's server.`, LIMITS.footer) };
  const embeds: Embed[] = [first];
  const size = (e: Embed) => (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  let total = size(first);
  const NOTE = 80;
  for (const [i, f] of fields.entries()) {
    let cur = embeds[embeds.length - 1]!;
    if ((cur.fields?.length ?? 0) >= LIMITS.fields) {
      if (embeds.length >= LIMITS.embeds) {
        cur.footer = { text: `${fields.length - i} more ${plural(fields.length - i, "item")} not shown: narrow the command.` };
        break;
      }
      cur = {};
      if (m.tone) cur.color = COLOUR[m.tone];
      embeds.push(cur);
    }
    if (total + f.name.length + f.value.length > LIMITS.embedsTotal - NOTE) {
      cur.footer = { text: `${fields.length - i} more ${plural(fields.length - i, "item")} not shown: narrow the command.` };
      break;
    }
    (cur.fields ??= []).push(f);
    total += f.name.length + f.value.length;
  }
  return embeds.filter((e) => size(e) > 0);
}

const STYLE = { primary: 1, danger: 4 } as const;

/**
 * A button's label on one line, 1 to 80 characters: Discord refuses the whole message over an
 * empty or blank label, so a label that is empty once its blanks go shows the command it runs.
 */
function buttonLabel(a: Action): string {
  return clip(oneLine(a.label), LIMITS.buttonLabel) || clip(oneLine(`/scout ${a.value ?? ""}`), LIMITS.buttonLabel);
}

/** Buttons, 5 a row, at most 5 rows; a button whose command line does not fit a custom id is left out. */
export function buttonRows(actions: Action[], ids: CustomIds): RowJson[] {
  const buttons: ButtonJson[] = [];
  for (const a of actions) {
    if (!a.value) continue;
    const id = ids.make("s", a.value);
    if (!id || buttons.some((b) => b.custom_id === id)) continue;
    buttons.push({ type: 2, style: a.style ? STYLE[a.style] : 2, label: buttonLabel(a), custom_id: id, ...(a.disabled ? { disabled: true } : {}) });
  }
  const rows: RowJson[] = [];
  for (let i = 0; i < buttons.length && rows.length < LIMITS.rows; i += LIMITS.buttonsPerRow)
    rows.push({ type: 1, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  return rows;
}

export function renderMessage(m: Message, ids: CustomIds): DiscordMessage {
  const actions = [...(m.sections ?? []).flatMap((s) => s.actions ?? []), ...(m.actions ?? [])];
  const embeds = embedsOf(m);
  return {
    ...(embeds.length ? {} : { content: "\u200b" }),
    embeds,
    components: buttonRows(actions, ids),
    allowed_mentions: { parse: [] },
  };
}

/** A short plain text answer (errors, refusals), escaped and within 2,000 characters. */
export function textMessage(text: string): DiscordMessage {
  return { content: clip(escapeText(text), LIMITS.content), embeds: [], components: [], allowed_mentions: { parse: [] } };
}

/** The same message as discord.js reply options (it names allowed mentions in camelCase). */
export function replyOptions(m: DiscordMessage) {
  const { allowed_mentions, ...rest } = m;
  return { ...rest, allowedMentions: allowed_mentions };
}
