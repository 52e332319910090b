// Issue 13, items 1 and 6: the real bot process (npm start, Slack HTTP mode on a fake Slack) against
// requests that once took it down or got further than they should: a request line whose URL cannot
// be parsed (the process exited), a Slack body of any size (buffered whole before the signature was
// checked), a signed request dated a year ahead (accepted), clients that never finish (kept for a
// minute or more), and /healthz with the database gone (it answered with the database's error).
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { exitOf, startMain, waitFor } from "../support/run.ts";
import { BOT_TOKEN, commandPayload, form, post, sign, slackProcessEnv } from "../fakes/slack-harness.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack-api.ts";
import { rawExchange, peakRssMb } from "../support/raw-http.ts";
import { startProxy } from "../support/tcp-proxy.ts";

const t = useTestDatabase("http_hardening");
let fake: FakeSlack;
let bot: ReturnType<typeof startMain>;
let port = 0;

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
  bot = startMain(slackProcessEnv(fake, t.url));
  port = Number((await waitFor(bot.errors, /HTTP on port (\d+)/))[1]);
  await waitFor(bot.errors, /slack ready \(HTTP at POST \/slack\/events\)/, 30_000);
});
afterAll(async () => {
  bot?.kill("SIGTERM");
  if (bot) await exitOf(bot, 15_000).catch(() => bot.kill("SIGKILL"));
  await fake?.close();
});

const alive = async () => {
  expect(bot.exitCode).toBeNull();
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(health.status).toBe(200);
};

