// The console's side of the Notifier port: notices and messages to creators are printed, each
// button with the command line it runs. The console posts no briefs (it is not a community).
// A terminal shows no image: an attachment (a digest's chart) is saved in EXPORT_DIR and its full
// path printed.
import type { Writable } from "node:stream";
import type { Message } from "../../core/message.ts";
import type { Notice, Notifier, Posted } from "../../core/notifier.ts";
import type { FileStore } from "../../core/services.ts";
import { renderText } from "./render.ts";

export interface ConsoleNotifierOptions {
  /** Where attachments are saved (EXPORT_DIR); without it they are only named. */
  files?: Pick<FileStore, "writeExport">;
}

/** The file name of an attachment: with the notice key's last part (a digest's request id) when the
 *  name lacks it, so a second digest the same day does not overwrite the first one's chart. */
export function attachmentName(name: string, key?: string): string {
  const tag = key?.split(":").at(-1)?.replace(/[^\w-]+/g, "");
  if (!tag || name.includes(tag)) return name;
  const dot = name.lastIndexOf(".");
  return dot > 0 ? `${name.slice(0, dot)}-${tag}${name.slice(dot)}` : `${name}-${tag}`;
}

export function createConsoleNotifier(out: Writable, opts: ConsoleNotifierOptions = {}): Notifier {
  const print = (heading: string, m: Message) => out.write(`\n── ${heading} ──\n${renderText(m)}\n\n`);
  const save = async (a: NonNullable<Notice["attachment"]>, key?: string): Promise<string | null> => {
    const kb = Math.max(1, Math.round(a.data.byteLength / 1024));
    if (!opts.files) {
      out.write(`(not saved: ${a.name}, ${kb} KB)\n\n`);
      return null;
    }
    try {
      const file = await opts.files.writeExport(attachmentName(a.name, key), a.data);
      out.write(`${a.mime === "image/png" ? "Chart" : "File"}: ${file}\n\n`);
      return file;
    } catch (e) {
      out.write(`(${a.name} could not be saved: ${(e as Error).message}. Check EXPORT_DIR.)\n\n`);
      return null;
    }
  };
  return {
    async toMarketers(n) {
      const heading = n.kind === "digest" ? "Digest" : "Notice";
      print(`${heading}${n.campaign ? ` (${n.campaign.slug})` : ""}${n.channelId && n.channelId !== "console" ? ` for ${n.channelId}` : ""}`, n.message);
      const file = n.attachment ? await save(n.attachment, n.key) : null;
      // Only a digest says where it went (its run records it, `digest now` names the chart); other
      // notices keep no console "post" to update later.
      if (n.kind !== "digest") return;
      const posted: Posted = { surface: "console", channelId: n.channelId ?? "console", messageId: n.key ?? "", ...(file ? { files: [file] } : {}) };
      return posted;
    },
    async toCreator(c, m) {
      // People know creators by handle (or name); the id is only for when there is neither.
      const who = c.handle ? `@${c.handle}${c.platform ? ` (${c.platform})` : ""}` : c.name ? c.name : `creator ${c.creatorId}${c.discordUserId ? ` (Discord ${c.discordUserId})` : ""}`;
      print(`To ${who}, privately`, m);
      return true;
    },
  };
}
