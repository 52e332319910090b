// YouTube Data API v3 with an API key, through Google's own client (@googleapis/youtube), pointed
// at YOUTUBE_API_URL (its `rootUrl`) and fetching through our size-limited fetch. Quota: each
// videos.list / channels.list call costs 1 unit of a daily quota that resets at midnight Pacific
// time; lower priorities leave a reserve for live deliverables.
import type { youtube_v3 } from "@googleapis/youtube";
import { z } from "zod";
import type { Logger } from "../../logger.ts";
import { localTime, nextOccurrence } from "../../core/jobs/time.ts";
import { PlatformError, type FetchPriority, type PlatformAccount, type PlatformBudget, type PlatformClient, type PlatformPost } from "../../core/platform-data/port.ts";
import { createAuthGate, limitedFetch, redact, retryAfterMs, transportFailure, withRetries, type Attempt, type HttpTuning } from "./http.ts";

export const YOUTUBE_DEFAULT_URL = "https://youtube.googleapis.com";
export const YOUTUBE_DEFAULT_DAILY_QUOTA = 10_000;
const PACIFIC = "America/Los_Angeles";

export interface YouTubeClientOptions {
  apiKey: string;
  /** YOUTUBE_API_URL (default https://youtube.googleapis.com). */
  baseUrl?: string;
  /** Units per Pacific day (default 10,000). */
  dailyQuota?: number;
  /** Share of the daily quota each priority leaves for the ones above it (default verify 0.05, refresh 0.2). */
  reserve?: { verify?: number; refresh?: number };
  now?: () => Date;
  log?: Logger;
  tuning?: HttpTuning;
}

const count = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
  .transform((v) => Number(v))
  .optional();

const videoSchema = z.object({
  id: z.string().min(1),
  snippet: z
    .object({
      publishedAt: z.string().refine((s) => Number.isFinite(Date.parse(s)), "a date"),
      channelId: z.string().min(1),
      title: z.string().default(""),
      description: z.string().default(""),
    })
    .optional(),
  statistics: z.object({ viewCount: count, likeCount: count, commentCount: count }).optional(),
});
const videoListSchema = z.object({ items: z.array(videoSchema).default([]) });

const channelSchema = z.object({
  id: z.string().min(1),
  snippet: z.object({ title: z.string().optional(), customUrl: z.string().optional() }).optional(),
  statistics: z
    .object({ subscriberCount: count, hiddenSubscriberCount: z.boolean().optional(), videoCount: count })
    .optional(),
});
const channelListSchema = z.object({ items: z.array(channelSchema).default([]) });

/** Google's error body: {error: {code, message, errors: [{reason, domain, message}], status, details}}. */
const errorBodySchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional(), domain: z.string().optional() }).loose()).optional(),
    details: z.array(z.object({ reason: z.string().optional() }).loose()).optional(),
  }),
});

const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

/** The video id in a YouTube link (watch?v=, youtu.be/, /shorts/, /live/, /embed/), or null. */
export function youtubeVideoId(link: string): string | null {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(link.trim()) ? link.trim() : `https://${link.trim()}`);
  } catch {
    return null;
  }
  const host = u.hostname.toLowerCase().replace(/^(www|m|music)\./, "");
  let id: string | null | undefined = null;
  if (host === "youtu.be") id = u.pathname.split("/")[1];
  else if (host === "youtube.com" || host === "youtube-nocookie.com") {
    const parts = u.pathname.split("/").filter(Boolean);
    if (parts[0] === "watch") id = u.searchParams.get("v");
    else if (["shorts", "live", "embed", "v"].includes(parts[0] ?? "")) id = parts[1];
  }
  return id && VIDEO_ID.test(id) ? id : null;
}

