// Drives the REAL bot process (`npm start`: node --import tsx src/main.ts), configured only through
// environment variables, against a fake Slack (HTTP mode, signed requests) and a fake Discord (REST
// + gateway) on 127.0.0.1, with a real PostgreSQL. Used by the journey test and the load benchmark.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { signConversion } from "../../src/core/links/webhook.ts";
import { IDS, startFakeDiscord, type Call, type FakeDiscord } from "../fakes/discord-api.ts";
import { startFakeGateway, type FakeGateway } from "../fakes/discord-gateway.ts";
import { clickParts, interactionPayload, slashData, submitData, type Who } from "../fakes/discord-interactions.ts";
import { startFakeSlack, type ApiCall, type FakeSlack, type FakeSlackOptions, type ResponseUrlPost } from "../fakes/slack-api.ts";
import { BOT_TOKEN, MARKETER, SIGNING_SECRET, clickPayload, commandPayload, eventBody, form, post, sign, type Posted } from "../fakes/slack-harness.ts";
import { exitOf, startMain, waitFor } from "./run.ts";

export const DISCORD_TOKEN = "fake-discord-bot-token-0123456789";
export const WEBHOOK_SECRET = "whsec-journey-0123456789abcdef";
export const IP_SALT = "salt-journey-0123456789abcdef";
export const NOTIFY_CHANNEL = "C0NOTICE";

export interface DriverOptions {
  /** The bot's database (e.g. a scratch database from test/support/db.ts). */
  databaseUrl: string;
  /** More (or overriding) environment variables for the bot. */
  env?: Record<string, string>;
  slack?: FakeSlackOptions;
  /** Check every request to the fake Discord against its description (default true). */
  checkDiscord?: boolean;
  /** Start the bot at once (default true). */
  start?: boolean;
  /** How long to wait for the bot to be ready (default 60 s). */
  readyMs?: number;
}

export interface DiscordSent {
  id: string;
  token: string;
  at: number;
  payload: Record<string, unknown>;
}

type Bot = ReturnType<typeof startMain>;

export interface BotDriver {
  slack: FakeSlack;
  discord: FakeDiscord;
  gateway: FakeGateway;
  /** The bot's environment (what start() passes, before its extras). */
  env: Record<string, string>;
  /** The running bot process (replaced by restart()). */
  bot(): Bot;
  port(): number;
  baseUrl(): string;
  /** Everything the bot printed (stdout and stderr) since the driver started, over every run. */
  output(): string;
  start(extraEnv?: Record<string, string>): Promise<void>;
  /** SIGTERM (default) and wait for the exit; returns the exit code. */
  stop(signal?: NodeJS.Signals, ms?: number): Promise<number | null>;
  kill(): Promise<void>;
  restart(extraEnv?: Record<string, string>): Promise<void>;

  // Slack, as Slack sends it (signed).
  slackCommand(text: string, o?: { user?: string; channel?: string }): Promise<Posted & { id: string }>;
  /** A command and its first answer on the response_url (failing on an error reply). */
  slackRun(text: string, o?: { user?: string; channel?: string; ms?: number }): Promise<{ id: string; body: Record<string, any>; text: string }>;
  slackAction(o: Parameters<typeof clickPayload>[1]): Promise<Posted & { id: string }>;
  slackInteract(payload: Record<string, unknown>): Promise<Posted>;
  slackEvent(event: Record<string, unknown>, o?: { eventId?: string }): Promise<Posted>;
  /** A view_submission of a modal the bot opened (view as in views.open), with state values. */
  slackSubmitView(view: any, values: Record<string, Record<string, unknown>>, user?: string): Promise<Posted>;
  waitSlackCall(pred: (c: ApiCall) => boolean, ms?: number): Promise<ApiCall>;
  waitSlackResponse(pred: (r: ResponseUrlPost) => boolean, ms?: number): Promise<ResponseUrlPost>;

  // Discord, as its gateway sends it.
  discordSend(type: 2 | 3 | 5, data: Record<string, unknown>, who: Who & { user: string }, extra?: Record<string, unknown>): DiscordSent;
  discordSlash(name: string, options: Record<string, string | number>, who: Who & { user: string; sub?: string }): DiscordSent;
  discordClick(customId: string, who: Who & { user: string }): DiscordSent;
  discordSubmit(customId: string, values: Record<string, string | string[]>, who: Who & { user: string }): DiscordSent;
  /** The interaction's callback and, after a deferral, the edit of the original answer. */
  discordAnswer(s: { id: string; token: string }, ms?: number): Promise<{ callback: Call; final: any }>;
  waitDiscordCall(pred: (c: Call) => boolean, ms?: number): Promise<Call>;

