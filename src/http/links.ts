// GET /r/<code>: the tracked-link redirect. Each request is recorded (hashed IP, bot and flood flags,
// written behind the response; src/core/links/counting.ts says which count as clicks) and answered
// with a 302 to the campaign's landing URL plus UTM parameters; unknown codes get a plain 404 page,
// never a redirect. With the database down, a cached link still redirects, any other code gets a 503 page.
import type http from "node:http";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { isLinkCode } from "../core/links/code.ts";
import { isBot, truncateUserAgent } from "../core/links/bots.ts";
import { clientIp, hashIp } from "../core/links/ip.ts";
import { createFloodGuard } from "../core/links/counting.ts";
import type { LinkRecords, LinkTarget } from "../core/links/types.ts";
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
const UNAVAILABLE = page("Please try again in a minute", "This link can't be opened right now. Please try again in a minute.");
/** Errors of the click writes and lookups are logged at most this often (a database down would log one per click). */
const LOG_EVERY_MS = 10_000;

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
  // More than 60 requests a minute from one address: still answered, recorded as suspect.
  const flood = createFloodGuard();
  // Log a failing database once per LOG_EVERY_MS, with how many clicks or lookups failed meanwhile.
  const quiet = (msg: string) => {
    let last = 0;
    let failed = 0;
    return (err: unknown, extra: Record<string, unknown> = {}) => {
      failed++;
      if (Date.now() - last < LOG_EVERY_MS) return;
      deps.log.error({ err, failed, ...extra }, msg);
      last = Date.now();
      failed = 0;
    };
  };
  const clickFailed = quiet("clicks not recorded");
  const lookupFailed = quiet("tracked link lookup failed: answered 503 (cached links still redirect)");
  // Clicks are written behind the redirect: the person never waits for the database. The store
  // batches them (one transaction for every click that arrived during the previous one), so at most
  // one batch (a few milliseconds of clicks) is in flight if the process dies.
  const pending = new Set<Promise<void>>();
  const write = (p: Promise<void>, linkId: string) => {
    const tracked = p.catch((err: unknown) => clickFailed(err, { linkId })).finally(() => pending.delete(tracked));
    pending.add(tracked);
  };
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const code = decodeURIComponentSafe(path.replace(/^\/r\/?/, "").replace(/\/+$/, ""));
    if (!code || !isLinkCode(code)) return sendPage(req, res, 404, NOT_FOUND);
    let target: LinkTarget | null;
    try {
      target = await deps.store.resolve(code);
    } catch (err) {
      lookupFailed(err);
      return sendPage(req, res, 503, UNAVAILABLE, { "retry-after": "60" });
    }
    if (!target) return sendPage(req, res, 404, NOT_FOUND);
    const ua = req.headers["user-agent"] ?? null;
    const ip = clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], deps.trustProxy);
    const at = now();
    const suspect = flood.hit(ip, at.getTime());
    write(
      deps.store.clickSalt().then((salt) =>
        deps.store.recordClick({ linkId: target.linkId, at, ipHash: hashIp(salt, ip), userAgent: truncateUserAgent(ua), isBot: isBot(ua, req.method), suspect }),
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

/** Tracked links and the conversion webhook on Scout's HTTP server (every mode). `now`: the clicks' clock (tests). */
export function mountTrackingRoutes(http: HttpServer, app: { db: Pick<Database, "pool" | "prisma">; config: Config; log: Logger; now?: () => Date }): LinkRoutes {
  const links = mountLinkRoutes(http, {
    store: createLinkRepo(app.db, { salt: app.config.CLICK_IP_SALT }),
    trustProxy: app.config.TRUST_PROXY,
    log: app.log,
    ...(app.now ? { now: app.now } : {}),
  });
  mountConversionRoutes(http, { store: createConversionRepo(app.db.pool), secret: app.config.CONVERSION_WEBHOOK_SECRET, log: app.log });
  return links;
}
