// GET /r/<code>: the tracked-link redirect. Each request is counted (hashed IP, bot flag, written
// behind the response) and answered with a 302 to the campaign's landing URL plus UTM parameters; unknown codes get a plain
// 404 page, never a redirect.
import type http from "node:http";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { isLinkCode } from "../core/links/code.ts";
import { isBot, truncateUserAgent } from "../core/links/bots.ts";
import { clientIp, hashIp } from "../core/links/ip.ts";
import type { LinkRecords } from "../core/links/types.ts";
import { withUtm } from "../core/links/utm.ts";
import type { Database } from "../store/db.ts";
import { createLinkRepo } from "../store/link.repo.ts";
import { createConversionRepo } from "../store/conversion.repo.ts";
import { mountConversionRoutes } from "./conversions.ts";
import type { HttpServer } from "./server.ts";

export interface LinkRouteDeps {
  store: LinkRecords;
  trustProxy: boolean;
  log: Logger;
  now?: () => Date;
}

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${title}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1>${title}</h1><p>${text}</p></body></html>\n`;

const NOT_FOUND = page("Link not found", "This link does not exist. Check that it was copied in full.");
const NOT_READY = page("This link isn't ready yet", "The campaign behind this link has no landing page yet. Please try again later.");

const BASE_HEADERS = { "cache-control": "no-store", "referrer-policy": "no-referrer", "x-robots-tag": "noindex" } as const;

function sendPage(req: http.IncomingMessage, res: http.ServerResponse, status: number, html: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { ...BASE_HEADERS, "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(html), ...extra });
  res.end(req.method === "HEAD" ? undefined : html);
}

export interface LinkRoutes {
  /** Resolves when every click received so far is written (tests, shutdown). */
  flush(): Promise<void>;
}

export function linkHandler(deps: LinkRouteDeps): LinkRoutes & { handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> } {
  const now = deps.now ?? (() => new Date());
  // Clicks are written behind the redirect: the person never waits for the database. The store
  // batches them (one INSERT for every click that arrived during the previous one), so at most one
  // batch (a few milliseconds of clicks) is in flight if the process dies.
  const pending = new Set<Promise<void>>();
  const write = (p: Promise<void>, linkId: string) => {
    const tracked = p.catch((err: unknown) => deps.log.error({ err, linkId }, "click not recorded")).finally(() => pending.delete(tracked));
    pending.add(tracked);
  };
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const code = decodeURIComponentSafe(path.replace(/^\/r\/?/, "").replace(/\/+$/, ""));
    if (!code || !isLinkCode(code)) return sendPage(req, res, 404, NOT_FOUND);
    const target = await deps.store.resolve(code);
    if (!target) return sendPage(req, res, 404, NOT_FOUND);
    const ua = req.headers["user-agent"] ?? null;
    const ip = clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], deps.trustProxy);
    const at = now();
    write(
      deps.store.clickSalt().then((salt) =>
        deps.store.recordClick({ linkId: target.linkId, at, ipHash: hashIp(salt, ip), userAgent: truncateUserAgent(ua), isBot: isBot(ua, req.method) }),
      ),
      target.linkId,
    );
    const location = target.landingUrl
      ? withUtm(target.landingUrl, { platform: target.platform ?? "", campaignSlug: target.campaignSlug, creatorHandle: target.handle ?? "" })
      : null;
    if (!location) return sendPage(req, res, 503, NOT_READY, { "retry-after": "3600" });
    res.writeHead(302, { ...BASE_HEADERS, location, "content-length": 0 });
    res.end();
  };
  return {
    handle,
    async flush() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}

function decodeURIComponentSafe(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

export function mountLinkRoutes(http: HttpServer, deps: LinkRouteDeps): LinkRoutes {
  const h = linkHandler(deps);
  http.route("GET", "/r", h.handle);
  http.route("HEAD", "/r", h.handle);
  return { flush: h.flush };
}

/** Tracked links and the conversion webhook on Scout's HTTP server (every mode). */
export function mountTrackingRoutes(http: HttpServer, app: { db: Pick<Database, "pool" | "prisma">; config: Config; log: Logger }): LinkRoutes {
  const links = mountLinkRoutes(http, { store: createLinkRepo(app.db, { salt: app.config.CLICK_IP_SALT }), trustProxy: app.config.TRUST_PROXY, log: app.log });
  mountConversionRoutes(http, { store: createConversionRepo(app.db.pool), secret: app.config.CONVERSION_WEBHOOK_SECRET, log: app.log });
  return links;
}
