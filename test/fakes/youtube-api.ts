// A fake YouTube Data API v3 on 127.0.0.1 (point YOUTUBE_API_URL or the client's baseUrl at `url`).
// It answers videos.list and channels.list in the documented shapes (counts as strings, likeCount
// absent when likes are hidden, subscriberCount absent when hiddenSubscriberCount), a deleted or
// unknown video as an empty items list, and Google's error bodies on demand:
//   quota      403 {error:{code:403, errors:[{domain:"youtube.quota", reason:"quotaExceeded"}]}}
//   keyInvalid 400 "API key not valid" (errors reason badRequest, details ErrorInfo API_KEY_INVALID),
//              also answered to any call whose key is not `apiKey`
//   keyInvalidLegacy  400 in the older documented shape (errors reason keyInvalid, domain usageLimits)
//   rateLimit  429 (reason rateLimitExceeded, optional Retry-After)
//   server     500 backendError; unavailable 503
//   oversized  200 with a body of `oversizedBytes` streamed in chunks (no Content-Length)
//   hang       never answers (until close())
// Every call is counted (`calls`), faults included.
//
//   const yt = await startFakeYouTube();
//   yt.addChannel({ id: "UC…", handle: "veganbites", subscribers: 12000, videos: 40 });
//   yt.addVideo({ id: "dQw4w9WgXcQ", channelId: "UC…", views: 1500, likes: 90, comments: 7 });
//   yt.failNext(2, "rateLimit");      // the next two calls answer 429
//   yt.failRate(0.05, "rateLimit");   // then 5% of calls answer 429 (seeded, reproducible)
import http from "node:http";
import type { AddressInfo } from "node:net";

export type YouTubeFault = "quota" | "keyInvalid" | "keyInvalidLegacy" | "rateLimit" | "server" | "unavailable" | "oversized" | "hang";

export interface FakeVideo {
  id: string;
  channelId: string;
  title: string;
  description: string;
  /** ISO 8601. */
  publishedAt: string;
  views: number;
  /** null: the creator hid likes (likeCount is left out). */
  likes: number | null;
  /** null: comments are off (commentCount is left out). */
  comments: number | null;
}

export interface FakeChannel {
  id: string;
  /** Without "@"; answered as customUrl "@handle". Matched case-insensitively by forHandle. */
  handle: string;
  title: string;
  subscribers: number;
  hiddenSubscriberCount: boolean;
  videos: number;
  views: number;
}

export interface YouTubeCall {
  /** "videos" or "channels" (or the unknown path). */
  resource: string;
  params: Record<string, string[]>;
  /** Whether the call carried the right key. */
  keyOk: boolean;
  /** HTTP status answered (0: a "hang" fault, no answer). */
  status: number;
  at: number;
}

