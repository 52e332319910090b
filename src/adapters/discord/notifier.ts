// Discord's side of the Notifier port. Briefs go to the creators' channel: in a forum, a post per
// campaign with the forum's tags that match the campaign; in a text channel, a message with a
// thread. Posting again edits the same message. Private messages go by DM; when a creator's DMs
// are closed (error 50007), a private thread in the creators' channel, with them invited, takes
// its place (remembered on the creator). Marketer notices are Slack's (none here).
// A brief is created once even when Scout dies between Discord's create and recording it: the
// message create carries a nonce derived from the campaign (Discord's enforce_nonce returns the
// message already made), a thread already started is taken as is, and in a forum an active post
// whose first message carries the same buttons is taken instead of starting another.
import { createHash } from "node:crypto";
import { DiscordAPIError, Routes, type REST } from "discord.js";
import type { Message } from "../../core/message.ts";
import type { Notifier, Posted } from "../../core/notifier.ts";
import type { PrismaClient } from "../../store/db.ts";
import type { Logger } from "../../logger.ts";
import type { CustomIds } from "./custom-id.ts";
import { clip, renderMessage, type DiscordMessage } from "./render.ts";

export const CHANNEL = { TEXT: 0, DM: 1, ANNOUNCEMENT: 5, PRIVATE_THREAD: 12, FORUM: 15 } as const;
const ERR = { UNKNOWN_CHANNEL: 10003, UNKNOWN_MESSAGE: 10008, DMS_CLOSED: 50007, THREAD_ARCHIVED: 50083, THREAD_EXISTS: 160004 } as const;

interface ChannelJson {
  id: string;
  type: number;
  guild_id?: string;
  parent_id?: string;
  name?: string;
  available_tags?: { id: string; name: string }[];
  message?: { id: string };
}

export interface DiscordNotifierDeps {
  rest: REST;
  ids: CustomIds;
  channelId: string;
  prisma: PrismaClient;
  log: Logger;
}

const code = (e: unknown) => (e instanceof DiscordAPIError ? Number(e.code) : undefined);
const gone = (e: unknown) => code(e) === ERR.UNKNOWN_CHANNEL || code(e) === ERR.UNKNOWN_MESSAGE;

/** Forum tags whose name matches one of the campaign's words (objective, platforms, niches), at most 5. */
export function matchTags(available: { id: string; name: string }[], words: string[]): string[] {
  const want = new Set(words.map((w) => w.trim().toLowerCase()).filter(Boolean));
  return available.filter((t) => want.has(t.name.trim().toLowerCase())).map((t) => t.id).slice(0, 5);
}

