// Scout's HTTP server, on PORT in every mode: health, and through `route` Slack's receiver, tracked
// links and the conversion webhook. It listens on every interface, so no request may take it down:
// a request line or URL Node cannot parse gets 400 (never an exception in the listener), a socket
// that errors before a request exists gets 400 and is closed (clientError), and slow or idle
// clients are cut off by the timeouts below. Each route limits the bodies it reads itself.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Logger } from "../logger.ts";

/** How long a client may take: to send its headers, its whole request, and to send another one. */
export const HTTP_TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, checkEveryMs: 1_000 } as const;

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

export interface HttpServer {
  server: http.Server;
  port: number;
  route(method: string, pathPrefix: string, handler: Handler): void;
  close(): Promise<void>;
}

export interface HealthSource {
  health(): Promise<{ state: "up" | "down"; latencyMs?: number; error?: string }>;
  embedded: boolean;
}

/** The path of a request target, or null when it is not a URL (e.g. `http://[`). */
export function requestPath(target: string | undefined): string | null {
  try {
    return new URL(target ?? "/", "http://localhost").pathname;
  } catch {
    return null;
  }
}

/** How long a connection stays open after an answer given without reading the body (e.g. 413). */
const LINGER_MS = 1000;

/**
 * For an answer given before the body is read (too large, refused): read nothing more of it, and
 * close the connection a moment after the answer, not at once. Closing while the client is still
 * sending resets the connection, and the client may never read the answer; Node, left alone, would
 * read the whole body to keep the connection. Paused, the body buffers at most one chunk, and TCP
 * holds the client back.
 */
export function leaveBodyUnread(req: http.IncomingMessage, res: http.ServerResponse): void {
  req.pause();
  // Reading 0 bytes marks the body as taken, so that Node does not drain it after the answer.
  req.read(0);
  res.once("finish", () => setTimeout(() => req.socket.destroy(), LINGER_MS).unref());
}

const CLIENT_ERROR_ANSWERS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
  ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
};

/** A request Node's parser refused (bad request line or header, broken chunking, too slow): 400, then the socket is closed. */
function onClientError(log: Logger) {
  return (err: NodeJS.ErrnoException, socket: Socket) => {
    // The code only: the bytes that failed (err.rawPacket) may hold anything, secrets included.
    log.debug({ code: err.code }, "malformed HTTP request refused");
    // (An answer only when nothing was written yet: a 400 in the middle of another answer would corrupt it.)
    if (err.code === "ECONNRESET" || !socket.writable || socket.bytesWritten > 0) return void socket.destroy();
    const status = CLIENT_ERROR_ANSWERS[err.code ?? ""] ?? "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
    // A client that does not read its answer does not keep the socket either.
    setTimeout(() => socket.destroy(), 1000).unref();
  };
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
}

export async function startHttpServer(opts: {
  port: number;
  host?: string;
  db: HealthSource;
  log: Logger;
  version: string;
  /** More to report, e.g. { discord: "leader" | "standby" }. */
  status?: () => Record<string, unknown>;
}): Promise<HttpServer> {
  const routes: { method: string; prefix: string; handler: Handler }[] = [];
  let databaseWas: "up" | "down" = "up";
  routes.push({
    method: "GET",
    prefix: "/healthz",
    // Unauthenticated: up or down, and which part, never why (the database's error text names hosts,
    // ports and users). The reason goes to the log, once per change.
    handler: async (_req, res) => {
      const database = await opts.db.health();
      if (database.state !== databaseWas) {
        databaseWas = database.state;
        if (database.state === "down") opts.log.warn({ error: database.error }, "health: the database is not reachable");
        else opts.log.info("health: the database is reachable again");
      }
      send(res, database.state === "up" ? 200 : 503, {
        status: database.state === "up" ? "ok" : "degraded",
        database: database.state,
        ...opts.status?.(),
      });
    },
  });
  const server = http.createServer({ connectionsCheckingInterval: HTTP_TIMEOUTS.checkEveryMs }, (req, res) => {
    const path = requestPath(req.url);
    if (path === null) {
      res.setHeader("connection", "close");
      return send(res, 400, { error: "bad request" });
    }
    const route = routes.find((r) => r.method === req.method && (path === r.prefix || path.startsWith(r.prefix.endsWith("/") ? r.prefix : r.prefix + "/")));
    if (!route) return send(res, 404, { error: "not found" });
    let running: Promise<void> | void;
    try {
      running = route.handler(req, res);
    } catch (err) {
      running = Promise.reject(err);
    }
    Promise.resolve(running).catch((err: unknown) => {
      // A client that went away mid-request (its body cut short) is not a failure of Scout's.
      if (res.destroyed || req.socket.destroyed) return void opts.log.debug({ code: (err as NodeJS.ErrnoException).code, path }, "client went away");
      opts.log.error({ err, path }, "http handler failed");
      if (!res.headersSent) send(res, 500, { error: "internal error" });
      else res.end();
    });
  });
  server.headersTimeout = HTTP_TIMEOUTS.headersMs;
  server.requestTimeout = HTTP_TIMEOUTS.requestMs;
  server.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveMs;
  server.on("clientError", onClientError(opts.log));
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "EADDRINUSE"
          ? new Error(`PORT ${opts.port} is already in use by another program. Set PORT to a free port (e.g. PORT=3001) and start again.`)
          : e,
      ),
    );
    server.listen(opts.port, opts.host ?? "0.0.0.0", () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    route(method, prefix, handler) {
      routes.push({ method, prefix, handler });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
