// Starts Scout's Slack surface: Bolt in Socket Mode when SLACK_APP_TOKEN is set, otherwise Bolt with
// Scout's receiver (receiver.ts: Bolt's HTTPReceiver, but slash commands are acknowledged before
// Bolt processes them), whose request listener serves POST /slack/events on Scout's own HTTP server
// (one port in every mode; every signature is verified by Bolt's own function). The Slack API
// being down at start is logged and retried with backoff: the rest of Scout (health, console)
// keeps running meanwhile.
import type { RequestListener } from "node:http";
import { App as BoltApp, LogLevel, SocketModeReceiver, webApi, type Logger as BoltLogger } from "@slack/bolt";
import type { App } from "../../app.ts";
import type { AnyCommand } from "../../core/command.ts";
import type { Notifier } from "../../core/notifier.ts";
import type { HttpServer } from "../../http/server.ts";
import type { Logger } from "../../logger.ts";
import { registerActions } from "./action.handler.ts";
import { createAuthoriser, describe, type Authoriser } from "./auth.ts";
import { commandAck, registerCommand, SLASH_COMMAND } from "./command.handler.ts";
import { AckFirstReceiver } from "./receiver.ts";
import type { SlackDeps } from "./context.ts";
import { createAckGate } from "./ack-gate.ts";
import { createDispatchPool, WorkerOutOfMemory, type DispatchPool } from "./dispatch-pool.ts";
import { removeStaleTempDirs } from "./files.ts";
import { newInvocationId, type DispatchResult } from "../dispatch.ts";
import { createRequestClaims } from "../../store/request-claims.ts";
import { commandOf } from "./context.ts";
import { registerEvents } from "./event.handler.ts";
import { createSlackNotifier } from "./notifier.ts";
import { registerViews } from "./view.handler.ts";
import { after } from "../../core/timers.ts";

export const SLACK_EVENTS_PATH = "/slack/events";
export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

export interface StartSlackOptions {
  /** Scout's HTTP server (needed in HTTP mode: the receiver is mounted on it). */
  http?: HttpServer;
  /** Tests: another registry or dispatcher (e.g. with a test-only command). */
  registry?: readonly AnyCommand[];
  dispatch?: App["dispatch"];
  /** Worker threads for slow commands (default SLACK_WORKER_THREADS); 0: all on the main thread. */
  workers?: number;
  /** Web API retries (default: @slack/web-api's, about 10 retries over 30 minutes). */
  retryConfig?: webApi.RetryOptions;
  /** Reconnection backoff while the Slack API is unreachable at start. */
  backoff?: { firstMs: number; maxMs: number };
  /** Acknowledgements first (ack-gate.ts): quiet period and longest hold (defaults 5 ms and 100 ms). */
  ackGate?: { quietMs?: number; maxWaitMs?: number };
  /** How long close() waits for work in flight (default 8 s, inside the 10 s a SIGTERM allows). */
  drainMs?: number;
}

export interface SlackAdapter {
  mode: "http" | "socket";
  /** Resolves once the Slack API answered and Bolt is serving. */
  ready: Promise<void>;
  auth: Authoriser;
  notifier: Notifier;
  /** The Bolt app, once ready. */
  bolt(): BoltApp | undefined;
  /** Command worker threads running now. */
  workers(): number;
  close(): Promise<void>;
}

