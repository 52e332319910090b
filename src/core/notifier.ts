// Outbound messages that are not replies (a notice to the marketers, a brief to the creators, a
// private note to a creator) go through this port; each surface implements what it can.
import type { Message } from "./message.ts";

export interface Notice {
  kind: "optin" | "deliverable" | "campaign" | "digest" | "info";
  campaign?: { id: string; slug: string; name: string; slackChannelId?: string | null };
  message: Message;
  /** What the notice is about, so a surface can remember where it posted it (to update it later). */
  ref?: { entity: "participation" | "deliverable" | "campaign"; id: string };
  /** Post to this channel (Slack channel id) instead of the campaign's or the default one. */
  channelId?: string;
  /** A file to upload with the message (e.g. the digest's chart). */
  attachment?: { name: string; mime: string; title?: string; data: Uint8Array };
  /** A stable key for this notice (e.g. "digest:C123:2026-11-22"): a surface that retries must not post it twice. */
  key?: string;
}

/** Where a surface posted something, so it can be updated in place later. */
export interface Posted {
  surface: string;
  channelId: string;
  messageId: string;
  threadId?: string;
  /** Files the surface wrote for it, full paths (the console saves attachments in EXPORT_DIR). */
  files?: string[];
}

/** The creator a private message is for: their id, their Discord id when linked, and how people name them. */
export interface CreatorAddress {
  creatorId: string;
  discordUserId?: string | null;
  /** The handle they take part with (without "@"), and its platform. */
  handle?: string | null;
  platform?: string | null;
  /** Their display name, when there is no handle. */
  name?: string | null;
}

export interface Notifier {
  /** Tells the marketers (Slack: the campaign's channel or the default one; console: printed). */
  toMarketers(n: Notice): Promise<Posted | void>;
  /** Posts, or updates in place, a campaign's brief in the creators' community (Discord). */
  postBrief?(brief: {
    campaignId: string;
    message: Message;
    previous?: Posted | null;
    /** Words a community may tag the post with (objective, platforms, niches): Discord forum tags of the same name. */
    tags?: string[];
  }): Promise<Posted | void>;
  /** A private message to one creator. */
  /** A private message to one creator; resolves true when a surface delivered it, false when none could
   *  (no Discord link, Discord off). */
  toCreator?(creator: CreatorAddress, message: Message): Promise<boolean>;
}

/** Fans out to every surface that is on; surfaces join when they start. */
export interface NotifierHub extends Notifier {
  add(n: Notifier): void;
}

export function createNotifierHub(): NotifierHub {
  const all: Notifier[] = [];
  return {
    add: (n) => void all.push(n),
    async toMarketers(n) {
      let posted: Posted | void = undefined;
      for (const x of all) posted = (await x.toMarketers(n)) ?? posted;
      return posted;
    },
    async postBrief(b) {
      let posted: Posted | void = undefined;
      for (const x of all) if (x.postBrief) posted = (await x.postBrief(b)) ?? posted;
      return posted;
    },
    async toCreator(c, m) {
      let delivered = false;
      for (const x of all) if (x.toCreator && (await x.toCreator(c, m))) delivered = true;
      return delivered;
    },
  };
}
