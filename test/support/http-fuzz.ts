// Malformed HTTP from a seeded generator, sent on raw sockets to Scout's one HTTP port: broken request
// lines and URLs (`GET http://[`), header floods, wrong content-lengths, chunked garbage, slow
// clients, oversized bodies, random bytes, pipelined mixes. The same seed gives the same requests
// (FUZZ_SEED replays a run); test/e2e/http-fuzz.test.ts and bench/http-fuzz.bench.ts use it.
import { prng, type Rng } from "./fuzz.ts";
import { rawExchange } from "./raw-http.ts";

type Part = Buffer | { pauseMs: number };

export interface HttpFuzzCase {
  kind: string;
  parts: Part[];
  /** How long the client waits for the server before it gives up (and closes). */
  waitMs: number;
}

const PATHS = ["/slack/events", "/hooks/conversions", "/healthz", "/r/Ab3dE9xZ", "/r/", "/nope", "/", "*"];
const BAD_TARGETS = [
  "http://[",
  "//[",
  "http://[::1",
  "http://x:99999/",
  "http://a b/",
  "http://[/slack/events",
  "//[/healthz",
  "http://%/",
  "%",
  "%zz",
  "/r/%E0%A4%A",
  "/r/%00",
  "/slack/events?%zz=%",
  "/healthz#frag",
  "/\u00ff\u00fe",
  "/..%2f..%2fetc/passwd",
  "//",
  "/%2e%2e/",
  "http://user:pass@[:80/",
  "https://[::1]:0/slack/events",
];
const METHODS = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE", "PRI", "G\u0000T", "", "get", "X".repeat(300), "POST "];
const VERSIONS = ["HTTP/1.1", "HTTP/1.0", "HTTP/9.9", "HTTP/1.1 x", "", "HTTP/", "http/1.1", "HTTP/1.1\u0000"];
const EOLS = ["\r\n", "\n", "\r", "\r\r\n"];

const b = (s: string) => Buffer.from(s, "latin1");
const randomBytes = (r: Rng, n: number) => Buffer.from(Array.from({ length: n }, () => r.int(256)));
const sig = () => ({ ts: String(Math.floor(Date.now() / 1000)), sig: "v0=" + "0".repeat(64) });

function target(r: Rng): string {
  if (r.chance(0.5)) return r.pick(BAD_TARGETS);
  if (r.chance(0.1)) return "/" + "a".repeat(r.pick([1000, 9000, 70_000]));
  return r.pick(PATHS) + (r.chance(0.3) ? "?" + randomBytes(r, r.int(40)).toString("latin1").replace(/[\r\n ]/g, "") : "");
}

function headerLines(r: Rng, extra: string[] = []): string {
  const lines = ["Host: 127.0.0.1", ...extra];
  if (r.chance(0.3)) lines.push(`Content-Type: ${r.pick(["application/x-www-form-urlencoded", "application/json", "text/plain", "multipart/form-data; boundary=", "\u00ff"])}`);
  if (r.chance(0.3)) {
    const s = sig();
    lines.push(`X-Slack-Request-Timestamp: ${r.pick([s.ts, "0", "-1", "1e309", "NaN", "99999999999999999999", String(Number(s.ts) + 31_536_000)])}`, `X-Slack-Signature: ${s.sig}`);
  }
  if (r.chance(0.1)) lines.push("X-Slack-Retry-Num: " + r.pick(["1", "-1", "x", "9".repeat(400)]));
  if (r.chance(0.1)) lines.push("X-Forwarded-For: " + r.pick(["1.2.3.4", "::1, x", "[", "a".repeat(2000)]));
  return lines.join("\r\n");
}