/** What account() looks a channel up by: its id (UC…) or its handle (@name), from a handle or a channel link. */
export function youtubeChannelRef(input: string): { id: string } | { handle: string } | null {
  let s = input.trim();
  const link = /^(?:https?:\/\/)?(?:www\.|m\.)?youtube\.com\/(@[^/?#]+|channel\/[^/?#]+)/i.exec(s);
  if (link) s = link[1]!.replace(/^channel\//, "");
  if (/^UC[A-Za-z0-9_-]{22}$/.test(s)) return { id: s };
  const h = s.replace(/^@/, "");
  return /^[\p{L}\p{N}._-]{3,30}$/u.test(h) ? { handle: h.toLowerCase() } : null;
}

export function createYouTubeClient(o: YouTubeClientOptions): PlatformClient {
  const now = o.now ?? (() => new Date());
  const quota = o.dailyQuota ?? YOUTUBE_DEFAULT_DAILY_QUOTA;
  const reserve = { live: 0, verify: o.reserve?.verify ?? 0.05, refresh: o.reserve?.refresh ?? 0.2 };
  const tuning = o.tuning ?? {};
  const gate = createAuthGate(now);
  const secrets = [o.apiKey];
  const rootUrl = (o.baseUrl ?? YOUTUBE_DEFAULT_URL).replace(/\/+$/, "") + "/";
  // Google's client (and the googleapis-common under it) loads with the first call: Scout starts
  // without it when YouTube is not asked.
  let client: Promise<youtube_v3.Youtube> | undefined;
  const yt = () =>
    (client ??= import("@googleapis/youtube").then(({ youtube }) =>
      youtube({ version: "v3", auth: o.apiKey, rootUrl, retry: false, fetchImplementation: limitedFetch(tuning) }),
    ));
  /** Handles learnt from account(), by channel id, so posts can name their owner. */
  const handles = new Map<string, string>();

  let day = "";
  let spent = 0;
  const resetsAt = () => nextOccurrence(now(), "00:00", PACIFIC);
  const roll = () => {
    const today = localTime(now(), PACIFIC).date;
    if (today !== day) {
      day = today;
      spent = 0;
    }
  };
  const spend = (priority: FetchPriority) => {
    roll();
    const limit = Math.floor(quota * (1 - reserve[priority]));
    if (spent + 1 > limit) {
      const left = priority === "live" ? "spent" : `spent for ${priority} work (the rest is kept for live deliverables)`;
      throw new PlatformError("youtube", "quota", `YouTube's daily quota is ${left}: ${spent.toLocaleString("en-US")} of ${quota.toLocaleString("en-US")} units used; it resets at midnight Pacific time`, resetsAt());
    }
    spent += 1;
  };

  /** Classifies what the client threw for one call. */
  const failure = (e: unknown, what: string, signal?: AbortSignal): Attempt<never> => {
    const status = (e as { status?: unknown })?.status;
    if (typeof status !== "number") return transportFailure("youtube", e, what, signal);
    const res = (e as { response?: { data?: unknown; headers?: { get?: (k: string) => string | null } } }).response;
    const body = errorBodySchema.safeParse(typeof res?.data === "string" ? safeJson(res.data) : res?.data);
    const err = body.success ? body.data.error : undefined;
    const reasons = [...(err?.errors ?? []).map((x) => x.reason), ...(err?.details ?? []).map((x) => x.reason)].filter(Boolean) as string[];
    const has = (...r: string[]) => reasons.some((x) => r.includes(x));
    const said = err?.message ? `: ${redact(stripTags(err.message), secrets).slice(0, 200)}` : "";
    if (status === 403 && has("quotaExceeded", "dailyLimitExceeded")) {
      spent = Math.max(spent, quota);
      return { ok: false, retry: false, error: new PlatformError("youtube", "quota", `YouTube's daily quota is spent (the API said quotaExceeded for ${what}); it resets at midnight Pacific time`, resetsAt()) };
    }
    if (status === 401 || has("keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_SERVICE_BLOCKED", "accessNotConfigured", "SERVICE_DISABLED", "ipRefererBlocked", "API_KEY_HTTP_REFERRER_BLOCKED", "API_KEY_IP_ADDRESS_BLOCKED") || (status === 400 && /api key/i.test(err?.message ?? "")))
      return { ok: false, retry: false, error: new PlatformError("youtube", "auth", `YouTube refused the API key (HTTP ${status}${reasons.length ? `, ${reasons.join(", ")}` : ""})${said}. Check YOUTUBE_API_KEY and that the YouTube Data API v3 is enabled for its project.`) };
    if (status === 404) return { ok: false, retry: false, error: new PlatformError("youtube", "not_found", `YouTube found no ${what}${said}`) };
    if (status === 429 || status >= 500 || has("rateLimitExceeded", "userRateLimitExceeded"))
      return { ok: false, retry: true, waitMs: retryAfterMs(res?.headers?.get?.("retry-after"), now()), error: new PlatformError("youtube", "unavailable", `YouTube answered HTTP ${status} for ${what}${said}`) };
    return { ok: false, retry: false, error: new PlatformError("youtube", "unavailable", `YouTube answered HTTP ${status} for ${what}${said}`) };
  };

  async function call<S extends z.ZodType>(what: string, schema: S, priority: FetchPriority, signal: AbortSignal | undefined, run: () => Promise<{ data: unknown }>): Promise<z.infer<S>> {
    return withRetries({ platform: "youtube", tuning, now, log: o.log, what, signal, gate }, async () => {
      spend(priority);
      let data: unknown;
      try {
        data = (await run()).data;
      } catch (e) {
        return failure(e, what, signal);
      }
      const parsed = schema.safeParse(typeof data === "string" ? safeJson(data) : data);
      if (!parsed.success) return { ok: false, retry: false, error: new PlatformError("youtube", "unavailable", `YouTube answered ${what} in an unexpected shape`) };
      return { ok: true, value: parsed.data };
    });
  }

  return {
    platform: "youtube",
    async post(url, opts = {}) {
      const id = youtubeVideoId(url);
      if (!id) throw new PlatformError("youtube", "not_found", `"${redact(url).slice(0, 200)}" is not a YouTube video link (expected youtube.com/watch?v=…, youtu.be/…, /shorts/… or /live/…)`);
      const what = `video ${id}`;
      const params: youtube_v3.Params$Resource$Videos$List = { part: ["snippet", "statistics"], id: [id], maxResults: 1 };
      const r = await call(what, videoListSchema, opts.priority ?? "verify", opts.signal, async () => (await yt()).videos.list(params, { retry: false, signal: opts.signal }));
      const v = r.items.find((x) => x.id === id) ?? r.items[0];
      if (!v || !v.snippet) throw new PlatformError("youtube", "not_found", `There is no public YouTube video ${id} (deleted, private, or never existed)`);
      const s = v.snippet;
      return {
        platform: "youtube",
        id: v.id,
        url: `https://www.youtube.com/watch?v=${v.id}`,
        owner: { handle: handles.get(s.channelId) ?? null, id: s.channelId },
        caption: s.description ? `${s.title}\n${s.description}` : s.title,
        publishedAt: new Date(s.publishedAt),
        kind: "video",
        views: v.statistics?.viewCount ?? null,
        likes: v.statistics?.likeCount ?? null,
        comments: v.statistics?.commentCount ?? null,
      } satisfies PlatformPost;
    },
    async account(handle, opts = {}) {
      const ref = youtubeChannelRef(handle);
      if (!ref) throw new PlatformError("youtube", "not_found", `"${handle.slice(0, 100)}" is not a YouTube handle (@name) or channel id (UC…)`);
      const what = "id" in ref ? `channel ${ref.id}` : `channel @${ref.handle}`;
      const params: youtube_v3.Params$Resource$Channels$List = { part: ["snippet", "statistics"], ...("id" in ref ? { id: [ref.id] } : { forHandle: `@${ref.handle}` }) };
      const r = await call(what, channelListSchema, opts.priority ?? "refresh", opts.signal, async () => (await yt()).channels.list(params, { retry: false, signal: opts.signal }));
      const c = r.items[0];
      if (!c) throw new PlatformError("youtube", "not_found", `There is no YouTube ${what}`);
      const custom = c.snippet?.customUrl?.replace(/^@/, "").toLowerCase();
      const name = "handle" in ref ? ref.handle : (custom ?? c.id);
      handles.set(c.id, name);
      const st = c.statistics;
      return {
        platform: "youtube",
        handle: name,
        id: c.id,
        followers: st?.hiddenSubscriberCount ? null : (st?.subscriberCount ?? null),
        following: null,
        posts: st?.videoCount ?? null,
        recent: [],
      } satisfies PlatformAccount;
    },
    budget(): PlatformBudget {
      roll();
      return { remaining: Math.max(0, quota - spent), resetsAt: resetsAt() };
    },
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Google's quota message carries an <a> tag. */
const stripTags = (s: string) => s.replace(/<[^>]*>/g, "");
