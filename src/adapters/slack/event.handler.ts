// Events: the App Home tab (active campaigns, or the help until `campaign list` exists) and direct
// messages: a CSV shared with the comment "import" is imported into the roster; other text is run
// as a command line.
import fsp from "node:fs/promises";
import type { App } from "@slack/bolt";
import { tokenize } from "../../core/command-line.ts";
import type { ProgressFn } from "../../core/invocation.ts";
import { describe } from "./auth.ts";
import { adapterFailure, type SlackDeps } from "./context.ts";
import fs from "node:fs";
import { isUserError } from "../../core/errors.ts";
import { checkCsv } from "../../core/roster/csv.ts";
import type { Upload } from "../../core/invocation.ts";
import { downloadFile, isCsv, tempDir, uploadName, type SharedFile } from "./files.ts";
import { renderMessage, textPage } from "./render.ts";
import { homeView } from "./views.ts";

interface ImEvent {
  type: "message";
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  files?: SharedFile[];
}

/** Progress edits at most this often (chat.update is rate-limited per channel). */
const PROGRESS_EVERY_MS = 2000;

export function registerEvents(bolt: App, deps: SlackDeps): void {
  bolt.event("app_home_opened", async ({ event }) => {
    if (event.tab && event.tab !== "home") return;
    try {
      await deps.api.views.publish({ user_id: event.user, view: await home(deps, event.user) });
    } catch (err) {
      deps.log.warn({ err: describe(err), user: event.user }, "could not publish the Home tab");
    }
  });

  bolt.event("message", async ({ event, body }) => {
    const e = event as unknown as ImEvent;
    if (e.channel_type !== "im" || e.bot_id || !e.user) return;
    if (e.subtype && e.subtype !== "file_share") return; // edits, deletions, joins...
    const eventId = (body as { event_id?: string }).event_id;
    // Slack re-sends an event it thinks was not received; the import must not run twice.
    if (eventId && !(await deps.dedupe.claim(`slack:event:${eventId}`))) return;
    const log = deps.log.child({ user: e.user, event: eventId });
    const say = (text: string) => deps.api.chat.postMessage({ channel: e.channel, thread_ts: e.thread_ts ?? e.ts, ...textPage(text) });
    try {
      const text = (e.text ?? "").trim();
      const csvs = (e.files ?? []).filter(isCsv);
      if (e.files?.length) {
        const metrics = /^metrics\s+import\b/i.test(text);
        if ((!metrics && !/^import\b/i.test(text)) || !csvs.length) {
          await say(csvs.length ? "To import this file into the roster, share it again with the comment `import` (e.g. `import platform:tiktok`); post metrics: `metrics import`." : "Scout imports CSV files only.");
          return;
        }
        await importShared(deps, e, csvs, text.replace(/^(metrics\s+)?import\b/i, "").trim(), log, metrics);
        return;
      }
      if (text) await runLine(deps, e, text);
    } catch (err) {
      await say(adapterFailure(log, err, "slack direct message failed")).catch(() => {});
    }
  });
}

async function home(deps: SlackDeps, userId: string) {
  const actor = await deps.auth.actor(userId);
  if (!actor.roles.includes("marketer"))
    return homeView({ text: "Scout helps the brand's marketing team find and coordinate creators." }, "Only the marketing team can use Scout here. Ask a Scout admin to add you.");
  const hasList = deps.registry.some((c) => c.name === "campaign list");
  const r = await deps.dispatch({ line: hasList ? "campaign list" : "help", surface: "slack", actor, place: { channelId: userId } });
  const note = hasList
    ? "Type /scout help for every command."
    : "Campaigns will show here once the campaign commands are available. Meanwhile, these are the commands.";
  return homeView(r.reply.message, note);
}

/** A text in the DM runs like /scout <text>; the answer is posted in the DM. */
async function runLine(deps: SlackDeps, e: ImEvent, text: string): Promise<void> {
  const actor = await deps.auth.actor(e.user!);
  const r = await deps.dispatch({ line: text.replace(/^\/?scout\s+/i, ""), surface: "slack", actor, place: { channelId: e.channel } });
  for (const p of renderMessage(r.reply.message).slice(0, 3)) await deps.api.chat.postMessage({ channel: e.channel, text: p.text, blocks: p.blocks });
}

/** Downloads the shared CSV(s), then `roster import <creators> [posts:<posts>] [platform:<x>]`
 *  (or, with `metrics`, `metrics import <file> [campaign:<slug>]`). */
