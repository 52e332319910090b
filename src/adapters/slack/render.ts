// Renders the neutral message model as Block Kit: title → header, text → section, sections →
// sections with fields, tables → code blocks, actions → buttons that carry their command line.
// Long messages become several pages, each within Slack's 50-block limit.
import type { Action, Message, Section } from "../../core/message.ts";
import { LIMITS, type Button, type KnownBlock, clip, clipEscaped, escapeMrkdwn, fallbackText, mrkdwn, plain, slackTime, splitEscaped, textSections } from "./blocks.ts";
import { own } from "../../core/own.ts";

/** One Slack message: `text` is the notification/fallback, `blocks` what people see. */
export interface SlackPage {
  text: string;
  blocks: KnownBlock[];
}

const TONE: Record<NonNullable<Message["tone"]>, string> = {
  info: "",
  success: ":white_check_mark: ",
  warning: ":warning: ",
  error: ":warning: ",
};

/** Prefix of every button's action_id: the actions listener matches it. */
export const ACTION_PREFIX = "scout";
/** Prefix of the block_id of every actions block Scout renders. */
export const ACTIONS_BLOCK_PREFIX = "scout_actions";

function fieldsOf(s: Section) {
  return (s.fields ?? []).map((f) => mrkdwn(clipEscaped(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value || "-")}`, LIMITS.fieldText)));
}

/** A table as code blocks of at most 3,000 characters, the header repeated on each. */
export function tableSections(t: NonNullable<Section["table"]>): KnownBlock[] {
  const cell = (c: string) => (c ?? "").replace(/`/g, "ˋ").replace(/\s*\n\s*/g, " ");
  const cols = t.columns.map(cell);
  const rows = t.rows.map((r) => r.map(cell));
  const widths = cols.map((c, i) => Math.min(48, Math.max(c.length, ...rows.map((r) => (r[i] ?? "").length))));
  const line = (cells: string[]) =>
    escapeMrkdwn(cells.map((c, i) => (i === cells.length - 1 ? c : clip(c, widths[i]!).padEnd(widths[i]!))).join("  ").trimEnd());
  const head = [line(cols), line(widths.map((w) => "-".repeat(w)))].join("\n");
  const fence = (body: string) => "```\n" + body + "\n```";
  const budget = LIMITS.sectionText - fence(head + "\n").length;
  const blocks: KnownBlock[] = [];
  let chunk: string[] = [];
  let size = 0;
  const flush = () => {
    if (chunk.length || !blocks.length) blocks.push({ type: "section", text: mrkdwn(fence([head, ...chunk].join("\n"))) });
    chunk = [];
    size = 0;
  };
  for (const r of rows) {
    const l = clipEscaped(line(r), budget);
    if (size + l.length + 1 > budget) flush();
    chunk.push(l);
    size += l.length + 1;
  }
  flush();
  return blocks;
}

function sectionBlocks(s: Section, ids: IdsInUse): KnownBlock[] {
  const out: KnownBlock[] = [];
  const text = [s.title ? `*${escapeMrkdwn(s.title)}*` : "", s.text ? escapeMrkdwn(s.text) : ""].filter(Boolean).join("\n");
  const fields = fieldsOf(s);
  const groups: ReturnType<typeof fieldsOf>[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.fields) groups.push(fields.slice(i, i + LIMITS.fields));
  const pieces = text ? splitEscaped(text, LIMITS.sectionText) : [];
  pieces.forEach((p, i) => {
    const last = i === pieces.length - 1;
    out.push(last && groups.length ? { type: "section", text: mrkdwn(p), fields: groups.shift()! } : { type: "section", text: mrkdwn(p) });
  });
  for (const g of groups) out.push({ type: "section", fields: g });
  if (s.table) out.push(...tableSections(s.table));
  if (s.actions?.length) out.push(...actionBlocks(s.actions, ids));
  return out;
}

/** Ids already taken in a message (action ids and block ids), so that new ones stay unique. */
export interface IdsInUse {
  actions: Set<string>;
  blocks: Set<string>;
}
const freshIds = (): IdsInUse => ({ actions: new Set(), blocks: new Set() });

