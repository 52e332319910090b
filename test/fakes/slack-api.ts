// A fake Slack on 127.0.0.1: the Web API (what Bolt's WebClient calls through SLACK_API_URL),
// response_urls, the files.uploadV2 upload URL and private file downloads. It records every call,
// checks each against Slack's API description and Block Kit limits, and can fail on demand
// (429 with Retry-After, 500, a platform error, or the whole API down).
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { checkApiCall, checkResponseBody } from "./slack-spec.ts";

export interface ApiCall {
  method: string;
  args: Record<string, string>;
  /** Bearer token of the call. */
  token: string | undefined;
  /** HTTP status the fake answered (429 and 500 attempts are recorded too). */
  status: number;
  /** Slack's `ok` in the answer. */
  ok: boolean;
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, any>;
  at: number;
}

export type Fault = { status: 429; retryAfter: number } | { status: 500 } | { error: string };

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  /** Members of user groups, by group id. */
  usergroups?: Record<string, string[]>;
  /** users.info answers by user id (default: a full member). */
  users?: Record<string, Record<string, unknown>>;
  /** Channels conversations.list answers (default none). */
  channels?: { id: string; name: string }[];
}

/** A message the bot posted (chat.postMessage), as conversations.history returns it. */
export interface PostedMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  threadTs: string | undefined;
  metadata: { event_type: string; event_payload: Record<string, unknown> } | undefined;
}

export interface FakeSlack {
  /** SLACK_API_URL for the bot. */
  apiUrl: string;
  origin: string;
  calls: ApiCall[];
  responses: ResponseUrlPost[];
  uploads: { fileId: string; bytes: number; text: string }[];
  downloads: { path: string; authorized: boolean }[];
  /** Messages posted with chat.postMessage (conversations.history answers from these). */
  messages: PostedMessage[];
  /** Where Socket Mode connects (apps.connections.open answers it). */
  socketUrl?: string;
  options: FakeSlackOptions;
  /** A fresh response_url. */
  responseUrl(id?: string): string;
  /** Serves a file as Slack would (with the bot token only) and returns its event `files[]` entry. */
  shareFile(name: string, content: string): Record<string, unknown>;
  /** Like shareFile, streamed from a file on disk (large files); `size` is what the event declares
   *  (default the file's size; null leaves it out, as when Slack does not know it yet). */
  shareDiskFile(name: string, file: string, o?: { size?: number | null }): Record<string, unknown>;
  /** The next `times` calls of `method` fail this way. */
  fail(method: string, fault: Fault, times?: number): void;
  /** Answers to response_url posts wait this long (work still in flight when the bot is stopped). */
  delayResponses(ms: number): void;
  /** While down, every Web API call has its connection reset. */
  setDown(down: boolean): void;
  /** Successful calls of a method. */
  ok(method: string): ApiCall[];
  waitForCall(pred: (c: ApiCall) => boolean, ms?: number): Promise<ApiCall>;
  waitForResponse(pred: (r: ResponseUrlPost) => boolean, ms?: number): Promise<ResponseUrlPost>;
  /** Everything sent that breaks the API description or Block Kit limits. */
  problems(): string[];
  close(): Promise<void>;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const calls: ApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const uploads: FakeSlack["uploads"] = [];
  const downloads: FakeSlack["downloads"] = [];
  const messages: PostedMessage[] = [];
  const files = new Map<string, string>();
  const diskFiles = new Map<string, string>();
  const faults = new Map<string, Fault[]>();
  const problems: string[] = [];
  let down = false;
  let responseDelayMs = 0;
  let seq = 0;
  let tsSeq = 1_700_000_000;
  const nextTs = () => `${++tsSeq}.000100`;