async function importShared(deps: SlackDeps, e: ImEvent, csvs: SharedFile[], rest: string, log: SlackDeps["log"], metrics = false): Promise<void> {
  const thread = e.thread_ts ?? e.ts;
  const actor = await deps.auth.actor(e.user!);
  if (!actor.roles.includes("marketer")) {
    await deps.api.chat.postMessage({ channel: e.channel, thread_ts: thread, ...textPage("Only the brand's marketing team can import creators. Ask a Scout admin to add you to the marketers.") });
    return;
  }
  // Only platform: may follow "import": a path on the server is never taken from a chat message.
  let extra: string[];
  try {
    extra = tokenize(rest);
  } catch {
    extra = [rest];
  }
  const bad = extra.filter((t) => !(metrics ? /^campaign:\S+$/i : /^platform:\S+$/i).test(t));
  if (bad.length) {
    const usage = metrics ? "`metrics import`, or `metrics import campaign:spring-launch`" : "`import`, or `import platform:instagram`";
    await deps.api.chat.postMessage({ channel: e.channel, thread_ts: thread, ...textPage(`"${bad.join(" ")}" was not expected: write ${usage}.`) });
    return;
  }
  const names = csvs.map((f) => f.name ?? "file").join(" and ");
  const progressMsg = await deps.api.chat.postMessage({ channel: e.channel, thread_ts: thread, ...textPage(`Importing ${names}…`) });
  const update = async (text: string, blocks = textPage(text).blocks): Promise<void> => {
    if (progressMsg.ts) await deps.api.chat.update({ channel: e.channel, ts: progressMsg.ts, text, blocks });
    else await deps.api.chat.postMessage({ channel: e.channel, thread_ts: thread, text, blocks });
  };
  let last = Date.now();
  let pending: Promise<unknown> = Promise.resolve();
  const progress: ProgressFn = (p) => {
    if (Date.now() - last < PROGRESS_EVERY_MS) return;
    last = Date.now();
    const pct = p.total > 0 ? Math.round((p.done / p.total) * 100) : 0;
    pending = pending.then(() => update(`Importing ${names}: ${p.phase} ${pct}% (${p.done.toLocaleString("en-US")}/${p.total.toLocaleString("en-US")})`)).catch(() => {});
  };
  const dir = await tempDir();
  try {
    // The command names the uploads by their (cleaned, distinct) names; only the adapter knows where they are.
    const uploads: Upload[] = [];
    for (const f of csvs.slice(0, 2)) {
      const name = uploads.some((u) => u.name === uploadName(f)) ? `2-${uploadName(f)}` : uploadName(f);
      uploads.push({ name, path: await downloadFile(f, dir, name, { token: deps.token, apiUrl: deps.apiUrl, maxBytes: deps.importMaxBytes }) });
    }
    // Checked here, in bounded memory, before a command worker starts: a file that is not CSV, or
    // over the row limit (a million rows), is answered without one.
    for (const u of uploads) await checkCsv({ label: u.name, chunks: () => fs.createReadStream(u.path, { highWaterMark: 64 * 1024 }) }, { maxRows: deps.importMaxRows });
    // Two files: the one whose name says "post" is the per-post metrics.
    const postsIdx = uploads.length === 2 ? uploads.findIndex((u, i) => /post/i.test(csvs[i]!.name ?? u.name)) : -1;
    const creators = uploads.find((_, i) => i !== postsIdx)!.name;
    const tokens = metrics
      ? ["metrics", "import", uploads[0]!.name, ...extra]
      : ["roster", "import", creators, ...(postsIdx >= 0 ? [`posts:${uploads[postsIdx]!.name}`] : []), ...extra];
    const r = await deps.dispatch({ line: tokens, surface: "slack", actor, place: { channelId: e.channel, threadId: thread }, progress, uploads });
    // The downloads are done with: gone before the person reads the answer (and again in finally).
    await removeDir(dir);
    await pending;
    const pages = renderMessage(r.reply.message);
    await update(pages[0]!.text, pages[0]!.blocks);
    for (const p of pages.slice(1, 3)) await deps.api.chat.postMessage({ channel: e.channel, thread_ts: thread, text: p.text, blocks: p.blocks });
  } catch (err) {
    await removeDir(dir);
    await pending;
    if (isUserError(err)) {
      // Refused as the person should hear it (the file is too large): said as it is.
      log.info({ code: err.code }, "import from Slack refused");
      await update(`Could not import ${names}. ${err.message}${err.hint ? `\n${err.hint}` : ""}`).catch(() => {});
    } else {
      log.warn({ err: describe(err) }, "roster import from Slack failed");
      await update(`Could not import ${names}: ${(err as Error).message}.`).catch(() => {});
    }
  } finally {
    await removeDir(dir);
  }
}

const removeDir = (dir: string) => fsp.rm(dir, { recursive: true, force: true }).catch(() => {});
