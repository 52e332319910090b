// One runner per surface: a row's invocation goes through that surface's real adapter (the console
// prompt, real Bolt over signed HTTP, real discord.js over the fake gateway), and the answer comes
// back normalised to an Answer. The error code is read where every adapter gets it, from the
// dispatcher's result (the adapters take the dispatcher as a parameter); everything else is read
// from what the surface showed.
import { EventEmitter } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import type { App } from "../../src/app.ts";
import type { DispatchRequest, DispatchResult } from "../../src/adapters/dispatch.ts";
import { runConsole } from "../../src/adapters/console/console.adapter.ts";
import { createCustomIds } from "../../src/adapters/discord/custom-id.ts";
import { IDS } from "../fakes/discord-api.ts";
import { CREATOR, OUTSIDER as DISCORD_OUTSIDER, TOKEN, type DiscordHarness } from "../fakes/discord-harness.ts";
import { MARKETER, OUTSIDER as SLACK_OUTSIDER, clickPayload, type Harness } from "../fakes/slack-harness.ts";
import { HANDLE } from "./fixture.ts";
import type { Answer, Row, Surface } from "./scenarios.ts";

/** A row's invocation: its options filled in, and the content of its upload if it has one. */
export type Invoke = (row: Row, args: Record<string, string>, upload?: string) => Promise<Answer>;

const quote = (v: string) => (/[\s"']/.test(v) ? `"${v.replace(/"/g, '\\"')}"` : v);
export const lineOf = (cmd: string, args: Record<string, string>) => [cmd, ...Object.entries(args).map(([k, v]) => `${k}:${quote(v)}`)].join(" ");

/** Wraps a dispatcher so the last result's code can be read (the code never reaches the wire). */
export function codeTap(dispatch: App["dispatch"]) {
  const tap = { last: null as DispatchResult | null, dispatch: async (req: DispatchRequest) => (tap.last = await dispatch(req)) };
  return tap;
}

// --- console -------------------------------------------------------------------------------
export function consoleRunner(app: App): Invoke {
  return async (row, args, upload) => {
    const tap = codeTap(app.dispatch);
    // The console imports a file by its path: the one the marketer saved.
    let dir: string | undefined;
    if (row.upload && upload !== undefined) {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-contract-"));
      const file = path.join(dir, row.upload.name);
      fs.writeFileSync(file, upload);
      args = { file, ...args };
    }
    // Creators act on the console with as:@handle (README, "For creators").
    const line = lineOf(row.cmd, row.who === "creator" ? { ...args, as: `@${HANDLE}` } : args);
    let out = "";
    const output = new PassThrough();
    output.on("data", (c) => (out += c.toString()));
    await runConsole({ input: Readable.from([`${line}\n`]), output, dispatch: tap.dispatch, banner: [], interrupts: new EventEmitter() });
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    return {
      private: null,
      text: out,
      // A button is shown as "[Approve] → /scout optins approve id:…", or "[A] [B]" on a line of their own.
      buttons: out.split("\n").flatMap((l) => {
        const withLine = /^\[([^\]]+)\] → \/scout /.exec(l);
        if (withLine) return [withLine[1]!];
        return /^(\[[^\]]+\] ?)+$/.test(l) ? [...l.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!) : [];
      }),
      form: /^Form "([^"]+)"/m.exec(out)?.[1] ?? null,
      code: (tap.last as DispatchResult | null)?.code ?? null,
    };
  };
}

// --- Slack -----------------------------------------------------------------------------------
const slackText = (body: any): string => {
  const parts: string[] = [body.text ?? ""];
  const walk = (x: any) => {
    if (!x || typeof x !== "object") return;
    if (Array.isArray(x)) return x.forEach(walk);
    if (typeof x.text === "string" && x.type !== "button") parts.push(x.text);
    for (const [k, v] of Object.entries(x)) if (k !== "text" || typeof v === "object") walk(v);
  };
  walk(body.blocks ?? []);
  return parts.join("\n").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
};
const slackButtons = (body: any): string[] =>
  (body.blocks ?? []).filter((b: any) => b.type === "actions").flatMap((b: any) => b.elements.filter((e: any) => e.type === "button").map((e: any) => e.text.text));

let dmSeq = 0;
/** An import in Slack: the CSV shared in a direct message with the command as its comment
 *  ("import platform:instagram", "metrics import campaign:…"); the answer replaces the progress message. */
