// A fake Discord gateway on 127.0.0.1: HELLO on connect, READY and GUILD_CREATE (the guild's
// channels and roles) after IDENTIFY, heartbeat ACKs, then whatever dispatches a test sends
// (INTERACTION_CREATE payloads), timed so a benchmark can measure dispatch → callback.
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { IDS, type FakeDiscord } from "./discord-api.ts";

export interface FakeGateway {
  url: string;
  /** Resolves once a bot has identified and been sent READY and GUILD_CREATE. */
  identified(): Promise<void>;
  /** Sends a dispatch event to every connected bot; returns when it was sent (performance.now()). */
  dispatch(t: string, d: unknown): number;
  identifies: number;
  /** Bots identified and still connected now. */
  connections(): number;
  close(): Promise<void>;
}

export async function startFakeGateway(api: FakeDiscord): Promise<FakeGateway> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((r) => wss.once("listening", () => r()));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  api.gatewayUrl = url;
  const ready: WebSocket[] = [];
  let waiting: (() => void)[] = [];
  let seq = 0;
  const send = (ws: WebSocket, m: unknown) => ws.send(JSON.stringify(m));
  const guild = () => ({
    id: IDS.guild,
    name: "Brand creators",
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: "1100000000000000099",
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      { id: IDS.guild, name: "@everyone", color: 0, hoist: false, position: 0, permissions: "0", managed: false, mentionable: false, flags: 0 },
      { id: IDS.role, name: "Creator", color: 0, hoist: false, position: 1, permissions: "0", managed: false, mentionable: false, flags: 0 },
    ],
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: "en-US",
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    stickers: [],
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 3,
    voice_states: [],
    members: [],
    channels: [...api.channels.values()].filter((c) => c.guild_id && (c.type === 0 || c.type === 15)).map(({ messages: _m, ...c }) => ({ position: 0, permission_overwrites: [], ...c })),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
  });
  wss.on("connection", (ws) => {
    send(ws, { op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null });
    ws.on("message", (raw) => {
      const m = JSON.parse(raw.toString()) as { op: number; d: any };
      if (m.op === 1) send(ws, { op: 11, d: null, s: null, t: null });
      if (m.op === 2) {
        gw.identifies++;
        send(ws, {
          op: 0,
          t: "READY",
          s: ++seq,
          d: {
            v: 10,
            user: { id: IDS.bot, username: "Scout", discriminator: "0", global_name: "Scout", avatar: null, bot: true, verified: true, flags: 0 },
            guilds: [{ id: IDS.guild, unavailable: true }],
            session_id: "fake-session",
            resume_gateway_url: url,
            application: { id: IDS.app, flags: 0 },
            private_channels: [],
          },
        });
        send(ws, { op: 0, t: "GUILD_CREATE", s: ++seq, d: guild() });
        ready.push(ws);
        ws.on("close", () => {
          const i = ready.indexOf(ws);
          if (i >= 0) ready.splice(i, 1);
        });
        const w = waiting;
        waiting = [];
        w.forEach((f) => f());
      }
    });
  });
  const gw: FakeGateway = {
    url,
    identifies: 0,
    connections: () => ready.length,
    identified: () => (ready.length ? Promise.resolve() : new Promise((r) => waiting.push(r))),
    dispatch(t, d) {
      const frame = JSON.stringify({ op: 0, t, s: ++seq, d });
      const at = performance.now();
      for (const ws of ready) ws.send(frame);
      return at;
    },
    close: () =>
      new Promise((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
  return gw;
}