  // HTTP.
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** A conversion signed as the shop signs it (X-Scout-Timestamp, X-Scout-Signature). */
  conversion(body: Record<string, unknown>, o?: { secret?: string }): Promise<Response>;

  /** A query on the bot's database. */
  sql<T extends Record<string, any> = Record<string, any>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Waits until `check` returns something truthy (polling), or fails with `what`. */
  until<T>(check: () => Promise<T> | T, what: string, ms?: number): Promise<NonNullable<T>>;
  close(): Promise<void>;
}

export async function startBotDriver(o: DriverOptions): Promise<BotDriver> {
  const slack = await startFakeSlack({ botToken: BOT_TOKEN, ...o.slack });
  const discord = await startFakeDiscord({ check: o.checkDiscord });
  const gateway = await startFakeGateway(discord);
  const pool = new pg.Pool({ connectionString: o.databaseUrl, max: 2 });
  const env: Record<string, string> = {
    DATABASE_URL: o.databaseUrl,
    PORT: "0",
    LOG_LEVEL: "info",
    PUBLIC_BASE_URL: "https://go.scout.test",
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_MARKETER_IDS: MARKETER,
    SLACK_NOTIFY_CHANNEL: NOTIFY_CHANNEL,
    // Commands on the main thread: a worker thread compiles the whole app again (seconds of CPU).
    SLACK_WORKER_THREADS: "0",
    DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: IDS.app,
    DISCORD_GUILD_ID: IDS.guild,
    DISCORD_CREATORS_CHANNEL_ID: IDS.text,
    DISCORD_CREATOR_ROLE_ID: IDS.role,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_REGISTER_ON_START: "true",
    CONVERSION_WEBHOOK_SECRET: WEBHOOK_SECRET,
    CLICK_IP_SALT: IP_SALT,
    ...o.env,
  };
  let bot: Bot | undefined;
  let port = 0;
  let past = "";
  const current = () => {
    if (!bot) throw new Error("the bot is not running");
    return bot;
  };
  const readyMs = o.readyMs ?? 60_000;

  async function start(extraEnv: Record<string, string> = {}) {
    if (bot && bot.exitCode === null && bot.signalCode === null) throw new Error("the bot is running already");
    if (bot) past += bot.output() + bot.errors();
    const identifiesBefore = gateway.identifies;
    const b = (bot = startMain({ ...env, ...extraEnv }));
    const all = () => b.errors() + b.output();
    const exited = new Promise<never>((_, reject) => b.once("exit", (code) => reject(new Error(`the bot exited (${code}) while starting:\n${all()}`))));
    const ready = (async () => {
      const [, p] = await waitFor(all, /HTTP on port (\d+)/, readyMs);
      port = Number(p);
      await waitFor(all, /slack ready/, readyMs);
      const end = Date.now() + readyMs;
      while (gateway.identifies === identifiesBefore) {
        if (Date.now() > end) throw new Error(`the bot did not identify on the Discord gateway:\n${all()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await waitFor(all, /discord ready/, readyMs);
    })();
    try {
      await Promise.race([ready, exited]);
    } finally {
      exited.catch(() => {});
    }
  }

  const signedPost = (body: string, type: string) => post(`http://127.0.0.1:${port}/slack/events`, body, { "content-type": type, ...sign(body) });
  const interact = (payload: Record<string, unknown>) => signedPost(form({ payload: JSON.stringify(payload) }), "application/x-www-form-urlencoded");

  const d: BotDriver = {
    slack,
    discord,
    gateway,
    env,
    bot: current,
    port: () => port,
    baseUrl: () => `http://127.0.0.1:${port}`,
    output: () => past + (bot ? bot.output() + bot.errors() : ""),
    start,
    async stop(signal = "SIGTERM", ms = 15_000) {
      const b = current();
      if (b.exitCode !== null || b.signalCode !== null) return b.exitCode;
      b.kill(signal);
      return exitOf(b, ms);
    },
    async kill() {
      const b = current();
      if (b.exitCode !== null || b.signalCode !== null) return;
      const done = new Promise((r) => b.once("exit", r));
      b.kill("SIGKILL");
      await done;
    },
    async restart(extraEnv) {
      const code = await d.stop();
      if (code !== 0) throw new Error(`the bot exited with ${code} on SIGTERM:\n${d.output().slice(-2000)}`);
      await start(extraEnv);
    },

    async slackCommand(text, co = {}) {
      const p = commandPayload(slack, text, co);
      return { ...(await signedPost(form(p.fields), "application/x-www-form-urlencoded")), id: p.id };
    },
    async slackRun(text, co = {}) {
      const r = await d.slackCommand(text, co);
      if (r.status !== 200) throw new Error(`${text}: HTTP ${r.status} ${r.text}`);
      const answer = await slack.waitForResponse((x) => x.id === r.id && !x.body.delete_original, co.ms ?? 30_000);
      const shown = JSON.stringify(answer.body);
      if (/Something went wrong|That command needs a fix/.test(shown)) throw new Error(`${text}: ${shown}`);
      return { id: r.id, body: answer.body, text: shown };
    },
    async slackAction(ao) {
      const c = clickPayload(slack, ao);
      return { ...(await interact(c.payload)), id: c.id };
    },
    slackInteract: interact,
    slackEvent(event, eo = {}) {
      const body = eventBody(event, eo.eventId);
      return signedPost(body, "application/json");
    },
    slackSubmitView(view, values, user = MARKETER) {
      return interact({
        type: "view_submission",
        team: { id: "T0TEST", domain: "scout-test" },
        user: { id: user, username: "mia", name: "mia", team_id: "T0TEST" },
        api_app_id: "A0TEST",
        token: "deprecated",
        trigger_id: `t${randomBytes(4).toString("hex")}.submit`,
        view: {
          id: `V${randomBytes(4).toString("hex").toUpperCase()}`,
          team_id: "T0TEST",
          type: "modal",
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          blocks: view.blocks,
          state: { values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [k]: v }])) },
          hash: "1.abc",
          title: view.title,
          app_id: "A0TEST",
          bot_id: "B0BOT",
        },
      });
    },
    waitSlackCall: (pred, ms = 30_000) => slack.waitForCall(pred, ms),
    waitSlackResponse: (pred, ms = 30_000) => slack.waitForResponse(pred, ms),

    discordSend(type, data, who, extra = {}) {
      const built = interactionPayload(type, data, who, extra);
      const at = gateway.dispatch("INTERACTION_CREATE", built.payload);
      return { ...built, at };
    },
    discordSlash: (name, options, who) => d.discordSend(2, slashData(name, options, who.sub), who),
    discordClick(customId, who) {
      const { data, extra } = clickParts(customId, who.channel);
      return d.discordSend(3, data, who, extra);
    },
    discordSubmit: (customId, values, who) => d.discordSend(5, submitData(customId, values), who),
    async discordAnswer(s, ms = 30_000) {
      const callback = await discord.waitFor((c) => c.route.endsWith("/callback") && c.params.interaction_id === s.id, ms);
      if (callback.body?.type !== 5 && callback.body?.type !== 6) return { callback, final: callback.body?.data };
      const edit = await discord.waitFor((c) => c.route.endsWith("/messages/@original") && c.params.webhook_token === s.token, ms);
      return { callback, final: edit.body };
    },
    waitDiscordCall: (pred, ms = 30_000) => discord.waitFor(pred, ms),

    get: (path, headers = {}) => fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: "manual" }),
    conversion(body, co = {}) {
      const raw = JSON.stringify(body);
      const ts = String(Math.floor(Date.now() / 1000));
      return fetch(`http://127.0.0.1:${port}/hooks/conversions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-scout-timestamp": ts, "x-scout-signature": `sha256=${signConversion(co.secret ?? env.CONVERSION_WEBHOOK_SECRET!, ts, raw)}` },
        body: raw,
      });
    },

    sql: async (text, params = []) => (await pool.query(text, params)).rows,
    async until(check, what, ms = 30_000) {
      const end = Date.now() + ms;
      for (;;) {
        const v = await check();
        if (v) return v as NonNullable<typeof v>;
        if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      if (bot && bot.exitCode === null && bot.signalCode === null) await d.kill();
      await pool.end();
      await gateway.close();
      await discord.close();
      await slack.close();
    },
  };
  if (o.start !== false) {
    try {
      await start();
    } catch (e) {
      await d.close();
      throw e;
    }
  }
  return d;
}
