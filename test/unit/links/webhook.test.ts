import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkSignature, checkTimestamp, parseConversionBody, signConversion } from "../../../src/core/links/webhook.ts";

const SECRET = "whsec-test-123456";
const now = new Date("2026-11-22T10:00:00Z");
const ts = String(Math.floor(now.getTime() / 1000));
const body = Buffer.from(JSON.stringify({ code: "Ab3dE9xZ", order_id: "1001", value: 49.9, currency: "usd", occurred_at: "2026-11-22T09:58:00Z" }));

describe("signature", () => {
  it("accepts the hex HMAC of timestamp.body, with or without the sha256= prefix", () => {
    const sig = signConversion(SECRET, ts, body);
    expect(checkSignature({ secret: SECRET, timestamp: ts, signature: sig, rawBody: body, now })).toEqual({ ok: true });
    expect(checkSignature({ secret: SECRET, timestamp: ts, signature: `sha256=${sig.toUpperCase()}`, rawBody: body, now })).toEqual({ ok: true });
  });

  it("refuses a signature made with another secret, over another body, or over the body alone", () => {
    const check = (signature: string) => checkSignature({ secret: SECRET, timestamp: ts, signature, rawBody: body, now });
    expect(check(signConversion("other-secret", ts, body))).toEqual({ ok: false, reason: "signature does not match" });
    expect(check(signConversion(SECRET, ts, Buffer.from(body.toString() + " ")))).toMatchObject({ ok: false });
    const bodyOnly = createHmac("sha256", SECRET).update(body).digest("hex");
    expect(check(bodyOnly)).toMatchObject({ ok: false });
    expect(check("")).toEqual({ ok: false, reason: "missing X-Scout-Signature" });
    expect(check("zz")).toMatchObject({ ok: false, reason: expect.stringMatching(/hex/) });
  });

  it("refuses a timestamp more than 5 minutes away, missing or not in seconds", () => {
    expect(checkTimestamp(String(Number(ts) - 299), now)).toEqual({ ok: true });
    expect(checkTimestamp(String(Number(ts) + 299), now)).toEqual({ ok: true });
    expect(checkTimestamp(String(Number(ts) - 301), now)).toMatchObject({ ok: false, reason: expect.stringMatching(/5 minutes/) });
    expect(checkTimestamp(String(Number(ts) + 301), now)).toMatchObject({ ok: false });
    expect(checkTimestamp(undefined, now)).toMatchObject({ ok: false, reason: expect.stringMatching(/missing/) });
    expect(checkTimestamp(String(now.getTime()), now)).toMatchObject({ ok: false });
    expect(checkTimestamp("2026-11-22", now)).toMatchObject({ ok: false, reason: expect.stringMatching(/Unix seconds/) });
    const stale = String(Number(ts) - 600);
    expect(checkSignature({ secret: SECRET, timestamp: stale, signature: signConversion(SECRET, stale, body), rawBody: body, now })).toMatchObject({ ok: false });
  });
});

describe("conversion body", () => {
  const parse = (o: unknown) => parseConversionBody(JSON.stringify(o), now);
  const good = { code: "Ab3dE9xZ", order_id: "1001", value: 49.9, currency: "usd", occurred_at: "2026-11-22T09:58:00Z" };

  it("reads a valid body, upper-casing the currency", () => {
    expect(parse(good)).toEqual({
      ok: true,
      value: { by: { kind: "code", code: "Ab3dE9xZ" }, orderId: "1001", value: 49.9, currency: "USD", occurredAt: new Date("2026-11-22T09:58:00Z") },
    });
  });

  it("takes a promo code instead of a link code, numeric order ids and values given as strings", () => {
    const r = parse({ promo: "ana10", order_id: 1002, value: "12.50", currency: "EUR", occurred_at: "2026-11-22T11:00:00+02:00" });
    expect(r).toMatchObject({ ok: true, value: { by: { kind: "promo", promo: "ANA10" }, orderId: "1002", value: 12.5 } });
  });

  it.each([
    [{ ...good, code: undefined }, "code", /give code .* or promo/],
    [{ ...good, code: "short" }, "code", /tracked link code/],
    [{ ...good, order_id: undefined }, "order_id", /required/],
    [{ ...good, order_id: "" }, "order_id", /empty/],
    [{ ...good, value: -1 }, "value", /0 or more/],
    [{ ...good, value: "ten" }, "value", /number/],
    [{ ...good, value: 1.234 }, "value", /2 decimals/],
    [{ ...good, currency: "dollars" }, "currency", /ISO 4217/],
    [{ ...good, occurred_at: "yesterday" }, "occurred_at", /ISO 8601/],
    [{ ...good, occurred_at: "2026-11-22T09:58:00" }, "occurred_at", /ISO 8601/],
    [{ ...good, occurred_at: "2026-11-23T09:58:00Z" }, "occurred_at", /future/],
    [{ ...good, promo: "a b" }, "promo", /letters/],
  ])("names the field that is wrong: %#", (input, field, message) => {
    const r = parse(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe(field);
      expect(r.message).toMatch(message);
    }
  });

  it("refuses bodies that are not a JSON object", () => {
    expect(parseConversionBody("{not json", now)).toMatchObject({ ok: false, field: "body", message: "is not valid JSON" });
    expect(parseConversionBody("[1,2]", now)).toMatchObject({ ok: false, field: "body", message: "must be a JSON object" });
  });
});