/** Bolt's logger interface over pino (Bolt and its Web API client log through it). */
export function boltLogger(log: Logger, quiet = false): BoltLogger {
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  return {
    debug: (...m: unknown[]) => log.debug(text(m)),
    info: (...m: unknown[]) => (quiet ? log.debug(text(m)) : log.info(text(m))),
    warn: (...m: unknown[]) => (quiet ? log.debug(text(m)) : log.warn(text(m))),
    error: (...m: unknown[]) => (quiet ? log.debug(text(m)) : log.error(text(m))),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

/** Runs `fn` until it succeeds, waiting first, 2×first, 4×first... up to max between attempts. */
async function withBackoff<T>(what: (err: unknown) => string, fn: () => Promise<T>, o: { log: Logger; firstMs: number; maxMs: number; signal: AbortSignal }): Promise<T | undefined> {
  for (let attempt = 1; !o.signal.aborted; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (o.signal.aborted) return undefined;
      const delay = Math.min(o.maxMs, o.firstMs * 2 ** (attempt - 1));
      o.log.warn({ attempt, retryInSeconds: Math.round(delay / 100) / 10 }, `${what(err)}; retrying in ${Math.round(delay / 100) / 10} s (attempt ${attempt})`);
      await sleep(delay, o.signal);
    }
  }
  return undefined;
}

export function startSlack(app: App, opts: StartSlackOptions = {}): SlackAdapter {
  const c = app.config;
  const token = c.SLACK_BOT_TOKEN;
  if (!token) throw new Error("SLACK_BOT_TOKEN is not set");
  const mode = c.SLACK_APP_TOKEN ? "socket" : "http";
  if (mode === "http" && (!opts.http || !c.SLACK_SIGNING_SECRET)) throw new Error("the Slack HTTP receiver needs SLACK_SIGNING_SECRET and Scout's HTTP server");
  const apiUrl = (c.SLACK_API_URL ?? DEFAULT_SLACK_API_URL).replace(/\/?$/, "/");
  const log = app.log.child({ surface: "slack" });
  const boltLog = boltLogger(log);
  const clientOptions = (): webApi.WebClientOptions => ({ slackApiUrl: apiUrl, logger: boltLog, ...(opts.retryConfig ? { retryConfig: { ...opts.retryConfig } } : {}) });
  const api = new webApi.WebClient(token, clientOptions());
  const auth = createAuthoriser({ ids: c.SLACK_MARKETER_IDS, group: c.SLACK_MARKETER_GROUP, api, log });
  if (auth.mode === "workspace")
    log.warn(
      "SLACK_MARKETER_IDS and SLACK_MARKETER_GROUP are both unset: every full member of the Slack workspace (not guests) may run marketer commands. Set one of them to restrict Scout to the marketing team.",
    );
  const dedupe = createRequestClaims(app.db.prisma, "slack", log);
  const notifier = createSlackNotifier({ api, defaultChannel: c.SLACK_NOTIFY_CHANNEL, log });
  app.notifiers.add(notifier);
  const registry = opts.registry ?? app.registry;
  const inThread = opts.dispatch ?? app.dispatch;
  const workers = opts.workers ?? c.SLACK_WORKER_THREADS;
  const pool: DispatchPool | undefined = workers > 0 ? createDispatchPool(app, { size: workers, log }) : undefined;
  // Slow commands (shortlists, imports) run in the worker threads, so that acknowledgements never
  // wait behind their CPU work (a shortlist holds the CPU for tens of milliseconds at a time). The
  // others are database-bound and quick: they run here, and a worker that has had nothing to do for
  // a while is retired, so its memory (a second copy of the app) comes back. The workers serve the
  // app's own registry; a command only this adapter was given (tests) runs here.
  const dispatch: App["dispatch"] = (req) => {
    const cmd = commandOf(registry, req.line);
    const inWorker = pool && cmd?.slow && app.registry.includes(cmd);
    if (!inWorker) return inThread(req);
    // A worker that dies of its heap limit answers its command here: the person hears why.
    return pool.dispatch(req, { slow: Boolean(cmd?.slow) }).catch((e: unknown) => {
      if (!(e instanceof WorkerOutOfMemory)) throw e;
      return outOfMemory(cmd!.name, app.services.files.limits.maxRows);
    });
  };
  // Downloads a process killed mid-import left behind (SIGKILL skips its clean-up).
  void removeStaleTempDirs(log);
  // In Socket Mode acks go back over the socket and nothing counts arrivals: the gate stays open.
  const gate = createAckGate(opts.ackGate);
  const deps: SlackDeps = { api, dispatch, registry, auth, dedupe, log, token, apiUrl, importMaxBytes: app.services.files.limits.maxBytes, importMaxRows: app.services.files.limits.maxRows, afterAcks: gate.clear };

  let listener: RequestListener | undefined;
  let bolt: BoltApp | undefined;
  // Work still running after its ack (a command answering through response_url, a click updating
  // its message): shutdown waits for it, so SIGTERM loses no answer.
  const inflight = new Set<Promise<void>>();
  const track = async (next: () => Promise<void>) => {
    let done!: () => void;
    const p = new Promise<void>((r) => (done = r));
    inflight.add(p);
    try {
      await next();
    } finally {
      inflight.delete(p);
      done();
    }
  };
  const stop = new AbortController();
  const backoff = { log, firstMs: opts.backoff?.firstMs ?? 1000, maxMs: opts.backoff?.maxMs ?? 60_000, signal: stop.signal };

  if (mode === "http")
    opts.http!.route("POST", SLACK_EVENTS_PATH, (req, res) => {
      res.once("close", gate.arrived());
      if (!listener) {
        // Slack retries events; commands get a clear failure instead of a hang.
        res.writeHead(503, { "retry-after": "5", "content-type": "text/plain; charset=utf-8" });
        res.end("Scout is still connecting to Slack; try again in a few seconds.");
        return;
      }
      listener(req, res);
    });

  const ready = (async () => {
    // auth.test first, without the client's long retries, so that each failed attempt is logged.
    const probe = new webApi.WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, timeout: 10_000, logger: boltLogger(log, true) });
    const who = await withBackoff(
      (err) => {
        const d = describe(err);
        return /invalid_auth|not_authed|account_inactive|token_revoked/.test(d)
          ? `Slack refused SLACK_BOT_TOKEN (${d}): check the token`
          : `Slack API unreachable at ${apiUrl} (${d})`;
      },
      () => probe.auth.test(),
      backoff,
    );
    if (!who) return;
    void dedupe.prune(7).catch(() => {});
    const botIds = { botId: who.bot_id, botUserId: who.user_id };
    if (mode === "http") {
      const receiver = new AckFirstReceiver({
        signingSecret: c.SLACK_SIGNING_SECRET!,
        path: SLACK_EVENTS_PATH,
        logger: boltLog,
        commands: [SLASH_COMMAND],
        commandAck: (text, retry) => commandAck(registry, text, retry),
        afterAcks: gate.clear,
        track,
      });
      // No conversation store: Scout keeps no state in Bolt, and it costs time on every request.
      bolt = new BoltApp({ token, receiver, ...botIds, convoStore: false, logger: boltLog, clientOptions: clientOptions() });
      register(bolt, deps, track);
      listener = receiver.requestListener;
    } else {
      const receiver = new SocketModeReceiver({ appToken: c.SLACK_APP_TOKEN!, logger: boltLog, installerOptions: { clientOptions: clientOptions() } });
      const b = (bolt = new BoltApp({ token, receiver, socketMode: true, ...botIds, convoStore: false, logger: boltLog, clientOptions: clientOptions() }));
      register(b, deps, track);
      const started = await withBackoff((err) => `Slack Socket Mode connection failed (${describe(err)})`, () => b.start().then(() => true), backoff);
      if (!started) return;
    }
    log.info({ mode, team: who.team, botUserId: who.user_id, marketers: auth.mode }, `slack ready (${mode === "http" ? `HTTP at POST ${SLACK_EVENTS_PATH}` : "Socket Mode"})`);
  })();

  return {
    mode,
    ready,
    auth,
    notifier,
    bolt: () => bolt,
    workers: () => pool?.running() ?? 0,
    async close() {
      stop.abort();
      listener = undefined;
      await ready.catch(() => {});
      if (mode === "socket" && bolt) await bolt.stop().catch(() => {});
      if (inflight.size) {
        log.info({ inflight: inflight.size }, "finishing work in flight before stopping");
        await Promise.race([Promise.allSettled([...inflight]), after(opts.drainMs ?? 8000, undefined)]);
      }
      await pool?.close();
    },
  };
}

