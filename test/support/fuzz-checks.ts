// What a reply looks like on each surface, checked: Slack (Block Kit limits, mrkdwn escaping),
// Discord (message and embed limits, no pings, no masked links) and the console (no control
// characters or escape sequences). Used by the fuzz tests on every reply and notice.
import type { Message } from "../../src/core/message.ts";
import { renderMessage } from "../../src/adapters/slack/render.ts";
import { formView } from "../../src/adapters/slack/views.ts";
import { renderText } from "../../src/adapters/console/render.ts";
import { checkBlocks, checkView } from "../fakes/slack-spec.ts";
import { LIMITS as DISCORD, renderMessage as renderDiscord, textMessage } from "../../src/adapters/discord/render.ts";
import { MODAL_LIMITS, formModal } from "../../src/adapters/discord/modal.ts";
import { createCustomIds } from "../../src/adapters/discord/custom-id.ts";
import { checkRequest } from "../fakes/discord-spec.ts";

/** The date tokens Scout itself writes (slackTime); nothing else in mrkdwn may start with "<". */
const OWN_TOKEN = /<!date\^\d+\^\{time\}\|\d\d:\d\d UTC>/g;
const BROADCAST = /@(here|channel|everyone)\b/i;
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textObjects(x: unknown, out: { type: string; text: string }[] = []) {
  if (Array.isArray(x)) for (const v of x) textObjects(v, out);
  else if (x && typeof x === "object") {
    const o = x as Record<string, unknown>;
    if ((o.type === "mrkdwn" || o.type === "plain_text") && typeof o.text === "string") out.push(o as { type: string; text: string });
    else for (const v of Object.values(o)) textObjects(v, out);
  }
  return out;
}

/** Problems with escaping in one mrkdwn string (Slack parses it) or plain_text (shown as typed). */
export function slackTextProblems(t: { type: string; text: string }): string[] {
  const out: string[] = [];
  if (LONE.test(t.text)) out.push(`lone surrogate in ${t.type}`);
  if (BROADCAST.test(t.text)) out.push(`broadcast word in ${t.type}: ${t.text.slice(0, 80)}`);
  if (t.type === "mrkdwn") {
    const rest = t.text.replace(OWN_TOKEN, "");
    if (/[<>]/.test(rest)) out.push(`raw < or > in mrkdwn (a mention or link from user input): ${rest.slice(0, 80)}`);
    if (/&(?!(amp|lt|gt);)/.test(rest)) out.push(`unescaped & or a cut entity in mrkdwn: ${rest.slice(0, 80)}`);
  } else if (/<[!@#]/.test(t.text)) out.push(`<!, <@ or <# in plain_text: ${t.text.slice(0, 80)}`);
  return out;
}

/** Everything wrong with a message rendered for Slack: Block Kit limits, paging, escaping. */
export function slackProblems(m: Message): string[] {
  const out: string[] = [];
  const pages = renderMessage(m);
  if (!pages.length) out.push("no page");
  for (const p of pages) {
    out.push(...checkBlocks(p.blocks, "message"));
    if (!p.text || p.text.length > 40_000) out.push(`top-level text of ${p.text.length}`);
    for (const t of [...textObjects(p.blocks), { type: "mrkdwn", text: p.text }]) out.push(...slackTextProblems(t));
  }
  if (m.form) {
    const view = formView(m.form, { channelId: "C1" });
    out.push(...checkView(view as unknown as Record<string, unknown>));
    for (const t of textObjects(view.blocks)) out.push(...slackTextProblems(t));
  }
  return out;
}

/** Everything wrong with a message printed on the console: control characters, broken text. */
export function consoleProblems(m: Message, maxChars = 200_000): string[] {
  const text = renderText(m);
  const out: string[] = [];
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text)) out.push("control character or escape sequence on the console");
  if (LONE.test(text)) out.push("lone surrogate on the console");
  if (text.length > maxChars) out.push(`console reply of ${text.length} characters`);
  return out;
}

// ---- Discord ----------------------------------------------------------------------------------

const discordIds = createCustomIds("fuzz-token");

/** Problems with escaping in Discord markdown: outside code blocks, after removing escaped
 *  characters, no masked link, no mention syntax, and @everyone/@here broken by a zero-width space. */
