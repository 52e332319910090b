// POST /hooks/conversions: orders reported by the shop. Signed (HMAC-SHA256 over
// "<timestamp>.<raw body>", within 5 minutes), validated field by field, stored once per order id.
import type http from "node:http";
import type { Logger } from "../logger.ts";
import type { ConversionRecords } from "../core/links/types.ts";
import { checkSignature, MAX_BODY_BYTES, parseConversionBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../core/links/webhook.ts";
import { leaveBodyUnread, type HttpServer } from "./server.ts";

export const CONVERSIONS_PATH = "/hooks/conversions";

export interface ConversionRouteDeps {
  store: ConversionRecords;
  secret: string | undefined;
  log: Logger;
  now?: () => Date;
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

class TooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners("data");
        reject(new TooLarge());
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function conversionHandler(deps: ConversionRouteDeps) {
  const now = deps.now ?? (() => new Date());
  return async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!deps.secret)
      return json(res, 503, { error: "not_configured", message: "The conversion webhook is not configured: set CONVERSION_WEBHOOK_SECRET on the Scout server." });
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_BODY_BYTES);
    } catch (e) {
      if (e instanceof TooLarge) {
        leaveBodyUnread(req, res);
        return json(res, 413, { error: "too_large", message: `The body is larger than ${MAX_BODY_BYTES / 1024} kB.` });
      }
      throw e;
    }
    const at = now();
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const sig = checkSignature({ secret: deps.secret, timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER), rawBody: raw, now: at });
    if (!sig.ok) {
      deps.log.warn({ reason: sig.reason }, "conversion webhook refused");
      return json(res, 401, { error: "unauthorized", message: sig.reason });
    }
    const body = parseConversionBody(raw, at);
    if (!body.ok) return json(res, 400, { error: "invalid_body", field: body.field, message: `${body.field} ${body.message}`, problems: body.problems });
    const c = body.value;
    const r = await deps.store.record(c);
    if (r.status === "unknown") {
      const field = c.by.kind === "code" ? "code" : "promo";
      const value = c.by.kind === "code" ? c.by.code : c.by.promo;
      return json(res, 422, { error: "unknown_" + field, field, message: `No ${field === "code" ? "tracked link" : "promo code"} ${value} is known to Scout.` });
    }
    // Stored as given; a currency other than the campaign's is reported (figures in the campaign's currency leave it out).
    const mismatch = r.currency !== r.campaignCurrency;
    const answer = {
      ok: true,
      duplicate: r.status === "duplicate",
      conversionId: r.conversionId,
      campaign: r.campaignSlug,
      attributedBy: c.by.kind,
      ...(mismatch
        ? { warning: `currency ${r.currency} differs from the campaign's ${r.campaignCurrency}: stored as given (Scout does not convert currencies)` }
        : {}),
    };
    if (r.status === "created") deps.log.info({ conversionId: r.conversionId, campaign: r.campaignSlug, attributedBy: c.by.kind }, "conversion recorded");
    return json(res, r.status === "created" ? 201 : 200, answer);
  };
}

export function mountConversionRoutes(http: HttpServer, deps: ConversionRouteDeps): void {
  http.route("POST", CONVERSIONS_PATH, conversionHandler(deps));
}