describe("the HTTP server", () => {
  it("answers 400 to request lines whose URL cannot be parsed (GET http://[) and keeps running", async () => {
    for (const target of ["http://[", "//[", "http://[::1", "http://x:99999/", "http://a b/"]) {
      for (const method of ["GET", "POST", "HEAD"]) {
        const body = method === "POST" ? "x=1" : "";
        const r = await rawExchange(port, `${method} ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
        expect(r.text, `${method} ${target}`).toMatch(/^HTTP\/1\.1 400 /);
      }
    }
    await alive();
  });

  it("answers 400 to a malformed header and 431 to headers over Node's limit, and closes the socket", async () => {
    const bad = await rawExchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n");
    expect(bad.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(bad.closed).toBe(true);
    const flood = await rawExchange(port, `GET /healthz HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 2000 }, (_, i) => `x-h${i}: ${"a".repeat(20)}\r\n`).join("")}\r\n`);
    expect(flood.text).toMatch(/^HTTP\/1\.1 431 /);
    expect(flood.closed).toBe(true);
    await alive();
  });

  it("closes a socket that sends nothing, one that stops in the middle of its headers and an idle keep-alive one, within 15 s", async () => {
    const started = Date.now();
    const [silent, halfHeaders, keepAlive] = await Promise.all([
      rawExchange(port, "", { waitMs: 20_000 }),
      rawExchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ", { waitMs: 20_000 }),
      // (A page that does not exist: answered at once, whatever the database is doing meanwhile.)
      rawExchange(port, "GET /no-such-page HTTP/1.1\r\nHost: x\r\n\r\n", { waitMs: 20_000 }),
    ]);
    const seen = JSON.stringify({ silent, halfHeaders, keepAlive });
    for (const s of [silent, halfHeaders, keepAlive]) {
      expect(s.closed, seen).toBe(true);
      expect(s.closedAfterMs, seen).toBeLessThan(15_000);
    }
    expect(keepAlive.text).toMatch(/^HTTP\/1\.1 404 /);
    expect(keepAlive.closedAfterMs).toBeLessThan(8_000);
    expect(Date.now() - started).toBeLessThan(16_000);
    await alive();
  }, 30_000);
});

describe("POST /slack/events", () => {
  const events = () => `http://127.0.0.1:${port}/slack/events`;

  it("refuses a body declared over 1 MB (260 MB, bogus signature) with 413 before reading it", async () => {
    const headers = [
      "POST /slack/events HTTP/1.1",
      "Host: x",
      "Content-Type: application/x-www-form-urlencoded",
      `Content-Length: ${260 * 1024 * 1024}`,
      `X-Slack-Request-Timestamp: ${Math.floor(Date.now() / 1000)}`,
      `X-Slack-Signature: v0=${"0".repeat(64)}`,
    ].join("\r\n");
    // Only the headers and 1 kB are sent: the answer must not wait for the rest.
    const r = await rawExchange(port, `${headers}\r\n\r\n${"a".repeat(1024)}`, { waitMs: 5000, untilResponse: true });
    expect(r.text).toMatch(/^HTTP\/1\.1 413 /);
    await alive();
  });

  it("refuses a chunked body (no content-length) that grows past 1 MB with 413, and stays small", async () => {
    const before = peakRssMb(bot.pid!);
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    let closed = false;
    socket.on("data", (d: Buffer) => (text += d.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => (closed = true));
    await new Promise((r) => socket.once("connect", r));
    socket.write(
      `POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n` +
        `X-Slack-Request-Timestamp: ${Math.floor(Date.now() / 1000)}\r\nX-Slack-Signature: v0=${"0".repeat(64)}\r\n\r\n`,
    );
    const chunk = "a".repeat(64 * 1024);
    // Up to 32 MB, as fast as the server takes it, stopping as soon as the answer comes.
    for (let i = 0; i < 512 && !text && !closed; i++) {
      if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`))
        await new Promise((r) => {
          const t = setTimeout(r, 200);
          socket.once("drain", () => (clearTimeout(t), r(null)));
        });
    }
    await waitFor(() => text || (closed ? "closed without an answer" : ""), /HTTP\/1\.1 \d{3}|closed/, 10_000);
    socket.destroy();
    expect(text, bot.errors().slice(-1500)).toMatch(/^HTTP\/1\.1 413 /);
    expect(peakRssMb(bot.pid!) - before).toBeLessThan(40);
    await alive();
  });

  it("refuses signed requests dated more than 5 minutes in the future (a year, 6 minutes) with 401, as it does old ones", async () => {
    const now = Math.floor(Date.now() / 1000);
    const send = (ts: number) => {
      const p = commandPayload(fake, "help");
      const body = form(p.fields);
      return post(events(), body, { "content-type": "application/x-www-form-urlencoded", ...sign(body, undefined, ts) });
    };
    expect((await send(now + 365 * 86_400)).status).toBe(401);
    expect((await send(now + 6 * 60)).status).toBe(401);
    expect((await send(now - 6 * 60)).status).toBe(401);
    expect((await send(now + 60)).status).toBe(200);
    expect((await send(now)).status).toBe(200);
  });
});

describe("GET /healthz", () => {
  /** The console (no tokens: /healthz is served in every mode) on the test database through a proxy. */
  const consoleThroughProxy = async () => {
    const db = new URL(t.url);
    const proxy = await startProxy({ host: db.hostname, port: Number(db.port) });
    db.port = String(proxy.port);
    const consoleBot = startMain({ DATABASE_URL: db.toString(), PORT: "0" });
    const port = waitFor(consoleBot.output, /HTTP: http:\/\/localhost:(\d+)\/healthz/, 30_000).then(([, p]) => p!);
    return { proxy, consoleBot, port };
  };

  it("says which part is down (database: down) and never the database's error (on the console's process)", async () => {
    const { proxy, consoleBot, port } = await consoleThroughProxy();
    try {
      const p = await port;
      const url = `http://127.0.0.1:${p}/healthz`;
      // The console's process serves the same HTTP server: the request line that ended it is a 400 here too.
      expect((await rawExchange(Number(p), "GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n")).text).toMatch(/^HTTP\/1\.1 400 /);
      const up = await fetch(url);
      expect(up.status).toBe(200);
      expect(await up.json()).toEqual({ status: "ok", database: "up" });

      await proxy.close();
      const down = await fetch(url);
      const text = await down.text();
      expect(down.status).toBe(503);
      expect(JSON.parse(text)).toEqual({ status: "degraded", database: "down" });
      expect(text).not.toMatch(/ECONN|refused|terminated|timeout|127\.0\.0\.1|postgres|error/i);
      expect(consoleBot.exitCode).toBeNull();
    } finally {
      consoleBot.kill("SIGTERM");
      await exitOf(consoleBot, 15_000).catch(() => consoleBot.kill("SIGKILL"));
      await proxy.close().catch(() => {});
    }
  }, 60_000);

  it("answers 503 (database: down) within its 3 s budget when the database stops answering, instead of hanging with it, and still stops on SIGTERM", async () => {
    const { proxy, consoleBot, port } = await consoleThroughProxy();
    try {
      const url = `http://127.0.0.1:${await port}/healthz`;
      expect((await fetch(url)).status).toBe(200);

      proxy.stall();
      for (let i = 0; i < 2; i++) {
        // Twice: the first check's query still hangs on its connection when the second one asks.
        const asked = Date.now();
        const stalled = await fetch(url, { signal: AbortSignal.timeout(15_000) });
        expect(stalled.status).toBe(503);
        expect(await stalled.json()).toEqual({ status: "degraded", database: "down" });
        const waited = Date.now() - asked;
        expect(waited).toBeGreaterThanOrEqual(2_900);
        expect(waited).toBeLessThan(10_000);
      }
      expect(consoleBot.exitCode).toBeNull();
      // And it still stops: closing does not wait for the connections whose queries hang.
      const stopping = Date.now();
      consoleBot.kill("SIGTERM");
      expect(await exitOf(consoleBot, 15_000)).toBe(0);
      expect(Date.now() - stopping).toBeLessThan(10_000);
    } finally {
      if (consoleBot.exitCode === null) consoleBot.kill("SIGKILL");
      await proxy.close().catch(() => {});
    }
  }, 60_000);
});
