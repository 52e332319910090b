// Drives Scout's real Discord adapter (real discord.js) the way Discord does: a fake gateway
// delivers INTERACTION_CREATE payloads, a fake REST API records what the bot sends back. Marketer
// notices go to a console notifier whose output the test reads.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { createConsoleNotifier } from "../../src/adapters/console/console.notifier.ts";
import { startDiscord, type DiscordAdapter, type StartDiscordOptions } from "../../src/adapters/discord/discord.adapter.ts";
import type { Database } from "../../src/store/db.ts";
import { IDS, startFakeDiscord, type Call, type FakeDiscord } from "./discord-api.ts";
import { startFakeGateway, type FakeGateway } from "./discord-gateway.ts";
import { clickParts, interactionPayload, slashData, submitData, type Who } from "./discord-interactions.ts";

export const TOKEN = "fake-discord-bot-token-0123456789";
export const CREATOR = "1200000000000000001";
export const OUTSIDER = "1200000000000000002";

export type { Who };

export interface Sent {
  id: string;
  token: string;
  /** When the gateway sent it (performance.now()). */
  at: number;
  payload: Record<string, unknown>;
}

export interface DiscordHarness {
  fake: FakeDiscord;
  gateway: FakeGateway;
  app: App;
  discord: DiscordAdapter;
  logs: string[];
  /** What the console notifier printed (the marketers' notices). */
  notices(): string;
  /** Sends an interaction; returns its id and token. */
  send(type: 2 | 3 | 4 | 5, data: Record<string, unknown>, who?: Who, extra?: Record<string, unknown>): Sent;
  slash(name: string, options?: Record<string, string | number>, who?: Who & { sub?: string }): Sent;
  click(customId: string, who?: Who): Sent;
  /** A modal submission: a string fills a text input, an array a select. */
  submit(customId: string, values: Record<string, string | string[]>, who?: Who): Sent;
  /** The first answer (callback) to an interaction, and the edit that followed a deferral. */
  answer(id: string, token: string, ms?: number): Promise<{ callback: Call; final: any }>;
  /** Runs a command line as a marketer (the console surface), failing on any error. */
  marketer(line: string): Promise<any>;
  close(): Promise<void>;
}

export async function startDiscordHarness(o: { db: { db: Database; url: string }; env?: Record<string, string>; options?: StartDiscordOptions; channel?: "text" | "forum" }): Promise<DiscordHarness> {
  const fake = await startFakeDiscord();
  const gateway = await startFakeGateway(fake);
  fake.members.set(CREATOR, [IDS.role]);
  fake.members.set(OUTSIDER, []);
  const logs: string[] = [];
  const log = createLogger({ level: "info", destination: { write: (l: string) => logs.push(l) } });
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-discord-exports-"));
  const config = loadConfig({
    DATABASE_URL: o.db.url,
    EXPORT_DIR: exportDir,
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: IDS.app,
    DISCORD_GUILD_ID: IDS.guild,
    DISCORD_CREATORS_CHANNEL_ID: o.channel === "forum" ? IDS.forum : IDS.text,
    DISCORD_CREATOR_ROLE_ID: IDS.role,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_REGISTER_ON_START: "true",
    ...o.env,
  });
  const app = await createApp(config, log, { db: o.db.db });
  let printed = "";
  // As npm start does without Slack: the marketers' notices are printed; creators hear only through Discord.
  const printer = createConsoleNotifier(new Writable({ write: (c, _e, cb) => ((printed += c.toString()), cb()) }));
  app.notifiers.add({ toMarketers: (n) => printer.toMarketers(n) });
  const discord = startDiscord(app, { rest: { retries: 1, timeout: 10_000 }, ...o.options });
  await discord.ready;

  const send: DiscordHarness["send"] = (type, data, who = {}, extra = {}) => {
    const { id, token, payload } = interactionPayload(type, data, { ...who, user: who.user ?? CREATOR }, extra);
    const at = gateway.dispatch("INTERACTION_CREATE", payload);
    return { id, token, at, payload };
  };
  const h: DiscordHarness = {
    fake,
    gateway,
    app,
    discord,
    logs,
    notices: () => printed,
    send,
    slash: (name, options = {}, who = {}) => send(2, slashData(name, options, who.sub), who),
    click(customId, who = {}) {
      const { data, extra } = clickParts(customId, who.channel);
      return send(3, data, who, extra);
    },
    submit: (customId, values, who = {}) => send(5, submitData(customId, values), who),
    async answer(id, token, ms = 10_000) {
      const callback = await fake.waitFor((c) => c.route.endsWith("/callback") && c.params.interaction_id === id, ms);
      if (callback.body?.type !== 5) return { callback, final: callback.body?.data };
      const edit = await fake.waitFor((c) => c.route.endsWith("/messages/@original") && c.params.webhook_token === token, ms);
      return { callback, final: edit.body };
    },
    async marketer(line) {
      const r = await app.dispatch({ line, surface: "console", actor: { id: "m1", name: "Mia", roles: ["marketer"] } });
      if (r.outcome !== "ok") throw new Error(`${line}: ${r.reply.message.text}`);
      return r.reply.data;
    },
    async close() {
      await discord.close();
      await gateway.close();
      await fake.close();
      fs.rmSync(exportDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** Everything a rendered Discord message shows, as one string (content, embeds, buttons). */
export const shown = (m: any) => JSON.stringify([m?.content ?? "", m?.embeds ?? [], (m?.components ?? []).flatMap((r: any) => r.components.map((b: any) => b.label))]);
/** The buttons of a rendered message. */
export const buttons = (m: any): { label: string; custom_id: string; disabled?: boolean }[] => (m?.components ?? []).flatMap((r: any) => r.components);
