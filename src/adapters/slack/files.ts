// Files both ways: exports uploaded with files.uploadV2, roster CSVs shared in a DM downloaded
// with the bot token to a temporary folder (scout-import-<pid>-…, removed after the import, and at
// start when the process that made it is gone), never larger than the import limit.
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import type { webApi } from "@slack/bolt";
import { fileTooLarge } from "../../store/files.ts";
import type { Message } from "../../core/message.ts";
import type { Logger } from "../../logger.ts";
import { describe } from "./auth.ts";

/** Uploads a command's file to the channel; where the bot may not post, to the person's DM. */
export async function uploadFile(
  api: webApi.WebClient,
  file: NonNullable<Message["file"]>,
  place: { channelId?: string | undefined; userId?: string | undefined; threadTs?: string | undefined },
  log: Logger,
): Promise<boolean> {
  const content = await fsp.readFile(file.path);
  const send = (channel_id: string, thread_ts?: string) =>
    thread_ts
      ? api.files.uploadV2({ channel_id, thread_ts, file: content, filename: file.name, title: file.name })
      : api.files.uploadV2({ channel_id, file: content, filename: file.name, title: file.name });
  if (place.channelId) {
    try {
      await send(place.channelId, place.threadTs);
      return true;
    } catch (err) {
      log.info({ err: describe(err), channel: place.channelId }, "could not upload to the channel; sending the file privately");
    }
  }
  if (!place.userId) return false;
  try {
    const dm = await api.conversations.open({ users: place.userId });
    if (!dm.channel?.id) throw new Error("conversations.open returned no channel");
    await send(dm.channel.id);
    return true;
  } catch (err) {
    log.error({ err: describe(err), file: file.name }, "could not upload a file to Slack");
    return false;
  }
}

export interface SharedFile {
  id?: string;
  name?: string;
  filetype?: string;
  mimetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
}

export function isCsv(f: SharedFile): boolean {
  return f.filetype === "csv" || /\.(csv|tsv|txt)$/i.test(f.name ?? "") || /text\/(csv|plain|tab-separated-values)/.test(f.mimetype ?? "");
}

/** The name a shared file is saved and named under: letters, digits, dot, dash, underscore. */
export const uploadName = (f: SharedFile) => (f.name ?? `${f.id ?? "file"}.csv`).replace(/[^\w.-]+/g, "-").replace(/^\.+/, "").slice(0, 120) || "file.csv";

/**
 * Downloads a shared file with the bot token into `dir` as `name`. The token goes only to Slack's
 * file hosts (or the configured API's origin, for tests against a fake), never to another address in
 * a payload. A file over `maxBytes` is refused by its declared size without being fetched, and a
 * download that runs past it (a size Slack did not give, or a wrong one) is cut off there.
 */
export async function downloadFile(f: SharedFile, dir: string, name: string, opts: { token: string; apiUrl: string; maxBytes: number }): Promise<string> {
  const url = f.url_private_download ?? f.url_private;
  if (!url) throw new Error("the shared file has no download address");
  const origin = new URL(url).origin;
  const trusted = new Set(["https://files.slack.com", new URL(opts.apiUrl).origin]);
  if (!trusted.has(origin)) throw new Error(`refusing to send the bot token to ${origin}`);
  if (typeof f.size === "number" && f.size > opts.maxBytes) throw fileTooLarge(name, opts.maxBytes, f.size);
  const res = await fetch(url, { headers: { Authorization: `Bearer ${opts.token}` }, redirect: "follow" });
  if (!res.ok || !res.body) throw new Error(`download failed: HTTP ${res.status}`);
  // Without files:read Slack answers with its sign-in page instead of the file.
  if (/text\/html/.test(res.headers.get("content-type") ?? "")) throw new Error("Slack sent a web page instead of the file (is the files:read scope granted?)");
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (declared > opts.maxBytes) {
    await res.body.cancel().catch(() => {});
    throw fileTooLarge(name, opts.maxBytes, declared);
  }
  const target = path.join(dir, name);
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(bytes > opts.maxBytes ? fileTooLarge(name, opts.maxBytes) : null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream), limit, fs.createWriteStream(target));
  return target;
}

const TEMP_PREFIX = "scout-import-";

/** A folder for one import's downloads, named after this process (see removeStaleTempDirs). */
export const tempDir = () => fsp.mkdtemp(path.join(os.tmpdir(), `${TEMP_PREFIX}${process.pid}-`));

const startedAt = () => Date.now() - process.uptime() * 1000;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Removes the download folders of Scout processes that are gone (killed mid-import, SIGKILL skips
 * the clean-up). Folders of live processes are left alone: several Scouts may share a machine. A
 * folder with this process's own id made before it started is from an earlier life of the same id
 * (a container restart).
 */
export async function removeStaleTempDirs(log: Pick<Logger, "info" | "warn">, dir = os.tmpdir()): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    try {
      if (pid === process.pid ? (await fsp.stat(path.join(dir, name))).mtimeMs >= startedAt() : alive(pid)) continue;
      await fsp.rm(path.join(dir, name), { recursive: true, force: true });
      removed++;
    } catch (e) {
      log.warn({ err: (e as Error).message, folder: name }, "could not remove a stale import folder");
    }
  }
  if (removed) log.info({ removed }, "removed import folders left by stopped processes");
  return removed;
}

