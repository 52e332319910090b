// Drives Scout's real Slack adapter (real Bolt) the way Slack does: signed slash commands,
// interactions and events over HTTP, with the fake Slack API recording what the bot sends back.
import { createHmac } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { startHttpServer, type HttpServer } from "../../src/http/server.ts";
import { createLogger } from "../../src/logger.ts";
import { startSlack, type SlackAdapter, type StartSlackOptions } from "../../src/adapters/slack/slack.adapter.ts";
import type { Database } from "../../src/store/db.ts";
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from "./slack-api.ts";

export const BOT_TOKEN = "xoxb-1111-2222-testtoken";
export const APP_TOKEN = "xapp-1-A0TEST-3333-testapptoken";
export const SIGNING_SECRET = "8f742231b10e8888abcd99aaaaaa85a5";
export const MARKETER = "U0MIA";
export const OUTSIDER = "U0OUT";

/** Slack's request signature: v0= HMAC-SHA256 of "v0:{timestamp}:{body}". */
export function sign(body: string, secret = SIGNING_SECRET, ts = Math.floor(Date.now() / 1000)): Record<string, string> {
  const sig = "v0=" + createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex");
  return { "x-slack-request-timestamp": String(ts), "x-slack-signature": sig };
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

export interface Posted {
  status: number;
  text: string;
  json(): any;
  ms: number;
}

export async function post(url: string, body: string, headers: Record<string, string>): Promise<Posted> {
  const t = performance.now();
  const res = await fetch(url, { method: "POST", body, headers });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text), ms: performance.now() - t };
}

/** The environment of a real bot process (npm start) in Slack HTTP mode, pointed at `fake`. */
export function slackProcessEnv(fake: FakeSlack, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    PORT: "0",
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_MARKETER_IDS: MARKETER,
    LOG_LEVEL: "info",
    ...extra,
  };
}

/** The Events API envelope Slack posts for `event` (JSON). */
export function eventBody(event: Record<string, unknown>, eventId = `Ev${Math.random().toString(36).slice(2, 10)}`): string {
  return JSON.stringify({
    token: "deprecated",
    team_id: "T0TEST",
    api_app_id: "A0TEST",
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T0TEST", user_id: "U0BOT", is_bot: true }],
    event,
  });
}

export function commandPayload(fake: FakeSlack, text: string, o: { user?: string; channel?: string; id?: string } = {}) {
  const id = o.id ?? `c${Math.random().toString(36).slice(2, 10)}`;
  return {
    id,
    fields: {
      token: "deprecated",
      team_id: "T0TEST",
      team_domain: "scout-test",
      channel_id: o.channel ?? "C0CAMP",
      channel_name: "campaigns",
      user_id: o.user ?? MARKETER,
      user_name: o.user === OUTSIDER ? "olly" : "mia",
      command: "/scout",
      text,
      api_app_id: "A0TEST",
      is_enterprise_install: "false",
      response_url: fake.responseUrl(id),
      trigger_id: `${id}.trigger`,
    },
  };
}

export function clickPayload(fake: FakeSlack, o: { value: string; actionId?: string; label?: string; user?: string; blocks?: unknown[]; blockId?: string; actionTs?: string; id?: string }) {
  const id = o.id ?? `a${Math.random().toString(36).slice(2, 10)}`;
  const actionId = o.actionId ?? "scout:approve";
  return {
    id,
    payload: {
      type: "block_actions",
      team: { id: "T0TEST", domain: "scout-test" },
      user: { id: o.user ?? MARKETER, username: o.user === OUTSIDER ? "olly" : "mia", name: o.user === OUTSIDER ? "olly" : "mia", team_id: "T0TEST" },
      api_app_id: "A0TEST",
      token: "deprecated",
      container: { type: "message", message_ts: "1700000001.000100", channel_id: "C0CAMP", is_ephemeral: false },
      trigger_id: `${id}.trigger`,
      channel: { id: "C0CAMP", name: "campaigns" },
      message: { type: "message", ts: "1700000001.000100", text: "notice", blocks: o.blocks ?? [] },
      response_url: fake.responseUrl(id),
      actions: [
        {
          type: "button",
          action_id: actionId,
          block_id: o.blockId ?? "scout_actions_1_0",
          text: { type: "plain_text", text: o.label ?? "Approve", emoji: true },
          value: o.value,
          action_ts: o.actionTs ?? `${Date.now() / 1000}`,
        },
      ],
    },
  };
}

