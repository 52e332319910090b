import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { responder } from "../../src/adapters/slack/respond.ts";

let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? (server.closeAllConnections(), server.close(() => r())) : r())));

/** A response_url host; `reset(n, reused)` says whether to drop the n-th request's connection unanswered. */
async function host(reset: (n: number, reused: boolean) => boolean) {
  const got: unknown[] = [];
  const served = new WeakSet<Socket>();
  let n = 0;
  let resets = 0;
  server = http.createServer((req, res) => {
    const reused = served.has(req.socket);
    served.add(req.socket);
    if (reset(++n, reused)) {
      resets++;
      req.socket.destroy();
      return;
    }
    let body = "";
    req.on("data", (d: Buffer) => (body += d));
    req.on("end", () => {
      got.push(JSON.parse(body));
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/1`;
  return { url, got, resets: () => resets };
}

describe("response_url poster", () => {
  it("sends an answer again on a new connection when a kept-alive one was closed by the other side", async () => {
    // The second request reuses the first one's connection, which the host drops (as one closing
    // idle connections does, just as it is reused).
    const h = await host((_n, reused) => reused);
    await responder(h.url)({ text: "first" });
    await responder(h.url)({ text: "second" });
    expect(h.resets()).toBe(1);
    expect(h.got).toEqual([{ text: "first" }, { text: "second" }]);
  });

  it("does not resend when a new connection fails, and rejects with the reason", async () => {
    const h = await host(() => true);
    await expect(responder(h.url)({ text: "lost" })).rejects.toThrow(/ECONNRESET|socket hang up/);
    expect(h.resets()).toBe(1);
    expect(h.got).toEqual([]);
  });

  it("rejects an answer the host refuses (an expired response_url)", async () => {
    const h = await host(() => false);
    server!.removeAllListeners("request");
    server!.on("request", (_req, res) => res.writeHead(404).end("expired_url"));
    await expect(responder(h.url)({ text: "late" })).rejects.toThrow(/HTTP 404/);
  });
});