  function answer(method: string, a: Record<string, string>): Record<string, unknown> {
    const json = <T>(s: string | undefined, d: T): T => {
      try {
        return s ? (JSON.parse(s) as T) : d;
      } catch {
        return d;
      }
    };
    switch (method) {
      case "auth.test":
        return { ok: true, url: "https://scout-test.slack.com/", team: "Scout Test", user: "scout", team_id: "T0TEST", user_id: "U0BOT", bot_id: "B0BOT" };
      case "chat.postMessage": {
        const channel = a.channel?.startsWith("U") ? `D${a.channel.slice(1)}` : a.channel;
        const ts = nextTs();
        messages.push({ channel: channel ?? "", ts, text: a.text, threadTs: a.thread_ts, metadata: json(a.metadata, undefined) });
        return { ok: true, channel, ts, message: { text: a.text, user: "U0BOT", bot_id: "B0BOT" } };
      }
      case "conversations.history": {
        const list = messages
          // `oldest` is ignored: the fake's message timestamps are counters, not times.
          .filter((m) => m.channel === a.channel && !m.threadTs)
          .reverse()
          .map((m) => ({ type: "message", ts: m.ts, text: m.text, user: "U0BOT", bot_id: "B0BOT", ...(m.metadata ? { metadata: m.metadata } : {}) }));
        return { ok: true, messages: list, has_more: false };
      }
      case "conversations.list": {
        const channels = (options.channels ?? []).map((c) => ({ id: c.id, name: c.name, name_normalized: c.name, is_channel: true, is_archived: false }));
        return { ok: true, channels, response_metadata: { next_cursor: "" } };
      }
      case "chat.update":
        return { ok: true, channel: a.channel, ts: a.ts, text: a.text };
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "views.open":
      case "views.publish":
      case "views.update":
      case "views.push":
        return { ok: true, view: { id: `V${++seq}`, ...json(a.view, {}) } };
      case "usergroups.users.list": {
        const users = options.usergroups?.[a.usergroup ?? ""];
        return users ? { ok: true, users } : { ok: false, error: "no_such_subteam" };
      }
      case "users.info":
        return { ok: true, user: { id: a.user, name: `user-${a.user}`, deleted: false, is_bot: false, is_restricted: false, is_ultra_restricted: false, ...(options.users?.[a.user ?? ""] ?? {}) } };
      case "conversations.open":
        return { ok: true, channel: { id: `D${(a.users ?? "X").replace(/^U/, "")}` } };
      case "files.getUploadURLExternal": {
        const id = `F${++seq}`;
        return { ok: true, upload_url: `${origin}/upload/${id}`, file_id: id };
      }
      case "files.completeUploadExternal":
        return { ok: true, files: json<{ id: string; title?: string }[]>(a.files, []).map((f) => ({ id: f.id, title: f.title })) };
      case "apps.connections.open":
        return fake.socketUrl ? { ok: true, url: fake.socketUrl } : { ok: false, error: "no_socket_server" };
      default:
        return { ok: true };
    }
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const raw = await readBody(req);
      const auth = req.headers.authorization?.replace(/^Bearer\s+/i, "");
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
        res.end(typeof body === "string" ? body : JSON.stringify(body));
      };
      if (url.pathname.startsWith("/api/")) {
        const method = url.pathname.slice(5);
        if (down) return void req.socket.destroy();
        const type = req.headers["content-type"] ?? "";
        let args: Record<string, string> = {};
        if (type.includes("application/x-www-form-urlencoded")) args = Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
        else if (type.includes("application/json") && raw.length) args = JSON.parse(raw.toString("utf8")) as Record<string, string>;
        for (const [k, v] of url.searchParams) args[k] = v;
        const record = (status: number, ok: boolean) => calls.push({ method, args, token: auth, status, ok, at: Date.now() });
        const fault = faults.get(method)?.shift();
        if (fault && "status" in fault) {
          record(fault.status, false);
          return fault.status === 429 ? send(429, { ok: false, error: "ratelimited" }, { "retry-after": String(fault.retryAfter) }) : send(500, "server error");
        }
        if (fault) {
          record(200, false);
          return send(200, { ok: false, error: fault.error });
        }
        const expected = method === "apps.connections.open" ? options.appToken : options.botToken;
        if (expected && auth !== expected) {
          record(200, false);
          return send(200, { ok: false, error: "invalid_auth" });
        }
        problems.push(...checkApiCall(method, args));
        const body = answer(method, args);
        record(200, body.ok === true);
        return send(200, body);
      }
      if (url.pathname.startsWith("/respond/")) {
        if (responseDelayMs) await new Promise((r) => setTimeout(r, responseDelayMs));
        const body = JSON.parse(raw.toString("utf8") || "{}") as Record<string, unknown>;
        problems.push(...checkResponseBody(body));
        responses.push({ id: url.pathname.slice(9), body, at: Date.now() });
        return send(200, "ok", { "content-type": "text/plain" });
      }
      if (url.pathname.startsWith("/upload/")) {
        uploads.push({ fileId: url.pathname.slice(8), bytes: raw.length, text: raw.toString("utf8") });
        return send(200, `OK - ${raw.length}`, { "content-type": "text/plain" });
      }
      if (url.pathname.startsWith("/files/")) {
        const authorized = Boolean(options.botToken ? auth === options.botToken : auth);
        downloads.push({ path: url.pathname, authorized });
        const content = files.get(url.pathname);
        // Like Slack: without the token, a sign-in page instead of the file.
        if (!authorized) return send(200, "<html>Sign in to Slack</html>", { "content-type": "text/html" });
        const disk = diskFiles.get(url.pathname);
        if (disk !== undefined) {
          // Streamed without a content-length (chunked): the client must count what it reads.
          res.writeHead(200, { "content-type": "text/csv" });
          const stream = fs.createReadStream(disk);
          stream.on("error", () => res.destroy());
          res.on("close", () => stream.destroy());
          stream.pipe(res);
          return;
        }
        if (content === undefined) return send(404, "not found", { "content-type": "text/plain" });
        return send(200, content, { "content-type": "text/csv" });
      }
      send(404, { ok: false, error: "unknown_path" });
    })().catch((e: unknown) => {
      problems.push(`fake server error: ${(e as Error).message}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const waitFor = async <T>(list: () => T[], pred: (x: T) => boolean, ms: number, what: string): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const hit = list().find(pred);
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  const fake: FakeSlack = {
    apiUrl: `${origin}/api/`,
    origin,
    calls,
    responses,
    uploads,
    downloads,
    messages,
    options,
    responseUrl: (id = `r${++seq}`) => `${origin}/respond/${id}`,
    shareFile(name, content) {
      const id = `F${++seq}`;
      const p = `/files/${id}/${encodeURIComponent(name)}`;
      files.set(p, content);
      return { id, name, filetype: "csv", mimetype: "text/csv", size: Buffer.byteLength(content), url_private: `${origin}${p}`, url_private_download: `${origin}${p}?download=1` };
    },
    shareDiskFile(name, file, o = {}) {
      const id = `F${++seq}`;
      const p = `/files/${id}/${encodeURIComponent(name)}`;
      diskFiles.set(p, file);
      const size = o.size === undefined ? fs.statSync(file).size : o.size;
      return { id, name, filetype: "csv", mimetype: "text/csv", ...(size === null ? {} : { size }), url_private: `${origin}${p}`, url_private_download: `${origin}${p}?download=1` };
    },
    fail(method, fault, times = 1) {
      const list = faults.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(fault);
      faults.set(method, list);
    },
    setDown: (d) => void (down = d),
    delayResponses: (ms) => void (responseDelayMs = ms),
    ok: (method) => calls.filter((c) => c.method === method && c.ok),
    waitForCall: (pred, ms = 10_000) => waitFor(() => calls, (c) => c.ok && pred(c), ms, "a Slack API call"),
    waitForResponse: (pred, ms = 10_000) => waitFor(() => responses, pred, ms, "a response_url post"),
    problems: () => [...problems],
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  return fake;
}
