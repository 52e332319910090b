// Forms as modals (views.open) and their values back as command options; the App Home tab.
import type { types } from "@slack/bolt";
import type { Form, FormField, Message } from "../../core/message.ts";
import { LIMITS, clip, escapeMrkdwn, mrkdwn, plain, type KnownBlock } from "./blocks.ts";

type InputBlock = types.InputBlock;
import { messageBlocks } from "./render.ts";

/** callback_id of every Scout modal. */
export const FORM_CALLBACK = "scout_form";

/** What a modal carries to its submission (in private_metadata). */
export interface FormMeta {
  /** The command the form runs. */
  c: string;
  /** Hidden options, passed through unchanged. */
  h: Record<string, string>;
  /** Where the form was opened (a channel id), for posting the result. */
  ch?: string;
}

function element(f: FormField): InputBlock["element"] {
  const id = f.key;
  switch (f.kind) {
    case "textarea":
      return { type: "plain_text_input", action_id: id, multiline: true, ...(f.initial ? { initial_value: f.initial } : {}) };
    case "number":
      return { type: "number_input", action_id: id, is_decimal_allowed: true, ...(f.initial ? { initial_value: f.initial } : {}) };
    case "date":
      return { type: "datepicker", action_id: id, ...(f.initial && /^\d{4}-\d{2}-\d{2}$/.test(f.initial) ? { initial_date: f.initial } : {}) };
    case "url":
      return { type: "url_text_input", action_id: id, ...(f.initial ? { initial_value: f.initial } : {}) };
    case "select": {
      const options: types.PlainTextOption[] = (f.choices ?? [])
        .slice(0, LIMITS.selectOptions)
        .map((c) => ({ text: plain(c.label, LIMITS.optionText), value: c.value.slice(0, LIMITS.optionValue) }));
      const initial = options.find((o) => o.value === f.initial);
      return { type: "static_select", action_id: id, options, ...(initial ? { initial_option: initial } : {}) };
    }
    default:
      return { type: "plain_text_input", action_id: id, ...(f.initial ? { initial_value: f.initial } : {}) };
  }
}

/** A form as a modal: one input block per field, block_id and action_id both the field's key. */
export function formView(form: Form, place?: { channelId?: string }): types.ModalView {
  const meta: FormMeta = { c: form.command, h: form.hidden ?? {}, ...(place?.channelId ? { ch: place.channelId } : {}) };
  let privateMetadata = JSON.stringify(meta);
  if (privateMetadata.length > LIMITS.privateMetadata) privateMetadata = JSON.stringify({ c: form.command, h: form.hidden ?? {} });
  if (privateMetadata.length > LIMITS.privateMetadata) throw new Error(`form ${form.command}: hidden values exceed Slack's 3,000-character private_metadata`);
  const blocks: KnownBlock[] = form.fields.slice(0, LIMITS.viewBlocks).map(
    (f): InputBlock => ({
      type: "input",
      block_id: f.key,
      label: plain(f.label, LIMITS.inputLabel),
      optional: !f.required,
      element: element(f),
      ...(f.hint ? { hint: plain(f.hint, LIMITS.inputLabel) } : {}),
    }),
  );
  return {
    type: "modal",
    callback_id: FORM_CALLBACK,
    title: plain(form.title, LIMITS.modalTitle),
    submit: plain(form.submitLabel || "Submit", LIMITS.modalButton),
    close: plain("Cancel", LIMITS.modalButton),
    private_metadata: privateMetadata,
    blocks,
  };
}

export function parseFormMeta(raw: string | undefined): FormMeta | null {
  try {
    const m = JSON.parse(raw ?? "") as Partial<FormMeta>;
    if (typeof m.c !== "string" || !m.c.trim()) return null;
    return { c: m.c, h: m.h && typeof m.h === "object" ? m.h : {}, ...(typeof m.ch === "string" ? { ch: m.ch } : {}) };
  } catch {
    return null;
  }
}

interface StateValue {
  type?: string;
  value?: string | null;
  selected_date?: string | null;
  selected_option?: { value?: string } | null;
}

/** The submitted values by field key (empty fields left out). */
export function formValues(state: Record<string, Record<string, StateValue>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(state))
    for (const v of Object.values(actions)) {
      const value = v.value ?? v.selected_date ?? v.selected_option?.value ?? "";
      if (typeof value === "string" && value.trim() !== "") out[blockId] = value.trim();
    }
  return out;
}

/** The submission as command-line tokens: the command's words, then key:value (no quoting needed). */
export function formTokens(meta: FormMeta, values: Record<string, string>): string[] {
  const options = { ...values, ...meta.h };
  return [...meta.c.trim().split(/\s+/), ...Object.entries(options).filter(([, v]) => v !== "").map(([k, v]) => `${k}:${v}`)];
}

/**
 * Per-field errors for response_action "errors": each on its own block; anything else on the first
 * input (Slack refuses errors for blocks the view does not have).
 */
export function fieldErrors(blockIds: string[], fields: Record<string, string> | undefined, message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const first = blockIds[0];
  const other: string[] = [];
  for (const [k, v] of Object.entries(fields ?? {})) {
    if (blockIds.includes(k)) errors[k] = clip(v.charAt(0).toUpperCase() + v.slice(1), 300);
    else other.push(`${k}: ${v}`);
  }
  if (first && (other.length || !Object.keys(errors).length)) {
    const text = other.length ? other.join("; ") : message;
    errors[first] = clip(errors[first] ? `${errors[first]}; ${text}` : text, 300);
  }
  return errors;
}

/** The Home tab: a header, the message (trimmed to Slack's 100 blocks), and a note. */
export function homeView(message: Message, note?: string): types.HomeView {
  const head: KnownBlock[] = [{ type: "header", text: plain("Scout", LIMITS.headerText) }];
  const tail: KnownBlock[] = note ? [{ type: "context", elements: [mrkdwn(escapeMrkdwn(clip(note, 2000)))] }] : [];
  let body = messageBlocks(message);
  const room = LIMITS.viewBlocks - head.length - tail.length;
  if (body.length > room) {
    body = body.slice(0, room - 1);
    body.push({ type: "context", elements: [mrkdwn("…more in Slack with `/scout campaign list`.")] });
  }
  return { type: "home", blocks: [...head, ...body, ...tail] };
}