export function discordTextProblems(text: string, where: string): string[] {
  const out: string[] = [];
  if (LONE.test(text)) out.push(`${where}: lone surrogate`);
  const prose = text.replace(/```[\s\S]*?```/g, "").replace(/\\[\s\S]/g, "");
  if (/@(everyone|here)/i.test(prose)) out.push(`${where}: @everyone or @here: ${text.slice(0, 80)}`);
  if (/\]\(/.test(prose)) out.push(`${where}: a masked link [label](url): ${text.slice(0, 80)}`);
  if (/<[@#!:]|<a?:\w+:\d+>|<https?:/i.test(prose)) out.push(`${where}: mention or link syntax <…>: ${text.slice(0, 80)}`);
  return out;
}

/** Everything wrong with a message rendered for Discord: its limits, allowed mentions, escaping. */
export function discordProblems(m: Message): string[] {
  const out: string[] = [];
  const d = renderDiscord(m, discordIds);
  const texts: [string, string][] = [];
  // Discord's own API description (where ../shared holds it), then the limits it does not enforce.
  out.push(...checkRequest("POST", "/channels/{channel_id}/messages", d));
  if (d.allowed_mentions.parse.length) out.push("allowed_mentions parses mentions");
  if (d.content !== undefined) {
    if (d.content.length > DISCORD.content) out.push(`content of ${d.content.length} (max ${DISCORD.content})`);
    texts.push(["content", d.content]);
  }
  if (d.embeds.length > DISCORD.embeds) out.push(`${d.embeds.length} embeds (max ${DISCORD.embeds})`);
  if (!d.content && !d.embeds.length) out.push("an empty message");
  let total = 0;
  d.embeds.forEach((e, i) => {
    const w = `embed ${i}`;
    if ((e.title?.length ?? 0) > DISCORD.title) out.push(`${w}: title of ${e.title!.length}`);
    if ((e.description?.length ?? 0) > DISCORD.description) out.push(`${w}: description of ${e.description!.length}`);
    if ((e.footer?.text.length ?? 0) > DISCORD.footer) out.push(`${w}: footer of ${e.footer!.text.length}`);
    if ((e.fields?.length ?? 0) > DISCORD.fields) out.push(`${w}: ${e.fields!.length} fields`);
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
    if (e.title) texts.push([`${w} title`, e.title]);
    if (e.description) texts.push([`${w} description`, e.description]);
    for (const [j, f] of (e.fields ?? []).entries()) {
      if (!f.name.length || f.name.length > DISCORD.fieldName) out.push(`${w} field ${j}: name of ${f.name.length}`);
      if (!f.value.length || f.value.length > DISCORD.fieldValue) out.push(`${w} field ${j}: value of ${f.value.length}`);
      total += f.name.length + f.value.length;
      texts.push([`${w} field ${j} name`, f.name], [`${w} field ${j} value`, f.value]);
    }
  });
  if (total > DISCORD.embedsTotal) out.push(`embeds of ${total} characters (max ${DISCORD.embedsTotal})`);
  if (d.components.length > DISCORD.rows) out.push(`${d.components.length} rows of buttons`);
  for (const row of d.components) {
    if (row.components.length > DISCORD.buttonsPerRow) out.push(`${row.components.length} buttons in a row`);
    for (const b of row.components) {
      if (!b.label.trim().length || b.label.length > DISCORD.buttonLabel) out.push(`button label of ${b.label.length}`);
      if (b.custom_id.length > 100) out.push(`custom_id of ${b.custom_id.length}`);
      if (LONE.test(b.label)) out.push("button label: lone surrogate");
    }
  }
  for (const [w, t] of texts) out.push(...discordTextProblems(t, w));
  if (m.text) {
    const t = textMessage(m.text);
    if (t.content!.length > DISCORD.content) out.push(`text message of ${t.content!.length}`);
    out.push(...discordTextProblems(t.content!, "text message"));
  }
  if (m.form) {
    const modal = formModal(m.form, discordIds);
    if (modal) {
      out.push(...checkRequest("POST", "/interactions/{interaction_id}/{interaction_token}/callback", { type: 9, data: modal }));
      if (modal.title.length > MODAL_LIMITS.title) out.push(`modal title of ${modal.title.length}`);
      if (modal.components.length > MODAL_LIMITS.components) out.push(`${modal.components.length} modal fields`);
      for (const c of modal.components) {
        if (!c.label.trim().length || c.label.length > MODAL_LIMITS.label) out.push(`modal label of ${c.label.length}`);
        if ((c.description?.length ?? 0) > MODAL_LIMITS.description) out.push(`modal description of ${c.description!.length}`);
        const v = (c.component as { value?: string }).value;
        if ((v?.length ?? 0) > MODAL_LIMITS.value) out.push(`modal value of ${v!.length}`);
      }
    }
  }
  return out;
}
