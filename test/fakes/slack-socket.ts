// A fake Socket Mode server on 127.0.0.1: says hello to the bot, sends it envelopes (slash commands,
// interactions, events) and hands back the bot's acknowledgements.
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { WebSocketServer, type WebSocket } from "ws";

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

export interface FakeSocket {
  /** What apps.connections.open returns. */
  url: string;
  /** Resolves once the bot is connected (after hello). */
  connected(): Promise<void>;
  /** Sends an envelope and resolves with the bot's ack payload (undefined when it acked empty). */
  send(type: EnvelopeType, payload: Record<string, unknown>, opts?: { retryAttempt?: number; timeoutMs?: number }): Promise<Record<string, unknown> | undefined>;
  connections: number;
  close(): Promise<void>;
}

export async function startFakeSocket(): Promise<FakeSocket> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((r) => wss.once("listening", () => r()));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
  let socket: WebSocket | undefined;
  let onConnect: (() => void)[] = [];
  const pending = new Map<string, (payload: Record<string, unknown> | undefined) => void>();
  const fake: FakeSocket = {
    url,
    connections: 0,
    connected: () => (socket ? Promise.resolve() : new Promise((r) => onConnect.push(r))),
    send(type, payload, opts = {}) {
      if (!socket) return Promise.reject(new Error("no bot connected"));
      const envelope_id = randomUUID();
      const ack = new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const t = setTimeout(() => {
          pending.delete(envelope_id);
          reject(new Error(`no ack for ${type} in time`));
        }, opts.timeoutMs ?? 5000);
        pending.set(envelope_id, (p) => {
          clearTimeout(t);
          resolve(p);
        });
      });
      socket.send(
        JSON.stringify({
          envelope_id,
          type,
          payload,
          accepts_response_payload: type !== "events_api",
          ...(type === "events_api" ? { retry_attempt: opts.retryAttempt ?? 0, retry_reason: "" } : {}),
        }),
      );
      return ack;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
  wss.on("connection", (ws) => {
    socket = ws;
    fake.connections++;
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
      if (msg.envelope_id) pending.get(msg.envelope_id)?.(msg.payload);
      if (msg.envelope_id) pending.delete(msg.envelope_id);
    });
    ws.send(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "fake", approximate_connection_time: 18060 }, connection_info: { app_id: "A0TEST" } }));
    const waiting = onConnect;
    onConnect = [];
    // The client counts itself connected on hello; give it a tick to process it.
    setTimeout(() => waiting.forEach((f) => f()), 20);
  });
  return fake;
}