async function slackUpload(h: Harness, tap: ReturnType<typeof codeTap>, row: Row, args: Record<string, string>, content: string, user: string): Promise<Answer> {
  const ts = `1800000000.${String(++dmSeq).padStart(6, "0")}`;
  const comment = lineOf(row.cmd === "roster import" ? "import" : row.cmd, args);
  const file = h.fake.shareFile(row.upload!.name, content);
  const from = h.fake.calls.length;
  tap.last = null;
  const r = await h.event({ type: "message", subtype: "file_share", files: [file], channel: "D0CONTRACT", channel_type: "im", user, text: comment, ts, event_ts: ts });
  if (r.status !== 200) throw new Error(`slack event answered ${r.status}`);
  await h.fake.waitForCall((c) => c.method === "chat.postMessage" && c.args.thread_ts === ts, 10_000);
  const progressTs = h.fake.messages.find((m) => m.threadTs === ts)?.ts;
  const done = await h.fake.waitForCall((c) => h.fake.calls.indexOf(c) >= from && c.method === "chat.update" && c.args.ts === progressTs && !/^Importing /.test(c.args.text ?? ""), 20_000);
  const blocks = typeof done.args.blocks === "string" ? JSON.parse(done.args.blocks) : done.args.blocks;
  return { private: true, text: slackText({ text: done.args.text, blocks }), buttons: slackButtons({ blocks }), form: null, code: (tap.last as DispatchResult | null)?.code ?? null };
}

export function slackRunner(h: Harness, tap: ReturnType<typeof codeTap>): Invoke {
  return async (row, args, upload) => {
    const user = row.who === "stranger" ? SLACK_OUTSIDER : MARKETER;
    if (row.upload && upload !== undefined) return slackUpload(h, tap, row, args, upload, user);
    const line = lineOf(row.cmd, args);
    let id: string;
    tap.last = null;
    if (row.button) {
      const click = clickPayload(h.fake, { value: line, actionId: "scout:contract", label: row.button, user });
      id = click.id;
      const r = await h.interact(click.payload);
      if (r.status !== 200) throw new Error(`slack click answered ${r.status}`);
    } else {
      const r = await h.command(line, { user });
      if (r.status !== 200) throw new Error(`slack command answered ${r.status}`);
      id = r.id;
    }
    // The answer: a modal opened on the trigger, or the last post to the response_url that is not a removal.
    const done = () => {
      const open = h.fake.calls.find((c) => c.method === "views.open" && c.args.trigger_id === `${id}.trigger`);
      const posts = h.fake.responses.filter((r) => r.id === id && !r.body.delete_original && r.body.text !== "Working on it…");
      return open ?? posts.at(-1);
    };
    const started = Date.now();
    while (!done() || !tap.last) {
      if (Date.now() - started > 10_000) throw new Error(`no Slack answer to ${line}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    // A late second post (pages) settles within a moment.
    await new Promise((r) => setTimeout(r, 30));
    const got = done() as any;
    if (got.method === "views.open") {
      const view = JSON.parse(got.args.view);
      return { private: true, text: slackText({ blocks: view.blocks }), buttons: [], form: view.title?.text ?? "", code: (tap.last as DispatchResult | null)?.code ?? null };
    }
    const body = got.body;
    return {
      // An answer only the clicker sees, or a shared message updated in place.
      private: body.response_type === "ephemeral" || (body.response_type === undefined && !body.replace_original),
      text: slackText(body),
      buttons: slackButtons(body),
      form: null,
      code: (tap.last as DispatchResult | null)?.code ?? null,
    };
  };
}

// --- Discord ---------------------------------------------------------------------------------
const discordText = (m: any): string =>
  [
    m?.content ?? "",
    ...(m?.embeds ?? []).flatMap((e: any) => [e.title, e.description, ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value]), e.footer?.text]),
  ]
    .filter(Boolean)
    .join("\n")
    // Markdown escapes ("\\(k-spring\\)") are rendering, not facts.
    .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, "$1");

export function discordRunner(h: DiscordHarness, tap: ReturnType<typeof codeTap>): Invoke {
  const ids = createCustomIds(TOKEN);
  return async (row, args) => {
    const who = row.who === "stranger" ? { user: DISCORD_OUTSIDER, roles: [] as string[] } : { user: CREATOR, name: "Ana" };
    const line = lineOf(row.cmd, args);
    tap.last = null;
    let sent;
    if (row.button) {
      const customId = ids.make("s", line);
      if (!customId) throw new Error(`custom id too long: ${line}`);
      sent = h.click(customId, who);
    } else {
      const [name, ...sub] = row.cmd.split(" ");
      sent = h.slash(name!, args, { ...who, ...(sub.length ? { sub: sub.join(" ") } : {}) });
    }
    const { callback, final } = await h.answer(sent.id, sent.token);
    const code = tap.last ? (tap.last as DispatchResult).code ?? null : null;
    if (callback.body?.type === 9) {
      const modal = callback.body.data;
      return { private: true, text: modal.title ?? "", buttons: [], form: modal.title ?? "", code };
    }
    return {
      private: ((callback.body?.data?.flags ?? 0) & 64) === 64,
      text: discordText(final),
      buttons: (final?.components ?? []).flatMap((r: any) => r.components.map((b: any) => b.label)),
      form: null,
      code,
    };
  };
}

export const SURFACES: Surface[] = ["console", "slack", "discord"];
export { IDS };