export interface Harness {
  fake: FakeSlack;
  app: App;
  http: HttpServer;
  slack: SlackAdapter;
  logs: string[];
  eventsUrl: string;
  /** A signed slash command; returns the HTTP answer (the ack) and its response_url id. */
  command(text: string, o?: { user?: string; channel?: string }): Promise<Posted & { id: string }>;
  /** A signed interaction (payload=JSON). */
  interact(payload: Record<string, unknown>, headers?: Record<string, string>): Promise<Posted>;
  /** A signed Events API callback. */
  event(event: Record<string, unknown>, o?: { eventId?: string; retryNum?: number }): Promise<Posted>;
  close(): Promise<void>;
}

export interface HarnessOptions extends Pick<StartSlackOptions, "registry" | "dispatch" | "retryConfig" | "ackGate"> {
  db: { db: Database; url: string };
  env?: Record<string, string>;
  fake?: FakeSlackOptions;
  /** Builds registry/dispatch overrides from the app (e.g. to add a test-only command). */
  customise?(app: App): Pick<StartSlackOptions, "registry" | "dispatch">;
  /** Set up the fake before the adapter starts (e.g. to take the API down). */
  before?(fake: FakeSlack): void;
  /** Wait for the adapter to be ready (default true). */
  waitReady?: boolean;
}

export async function startHarness(o: HarnessOptions): Promise<Harness> {
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN, users: { U0GUEST: { is_restricted: true } }, ...o.fake });
  o.before?.(fake);
  const logs: string[] = [];
  const log = createLogger({ level: "info", destination: { write: (l: string) => logs.push(l) } });
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-slack-exports-"));
  const config = loadConfig({
    DATABASE_URL: o.db.url,
    EXPORT_DIR: exportDir,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_MARKETER_IDS: MARKETER,
    SLACK_NOTIFY_CHANNEL: "C0NOTICE",
    // Commands run on the main thread here (each worker thread compiles the whole app again, which
    // on a 2-core CI machine starves the other test files); tests of the worker ask for one.
    SLACK_WORKER_THREADS: "0",
    ...o.env,
  });
  const app = await createApp(config, log, { db: o.db.db });
  const http = await startHttpServer({ port: 0, host: "127.0.0.1", db: app.db, log, version: "test" });
  const custom = o.customise?.(app) ?? {};
  const slack = startSlack(app, {
    http,
    // Retries on, as in production, but quick: a broken fake fails a test in milliseconds, not 30 minutes.
    retryConfig: o.retryConfig ?? { retries: 2, minTimeout: 10, maxTimeout: 50 },
    backoff: { firstMs: 50, maxMs: 200 },
    ...(o.registry ? { registry: o.registry } : {}),
    ...(o.dispatch ? { dispatch: o.dispatch } : {}),
    ...(o.ackGate ? { ackGate: o.ackGate } : {}),
    ...custom,
  });
  if (o.waitReady !== false) await slack.ready;
  const eventsUrl = `http://127.0.0.1:${http.port}/slack/events`;
  const signed = (body: string, type: string, extra: Record<string, string> = {}) => post(eventsUrl, body, { "content-type": type, ...sign(body), ...extra });
  return {
    fake,
    app,
    http,
    slack,
    logs,
    eventsUrl,
    async command(text, co = {}) {
      const p = commandPayload(fake, text, co);
      return { ...(await signed(form(p.fields), "application/x-www-form-urlencoded")), id: p.id };
    },
    interact: (payload, headers = {}) => signed(form({ payload: JSON.stringify(payload) }), "application/x-www-form-urlencoded", headers),
    event(event, eo = {}) {
      const body = eventBody(event, eo.eventId);
      return signed(body, "application/json", eo.retryNum ? { "x-slack-retry-num": String(eo.retryNum), "x-slack-retry-reason": "http_timeout" } : {});
    },
    async close() {
      await slack.close();
      await http.close();
      await fake.close();
      fs.rmSync(exportDir, { recursive: true, force: true });
    },
  };
}

/** Log lines at warning level or above, parsed. */
export const warnings = (logs: string[]) => logs.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 40);