/** Buttons, at most 25 an actions block; action and block ids unique within the message. */
export function actionBlocks(actions: Action[], ids: IdsInUse = freshIds()): KnownBlock[] {
  const used = ids.actions;
  const buttons: Button[] = [];
  for (const a of actions) {
    if (!a.value || a.value.length > LIMITS.buttonValue) continue; // a button must carry a command it can run
    const base = `${ACTION_PREFIX}:${a.id.replace(/[^\w.:-]+/g, "_")}`.slice(0, LIMITS.id - 6);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}~${n}`;
    used.add(id);
    buttons.push({ type: "button", action_id: id, text: plain(a.label, LIMITS.buttonText), value: a.value, ...(a.style ? { style: a.style } : {}) });
  }
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.actionsElements) {
    let n = ids.blocks.size + 1;
    while (ids.blocks.has(`${ACTIONS_BLOCK_PREFIX}_${n}`)) n++;
    const blockId = `${ACTIONS_BLOCK_PREFIX}_${n}`;
    ids.blocks.add(blockId);
    blocks.push({ type: "actions", block_id: blockId, elements: buttons.slice(i, i + LIMITS.actionsElements) });
  }
  return blocks;
}

/** Groups of blocks that belong together (a section and its table), before paging. */
function units(m: Message, ids: IdsInUse = freshIds()): KnownBlock[][] {
  const tone = m.tone ? TONE[m.tone] : "";
  const out: KnownBlock[][] = [];
  if (m.title) out.push([{ type: "header", text: plain(tone + m.title, LIMITS.headerText) }]);
  const text = (m.title ? "" : tone) + (m.text ?? "");
  if (text.trim()) out.push(textSections(escapeMrkdwn(text)));
  for (const s of m.sections ?? []) {
    const b = sectionBlocks(s, ids);
    if (b.length) out.push(b);
  }
  if (m.file) out.push([{ type: "context", elements: [mrkdwn(`:page_facing_up: ${escapeMrkdwn(clip(m.file.name, 200))} is attached below.`)] }]);
  if (m.actions?.length) {
    const b = actionBlocks(m.actions, ids);
    if (b.length) out.push(b);
  }
  return out;
}

/** All the blocks of a message, unpaged (for views and in-place updates, which trim themselves). */
export function messageBlocks(m: Message, ids?: IdsInUse): KnownBlock[] {
  return units(m, ids).flat();
}

/**
 * The message as one or more Slack messages of at most `maxBlocks` blocks. Follow-up pages start
 * with a "continued" line; a section is never split across pages unless it alone is too big.
 */
export function renderMessage(m: Message, opts: { maxBlocks?: number } = {}): SlackPage[] {
  const max = opts.maxBlocks ?? LIMITS.messageBlocks;
  // Follow-up pages keep one block for their "continued" line.
  const cap = (page: number) => (page === 0 ? max : max - 1);
  const pages: KnownBlock[][] = [[]];
  for (const u of units(m)) {
    let rest = u;
    while (rest.length) {
      const page = pages[pages.length - 1]!;
      const room = cap(pages.length - 1) - page.length;
      if (rest.length <= room) {
        page.push(...rest);
        break;
      }
      // Keep a unit whole on a fresh page when it fits there; otherwise fill this page and go on.
      if (page.length && rest.length <= cap(pages.length)) {
        pages.push([]);
        continue;
      }
      page.push(...rest.slice(0, room));
      rest = rest.slice(room);
      pages.push([]);
    }
  }
  if (pages.length > 1 && !pages[pages.length - 1]!.length) pages.pop();
  const fallback = fallbackText([m.title, m.title ? undefined : m.text]);
  return pages.map((blocks, i) =>
    i === 0
      ? { text: fallback, blocks: blocks.length ? blocks : [{ type: "section", text: mrkdwn(fallback) }] }
      : {
          text: `${fallback} (continued, ${i + 1}/${pages.length})`,
          blocks: [{ type: "context", elements: [mrkdwn(`_${clipEscaped(escapeMrkdwn(m.title ?? "Scout"), 200)}, continued (${i + 1}/${pages.length})_`)] }, ...blocks],
        },
  );
}

/** A one-line message (progress, refusals). */
export function textPage(text: string): SlackPage {
  const t = clipEscaped(escapeMrkdwn(text), LIMITS.sectionText);
  return { text: t, blocks: [{ type: "section", text: mrkdwn(t) }] };
}

const IRREGULAR: Record<string, string> = { pay: "Paid", send: "Sent", run: "Ran", pick: "Picked", set: "Set", put: "Put" };

/** "Approve" → "Approved by <@U1> at 10:02"; a label of several words → "<@U1> chose Next page at 10:02". */
export function decidedLine(label: string, userId: string, at: Date): string {
  const who = `<@${userId.replace(/[^\w]/g, "")}>`;
  const word = label.trim();
  if (/^[A-Za-z]+$/.test(word)) {
    const w = word.toLowerCase();
    const past =
      own(IRREGULAR, w) ??
      (w.endsWith("e") ? word + "d" : /[^aeiou]y$/.test(w) ? word.slice(0, -1) + "ied" : /^(stop|plan|ship|drop|tag)$/.test(w) ? word + word.slice(-1) + "ed" : word + "ed");
    return `${past.charAt(0).toUpperCase() + past.slice(1)} by ${who} at ${slackTime(at)}`;
  }
  return `${who} chose *${escapeMrkdwn(clip(word, 75))}* at ${slackTime(at)}`;
}

/**
 * The original message after a button click: the clicked actions block gives way to the result and
 * a line saying who decided and when (in place, e.g. next to the creator invited). Within 50 blocks:
 * the result is cut first, then the original's tail.
 */
export function updatedAfterClick(opts: {
  original: KnownBlock[] | undefined;
  clickedBlockId: string | undefined;
  result: Message;
  decided: string;
}): SlackPage {
  const original = opts.original ?? [];
  const idx = original.findIndex((b) => b.type === "actions" && b.block_id === opts.clickedBlockId);
  const before = idx >= 0 ? original.slice(0, idx) : original;
  const after = idx >= 0 ? original.slice(idx + 1) : [];
  const ids = freshIds();
  for (const b of [...before, ...after]) {
    if (b.block_id) ids.blocks.add(b.block_id);
    if (b.type === "actions") for (const e of b.elements) if ("action_id" in e && e.action_id) ids.actions.add(e.action_id);
  }
  const r = opts.result;
  let result = messageBlocks({ ...r, title: undefined, text: [r.title ? `*${r.title}*` : "", r.text ?? ""].filter(Boolean).join("\n") }, ids);
  const context: KnownBlock = { type: "context", elements: [mrkdwn(opts.decided)] };
  const max = LIMITS.messageBlocks;
  const fixed = before.length + after.length + 1;
  if (fixed + result.length > max) result = result.slice(0, Math.max(0, max - fixed));
  let blocks = [...before, ...result, context, ...after];
  if (blocks.length > max) blocks = [...[...before, ...after].slice(0, max - 1), context];
  return { text: fallbackText([r.title, r.title ? undefined : r.text]), blocks };
}
