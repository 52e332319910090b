// Notices to the marketers: in the notice's channel, the campaign's, or SLACK_NOTIFY_CHANNEL, with
// their actions as buttons and a file (a digest's chart) uploaded in the message's thread.
// The Web API client retries a 500 (treated as not posted) and a 429 after Retry-After. A notice
// with a `key` is one its sender retries on failure, so it is posted once: the key rides on the
// message's metadata, and before posting Scout looks for it (in memory, then in the channel's
// recent history), and a failure is thrown to the sender instead of only logged.
import { webApi } from "@slack/bolt";
import type { Notice, Notifier, Posted } from "../../core/notifier.ts";
import type { Logger } from "../../logger.ts";
import { describe } from "./auth.ts";
import { uploadFile } from "./files.ts";
import { renderMessage } from "./render.ts";

export const NOTICE_EVENT = "scout_notice";
/** How far back the channel's history is searched for a keyed notice already posted. */
const RECONCILE_WINDOW_S = 3 * 86_400;

type Api = webApi.WebClient;

async function findPosted(api: Api, channel: string, key: string, log: Logger): Promise<Posted | null> {
  try {
    const oldest = String(Math.floor(Date.now() / 1000) - RECONCILE_WINDOW_S);
    // Metadata the app posted itself comes back without include_all_metadata.
    const r = await api.conversations.history({ channel, oldest, limit: 200 });
    const hit = r.messages?.find((m) => m.metadata?.event_type === NOTICE_EVENT && (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key);
    return hit?.ts ? { surface: "slack", channelId: channel, messageId: hit.ts } : null;
  } catch (err) {
    // Without the history scopes (or outside the channel) Scout cannot check; memory still covers this process.
    log.debug({ err: describe(err), channel }, "could not read the channel's history to reconcile a notice");
    return null;
  }
}

async function upload(api: Api, a: NonNullable<Notice["attachment"]>, channelId: string, threadTs: string) {
  await api.files.uploadV2({ channel_id: channelId, thread_ts: threadTs, file: Buffer.from(a.data), filename: a.name, title: a.title ?? a.name });
}

export function createSlackNotifier(o: { api: Api; defaultChannel?: string | undefined; log: Logger }): Notifier {
  let warned = false;
  /** Keyed notices this process posted, and whether their attachment is up. */
  const done = new Map<string, { posted: Posted; attached: boolean }>();
  return {
    async toMarketers(n: Notice): Promise<Posted | void> {
      const channel = n.channelId || n.campaign?.slackChannelId || o.defaultChannel;
      if (!channel) {
        if (!warned) o.log.warn({ kind: n.kind }, "a notice has no Slack channel: set SLACK_NOTIFY_CHANNEL or the campaign's channel");
        warned = true;
        if (n.key) throw new Error("no Slack channel for this notice");
        return;
      }
      try {
        if (n.key) {
          const mine = done.get(n.key);
          if (mine) {
            if (n.attachment && !mine.attached) {
              await upload(o.api, n.attachment, mine.posted.channelId, mine.posted.messageId);
              mine.attached = true;
            }
            return mine.posted;
          }
          const earlier = await findPosted(o.api, channel, n.key, o.log);
          if (earlier) {
            o.log.info({ key: n.key, channel }, "this notice was already posted; not posting it again");
            return earlier;
          }
        }
        const [first, ...rest] = renderMessage(n.message);
        const r = await o.api.chat.postMessage({
          channel,
          text: first!.text,
          blocks: first!.blocks,
          unfurl_links: false,
          ...(n.key ? { metadata: { event_type: NOTICE_EVENT, event_payload: { key: n.key } } } : {}),
        });
        const ts = r.ts!;
        const channelId = r.channel ?? channel;
        const posted: Posted = { surface: "slack", channelId, messageId: ts };
        const mine = { posted, attached: !n.attachment };
        if (n.key) done.set(n.key, mine);
        for (const p of rest) await o.api.chat.postMessage({ channel: channelId, thread_ts: ts, text: p.text, blocks: p.blocks });
        if (n.message.file) await uploadFile(o.api, n.message.file, { channelId, threadTs: ts }, o.log);
        if (n.attachment) {
          await upload(o.api, n.attachment, channelId, ts);
          mine.attached = true;
        }
        return posted;
      } catch (err) {
        o.log.error({ err: describe(err), channel, kind: n.kind, ref: n.ref, key: n.key }, "could not post a notice to Slack");
        if (n.key) throw err;
        return;
      }
    },
  };
}

const clients = new Map<string, Api>();

/** Finds a channel Scout can see by name ("growth"), through conversations.list. */
export async function findSlackChannel(o: { token: string; apiUrl?: string | undefined; log: Logger }, name: string): Promise<{ id: string; name: string } | null> {
  const url = (o.apiUrl ?? "https://slack.com/api/").replace(/\/?$/, "/");
  let api = clients.get(url);
  if (!api) clients.set(url, (api = new webApi.WebClient(o.token, { slackApiUrl: url, retryConfig: { retries: 2 } })));
  const wanted = name.replace(/^#/, "").toLowerCase();
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const r = await api.conversations.list({ types: "public_channel,private_channel", exclude_archived: true, limit: 1000, ...(cursor ? { cursor } : {}) });
    const hit = r.channels?.find((c) => c.name === wanted || c.name_normalized === wanted);
    if (hit?.id) return { id: hit.id, name: hit.name ?? wanted };
    cursor = r.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  o.log.info({ channel: wanted }, "no Slack channel of that name is visible to Scout");
  return null;
}
