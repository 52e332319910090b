// What every platform client does the same way: bodies size-limited before they are buffered, a
// timeout per request, 429 and 5xx retried with exponential backoff and full jitter (Retry-After
// honoured), nothing retried that cannot succeed (auth, not found), and no key or token in any
// error message or log line.
import type { Logger } from "../../logger.ts";
import type { Platform } from "../../core/platform.ts";
import { PlatformError } from "../../core/platform-data/port.ts";

export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Tuning shared by the clients; tests make the delays tiny. */
export interface HttpTuning {
  /** Largest response body read, in bytes (default 2 MB). A larger one is refused unread. */
  maxBodyBytes?: number;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Retries after the first attempt for 429, 5xx, timeouts and network errors (default 3). */
  retries?: number;
  /** First backoff ceiling (default 500 ms); attempt n waits random(0, min(max, base·2^n)). */
  baseDelayMs?: number;
  /** Largest backoff (default 20 s). */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the fetch fails `unavailable` with retryAt (default 60 s). */
  maxRetryAfterMs?: number;
  /** For tests: the jitter source and the sleep. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The fetch used underneath (default: global fetch). */
  fetch?: typeof fetch;
}

/** A body refused because it is larger than the limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the response body is larger than ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/** Query parameters that carry credentials, masked wherever a URL is shown. */
const SECRET_PARAMS = /([?&](?:key|access_token|appsecret_proof|client_secret|input_token)=)[^&#\s"']*/gi;

/** A URL (or any text) with credentials masked: key=…, access_token=…, and the given secret values. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(SECRET_PARAMS, "$1[redacted]");
  for (const s of secrets) if (s && s.length >= 4 && out.includes(s)) out = out.split(s).join("[redacted]");
  return out;
}

/** The path of a URL without its query (what error messages show). */
export function describeUrl(url: string | URL): string {
  try {
    const u = new URL(String(url));
    return `${u.origin}${u.pathname}`;
  } catch {
    return "(a malformed URL)";
  }
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Reads a body chunk by chunk and gives up (cancelling the stream) as soon as it passes `limit`. */
export async function readLimited(res: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(limit);
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** A fetch with a timeout that hands back a Response whose body was read under the size limit. */
export function limitedFetch(t: HttpTuning = {}): typeof fetch {
  const limit = t.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = t.timeoutMs ?? 10_000;
  const base = t.fetch ?? fetch;
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const res = await base(input, { ...init, signal });
    const bytes = await readLimited(res, limit);
    const headers = new Headers(res.headers);
    headers.delete("content-encoding"); // already decoded by fetch
    headers.delete("content-length");
    return new Response(res.status === 204 || res.status === 304 ? null : bytes, { status: res.status, statusText: res.statusText, headers });
  };
}

/** Seconds or an HTTP date in Retry-After, as milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  const s = Number(value.trim());
  if (Number.isFinite(s) && s >= 0) return Math.round(s * 1000);
  const d = Date.parse(value);
  return Number.isFinite(d) ? Math.max(0, d - now.getTime()) : null;
}

/** One attempt's outcome, as the client classified it. */
export type Attempt<T> =
  | { ok: true; value: T }
  /** `retry`: worth another attempt (429, 5xx, timeout, network); `waitMs`: what the platform asked for. */
  | { ok: false; error: PlatformError; retry: boolean; waitMs?: number | null };

export interface RetryContext {
  platform: Platform;
  tuning: HttpTuning;
  now: () => Date;
  log?: Logger;
  /** What is being fetched, for log lines (already redacted). */
  what: string;
  signal?: AbortSignal;
  /** Stops calls for a while after the platform refused the credentials. */
  gate?: AuthGate;
}

/** After an auth failure, the same failure is thrown without a call for `coolDownMs` (default
 *  10 minutes): a refused key is not hammered by every queued job, and is tried again later in
 *  case it was fixed on the platform's side. */
export interface AuthGate {
  check(): void;
  trip(e: PlatformError): void;
}

export function createAuthGate(now: () => Date, coolDownMs = 10 * 60_000): AuthGate {
  let refused: { error: PlatformError; until: number } | null = null;
  return {
    check() {
      if (refused && now().getTime() < refused.until) throw new PlatformError(refused.error.platform, "auth", refused.error.message, new Date(refused.until));
      refused = null;
    },
    trip(error) {
      refused = { error, until: now().getTime() + coolDownMs };
    },
  };
}

/** Runs `attempt` until it succeeds, fails for good, or the retries are spent (then its last error). */
export async function withRetries<T>(ctx: RetryContext, attempt: (n: number) => Promise<Attempt<T>>): Promise<T> {
  const retries = ctx.tuning.retries ?? 3;
  const base = ctx.tuning.baseDelayMs ?? 500;
  const max = ctx.tuning.maxDelayMs ?? 20_000;
  const maxRetryAfter = ctx.tuning.maxRetryAfterMs ?? 60_000;
  const random = ctx.tuning.random ?? Math.random;
  const sleep = ctx.tuning.sleep ?? defaultSleep;
  for (let n = 0; ; n++) {
    ctx.signal?.throwIfAborted();
    ctx.gate?.check();
    const r = await attempt(n);
    if (r.ok) return r.value;
    if (r.error.kind === "auth") ctx.gate?.trip(r.error);
    if (!r.retry) throw r.error;
    const asked = r.waitMs ?? null;
    if (asked !== null && asked > maxRetryAfter) {
      // The platform asks for a long pause: do not hold the caller; say when to come back.
      throw new PlatformError(ctx.platform, r.error.kind, r.error.message, r.error.retryAt ?? new Date(ctx.now().getTime() + asked));
    }
    if (n >= retries) {
      const backoff = asked ?? Math.min(max, base * 2 ** n);
      throw new PlatformError(ctx.platform, r.error.kind, `${r.error.message} (after ${n + 1} attempts)`, r.error.retryAt ?? new Date(ctx.now().getTime() + backoff));
    }
    const wait = asked ?? Math.floor(random() * Math.min(max, base * 2 ** n));
    ctx.log?.warn({ platform: ctx.platform, what: ctx.what, attempt: n + 1, waitMs: wait, reason: r.error.message }, "platform request failed; retrying");
    await sleep(wait, ctx.signal);
  }
}

/** Classifies an error thrown below fetch (network, timeout, too large) as an attempt outcome. */
export function transportFailure(platform: Platform, e: unknown, what: string, signal?: AbortSignal): Attempt<never> {
  if (signal?.aborted) throw signal.reason;
  for (let c: unknown = e, i = 0; c && i < 5; c = (c as { cause?: unknown }).cause, i++) {
    if (c instanceof BodyTooLargeError)
      return { ok: false, retry: false, error: new PlatformError(platform, "unavailable", `${platformName(platform)} answered ${what} with a body larger than ${c.limit} bytes; refused`) };
    if (c instanceof Error && (c.name === "TimeoutError" || c.name === "AbortError"))
      return { ok: false, retry: true, error: new PlatformError(platform, "unavailable", `${platformName(platform)} did not answer ${what} in time`) };
  }
  const code = (e as { code?: unknown; cause?: { code?: unknown } })?.cause?.code ?? (e as { code?: unknown })?.code;
  return {
    ok: false,
    retry: true,
    error: new PlatformError(platform, "unavailable", `${platformName(platform)} could not be reached for ${what}${typeof code === "string" ? ` (${code})` : ""}`),
  };
}

export function platformName(p: Platform): string {
  return p === "youtube" ? "YouTube" : p === "instagram" ? "Instagram" : p;
}
