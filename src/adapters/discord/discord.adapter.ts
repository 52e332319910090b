// Starts Scout's Discord surface: a discord.js client with the Guilds intent only (slash commands,
// buttons and modals arrive as interactions, which need no other intent; GUILD_CREATE brings the
// guild's channels and roles), REST pointed at DISCORD_API_URL, the interaction handler, and the
// notifier that posts briefs and writes to creators. Commands are registered at start when
// DISCORD_REGISTER_ON_START=true (otherwise with npm run discord:register).
import { Client, Events, GatewayIntentBits, REST, Routes, type Interaction, type RESTOptions } from "discord.js";
import type { App } from "../../app.ts";
import type { AnyCommand } from "../../core/command.ts";
import type { Notifier } from "../../core/notifier.ts";
import { registerCommands } from "./register.ts";
import { createCustomIds } from "./custom-id.ts";
import { createDedupe } from "./dedupe.ts";
import { createInteractionHandler } from "./interactions.ts";
import { createFormMemory } from "./modal.ts";
import { createDiscordNotifier } from "./notifier.ts";

export const DEFAULT_DISCORD_API_URL = "https://discord.com/api";

export interface StartDiscordOptions {
  /** Tests: another registry or dispatcher. */
  registry?: readonly AnyCommand[];
  dispatch?: App["dispatch"];
  /** REST client options (tests: quicker retries and timeouts). */
  rest?: Partial<RESTOptions>;
  /** How long a command may run before its answer is deferred (default 1.5 s). */
  budgetMs?: number;
}

export interface DiscordAdapter {
  /** Resolves when the gateway is ready (and commands are registered when asked). */
  ready: Promise<void>;
  client: Client;
  notifier: Notifier;
  close(): Promise<void>;
}

export function startDiscord(app: App, opts: StartDiscordOptions = {}): DiscordAdapter {
  const c = app.config;
  const token = c.DISCORD_TOKEN;
  if (!token || !c.DISCORD_APPLICATION_ID || !c.DISCORD_GUILD_ID || !c.DISCORD_CREATORS_CHANNEL_ID) throw new Error("Discord needs DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_GUILD_ID and DISCORD_CREATORS_CHANNEL_ID");
  const guildId = c.DISCORD_GUILD_ID;
  const roleId = c.DISCORD_CREATOR_ROLE_ID;
  const log = app.log.child({ surface: "discord" });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: (c.DISCORD_API_URL ?? DEFAULT_DISCORD_API_URL).replace(/\/+$/, ""), ...opts.rest },
    allowedMentions: { parse: [] },
  });
  client.on(Events.Error, (err) => log.error({ err }, "discord client error"));
  client.on(Events.Warn, (msg) => log.warn(msg));
  // Answers to deferred interactions go through their own client: Discord does not count
  // interaction webhooks against the bot's global limit, which discord.js's client applies to them.
  const hooks = new REST({ api: (c.DISCORD_API_URL ?? DEFAULT_DISCORD_API_URL).replace(/\/+$/, ""), globalRequestsPerSecond: 10_000, ...opts.rest });
  const appId = c.DISCORD_APPLICATION_ID;
  const ids = createCustomIds(token);
  const registry = opts.registry ?? app.registry;
  const dedupe = createDedupe(app.db.prisma, log);
  const notifier = createDiscordNotifier({ rest: client.rest, ids, channelId: c.DISCORD_CREATORS_CHANNEL_ID, prisma: app.db.prisma, log });
  app.notifiers.add(notifier);

  // Roles of people writing from a DM (no member in the payload), looked up once a minute at most.
  const memberRoles = new Map<string, { at: number; roles: string[] | null }>();
  async function rolesOf(userId: string): Promise<string[] | null> {
    const hit = memberRoles.get(userId);
    if (hit && Date.now() - hit.at < 60_000) return hit.roles;
    let roles: string[] | null = null;
    try {
      roles = ((await client.rest.get(Routes.guildMember(guildId, userId))) as { roles: string[] }).roles;
    } catch {
      roles = null; // not a member of the server
    }
    memberRoles.set(userId, { at: Date.now(), roles });
    return roles;
  }
  async function actorRoles(i: Interaction): Promise<string[]> {
    if (!roleId) return ["creator"];
    let roles: string[] | null;
    if (i.inGuild() && i.guildId === guildId) {
      const m = i.member as unknown as { roles: string[] | { cache: Map<string, unknown> } };
      roles = Array.isArray(m.roles) ? m.roles : [...m.roles.cache.keys()];
    } else roles = await rolesOf(i.user.id);
    return roles?.includes(roleId) ? ["creator"] : [];
  }

  const handle = createInteractionHandler({
    dispatch: opts.dispatch ?? app.dispatch,
    registry,
    services: app.services,
    ids,
    dedupe,
    forms: createFormMemory(),
    log,
    actorRoles,
    editOriginal: async (interactionToken, body) => void (await hooks.patch(Routes.webhookMessage(appId, interactionToken), { body, auth: false })),
    creatorRoleId: roleId,
    ...(opts.budgetMs !== undefined ? { budgetMs: opts.budgetMs } : {}),
  });
  client.on(Events.InteractionCreate, (i) => void handle(i));

  const ready = (async () => {
    const up = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(token);
    await up;
    void dedupe.prune(7).catch(() => {});
    const channel = client.channels.cache.get(c.DISCORD_CREATORS_CHANNEL_ID!);
    if (!channel) log.warn({ channel: c.DISCORD_CREATORS_CHANNEL_ID }, "DISCORD_CREATORS_CHANNEL_ID is not a channel of the server Scout sees; briefs cannot be posted");
    if (c.DISCORD_REGISTER_ON_START) {
      const n = await registerCommands(client.rest, c.DISCORD_APPLICATION_ID!, guildId, registry);
      log.info({ commands: n }, "discord commands registered");
    }
    log.info({ user: client.user?.tag, guild: guildId }, "discord ready");
  })();

  return {
    ready,
    client,
    notifier,
    async close() {
      await ready.catch(() => {});
      await client.destroy();
    },
  };
}