const cases: Record<string, (r: Rng) => HttpFuzzCase> = {
  badRequestLine(r) {
    const eol = r.pick(EOLS);
    const line = `${r.pick(METHODS)} ${target(r)} ${r.pick(VERSIONS)}`;
    const body = r.chance(0.3) ? "x=1" : "";
    return { kind: "bad request line", parts: [b(`${line}${eol}Host: x${eol}Content-Length: ${body.length}${eol}${eol}${body}`)], waitMs: 400 };
  },
  headerFlood(r) {
    const method = r.pick(["GET", "POST"]);
    const path = r.pick(PATHS);
    const variant = r.int(6);
    let headers: string;
    if (variant === 0) headers = Array.from({ length: 100 + r.int(3000) }, (_, i) => `X-Flood-${i}: ${"v".repeat(r.int(20))}`).join("\r\n");
    else if (variant === 1) headers = `X-Big: ${"b".repeat(r.pick([8000, 17_000, 100_000]))}`;
    else if (variant === 2) headers = r.pick(["Bad Header: x", "X-Nul: a\u0000b", "X-Del: \u007f", " X-Lead: space", "X-Fold: a\r\n b", ": empty", "X-Colon"]);
    else if (variant === 3) headers = "Content-Length: 5\r\nContent-Length: 6";
    else if (variant === 4) headers = "Transfer-Encoding: chunked\r\nContent-Length: 3";
    else headers = `Transfer-Encoding: ${r.pick(["gzip", "chunked, chunked", "identity", "x"])}`;
    return { kind: "header flood", parts: [b(`${method} ${path} HTTP/1.1\r\n${headerLines(r)}\r\n${headers}\r\n\r\nabc`)], waitMs: 400 };
  },
  wrongContentLength(r) {
    const path = r.pick(PATHS);
    const body = randomBytes(r, r.int(200));
    const declared = r.pick([String(body.length + 1 + r.int(1000)), String(Math.max(0, body.length - 1 - r.int(10))), "-1", "abc", "1e3", "99999999999999999999", " 5", "0x10", ""]);
    return {
      kind: "wrong content-length",
      parts: [b(`POST ${path} HTTP/1.1\r\n${headerLines(r)}\r\nContent-Length: ${declared}\r\n\r\n`), body, ...(r.chance(0.5) ? [b("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")] : [])],
      waitMs: 400,
    };
  },
  chunkedGarbage(r) {
    const path = r.pick(PATHS);
    const chunks = Array.from({ length: 1 + r.int(5) }, () =>
      r.pick([
        () => `${r.pick(["zz", "-1", "fffffffffffffffff", "10;" + "e".repeat(r.int(20_000)), "5", "0x5", ""])}\r\n${randomBytes(r, r.int(20)).toString("latin1")}\r\n`,
        () => `5\r\nabc\r\n`,
        () => `3\r\nabcdef\r\n`,
        () => `${"1".repeat(r.int(30) + 1)}\r\n`,
        () => `0\r\nX-Trailer: ${"t".repeat(r.int(100))}\r\n\r\n`,
      ])(),
    );
    return { kind: "chunked garbage", parts: [b(`POST ${path} HTTP/1.1\r\n${headerLines(r)}\r\nTransfer-Encoding: chunked\r\n\r\n`), b(chunks.join(""))], waitMs: 400 };
  },
  slowClient(r) {
    const path = r.pick(PATHS);
    const whole = b(`POST ${path} HTTP/1.1\r\n${headerLines(r)}\r\nContent-Length: 20\r\n\r\n${"s".repeat(r.int(21))}`);
    const parts: Part[] = [];
    for (let i = 0; i < whole.length; i += 1 + r.int(40)) parts.push(whole.subarray(i, i + 1 + r.int(40)), { pauseMs: r.int(60) });
    return { kind: "slow client", parts, waitMs: 1200 };
  },
  oversizedBody(r) {
    const path = r.pick(["/slack/events", "/slack/events", "/hooks/conversions", "/healthz", "/r/Ab3dE9xZ"]);
    const mb = 1 + r.int(3);
    const data = Buffer.alloc(mb * 1024 * 1024 + r.int(1000), "a");
    if (r.chance(0.5)) {
      const declared = r.pick([String(data.length), String(260 * 1024 * 1024), "999999999999"]);
      return { kind: "oversized body", parts: [b(`POST ${path} HTTP/1.1\r\n${headerLines(r)}\r\nContent-Length: ${declared}\r\n\r\n`), data], waitMs: 1500 };
    }
    const chunk = data.subarray(0, 256 * 1024);
    const chunks: Part[] = [];
    for (let sent = 0; sent < data.length; sent += chunk.length) chunks.push(b(`${chunk.length.toString(16)}\r\n`), chunk, b("\r\n"));
    return { kind: "oversized chunked body", parts: [b(`POST ${path} HTTP/1.1\r\n${headerLines(r)}\r\nTransfer-Encoding: chunked\r\n\r\n`), ...chunks, b("0\r\n\r\n")], waitMs: 1500 };
  },
  randomBytes(r) {
    const prefix = r.pick(["", "GET ", "POST /slack/events HTTP/1.1\r\n", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003"]);
    return { kind: "random bytes", parts: [Buffer.concat([b(prefix), randomBytes(r, r.int(2000))])], waitMs: 400 };
  },
  hostileBody(r) {
    const path = r.pick(["/slack/events", "/hooks/conversions"]);
    const body = r.pick([
      () => "payload=" + encodeURIComponent(r.pick(["{", "[]", "null", '{"type":"view_submission"}', "x".repeat(5000), '{"__proto__":{"a":1}}'])),
      () => JSON.stringify({ type: r.pick(["url_verification", "event_callback", "block_actions"]), challenge: "x".repeat(r.int(100)) }),
      () => "ssl_check=1&" + "a=b&".repeat(r.int(2000)),
      () => '{"code":' + "[".repeat(r.int(5000)),
      () => randomBytes(r, r.int(3000)).toString("latin1"),
    ])();
    const buf = b(body);
    return { kind: "hostile body", parts: [b(`POST ${path} HTTP/1.1\r\n${headerLines(r)}\r\nContent-Length: ${buf.length}\r\n\r\n`), buf], waitMs: 400 };
  },
  pipelined(r) {
    const reqs = Array.from({ length: 2 + r.int(6) }, () =>
      r.chance(0.5) ? `GET ${r.pick(PATHS)} HTTP/1.1\r\nHost: x\r\n\r\n` : `${r.pick(METHODS)} ${target(r)} HTTP/1.1\r\nHost: x\r\nContent-Length: ${r.int(5)}\r\n\r\n`,
    );
    return { kind: "pipelined", parts: [b(reqs.join(""))], waitMs: 400 };
  },
};

const WEIGHTS: [keyof typeof cases, number][] = [
  ["badRequestLine", 20],
  ["headerFlood", 12],
  ["wrongContentLength", 14],
  ["chunkedGarbage", 12],
  ["slowClient", 6],
  ["oversizedBody", 3],
  ["randomBytes", 12],
  ["hostileBody", 12],
  ["pipelined", 9],
];

/** The `n` cases of `seed`, in order. */
export function httpFuzzCases(seed: number, n: number): HttpFuzzCase[] {
  const r = prng(seed);
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  return Array.from({ length: n }, () => {
    let x = r.int(total);
    const [name] = WEIGHTS.find(([, w]) => (x -= w) < 0)!;
    return cases[name]!(r);
  });
}

export interface HttpFuzzResult {
  requests: number;
  /** Answers by status code ("none" when the server closed without one or the client gave up). */
  statuses: Record<string, number>;
  /** Cases answered with a 5xx other than 503 (a handler that failed), with their kind. */
  serverErrors: string[];
  ms: number;
}

/** Sends the cases, `concurrency` sockets at a time; `alive()` is checked after each batch. */
export async function runHttpFuzz(port: number, list: HttpFuzzCase[], o: { concurrency?: number; alive?: () => boolean } = {}): Promise<HttpFuzzResult> {
  const started = performance.now();
  const statuses: Record<string, number> = {};
  const serverErrors: string[] = [];
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (next < list.length && !stopped) {
      const c = list[next++]!;
      const answer = await rawExchange(port, c.parts, { waitMs: c.waitMs });
      const status = answer.text.match(/^HTTP\/1\.[01] (\d{3})/)?.[1] ?? "none";
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (/^5/.test(status) && status !== "503") serverErrors.push(`${status} to ${c.kind}: ${JSON.stringify(Buffer.concat(c.parts.filter(Buffer.isBuffer)).subarray(0, 200).toString("latin1"))}`);
      if (o.alive && !o.alive()) stopped = true;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 40 }, worker));
  return { requests: next, statuses, serverErrors, ms: performance.now() - started };
}