function register(bolt: BoltApp, deps: SlackDeps, track: (next: () => Promise<void>) => Promise<void>): void {
  bolt.use(async ({ next }) => track(next));
  registerCommand(bolt, deps);
  registerActions(bolt, deps);
  registerViews(bolt, deps);
  registerEvents(bolt, deps);
  bolt.error(async (err) => {
    deps.log.error({ err }, "slack listener failed");
  });
}

/** The answer to a command whose worker ran out of memory. */
function outOfMemory(command: string, maxRows: number): DispatchResult {
  const isImport = /\bimport$/.test(command);
  const text = isImport
    ? `The file is too large: at most ${maxRows.toLocaleString("en-US")} rows, and this import needed more memory than Scout gives one. Nothing was imported.`
    : "This command needed more memory than Scout gives one, and was stopped.";
  const hint = isImport ? "Split the file into smaller files and import each (re-importing updates rows already there)." : "Narrow it down (fewer results, tighter criteria) and try again.";
  const code = isImport ? "FILE_TOO_LARGE" : "OUT_OF_MEMORY";
  return {
    outcome: "user",
    reply: { message: { text: `${text}\n${hint}`, tone: "error", ephemeral: true }, data: { error: { code, message: text, hint } } },
    command,
    invocationId: newInvocationId(),
    flags: new Set(),
    code,
  };
}
