// A fake Discord HTTP API on 127.0.0.1 (what discord.js's REST calls through DISCORD_API_URL). It
// keeps a small guild (text or forum channel, roles, members), records every request with the time
// it arrived, checks each body against Discord's API description and limits, and fails on demand:
// a 429 once on message create, DMs closed (403, code 50007), a create held until released (a bot
// killed mid-request); it honours enforce_nonce on message create. Interaction callbacks are accepted
// once per interaction; a second one gets Discord's 40060 "already acknowledged".
import http from "node:http";
import type { AddressInfo } from "node:net";
import { checkRequest } from "./discord-spec.ts";

export interface Call {
  method: string;
  /** The path as the description names it, e.g. /channels/{channel_id}/messages. */
  route: string;
  path: string;
  params: Record<string, string>;
  body: any;
  status: number;
  auth: string | undefined;
  at: number;
}

export interface FakeChannel {
  id: string;
  type: number;
  name: string;
  guild_id?: string;
  parent_id?: string;
  available_tags?: { id: string; name: string; moderated: boolean; emoji_id: null; emoji_name: null }[];
  messages: Map<string, any>;
}

let seq = 0n;
/** A snowflake-shaped id (discord.js checks ids look like them). */
export const snowflake = () => String(((BigInt(Date.now()) - 1420070400000n) << 22n) | (seq++ & 0x3fffffn));

export const IDS = {
  app: "1100000000000000001",
  bot: "1100000000000000001",
  guild: "1100000000000000002",
  text: "1100000000000000003",
  forum: "1100000000000000004",
  role: "1100000000000000005",
  tagSales: "1100000000000000006",
  tagInstagram: "1100000000000000007",
  tagAwareness: "1100000000000000008",
} as const;

export interface FakeDiscord {
  apiUrl: string;
  calls: Call[];
  channels: Map<string, FakeChannel>;
  /** Guild members and their roles. */
  members: Map<string, string[]>;
  /** Users whose DMs are closed. */
  dmsClosed: Set<string>;
  /** Set by the fake gateway: where GET /gateway/bot points. */
  gatewayUrl: string;
  /** The next message create answers 429 (Retry-After seconds) `times` times. */
  rateLimitNext(times?: number, retryAfter?: number): void;
  /**
   * Holds the next message create (or forum post) before it is carried out: `arrived` resolves when it
   * comes in; `release()` carries it out (the message exists, whether or not the bot is still there).
   */
  holdNextCreate(): { arrived: Promise<void>; release(): void };
  /** Requests whose body broke the description or a limit. */
  problems(): string[];
  /** Calls matching, by route (and method). */
  find(route: string, method?: string): Call[];
  waitFor(pred: (c: Call) => boolean, ms?: number): Promise<Call>;
  /** Callbacks, edits and follow-ups of one interaction. */
  answers(interactionIdOrToken: string): Call[];
  /** Called on each interaction callback (the bench times them). */
  onCallback?: (interactionId: string, at: number) => void;
  close(): Promise<void>;
}

type Handler = (p: Record<string, string>, body: any, q: URLSearchParams) => [number, unknown] | [number, unknown, Record<string, string>];

