// Starts Scout's Discord surface: a discord.js client with the Guilds intent only (slash commands,
// buttons and modals arrive as interactions, which need no other intent; GUILD_CREATE brings the
// guild's channels and roles), REST pointed at DISCORD_API_URL, the interaction handler, and the
// notifier that posts briefs and writes to creators. Commands are registered at start when
// DISCORD_REGISTER_ON_START=true (otherwise with npm run discord:register). With several
// processes only the leader holds the gateway (gateway "manual" + connect/disconnect); every
// process keeps a REST client of its own, so what it serves still reaches Discord.
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
  /** "manual": REST only until connect() (the gateway is the leader's, see src/store/leader.ts). Default: connect now. */
  gateway?: "now" | "manual";
}

export interface DiscordAdapter {
  /** Resolves when the gateway is ready (and commands are registered when asked); with gateway "manual", when REST is. */
  ready: Promise<void>;
  /** The gateway client of the current connection (a new one after each connect()). */
  client: Client;
  notifier: Notifier;
  /** Logs in to the gateway (once at a time); resolves when it is ready. */
  connect(): Promise<void>;
  /** Leaves the gateway at once; REST (briefs, DMs, answers) keeps working. */
  disconnect(): Promise<void>;
  connected(): boolean;
  close(): Promise<void>;
}

export function startDiscord(app: App, opts: StartDiscordOptions = {}): DiscordAdapter {
  const c = app.config;
  const token = c.DISCORD_TOKEN;
  if (!token || !c.DISCORD_APPLICATION_ID || !c.DISCORD_GUILD_ID || !c.DISCORD_CREATORS_CHANNEL_ID) throw new Error("Discord needs DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_GUILD_ID and DISCORD_CREATORS_CHANNEL_ID");
  const guildId = c.DISCORD_GUILD_ID;
  const roleId = c.DISCORD_CREATOR_ROLE_ID;
  const log = app.log.child({ surface: "discord" });
  const restOptions = { api: (c.DISCORD_API_URL ?? DEFAULT_DISCORD_API_URL).replace(/\/+$/, ""), ...opts.rest };
  // REST of its own, with the token set and no gateway: a process that does not hold the gateway
  // still posts briefs, writes to creators and looks up members.
  const rest = new REST(restOptions).setToken(token);
  // Answers to deferred interactions go through their own client: Discord does not count
  // interaction webhooks against the bot's global limit, which discord.js's client applies to them.
  const hooks = new REST({ ...restOptions, globalRequestsPerSecond: 10_000 });
  const appId = c.DISCORD_APPLICATION_ID;
  const ids = createCustomIds(token);
  const registry = opts.registry ?? app.registry;
  const dedupe = createDedupe(app.db.prisma, log);
  const notifier = createDiscordNotifier({ rest, ids, channelId: c.DISCORD_CREATORS_CHANNEL_ID, prisma: app.db.prisma, log });
  app.notifiers.add(notifier);

  // Roles of people writing from a DM (no member in the payload), looked up once a minute at most.
  const memberRoles = new Map<string, { at: number; roles: string[] | null }>();
  async function rolesOf(userId: string): Promise<string[] | null> {
    const hit = memberRoles.get(userId);
    if (hit && Date.now() - hit.at < 60_000) return hit.roles;
    let roles: string[] | null = null;
    try {
      roles = ((await rest.get(Routes.guildMember(guildId, userId))) as { roles: string[] }).roles;
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

  const newClient = () => {
    const cl = new Client({ intents: [GatewayIntentBits.Guilds], rest: restOptions, allowedMentions: { parse: [] } });
    cl.on(Events.Error, (err) => log.error({ err }, "discord client error"));
    cl.on(Events.Warn, (msg) => log.warn(msg));
    cl.on(Events.InteractionCreate, (i) => void handle(i));
    return cl;
  };
  let client = newClient();
  let connecting: Promise<void> | null = null;
  let registered = false;

  async function login(cl: Client) {
    const up = new Promise<void>((resolve) => cl.once(Events.ClientReady, () => resolve()));
    await cl.login(token);
    await up;
    void dedupe.prune(7).catch(() => {});
    const channel = cl.channels.cache.get(c.DISCORD_CREATORS_CHANNEL_ID!);
    if (!channel) log.warn({ channel: c.DISCORD_CREATORS_CHANNEL_ID }, "DISCORD_CREATORS_CHANNEL_ID is not a channel of the server Scout sees; briefs cannot be posted");
    if (c.DISCORD_REGISTER_ON_START && !registered) {
      // A failed registration leaves the gateway up (the commands registered before still work).
      try {
        const n = await registerCommands(rest, c.DISCORD_APPLICATION_ID!, guildId, registry);
        registered = true;
        log.info({ commands: n }, "discord commands registered");
      } catch (err) {
        log.error({ err }, "could not register the slash commands (npm run discord:register tries again)");
      }
    }
    log.info({ user: cl.user?.tag, guild: guildId }, "discord ready");
  }
  function connect(): Promise<void> {
    if (connecting) return connecting;
    const cl = client;
    const attempt: Promise<void> = login(cl).catch(async (err: unknown) => {
      // The next try starts from a fresh client (unless disconnect() replaced it already).
      if (client === cl) {
        connecting = null;
        client = newClient();
      }
      await cl.destroy().catch(() => {});
      throw err;
    });
    return (connecting = attempt);
  }
  async function disconnect() {
    if (!connecting) return;
    const old = client;
    const was = connecting;
    // A fresh client for the next connect(): a destroyed one drops its token.
    client = newClient();
    connecting = null;
    void was.catch(() => {}); // a login cut short may never settle
    await old.destroy();
    log.info("left the Discord gateway");
  }

  const ready = opts.gateway === "manual" ? Promise.resolve() : connect();

  return {
    ready,
    get client() {
      return client;
    },
    notifier,
    connect,
    disconnect,
    connected: () => connecting !== null,
    async close() {
      await ready.catch(() => {});
      await disconnect();
    },
  };
}
