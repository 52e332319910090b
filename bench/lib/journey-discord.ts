// Discord interaction payloads for the journey-load benchmark, as the gateway delivers them: a
// creator (guild member with the creator role) clicking a button, submitting the opt-in modal or
// running a slash command in the creators' channel.
import { IDS, snowflake } from "../../test/fakes/discord-api.ts";

export type Payload = Record<string, unknown> & { id: string; token: string };

/** The Discord user id of bench creator i. */
export const discordUser = (i: number) => String(1300000000000000000n + BigInt(i));

function interaction(type: 2 | 3 | 5, i: number, data: Record<string, unknown>, extra: Record<string, unknown> = {}): Payload {
  const id = snowflake();
  const user = { id: discordUser(i), username: `creator${i}`, discriminator: "0", global_name: null, avatar: null };
  return {
    id,
    application_id: IDS.app,
    type,
    token: `tok-${id}`,
    version: 1,
    data,
    guild_id: IDS.guild,
    channel_id: IDS.text,
    channel: { id: IDS.text, type: 0, guild_id: IDS.guild, name: "creators" },
    member: { user, roles: [IDS.role], permissions: "0", joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null, premium_since: null, pending: false },
    app_permissions: "0",
    locale: "en-US",
    guild_locale: "en-US",
    entitlements: [],
    authorizing_integration_owners: { "0": IDS.guild },
    context: 0,
    attachment_size_limit: 8388608,
    ...extra,
  };
}

export function click(i: number, customId: string): Payload {
  const author = { id: IDS.bot, username: "Scout", discriminator: "0", global_name: null, avatar: null, bot: true };
  const message = { id: snowflake(), channel_id: IDS.text, type: 0, content: "", embeds: [], components: [], author, attachments: [], mentions: [], mention_roles: [], mention_everyone: false, pinned: false, tts: false, timestamp: new Date().toISOString(), edited_timestamp: null, flags: 0 };
  return interaction(3, i, { custom_id: customId, component_type: 2 }, { message });
}

/** The opt-in form filled in by creator i, who is @handle on Instagram. */
export function optInSubmit(i: number, modal: string, handle: string): Payload {
  const c = [
    { type: 4, custom_id: "handle", value: `@${handle}` },
    { type: 3, custom_id: "platform", values: ["instagram"] },
    { type: 4, custom_id: "followers", value: String(5000 + i) },
    { type: 4, custom_id: "rate", value: String(100 + (i % 50) * 5) },
    { type: 3, custom_id: "disclose", values: ["yes"] },
  ];
  return interaction(5, i, { custom_id: modal, components: c.map((component, k) => ({ type: 18, id: k + 1, component })) });
}

export function slash(i: number, name: string, options: Record<string, string> = {}): Payload {
  const opts = Object.entries(options).map(([k, v]) => ({ name: k, type: 3, value: v }));
  return interaction(2, i, { id: snowflake(), name, type: 1, ...(opts.length ? { options: opts } : {}) });
}
