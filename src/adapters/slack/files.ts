// Files both ways: exports uploaded with files.uploadV2, roster CSVs shared in a DM downloaded
// with the bot token to a temporary folder.
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { webApi } from "@slack/bolt";
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

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export function isCsv(f: SharedFile): boolean {
  return f.filetype === "csv" || /\.(csv|tsv|txt)$/i.test(f.name ?? "") || /text\/(csv|plain|tab-separated-values)/.test(f.mimetype ?? "");
}

/**
 * Downloads a shared file with the bot token into `dir`. The token goes only to Slack's file hosts
 * (or the configured API's origin, for tests against a fake), never to another address in a payload.
 */
export async function downloadFile(f: SharedFile, dir: string, opts: { token: string; apiUrl: string }): Promise<string> {
  const url = f.url_private_download ?? f.url_private;
  if (!url) throw new Error("the shared file has no download address");
  const origin = new URL(url).origin;
  const trusted = new Set(["https://files.slack.com", new URL(opts.apiUrl).origin]);
  if (!trusted.has(origin)) throw new Error(`refusing to send the bot token to ${origin}`);
  if (f.size !== undefined && f.size > MAX_IMPORT_BYTES) throw new Error(`the file is larger than ${MAX_IMPORT_BYTES / 1048576} MB`);
  const res = await fetch(url, { headers: { Authorization: `Bearer ${opts.token}` }, redirect: "follow" });
  if (!res.ok || !res.body) throw new Error(`download failed: HTTP ${res.status}`);
  // Without files:read Slack answers with its sign-in page instead of the file.
  if (/text\/html/.test(res.headers.get("content-type") ?? "")) throw new Error("Slack sent a web page instead of the file (is the files:read scope granted?)");
  const name = (f.name ?? `${f.id ?? "file"}.csv`).replace(/[^\w.-]+/g, "-").replace(/^\.+/, "") || "file.csv";
  const target = path.join(dir, name);
  await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream), fs.createWriteStream(target));
  return target;
}

export const tempDir = () => fsp.mkdtemp(path.join(os.tmpdir(), "scout-slack-"));
