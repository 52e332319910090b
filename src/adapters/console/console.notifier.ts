// The console's side of the Notifier port: notices and messages to creators are printed, each
// button with the command line it runs. The console posts no briefs (it is not a community).
import type { Writable } from "node:stream";
import type { Message } from "../../core/message.ts";
import type { Notifier } from "../../core/notifier.ts";
import { renderText } from "./render.ts";

export function createConsoleNotifier(out: Writable): Notifier {
  const print = (heading: string, m: Message) => out.write(`\n── ${heading} ──\n${renderText(m)}\n\n`);
  return {
    async toMarketers(n) {
      const heading = n.kind === "digest" ? "Digest" : "Notice";
      print(`${heading}${n.campaign ? ` (${n.campaign.slug})` : ""}${n.channelId && n.channelId !== "console" ? ` for ${n.channelId}` : ""}`, n.message);
      // A terminal shows no image: say what would be attached.
      if (n.attachment) out.write(`(attached: ${n.attachment.name}, ${Math.max(1, Math.round(n.attachment.data.byteLength / 1024))} KB)\n\n`);
    },
    async toCreator(c, m) {
      print(`To creator ${c.creatorId}${c.discordUserId ? ` (Discord ${c.discordUserId})` : ""}, privately`, m);
      return true;
    },
  };
}