export async function startFakeDiscord(o: { check?: boolean } = {}): Promise<FakeDiscord> {
  const calls: Call[] = [];
  const problems: string[] = [];
  const channels = new Map<string, FakeChannel>();
  const tag = (id: string, name: string) => ({ id, name, moderated: false, emoji_id: null, emoji_name: null });
  channels.set(IDS.text, { id: IDS.text, type: 0, name: "creators", guild_id: IDS.guild, messages: new Map() });
  channels.set(IDS.forum, {
    id: IDS.forum,
    type: 15,
    name: "campaigns",
    guild_id: IDS.guild,
    available_tags: [tag(IDS.tagSales, "Sales"), tag(IDS.tagInstagram, "instagram"), tag(IDS.tagAwareness, "awareness")],
    messages: new Map(),
  });
  const members = new Map<string, string[]>();
  const dmsClosed = new Set<string>();
  const acked = new Set<string>();
  const tokens = new Map<string, string>();
  let limited = 0;
  let hold: { arrive(): void; released: Promise<void> } | null = null;
  // Discord's enforce_nonce: the same nonce from the bot within a few minutes returns the message it made.
  const nonces = new Map<string, any>();
  let retryAfter = 0.05;
  const waiters: { pred: (c: Call) => boolean; resolve: (c: Call) => void }[] = [];
  const me = { id: IDS.bot, username: "Scout", discriminator: "0", global_name: "Scout", avatar: null, bot: true, flags: 0 };
  const err = (status: number, code: number, message: string): [number, unknown] => [status, { code, message }];
  const channelJson = (c: FakeChannel) => {
    const { messages: _m, ...rest } = c;
    return rest;
  };
  const message = (channelId: string, body: any, id = snowflake()) => ({
    id,
    channel_id: channelId,
    type: 0,
    content: body?.content ?? "",
    embeds: body?.embeds ?? [],
    components: body?.components ?? [],
    author: me,
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: body?.flags ?? 0,
  });
  const newChannel = (c: Omit<FakeChannel, "messages">) => {
    const ch = { ...c, messages: new Map() };
    channels.set(ch.id, ch);
    return ch;
  };
  const createMessage = (channelId: string, body: any) => {
    const ch = channels.get(channelId);
    if (!ch) return err(404, 10003, "Unknown Channel");
    const m = message(channelId, body);
    ch.messages.set(m.id, m);
    return [200, m] as [number, unknown];
  };

  const routes: [string, string, Handler][] = [
    ["GET", "/gateway/bot", () => [200, { url: fake.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } }]],
    ["GET", "/users/@me", () => [200, me]],
    ["GET", "/channels/{channel_id}", (p) => (channels.has(p.channel_id!) ? [200, channelJson(channels.get(p.channel_id!)!)] : err(404, 10003, "Unknown Channel"))],
    ["PATCH", "/channels/{channel_id}", (p, b) => {
      const ch = channels.get(p.channel_id!);
      if (!ch) return err(404, 10003, "Unknown Channel");
      Object.assign(ch, b);
      return [200, channelJson(ch)];
    }],
    ["POST", "/channels/{channel_id}/messages", (p, b) => {
      if (limited > 0) {
        limited--;
        return [429, { message: "You are being rate limited.", retry_after: retryAfter, global: false }, { "retry-after": String(retryAfter), "x-ratelimit-scope": "user" }];
      }
      const ch = channels.get(p.channel_id!);
      if (ch?.type === 1 && dmsClosed.has((ch as any).recipient)) return err(403, 50007, "Cannot send messages to this user");
      const nonceKey = b?.enforce_nonce && b.nonce !== undefined ? `${p.channel_id}:${b.nonce}` : undefined;
      if (nonceKey && nonces.has(nonceKey)) return [200, nonces.get(nonceKey)];
      const made = createMessage(p.channel_id!, b);
      if (nonceKey && made[0] === 200) nonces.set(nonceKey, made[1]);
      return made;
    }],
    ["GET", "/channels/{channel_id}/messages/{message_id}", (p) => {
      const m = channels.get(p.channel_id!)?.messages.get(p.message_id!);
      return m ? [200, m] : err(404, 10008, "Unknown Message");
    }],
    ["GET", "/guilds/{guild_id}/threads/active", (p) => [
      200,
      { threads: [...channels.values()].filter((c) => c.guild_id === p.guild_id && (c.type === 11 || c.type === 12)).map(channelJson), members: [] },
    ]],
    ["PATCH", "/channels/{channel_id}/messages/{message_id}", (p, b) => {
      const m = channels.get(p.channel_id!)?.messages.get(p.message_id!);
      if (!m) return err(404, 10008, "Unknown Message");
      // A thread archived after its inactivity period takes no edits until it is unarchived.
      if ((channels.get(p.channel_id!) as { archived?: boolean }).archived) return err(400, 50083, "Thread is archived");
      Object.assign(m, b, { edited_timestamp: new Date().toISOString() });
      return [200, m];
    }],
    ["POST", "/channels/{channel_id}/messages/{message_id}/threads", (p, b) => {
      const parent = channels.get(p.channel_id!);
      if (!parent?.messages.has(p.message_id!)) return err(404, 10008, "Unknown Message");
      if (channels.has(p.message_id!)) return err(400, 160004, "A thread has already been created for this message");
      const t = newChannel({ id: p.message_id!, type: 11, name: b.name, guild_id: IDS.guild, parent_id: parent.id });
      return [201, channelJson(t)];
    }],
    ["POST", "/channels/{channel_id}/threads", (p, b) => {
      const parent = channels.get(p.channel_id!);
      if (!parent) return err(404, 10003, "Unknown Channel");
      if (parent.type === 15) {
        if (!b.message) return err(400, 50035, "Invalid Form Body");
        const id = snowflake();
        const t = newChannel({ id, type: 11, name: b.name, guild_id: IDS.guild, parent_id: parent.id, ...(b.applied_tags ? { applied_tags: b.applied_tags } : {}) } as any);
        const m = message(id, b.message, id);
        t.messages.set(id, m);
        return [201, { ...channelJson(t), message: m }];
      }
      const t = newChannel({ id: snowflake(), type: b.type ?? 11, name: b.name, guild_id: IDS.guild, parent_id: parent.id });
      return [201, channelJson(t)];
    }],
    ["PUT", "/channels/{channel_id}/thread-members/{user_id}", (p) => {
      const t = channels.get(p.channel_id!) as any;
      if (!t) return err(404, 10003, "Unknown Channel");
      (t.members ??= []).push(p.user_id);
      return [204, undefined];
    }],
    ["POST", "/users/@me/channels", (_p, b) => {
      const id = snowflake();
      const ch = newChannel({ id, type: 1, name: "" });
      (ch as any).recipient = b.recipient_id;
      return [200, { id, type: 1, last_message_id: null, recipients: [{ id: b.recipient_id, username: "creator", discriminator: "0", global_name: null, avatar: null }] }];
    }],
    ["GET", "/guilds/{guild_id}/members/{user_id}", (p) =>
      members.has(p.user_id!)
        ? [200, { user: { id: p.user_id, username: `u${p.user_id}`, discriminator: "0", global_name: null, avatar: null }, roles: members.get(p.user_id!), joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }]
        : err(404, 10007, "Unknown Member")],
    ["POST", "/interactions/{interaction_id}/{interaction_token}/callback", (p, b) => {
      if (acked.has(p.interaction_id!)) return err(400, 40060, "Interaction has already been acknowledged.");
      acked.add(p.interaction_id!);
      tokens.set(p.interaction_token!, p.interaction_id!);
      if (b?.type === 4 || b?.type === 5) tokens.set(`${p.interaction_token}:original`, JSON.stringify(message("0", b.data)));
      return [204, undefined];
    }],
    ["PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", (p, b) => {
      if (!tokens.has(p.webhook_token!)) return err(404, 10015, "Unknown Webhook");
      return [200, message(IDS.text, b)];
    }],
    ["POST", "/webhooks/{webhook_id}/{webhook_token}", (p, b) => {
      if (!tokens.has(p.webhook_token!)) return err(404, 10015, "Unknown Webhook");
      return [200, message(IDS.text, b)];
    }],
    ["PUT", "/applications/{application_id}/guilds/{guild_id}/commands", (p, b) => [
      200,
      (b as any[]).map((c) => ({ id: snowflake(), application_id: p.application_id, guild_id: p.guild_id, version: snowflake(), default_member_permissions: null, ...c })),
    ]],
  ];
  const compiledRoutes = routes.map(([method, route, h]) => {
    const names: string[] = [];
    const re = new RegExp("^" + route.replace(/[.]/g, "\\.").replace(/\{(\w+)\}/g, (_m, n: string) => (names.push(n), "([^/]+)")) + "$");
    return { method, route, re, names, h };
  });

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d: Buffer) => (raw += d.toString()));
    req.on("end", async () => {
      const held = hold;
      if (held && req.method === "POST" && /\/channels\/\d+\/(messages|threads)$/.test(req.url ?? "")) {
        hold = null;
        held.arrive();
        await held.released;
      }
      const at = performance.now();
      const url = new URL(req.url ?? "/", "http://x");
      const p = decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, ""));
      const hit = compiledRoutes.find((r) => r.method === req.method && r.re.test(p));
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const params: Record<string, string> = {};
      if (hit) hit.re.exec(p)!.slice(1).forEach((v, i) => (params[hit.names[i]!] = v));
      const [status, answer, headers] = hit ? hit.h(params, body, url.searchParams) : [404, { code: 0, message: "404: Not Found" }];
      const call: Call = { method: req.method!, route: hit?.route ?? p, path: p, params, body, status, auth: req.headers.authorization, at };
      calls.push(call);
      if (!hit) problems.push(`${req.method} ${p}: no such route in the fake`);
      else if (o.check !== false && body !== undefined) problems.push(...checkRequest(req.method!, hit.route, body));
      if (hit?.route.endsWith("/callback") && status < 300) fake.onCallback?.(params.interaction_id!, at);
      for (const w of [...waiters]) if (w.pred(call)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(call));
      res.writeHead(status, { ...(answer === undefined ? {} : { "content-type": "application/json" }), ...(headers ?? {}) });
      res.end(answer === undefined ? undefined : JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  const fake: FakeDiscord = {
    apiUrl: `http://127.0.0.1:${port}/api`,
    calls,
    channels,
    members,
    dmsClosed,
    gatewayUrl: "ws://127.0.0.1:1",
    rateLimitNext(times = 1, after = 0.05) {
      limited = times;
      retryAfter = after;
    },
    holdNextCreate() {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((r) => (arrive = r));
      hold = { arrive, released: new Promise<void>((r) => (release = r)) };
      return { arrived, release };
    },
    problems: () => [...problems],
    find: (route, method) => calls.filter((c) => c.route === route && (!method || c.method === method)),
    waitFor(pred, ms = 10_000) {
      const found = calls.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) (waiters.splice(i, 1), reject(new Error(`no matching Discord call within ${ms} ms; calls: ${calls.map((c) => `${c.method} ${c.path}`).slice(-8).join(", ")}`)));
        }, ms).unref();
      });
    },
    answers: (key) => calls.filter((c) => c.params.interaction_id === key || c.params.interaction_token === key || c.params.webhook_token === key),
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
  return fake;
}