export function createDiscordNotifier(d: DiscordNotifierDeps): Notifier & { dmChannels: Map<string, string> } {
  const dmChannels = new Map<string, string>();
  const post = (channelId: string, body: DiscordMessage) => d.rest.post(Routes.channelMessages(channelId), { body }) as Promise<{ id: string; channel_id: string }>;

  /** The buttons' custom ids: the same campaign's brief has the same ones. */
  const buttonIds = (m: { components?: { components?: { custom_id?: string }[] }[] } | undefined) =>
    JSON.stringify((m?.components ?? []).flatMap((r) => (r.components ?? []).map((b) => b.custom_id ?? "")));

  /** A forum post for this brief that is already there (a create whose answer was lost). */
  async function existingPost(channel: ChannelJson, name: string, body: DiscordMessage): Promise<Posted | null> {
    if (!channel.guild_id || !body.components?.length) return null;
    const active = (await d.rest.get(Routes.guildActiveThreads(channel.guild_id))) as { threads: ChannelJson[] };
    for (const t of active.threads.filter((x) => x.parent_id === d.channelId && x.name === name)) {
      const first = (await d.rest.get(Routes.channelMessage(t.id, t.id)).catch(() => undefined)) as DiscordMessage | undefined;
      if (first && buttonIds(first) === buttonIds(body)) return { surface: "discord", channelId: d.channelId, messageId: t.id, threadId: t.id };
    }
    return null;
  }

  async function newBrief(body: DiscordMessage, title: string, tags: string[], nonce: string): Promise<Posted> {
    const channel = (await d.rest.get(Routes.channel(d.channelId))) as ChannelJson;
    const name = clip(title, 100);
    if (channel.type === CHANNEL.FORUM) {
      const found = await existingPost(channel, name, body).catch((err: unknown) => (d.log.warn({ err }, "could not look for an earlier post of the brief"), null));
      if (found) {
        d.log.info({ thread: found.threadId }, "the brief's post was already there; using it");
        return found;
      }
      const applied = matchTags(channel.available_tags ?? [], tags);
      const thread = (await d.rest.post(Routes.threads(d.channelId), {
        body: { name, auto_archive_duration: 10080, ...(applied.length ? { applied_tags: applied } : {}), message: body },
      })) as ChannelJson;
      return { surface: "discord", channelId: d.channelId, messageId: thread.message?.id ?? thread.id, threadId: thread.id };
    }
    const msg = (await d.rest.post(Routes.channelMessages(d.channelId), { body: { ...body, nonce, enforce_nonce: true } })) as { id: string };
    let threadId: string | undefined;
    try {
      const thread = (await d.rest.post(Routes.threads(d.channelId, msg.id), { body: { name, auto_archive_duration: 10080 } })) as ChannelJson;
      threadId = thread.id;
    } catch (err) {
      // Started before Scout could record it: a message's thread has the message's id.
      if (code(err) === ERR.THREAD_EXISTS) threadId = msg.id;
      else d.log.warn({ err, channel: d.channelId }, "posted the brief, but could not start its thread (does Scout have Create Public Threads?)");
    }
    return { surface: "discord", channelId: d.channelId, messageId: msg.id, ...(threadId ? { threadId } : {}) };
  }

  async function privateThread(creatorId: string, userId: string): Promise<string> {
    const row = await d.prisma.creator.findUnique({ where: { id: creatorId }, select: { discordThreadId: true, displayName: true } });
    if (row?.discordThreadId) return row.discordThreadId;
    const channel = (await d.rest.get(Routes.channel(d.channelId))) as ChannelJson;
    if (channel.type === CHANNEL.FORUM) throw new Error("the creator's DMs are closed, and a forum channel cannot hold a private thread");
    const thread = (await d.rest.post(Routes.threads(d.channelId), {
      body: { name: clip(`Scout and ${row?.displayName ?? "you"}`, 100), type: CHANNEL.PRIVATE_THREAD, invitable: false, auto_archive_duration: 10080 },
    })) as ChannelJson;
    await d.rest.put(Routes.threadMembers(thread.id, userId));
    await d.prisma.creator.update({ where: { id: creatorId }, data: { discordThreadId: thread.id } });
    return thread.id;
  }

  async function toThread(creatorId: string, userId: string, body: DiscordMessage) {
    // The creator is named in the thread (and only they are pinged) so that they see it.
    const withMention: DiscordMessage = { ...body, content: `<@${userId}>`, allowed_mentions: { parse: [], users: [userId] } };
    const threadId = await privateThread(creatorId, userId);
    try {
      await post(threadId, withMention);
    } catch (err) {
      if (!gone(err)) throw err;
      // The thread was deleted: start a new one.
      await d.prisma.creator.update({ where: { id: creatorId }, data: { discordThreadId: null } });
      await post(await privateThread(creatorId, userId), withMention);
    }
  }

  return {
    dmChannels,
    async toMarketers() {
      // Marketers are in Slack; the Discord surface sends them nothing.
    },

    async postBrief({ campaignId, message, previous, tags }: { campaignId: string; message: Message; previous?: Posted | null; tags?: string[] }) {
      const body = renderMessage(message, d.ids);
      if (previous?.surface === "discord" && previous.channelId === d.channelId) {
        try {
          // In a forum the brief is the post's first message: it lives in the post's thread.
          const channel = (await d.rest.get(Routes.channel(d.channelId))) as ChannelJson;
          const forum = channel.type === CHANNEL.FORUM ? previous.threadId : undefined;
          const edit = () => d.rest.patch(Routes.channelMessage(forum ?? previous.channelId, previous.messageId), { body });
          try {
            await edit();
          } catch (err) {
            // A forum post goes quiet and is archived after a week: open it again, then edit.
            if (!forum || code(err) !== ERR.THREAD_ARCHIVED) throw err;
            await d.rest.patch(Routes.channel(forum), { body: { archived: false } });
            await edit();
          }
          if (forum) {
            const applied = matchTags(channel.available_tags ?? [], tags ?? []);
            await d.rest
              .patch(Routes.channel(forum), { body: { name: clip(message.title ?? "Brief", 100), applied_tags: applied } })
              .catch((err: unknown) => d.log.warn({ err, thread: forum }, "updated the brief, but not its post's title and tags (does Scout have Manage Threads?)"));
          }
          return previous;
        } catch (err) {
          if (!gone(err)) throw err;
          d.log.info({ message: previous.messageId }, "the posted brief is gone; posting it again");
        }
      }
      // The same for a retry of this post (until it is recorded), another after the recorded one is gone.
      const nonce = createHash("sha256").update(`brief:${campaignId}:${previous?.messageId ?? ""}`).digest("base64url").slice(0, 25);
      return newBrief(body, message.title ?? "Campaign brief", tags ?? [], nonce);
    },

    async toCreator(c, message) {
      if (!c.discordUserId) return false;
      const body = renderMessage(message, d.ids);
      try {
        let dm = dmChannels.get(c.discordUserId);
        if (!dm) {
          dm = ((await d.rest.post(Routes.userChannels(), { body: { recipient_id: c.discordUserId } })) as ChannelJson).id;
          dmChannels.set(c.discordUserId, dm);
        }
        await post(dm, body);
      } catch (err) {
        if (code(err) !== ERR.DMS_CLOSED) throw err;
        d.log.info({ creator: c.creatorId }, "the creator's DMs are closed; writing in a private thread instead");
        await toThread(c.creatorId, c.discordUserId, body);
      }
      return true;
    },
  };
}
