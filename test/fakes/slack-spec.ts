// Checks what the bot sends to Slack against Slack's own Web API description
// (../shared/specs/slack_web_openapi_v2.json: method names, argument names, required arguments)
// and against the Block Kit limits the description cannot express.
import fs from "node:fs";
import path from "node:path";

const SPEC_FILE = path.resolve(import.meta.dirname, "../../../shared/specs/slack_web_openapi_v2.json");

interface SpecParam {
  name: string;
  in: string;
  required?: boolean;
}
type Spec = { paths: Record<string, Record<string, { parameters?: SpecParam[] }>> };

let spec: Spec | undefined;
export const specAvailable = () => fs.existsSync(SPEC_FILE);
let warned = false;
function warnSpecAbsent() {
  if (warned) return;
  warned = true;
  console.warn(`Slack's API description is absent (${SPEC_FILE}): recorded calls are checked against the Block Kit limits only.`);
}
function loadSpec(): Spec {
  spec ??= JSON.parse(fs.readFileSync(SPEC_FILE, "utf8")) as Spec;
  return spec;
}

/**
 * What the 2021 description lacks, method by method, and why it is allowed. Each entry was checked
 * against Slack's current reference (docs.slack.dev/reference/methods).
 */
export const SPEC_ALLOWANCES: Record<string, { methodMissing?: boolean; args: string[]; why: string }> = {
  // Added in 2024 for files.uploadV2 (files.upload is being retired); absent from the 2021 file.
  "files.getUploadURLExternal": { methodMissing: true, args: ["filename", "length", "alt_txt", "alt_text", "snippet_type"], why: "2024 upload flow, step 1" },
  "files.completeUploadExternal": {
    methodMissing: true,
    args: ["files", "channel_id", "channels", "initial_comment", "thread_ts", "blocks"],
    why: "2024 upload flow, step 3",
  },
  // Socket Mode (2020-21) is not in the description; it takes only the app-level token.
  "apps.connections.open": { methodMissing: true, args: [], why: "Socket Mode connection URL" },
  // Message metadata (2022) and unfurl flags on chat.update are newer than the description.
  "chat.postMessage": { args: ["metadata"], why: "message metadata (2022)" },
  "chat.update": { args: ["metadata", "file_ids", "reply_broadcast"], why: "newer chat.update arguments" },
};

/** Keys a response_url accepts (docs.slack.dev/interactivity/handling-user-interaction#message_responses). */
const RESPONSE_URL_KEYS = new Set(["text", "blocks", "attachments", "response_type", "replace_original", "delete_original", "thread_ts", "mrkdwn", "unfurl_links", "unfurl_media"]);

/** Problems with one Web API call: unknown method, unknown or missing argument, Block Kit limits. */
export function checkApiCall(method: string, args: Record<string, unknown>): string[] {
  const problems: string[] = [];
  // Where ../shared is absent (a user's clone), only the Block Kit limits are checked.
  if (specAvailable()) {
    const op = loadSpec().paths[`/${method}`];
    const allowance = SPEC_ALLOWANCES[method];
    if (!op && !allowance?.methodMissing) return [`${method}: no such method in the Web API description`];
    const params = op ? Object.values(op).flatMap((o) => o.parameters ?? []) : [];
    const known = new Set([...params.map((p) => p.name), ...(allowance?.args ?? []), "token"]);
    for (const k of Object.keys(args)) if (!known.has(k)) problems.push(`${method}: unknown argument ${k}`);
    for (const p of params) if (p.required && p.name !== "token" && !(p.name in args)) problems.push(`${method}: missing required ${p.name}`);
  } else warnSpecAbsent();
  const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
  try {
    if ("blocks" in args) problems.push(...checkBlocks(json(args.blocks), "message").map((p) => `${method}: ${p}`));
    if ("view" in args) problems.push(...checkView(json(args.view)).map((p) => `${method}: ${p}`));
    if (/^chat\.(postMessage|update|postEphemeral)$/.test(method) && !args.text) problems.push(`${method}: no top-level text (notifications and screen readers need it)`);
  } catch (e) {
    problems.push(`${method}: blocks or view is not JSON (${(e as Error).message})`);
  }
  return problems;
}

/** Problems with a body posted to a response_url. */
export function checkResponseBody(body: Record<string, unknown>): string[] {
  const problems = Object.keys(body).filter((k) => !RESPONSE_URL_KEYS.has(k)).map((k) => `response_url: unknown key ${k}`);
  if (body.blocks !== undefined) problems.push(...checkBlocks(body.blocks, "message").map((p) => `response_url: ${p}`));
  if (!body.delete_original && typeof body.text !== "string") problems.push("response_url: no text");
  if (body.response_type !== undefined && !["ephemeral", "in_channel"].includes(String(body.response_type))) problems.push(`response_url: bad response_type ${body.response_type}`);
  return problems;
}

const LIMIT = { message: 50, modal: 100, home: 100 } as const;
const MENTIONS = /<!(channel|here|everyone)\b/;

