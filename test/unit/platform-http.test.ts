// The platform clients' shared HTTP behaviour: backoff with full jitter, Retry-After, size limits, redaction.
import { describe, expect, it } from "vitest";
import { BodyTooLargeError, readLimited, redact, retryAfterMs, withRetries, type Attempt } from "../../src/adapters/platforms/http.ts";
import { PlatformError } from "../../src/core/platform-data/port.ts";

const NOW = new Date("2026-03-10T20:00:00Z");
const busy = (waitMs: number | null = null): Attempt<string> => ({ ok: false, retry: true, waitMs, error: new PlatformError("youtube", "unavailable", "HTTP 503") });

async function run(outcomes: Attempt<string>[], random: () => number, retries = 3) {
  const waits: number[] = [];
  let n = 0;
  const result = await withRetries(
    { platform: "youtube", now: () => NOW, what: "video x", tuning: { retries, baseDelayMs: 100, maxDelayMs: 500, random, sleep: async (ms) => void waits.push(ms) } },
    async () => outcomes[n++]!,
  ).catch((e: unknown) => e);
  return { result, waits, attempts: n };
}

describe("retries", () => {
  it("wait a random time up to base·2^n, capped (full jitter)", async () => {
    const top = await run([busy(), busy(), busy(), busy(), { ok: true, value: "done" }], () => 0.999999, 4);
    expect(top.result).toBe("done");
    expect(top.waits).toEqual([99, 199, 399, 499]);
    const bottom = await run([busy(), busy(), { ok: true, value: "done" }], () => 0);
    expect(bottom.waits).toEqual([0, 0]);
  });

  it("wait what Retry-After asks instead", async () => {
    const r = await run([busy(1500), { ok: true, value: "done" }], () => 0.5);
    expect(r.waits).toEqual([1500]);
  });

  it("stop after the last retry with the last error and a retryAt", async () => {
    const r = await run([busy(), busy(), busy(), busy(), busy()], () => 0.5);
    expect(r.attempts).toBe(4);
    expect(r.result).toBeInstanceOf(PlatformError);
    expect((r.result as PlatformError).message).toBe("HTTP 503 (after 4 attempts)");
    expect((r.result as PlatformError).retryAt).toEqual(new Date(NOW.getTime() + 500));
  });

  it("do not happen for a failure that cannot succeed", async () => {
    const auth: Attempt<string> = { ok: false, retry: false, error: new PlatformError("youtube", "auth", "refused") };
    const r = await run([auth, { ok: true, value: "never" }], () => 0.5);
    expect(r.attempts).toBe(1);
    expect((r.result as PlatformError).kind).toBe("auth");
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterMs("7", NOW)).toBe(7000);
    expect(retryAfterMs("Tue, 10 Mar 2026 20:01:00 GMT", NOW)).toBe(60_000);
    expect(retryAfterMs("soon", NOW)).toBeNull();
    expect(retryAfterMs(null, NOW)).toBeNull();
  });
});

describe("bodies", () => {
  it("are refused by their declared length before a byte is read", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(1024))) }, { highWaterMark: 0 });
    const res = new Response(body, { headers: { "content-length": String(10 * 1024 * 1024) } });
    await expect(readLimited(res, 1024 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled).toBe(0);
  });

  it("without a length are cut off as soon as they pass the limit", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(1024))) }, { highWaterMark: 0 });
    await expect(readLimited(new Response(body), 10 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled).toBeLessThanOrEqual(12);
  });

  it("within the limit are read whole", async () => {
    expect(new TextDecoder().decode(await readLimited(new Response('{"ok":true}'), 100))).toBe('{"ok":true}');
  });
});

describe("redaction", () => {
  it("masks keys and tokens in URLs and the given secret values", () => {
    expect(redact("https://x/youtube/v3/videos?id=a&key=AIzaSECRET&part=s")).toBe("https://x/youtube/v3/videos?id=a&key=[redacted]&part=s");
    expect(redact("GET /v21.0/1?access_token=EAAsecret")).toBe("GET /v21.0/1?access_token=[redacted]");
    expect(redact("said EAAsecretvalue", ["EAAsecretvalue"])).toBe("said [redacted]");
  });
});
