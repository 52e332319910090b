// The conversion webhook's rules, pure: the signature over "<timestamp>.<raw body>", the
// timestamp window, and the body's fields (each error names its field).
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { isLinkCode, normalizePromo } from "./code.ts";

export const SIGNATURE_HEADER = "x-scout-signature";
export const TIMESTAMP_HEADER = "x-scout-timestamp";
export const MAX_SKEW_SECONDS = 300;
export const MAX_BODY_BYTES = 64 * 1024;

/** The hex HMAC-SHA256 a sender puts in X-Scout-Signature (optionally as "sha256=<hex>"). */
export function signConversion(secret: string, timestamp: string | number, rawBody: string | Buffer): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function checkTimestamp(header: string | undefined, now: Date): SignatureCheck {
  if (!header) return { ok: false, reason: "missing X-Scout-Timestamp (Unix seconds)" };
  if (!/^\d{1,12}$/.test(header.trim())) return { ok: false, reason: "X-Scout-Timestamp must be Unix seconds" };
  const skew = Math.abs(now.getTime() / 1000 - Number(header.trim()));
  if (skew > MAX_SKEW_SECONDS) return { ok: false, reason: `X-Scout-Timestamp is more than ${MAX_SKEW_SECONDS / 60} minutes from Scout's clock` };
  return { ok: true };
}

/** Timestamp first (cheap), then the signature, compared in constant time. */
export function checkSignature(req: { secret: string; timestamp: string | undefined; signature: string | undefined; rawBody: Buffer; now: Date }): SignatureCheck {
  const ts = checkTimestamp(req.timestamp, req.now);
  if (!ts.ok) return ts;
  const given = (req.signature ?? "").trim().replace(/^sha256=/i, "").toLowerCase();
  if (!given) return { ok: false, reason: "missing X-Scout-Signature" };
  if (!/^[0-9a-f]{64}$/.test(given)) return { ok: false, reason: "X-Scout-Signature must be a hex HMAC-SHA256" };
  const expected = Buffer.from(signConversion(req.secret, req.timestamp!.trim(), req.rawBody), "hex");
  if (!timingSafeEqual(expected, Buffer.from(given, "hex"))) return { ok: false, reason: "signature does not match" };
  return { ok: true };
}

const MAX_VALUE = 999_999_999_999.99;
const FUTURE_SLACK_MS = 10 * 60_000;

const amount = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/, { message: "must be a number such as 49.90" }).transform(Number)], {
  message: "must be a number such as 49.90",
});

export const conversionBodySchema = z
  .object({
    code: z.string().trim().refine(isLinkCode, { message: "must be a tracked link code (8 letters and digits)" }).optional(),
    promo: z
      .string()
      .trim()
      .transform((s, ctx) => {
        const r = normalizePromo(s);
        if (!r.ok) {
          ctx.addIssue({ code: "custom", message: r.reason });
          return z.NEVER;
        }
        return r.code;
      })
      .optional(),
    order_id: z.union([z.string().trim().min(1, { message: "must not be empty" }).max(200, { message: "is too long (at most 200 characters)" }), z.number().int().nonnegative().transform(String)], {
      message: "is required: the shop's order id (a string)",
    }),
    value: amount.pipe(
      z
        .number()
        .finite()
        .min(0, { message: "must be 0 or more" })
        .max(MAX_VALUE, { message: "is too large" })
        .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, { message: "has more than 2 decimals" }),
    ),
    currency: z
      .string({ message: "is required: an ISO 4217 code such as USD" })
      .trim()
      .regex(/^[A-Za-z]{3}$/, { message: "must be an ISO 4217 code such as USD" })
      .transform((s) => s.toUpperCase()),
    occurred_at: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone, e.g. 2026-11-22T10:15:00Z" }),
  })
  .superRefine((b, ctx) => {
    if (!b.code && !b.promo) ctx.addIssue({ code: "custom", path: ["code"], message: "give code (the tracked link's code) or promo (the promo code)" });
  });

export interface ConversionInput {
  /** What attributes it: the link code wins when both are given. */
  by: { kind: "code"; code: string } | { kind: "promo"; promo: string };
  orderId: string;
  value: number;
  currency: string;
  occurredAt: Date;
}

export type BodyCheck = { ok: true; value: ConversionInput } | { ok: false; field: string; message: string; problems: { field: string; message: string }[] };

export function parseConversionBody(raw: Buffer | string, now: Date): BodyCheck {
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === "string" ? raw : raw.toString("utf8"));
  } catch {
    return { ok: false, field: "body", message: "is not valid JSON", problems: [{ field: "body", message: "is not valid JSON" }] };
  }
  if (!json || typeof json !== "object" || Array.isArray(json))
    return { ok: false, field: "body", message: "must be a JSON object", problems: [{ field: "body", message: "must be a JSON object" }] };
  const r = conversionBodySchema.safeParse(json);
  if (!r.success) {
    const problems = r.error.issues.map((i) => ({ field: i.path.length ? String(i.path[0]) : "body", message: i.message }));
    return { ok: false, field: problems[0]!.field, message: problems[0]!.message, problems };
  }
  const occurredAt = new Date(r.data.occurred_at);
  if (occurredAt.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    const message = "is in the future";
    return { ok: false, field: "occurred_at", message, problems: [{ field: "occurred_at", message }] };
  }
  return {
    ok: true,
    value: {
      by: r.data.code ? { kind: "code", code: r.data.code } : { kind: "promo", promo: r.data.promo! },
      orderId: r.data.order_id,
      value: Math.round(r.data.value * 100) / 100,
      currency: r.data.currency,
      occurredAt,
    },
  };
}
