// INTERACTION_CREATE payloads as Discord's gateway sends them (slash commands, button clicks,
// modal submissions), shared by the in-process harness and the driver of the real bot process.
import { IDS, snowflake } from "./discord-api.ts";

export interface Who {
  user?: string;
  name?: string;
  /** Guild roles of the member (default: the creator role). */
  roles?: string[];
  /** Sent from a DM with the bot (no member, no guild). */
  dm?: boolean;
  channel?: string;
}

export interface Built {
  id: string;
  token: string;
  payload: Record<string, unknown>;
}

/** A whole interaction of `type` (2 command, 3 component, 4 autocomplete, 5 modal submit) from `who`. */
export function interactionPayload(type: 2 | 3 | 4 | 5, data: Record<string, unknown>, who: Who & { user: string }, extra: Record<string, unknown> = {}): Built {
  const id = snowflake();
  const token = `tok-${id}`;
  const userId = who.user;
  const user = { id: userId, username: who.name ?? `user${userId.slice(-3)}`, discriminator: "0", global_name: who.name ?? null, avatar: null };
  const place = who.dm
    ? { user, channel_id: `9${userId.slice(1)}`, channel: { id: `9${userId.slice(1)}`, type: 1, recipients: [user] }, context: 1 }
    : {
        guild_id: IDS.guild,
        channel_id: who.channel ?? IDS.text,
        channel: { id: who.channel ?? IDS.text, type: 0, guild_id: IDS.guild, name: "creators" },
        member: { user, roles: who.roles ?? [IDS.role], permissions: "2248473465835073", joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null, premium_since: null, pending: false },
        guild_locale: "en-US",
        context: 0,
      };
  const payload = { id, application_id: IDS.app, type, token, version: 1, data, ...place, app_permissions: "2248473465835073", locale: "en-US", entitlements: [], authorizing_integration_owners: { "0": IDS.guild }, attachment_size_limit: 8388608, ...extra };
  return { id, token, payload };
}

/** The `data` of a slash command; numbers become integer options, `sub` a subcommand. */
export function slashData(name: string, options: Record<string, string | number> = {}, sub?: string): Record<string, unknown> {
  const opts = Object.entries(options).map(([k, v]) => ({ name: k, type: typeof v === "number" ? 4 : 3, value: v }));
  return { id: snowflake(), name, type: 1, ...(sub ? { options: [{ name: sub, type: 1, options: opts }] } : opts.length ? { options: opts } : {}) };
}

/** The `data` and the clicked message of a button click. */
export function clickParts(customId: string, channel: string = IDS.text): { data: Record<string, unknown>; extra: Record<string, unknown> } {
  const message = { id: snowflake(), channel_id: channel, type: 0, content: "", embeds: [], components: [], author: { id: IDS.bot, username: "Scout", discriminator: "0", global_name: "Scout", avatar: null, bot: true }, attachments: [], mentions: [], mention_roles: [], mention_everyone: false, pinned: false, tts: false, timestamp: new Date().toISOString(), edited_timestamp: null, flags: 0 };
  return { data: { custom_id: customId, component_type: 2 }, extra: { message } };
}

/** The `data` of a modal submission: a string fills a text input, an array a select (in labels). */
export function submitData(customId: string, values: Record<string, string | string[]>): Record<string, unknown> {
  const components = Object.entries(values).map(([k, v], i) => ({
    type: 18,
    id: i * 2 + 1,
    component: Array.isArray(v) ? { type: 3, id: i * 2 + 2, custom_id: k, values: v } : { type: 4, id: i * 2 + 2, custom_id: k, value: v },
  }));
  return { custom_id: customId, components };
}
