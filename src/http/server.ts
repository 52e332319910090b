// Scout's HTTP server, on PORT in every mode. Health now; Slack's receiver, tracked links and the
// conversion webhook join it in later issues through `route`.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.ts";

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
  const started = Date.now();
  routes.push({
    method: "GET",
    prefix: "/healthz",
    handler: async (_req, res) => {
      const database = await opts.db.health();
      send(res, database.state === "up" ? 200 : 503, {
        status: database.state === "up" ? "ok" : "degraded",
        version: opts.version,
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
        database: { ...database, kind: opts.db.embedded ? "embedded" : "external" },
        ...opts.status?.(),
      });
    },
  });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = routes.find(
      (r) => r.method === req.method && (url.pathname === r.prefix || url.pathname.startsWith(r.prefix.endsWith("/") ? r.prefix : r.prefix + "/")),
    );
    if (!route) return send(res, 404, { error: "not found" });
    Promise.resolve(route.handler(req, res)).catch((err: unknown) => {
      opts.log.error({ err, path: url.pathname }, "http handler failed");
      if (!res.headersSent) send(res, 500, { error: "internal error" });
      else res.end();
    });
  });
  server.keepAliveTimeout = 5000;
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