export interface FakeYouTube {
  /** The base URL for the client (YOUTUBE_API_URL). */
  url: string;
  /** The key the fake accepts. */
  apiKey: string;
  calls: YouTubeCall[];
  /** Calls so far, optionally of one resource. */
  callCount(resource?: "videos" | "channels"): number;
  addVideo(v: Partial<FakeVideo> & { id: string }): FakeVideo;
  addChannel(c: Partial<FakeChannel> & { id: string }): FakeChannel;
  /** Changes a video's counts (views, likes, comments) or text. */
  updateVideo(id: string, patch: Partial<Omit<FakeVideo, "id">>): void;
  updateChannel(id: string, patch: Partial<Omit<FakeChannel, "id">>): void;
  /** The video disappears: videos.list answers an empty items list for it. */
  deleteVideo(id: string): void;
  /** The next `n` calls answer this fault. `retryAfter` (seconds) goes with rateLimit/unavailable. */
  failNext(n: number, fault: YouTubeFault, o?: { retryAfter?: number }): void;
  /** From now on each call fails with probability `p` (seeded PRNG, so runs repeat); p = 0 turns it off. */
  failRate(p: number, fault?: YouTubeFault, seed?: number): void;
  /** While true every call answers 403 quotaExceeded. */
  quotaExhausted: boolean;
  /** Bytes the last oversized answer managed to write before the client hung up. */
  oversizedBytesSent: number;
  /** Size of an oversized answer (default 64 MB). */
  oversizedBytes: number;
  /** Forgets videos, channels, calls and faults. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_FAKE_YOUTUBE_KEY = "AIzaFakeKeyForTests0000000000000000000";

function err(code: number, message: string, reason: string, domain: string, status?: string, details?: unknown[]) {
  return { error: { code, message, errors: [{ message, domain, reason }], ...(status ? { status } : {}), ...(details ? { details } : {}) } };
}

const QUOTA_MESSAGE = 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.';

/** The error body (status, JSON) of a fault. */
function faultBody(f: Exclude<YouTubeFault, "oversized" | "hang">): [number, unknown] {
  switch (f) {
    case "quota":
      return [403, err(403, QUOTA_MESSAGE, "quotaExceeded", "youtube.quota")];
    case "keyInvalid":
      return [
        400,
        err(400, "API key not valid. Please pass a valid API key.", "badRequest", "global", "INVALID_ARGUMENT", [
          { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com", metadata: { service: "youtube.googleapis.com" } },
        ]),
      ];
    case "keyInvalidLegacy":
      return [400, err(400, "Bad Request", "keyInvalid", "usageLimits")];
    case "rateLimit":
      return [429, err(429, "Resource has been exhausted (e.g. check quota).", "rateLimitExceeded", "youtube.quota", "RESOURCE_EXHAUSTED")];
    case "server":
      return [500, err(500, "Internal error encountered.", "backendError", "global", "INTERNAL")];
    case "unavailable":
      return [503, err(503, "The service is currently unavailable.", "backendError", "global", "UNAVAILABLE")];
  }
}

/** mulberry32: a small seeded PRNG so fault rates repeat run to run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFakeYouTube(o: { apiKey?: string } = {}): Promise<FakeYouTube> {
  const videos = new Map<string, FakeVideo>();
  const channels = new Map<string, FakeChannel>();
  const queue: { fault: YouTubeFault; retryAfter?: number }[] = [];
  let rate = { p: 0, fault: "rateLimit" as YouTubeFault, random: seeded(1) };

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=UTF-8", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const sendOversized = (res: http.ServerResponse) => {
    res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    fake.oversizedBytesSent = 0;
    res.write('{"items":[');
    const pump = () => {
      while (fake.oversizedBytesSent < fake.oversizedBytes && !res.destroyed) {
        fake.oversizedBytesSent += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end("]}");
    };
    res.on("error", () => {});
    pump();
  };

  const videoJson = (v: FakeVideo) => ({
    kind: "youtube#video",
    etag: `etag-${v.id}`,
    id: v.id,
    snippet: {
      publishedAt: v.publishedAt,
      channelId: v.channelId,
      title: v.title,
      description: v.description,
      thumbnails: {},
      channelTitle: channels.get(v.channelId)?.title ?? "A channel",
      categoryId: "22",
      liveBroadcastContent: "none",
    },
    statistics: {
      viewCount: String(v.views),
      ...(v.likes === null ? {} : { likeCount: String(v.likes) }),
      favoriteCount: "0",
      ...(v.comments === null ? {} : { commentCount: String(v.comments) }),
    },
  });

  const channelJson = (c: FakeChannel) => ({
    kind: "youtube#channel",
    etag: `etag-${c.id}`,
    id: c.id,
    snippet: { title: c.title, description: "", customUrl: `@${c.handle}`, publishedAt: "2019-03-01T10:00:00Z", thumbnails: {} },
    statistics: {
      viewCount: String(c.views),
      ...(c.hiddenSubscriberCount ? {} : { subscriberCount: String(c.subscribers) }),
      hiddenSubscriberCount: c.hiddenSubscriberCount,
      videoCount: String(c.videos),
    },
  });

  const list = (kind: string, items: unknown[]) => ({ kind, etag: "etag-list", pageInfo: { totalResults: items.length, resultsPerPage: items.length }, items });

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const params: Record<string, string[]> = {};
    for (const [k, v] of u.searchParams) (params[k] ??= []).push(v);
    const key = u.searchParams.get("key") ?? req.headers["x-goog-api-key"];
    const m = /^\/youtube\/v3\/(videos|channels)$/.exec(u.pathname);
    const call: YouTubeCall = { resource: m?.[1] ?? u.pathname, params, keyOk: key === fake.apiKey, status: 200, at: Date.now() };
    fake.calls.push(call);
    const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
      call.status = status;
      send(res, status, body, headers);
    };
    if (!call.keyOk) return answer(...faultBody("keyInvalid"));
    let fault: { fault: YouTubeFault; retryAfter?: number } | undefined = queue.shift();
    if (!fault && fake.quotaExhausted) fault = { fault: "quota" };
    if (!fault && rate.p > 0 && rate.random() < rate.p) fault = { fault: rate.fault };
    if (fault) {
      if (fault.fault === "oversized") return sendOversized(res);
      if (fault.fault === "hang") return void (call.status = 0);
      const [status, body] = faultBody(fault.fault);
      return answer(status, body, fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {});
    }
    if (!m) return answer(404, err(404, "Not Found", "notFound", "global", "NOT_FOUND"));
    const ids = (params.id ?? []).flatMap((s) => s.split(",")).filter(Boolean);
    if (m[1] === "videos") {
      if (!ids.length) return answer(400, err(400, "No filter selected. Expected one of: id, chart, myRating.", "missingRequiredParameter", "youtube.parameter"));
      return answer(200, list("youtube#videoListResponse", ids.flatMap((id) => (videos.has(id) ? [videoJson(videos.get(id)!)] : []))));
    }
    const forHandle = u.searchParams.get("forHandle")?.replace(/^@/, "").toLowerCase();
    const found = forHandle ? [...channels.values()].filter((c) => c.handle.toLowerCase() === forHandle) : ids.flatMap((id) => (channels.has(id) ? [channels.get(id)!] : []));
    if (!forHandle && !ids.length) return answer(400, err(400, "No filter selected.", "missingRequiredParameter", "youtube.parameter"));
    return answer(200, list("youtube#channelListResponse", found.map(channelJson)));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;

  const fake: FakeYouTube = {
    url: `http://127.0.0.1:${port}`,
    apiKey: o.apiKey ?? DEFAULT_FAKE_YOUTUBE_KEY,
    calls: [],
    callCount: (resource) => (resource ? fake.calls.filter((c) => c.resource === resource).length : fake.calls.length),
    addVideo(v) {
      const full: FakeVideo = {
        channelId: "UCfakechannel000000000000",
        title: `Video ${v.id}`,
        description: "",
        publishedAt: "2026-01-15T12:00:00Z",
        views: 0,
        likes: 0,
        comments: 0,
        ...v,
      };
      videos.set(v.id, full);
      return full;
    },
    addChannel(c) {
      const full: FakeChannel = { handle: c.id.toLowerCase(), title: `Channel ${c.id}`, subscribers: 0, hiddenSubscriberCount: false, videos: 0, views: 0, ...c };
      channels.set(c.id, full);
      return full;
    },
    updateVideo(id, patch) {
      const v = videos.get(id);
      if (!v) throw new Error(`fake YouTube: no video ${id}`);
      Object.assign(v, patch);
    },
    updateChannel(id, patch) {
      const c = channels.get(id);
      if (!c) throw new Error(`fake YouTube: no channel ${id}`);
      Object.assign(c, patch);
    },
    deleteVideo: (id) => void videos.delete(id),
    failNext(n, fault, fo = {}) {
      for (let i = 0; i < n; i++) queue.push({ fault, retryAfter: fo.retryAfter });
    },
    failRate(p, fault = "rateLimit", seed = 1) {
      rate = { p, fault, random: seeded(seed) };
    },
    quotaExhausted: false,
    reset() {
      videos.clear();
      channels.clear();
      queue.length = 0;
      fake.calls.length = 0;
      rate = { p: 0, fault: "rateLimit", random: seeded(1) };
      fake.quotaExhausted = false;
    },
    oversizedBytesSent: 0,
    oversizedBytes: 64 * 1024 * 1024,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return fake;
}