function textObject(t: unknown, where: string, max: number, kind?: "plain_text" | "mrkdwn"): string[] {
  const o = t as { type?: string; text?: string } | undefined;
  if (!o || typeof o.text !== "string") return [`${where}: missing text object`];
  const out: string[] = [];
  if (o.type !== "plain_text" && o.type !== "mrkdwn") out.push(`${where}: text type ${o.type}`);
  if (kind && o.type !== kind) out.push(`${where}: must be ${kind}`);
  if (!o.text.length) out.push(`${where}: empty text`);
  if (o.text.length > max) out.push(`${where}: text of ${o.text.length} characters (max ${max})`);
  if (MENTIONS.test(o.text)) out.push(`${where}: contains a broadcast mention`);
  return out;
}

function checkElement(e: Record<string, unknown>, where: string, ids: Set<string>): string[] {
  const out: string[] = [];
  const id = e.action_id as string | undefined;
  if (id !== undefined) {
    if (id.length > 255) out.push(`${where}: action_id longer than 255`);
    if (ids.has(id)) out.push(`${where}: action_id ${id} repeated`);
    ids.add(id);
  }
  if (e.type === "button") {
    out.push(...textObject(e.text, `${where} button`, 75, "plain_text"));
    if (typeof e.value === "string" && e.value.length > 2000) out.push(`${where}: button value longer than 2000`);
  }
  if (e.type === "static_select") {
    const opts = (e.options as { text: unknown; value: string }[]) ?? [];
    if (!opts.length || opts.length > 100) out.push(`${where}: ${opts.length} select options (1 to 100)`);
    opts.forEach((o, i) => {
      out.push(...textObject(o.text, `${where} option ${i}`, 75, "plain_text"));
      if (o.value.length > 150) out.push(`${where} option ${i}: value longer than 150`);
    });
  }
  return out;
}

/** Block Kit limits for the blocks of a message, a modal or a Home tab. */
export function checkBlocks(blocks: unknown, surface: keyof typeof LIMIT): string[] {
  if (!Array.isArray(blocks)) return ["blocks is not an array"];
  const out: string[] = [];
  if (blocks.length > LIMIT[surface]) out.push(`${blocks.length} blocks in a ${surface} (max ${LIMIT[surface]})`);
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((b: Record<string, unknown>, i) => {
    const where = `block ${i} (${b.type})`;
    const bid = b.block_id as string | undefined;
    if (bid !== undefined) {
      if (bid.length > 255) out.push(`${where}: block_id longer than 255`);
      if (blockIds.has(bid)) out.push(`${where}: block_id ${bid} repeated`);
      blockIds.add(bid);
    }
    switch (b.type) {
      case "header":
        out.push(...textObject(b.text, where, 150, "plain_text"));
        break;
      case "section": {
        const fields = (b.fields as unknown[] | undefined) ?? [];
        if (!b.text && !fields.length) out.push(`${where}: neither text nor fields`);
        if (b.text) out.push(...textObject(b.text, where, 3000));
        if (fields.length > 10) out.push(`${where}: ${fields.length} fields (max 10)`);
        fields.forEach((f, j) => out.push(...textObject(f, `${where} field ${j}`, 2000)));
        break;
      }
      case "context": {
        const els = (b.elements as unknown[]) ?? [];
        if (!els.length || els.length > 10) out.push(`${where}: ${els.length} elements (1 to 10)`);
        els.forEach((e, j) => out.push(...textObject(e, `${where} element ${j}`, 3000)));
        break;
      }
      case "actions": {
        const els = (b.elements as Record<string, unknown>[]) ?? [];
        if (!els.length || els.length > 25) out.push(`${where}: ${els.length} elements (1 to 25)`);
        els.forEach((e, j) => out.push(...checkElement(e, `${where} element ${j}`, actionIds)));
        break;
      }
      case "input":
        if (surface === "message") out.push(`${where}: input blocks belong in modals`);
        out.push(...textObject(b.label, `${where} label`, 2000, "plain_text"));
        if (b.hint) out.push(...textObject(b.hint, `${where} hint`, 2000, "plain_text"));
        out.push(...checkElement(b.element as Record<string, unknown>, `${where} element`, actionIds));
        break;
      case "divider":
        break;
      default:
        out.push(`${where}: block type not used by Scout`);
    }
  });
  return out;
}

/** A modal or Home tab: its own limits, then its blocks. */
export function checkView(view: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (view.type === "modal") {
    out.push(...textObject(view.title, "modal title", 24, "plain_text"));
    if (view.submit) out.push(...textObject(view.submit, "modal submit", 24, "plain_text"));
    if (view.close) out.push(...textObject(view.close, "modal close", 24, "plain_text"));
    if (typeof view.private_metadata === "string" && view.private_metadata.length > 3000) out.push("modal private_metadata longer than 3000");
    if (typeof view.callback_id === "string" && view.callback_id.length > 255) out.push("modal callback_id longer than 255");
    out.push(...checkBlocks(view.blocks, "modal"));
  } else if (view.type === "home") out.push(...checkBlocks(view.blocks, "home"));
  else out.push(`view type ${view.type}`);
  return out;
}
