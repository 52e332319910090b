// Notices to the marketers, in the campaign's channel or SLACK_NOTIFY_CHANNEL, with their actions
// as buttons. The Web API client retries rate-limited calls after Retry-After, so none is lost.
import type { webApi } from "@slack/bolt";
import type { Notice, Notifier, Posted } from "../../core/notifier.ts";
import type { Logger } from "../../logger.ts";
import { describe } from "./auth.ts";
import { uploadFile } from "./files.ts";
import { renderMessage } from "./render.ts";

export function createSlackNotifier(o: { api: webApi.WebClient; defaultChannel?: string | undefined; log: Logger }): Notifier {
  let warned = false;
  return {
    async toMarketers(n: Notice): Promise<Posted | void> {
      const channel = n.campaign?.slackChannelId || o.defaultChannel;
      if (!channel) {
        if (!warned) o.log.warn({ kind: n.kind }, "a notice has no Slack channel: set SLACK_NOTIFY_CHANNEL or the campaign's channel");
        warned = true;
        return;
      }
      const [first, ...rest] = renderMessage(n.message);
      try {
        const r = await o.api.chat.postMessage({ channel, text: first!.text, blocks: first!.blocks, unfurl_links: false });
        const ts = r.ts!;
        const channelId = r.channel ?? channel;
        for (const p of rest) await o.api.chat.postMessage({ channel: channelId, thread_ts: ts, text: p.text, blocks: p.blocks });
        if (n.message.file) await uploadFile(o.api, n.message.file, { channelId, threadTs: ts }, o.log);
        return { surface: "slack", channelId, messageId: ts };
      } catch (err) {
        o.log.error({ err: describe(err), channel, kind: n.kind, ref: n.ref }, "could not post a notice to Slack");
        return;
      }
    },
  };
}
