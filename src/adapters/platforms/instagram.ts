// Instagram Graph API, Business Discovery, through the brand's professional account: another
// professional account's public figures and latest media, by username. Plain fetch (Meta ships no
// small official Node client for it). The token travels in the Authorization header, never in a
// URL. Rate limits: the X-App-Usage and X-Business-Use-Case-Usage headers give the share of the
// rolling hour's budget used, in percent; lower priorities stop early to leave room for live work.
import { z } from "zod";
import type { Logger } from "../../logger.ts";
import { PlatformError, type FetchPriority, type PlatformAccount, type PlatformBudget, type PlatformClient, type PlatformPost } from "../../core/platform-data/port.ts";
import { createAuthGate, limitedFetch, redact, retryAfterMs, transportFailure, withRetries, type Attempt, type HttpTuning } from "./http.ts";

export const GRAPH_DEFAULT_URL = "https://graph.facebook.com";
export const GRAPH_DEFAULT_VERSION = "v21.0";
/** How many of an account's latest media Business Discovery is asked for. */
export const INSTAGRAM_RECENT_MEDIA = 25;
const HOUR = 3_600_000;

export interface InstagramClientOptions {
  /** INSTAGRAM_BUSINESS_ACCOUNT_ID: the brand's Instagram professional account (its IG user id). */
  businessAccountId: string;
  /** INSTAGRAM_ACCESS_TOKEN. */
  accessToken: string;
  /** GRAPH_API_URL (default https://graph.facebook.com). */
  baseUrl?: string;
  /** Graph API version (default v21.0). */
  version?: string;
  /** Calls the app may make in a rolling hour (default 200), counted here only while Meta's usage headers say nothing. */
  hourlyCalls?: number;
  /** Usage (percent) at which each priority stops (default refresh 80, verify 95, live 100). */
  stopAt?: { verify?: number; refresh?: number };
  now?: () => Date;
  log?: Logger;
  tuning?: HttpTuning;
}

const count = z.number().int().nonnegative().optional();
const mediaSchema = z.object({
  id: z.string().min(1),
  permalink: z.string().optional(),
  caption: z.string().optional(),
  timestamp: z.string().refine((s) => Number.isFinite(Date.parse(graphDate(s))), "a date"),
  like_count: count,
  comments_count: count,
  media_product_type: z.string().optional(),
  media_type: z.string().optional(),
});
const discoverySchema = z.object({
  business_discovery: z.object({
    id: z.string().min(1),
    username: z.string().min(1),
    followers_count: count,
    follows_count: count,
    media_count: count,
    media: z.object({ data: z.array(mediaSchema).default([]) }).optional(),
  }),
});

/** Graph's error body: {error: {message, type, code, error_subcode, fbtrace_id, ...}}. */
const graphErrorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    is_transient: z.boolean().optional(),
    error_user_msg: z.string().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

const usageEntry = z.object({
  call_count: z.number().optional(),
  total_cputime: z.number().optional(),
  total_time: z.number().optional(),
  estimated_time_to_regain_access: z.number().optional(),
});
const appUsageSchema = usageEntry;
const bucUsageSchema = z.record(z.string(), z.array(usageEntry.extend({ type: z.string().optional() })));

/** Graph dates end in "+0000"; Date.parse wants "+00:00". */
function graphDate(s: string): string {
  return s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
}

/** The shortcode in an Instagram post link (/p/<code>/, /reel/<code>/, /reels/, /tv/), or null. */
export function instagramShortcode(link: string): string | null {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(link.trim()) ? link.trim() : `https://${link.trim()}`);
  } catch {
    return null;
  }
  if (!/^(www\.|m\.)?instagram\.com$/i.test(u.hostname) && !/^instagr\.am$/i.test(u.hostname)) return null;
  const parts = u.pathname.split("/").filter(Boolean);
  // /<user>/p/<code>/ and /<user>/reel/<code>/ also occur.
  const i = parts.findIndex((p) => ["p", "reel", "reels", "tv"].includes(p.toLowerCase()));
  const code = i >= 0 ? parts[i + 1] : undefined;
  return code && /^[A-Za-z0-9_-]{5,64}$/.test(code) ? code : null;
}

const USERNAME = /^[a-z0-9._]{1,30}$/;

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001, 80002]);
const AUTH_CODES = new Set([102, 190, 10, 200, 463, 467]);

export function createInstagramClient(o: InstagramClientOptions): PlatformClient {
  const now = o.now ?? (() => new Date());
  const tuning = o.tuning ?? {};
  const gate = createAuthGate(now);
  const hourly = o.hourlyCalls ?? 200;
  const stopAt: Record<FetchPriority, number> = { live: 100, verify: o.stopAt?.verify ?? 95, refresh: o.stopAt?.refresh ?? 80 };
  const base = `${(o.baseUrl ?? GRAPH_DEFAULT_URL).replace(/\/+$/, "")}/${o.version ?? GRAPH_DEFAULT_VERSION}`;
  const doFetch = limitedFetch(tuning);
  const secrets = [o.accessToken];

  /** Our own calls in the rolling hour, and the latest usage the headers reported. */
  const calls: number[] = [];
  let usage: { pct: number; at: number; regainAt: number | null } | null = null;
  const USAGE_FRESH_MS = 5 * 60_000;

  const prune = () => {
    const t = now().getTime();
    while (calls.length && calls[0]! <= t - HOUR) calls.shift();
  };
  const freshUsage = () => {
    const t = now().getTime();
    if (!usage) return null;
    if (usage.regainAt !== null && usage.regainAt > t) return usage;
    return t - usage.at <= USAGE_FRESH_MS ? usage : null;
  };
  const budget = (): PlatformBudget => {
    prune();
    const t = now().getTime();
    const u = freshUsage();
    const byCalls = Math.max(0, hourly - calls.length);
    const byHeaders = u ? Math.max(0, Math.floor((hourly * (100 - u.pct)) / 100)) : byCalls;
    const resetsAt = u?.regainAt && u.regainAt > t ? new Date(u.regainAt) : calls.length ? new Date(calls[0]! + HOUR) : null;
    return { remaining: u ? byHeaders : byCalls, resetsAt };
  };
  const admit = (priority: FetchPriority) => {
    prune();
    const u = freshUsage();
    const t = now().getTime();
    // Meta's headers are the truth when fresh; our own count stands in when they say nothing.
    const pct = u ? u.pct : (calls.length / hourly) * 100;
    if (pct >= stopAt[priority] || (u?.regainAt && u.regainAt > t)) {
      const retryAt = u?.regainAt && u.regainAt > t ? new Date(u.regainAt) : new Date((calls[0] ?? t) + HOUR);
      const why = priority === "live" || pct >= 100 ? "is spent" : `is ${Math.round(pct)}% used; the rest is kept for live deliverables`;
      throw new PlatformError("instagram", "quota", `Instagram's hourly call budget ${why}`, retryAt);
    }
    calls.push(t);
  };

  /** Reads X-App-Usage and X-Business-Use-Case-Usage (percentages; regain time in minutes). */
  const readUsage = (h: Headers) => {
    const entries: z.infer<typeof usageEntry>[] = [];
    const app = appUsageSchema.safeParse(safeJson(h.get("x-app-usage")));
    if (app.success) entries.push(app.data);
    const buc = bucUsageSchema.safeParse(safeJson(h.get("x-business-use-case-usage")));
    if (buc.success) for (const list of Object.values(buc.data)) entries.push(...list);
    if (!entries.length) return;
    const pct = Math.max(0, ...entries.flatMap((e) => [e.call_count ?? 0, e.total_cputime ?? 0, e.total_time ?? 0]));
    const regain = Math.max(0, ...entries.map((e) => e.estimated_time_to_regain_access ?? 0));
    const t = now().getTime();
    usage = { pct: Math.min(100, pct), at: t, regainAt: regain > 0 ? t + regain * 60_000 : null };
  };

  const classify = (status: number, headers: Headers, body: unknown, what: string): Attempt<never> => {
    const parsed = graphErrorSchema.safeParse(body);
    const err = parsed.success ? parsed.data.error : undefined;
    const code = err?.code;
    const text = redact([err?.message, err?.error_user_msg].filter(Boolean).join(" — "), secrets).slice(0, 300);
    const said = `${code !== undefined ? ` (code ${code}${err?.error_subcode ? `/${err.error_subcode}` : ""})` : ""}${text ? `: ${text}` : ""}`;
    if (code !== undefined && AUTH_CODES.has(code)) {
      const expired = code === 190 || code === 102 || code === 463 || code === 467;
      return {
        ok: false,
        retry: false,
        error: new PlatformError(
          "instagram",
          "auth",
          `Instagram refused the access token${said}. ${expired ? "Make a new long-lived token and set INSTAGRAM_ACCESS_TOKEN." : "Check the app's permissions (instagram_basic, pages_show_list, pages_read_engagement) and INSTAGRAM_BUSINESS_ACCOUNT_ID."}`,
        ),
      };
    }
    if (status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
      const u = freshUsage();
      const wait = retryAfterMs(headers.get("retry-after"), now());
      if (u && (u.pct >= 100 || u.regainAt)) {
        const retryAt = new Date(u.regainAt ?? now().getTime() + HOUR);
        return { ok: false, retry: false, error: new PlatformError("instagram", "quota", `Instagram's hourly call budget is spent${said}`, retryAt) };
      }
      return { ok: false, retry: true, waitMs: wait, error: new PlatformError("instagram", "unavailable", `Instagram rate-limited ${what}${said}`) };
    }
    if (code === 100 && err?.error_subcode === 33)
      // "Object with ID ... does not exist": the brand's own account id, not the creator's.
      return { ok: false, retry: false, error: new PlatformError("instagram", "auth", `Instagram does not know the brand's account${said}. Check INSTAGRAM_BUSINESS_ACCOUNT_ID (the Instagram professional account's id, not the Page's) and the token's permissions.`) };
    if (code === 110 || code === 803 || (code === 100 && /does not exist|cannot be found|not.*(business|professional|creator)|invalid user/i.test(text)) || err?.error_subcode === 2207013)
      return { ok: false, retry: false, error: new PlatformError("instagram", "not_found", `Instagram found no professional account for ${what}${said}`) };
    if (status >= 500 || err?.is_transient || code === 1 || code === 2)
      return { ok: false, retry: true, waitMs: retryAfterMs(headers.get("retry-after"), now()), error: new PlatformError("instagram", "unavailable", `Instagram answered HTTP ${status} for ${what}${said}`) };
    return { ok: false, retry: false, error: new PlatformError("instagram", "unavailable", `Instagram answered HTTP ${status} for ${what}${said}`) };
  };

  async function discover(username: string, priority: FetchPriority, signal: AbortSignal | undefined) {
    const what = `@${username}`;
    const fields = `business_discovery.username(${username}){id,username,followers_count,follows_count,media_count,media.limit(${INSTAGRAM_RECENT_MEDIA}){id,permalink,caption,timestamp,like_count,comments_count,media_product_type,media_type}}`;
    const url = `${base}/${encodeURIComponent(o.businessAccountId)}?fields=${encodeURIComponent(fields)}`;
    return withRetries({ platform: "instagram", tuning, now, log: o.log, what, signal, gate }, async (): Promise<Attempt<z.infer<typeof discoverySchema>["business_discovery"]>> => {
      admit(priority);
      let res: Response;
      let body: unknown;
      try {
        res = await doFetch(url, { headers: { authorization: `Bearer ${o.accessToken}`, accept: "application/json" }, signal });
        body = safeJson(await res.text());
      } catch (e) {
        return transportFailure("instagram", e, what, signal);
      }
      readUsage(res.headers);
      if (!res.ok || (body && typeof body === "object" && "error" in body)) return classify(res.status, res.headers, body, what);
      const parsed = discoverySchema.safeParse(body);
      if (!parsed.success) return { ok: false, retry: false, error: new PlatformError("instagram", "unavailable", `Instagram answered ${what} in an unexpected shape`) };
      return { ok: true, value: parsed.data.business_discovery };
    });
  }

  const toPost = (bd: { id: string; username: string }, m: z.infer<typeof mediaSchema>): PlatformPost => ({
    platform: "instagram",
    id: m.id,
    url: m.permalink ?? "",
    owner: { handle: bd.username.toLowerCase(), id: bd.id },
    caption: m.caption ?? "",
    publishedAt: new Date(graphDate(m.timestamp)),
    kind: m.media_product_type ?? null,
    views: null,
    likes: m.like_count ?? null,
    comments: m.comments_count ?? null,
  });

  const username = (handle: string) => {
    const h = handle.trim().replace(/^@/, "").toLowerCase();
    if (!USERNAME.test(h)) throw new PlatformError("instagram", "not_found", `"${handle.slice(0, 60)}" is not an Instagram username`);
    return h;
  };

  return {
    platform: "instagram",
    async account(handle, opts = {}) {
      const bd = await discover(username(handle), opts.priority ?? "refresh", opts.signal);
      return {
        platform: "instagram",
        handle: bd.username.toLowerCase(),
        id: bd.id,
        followers: bd.followers_count ?? null,
        following: bd.follows_count ?? null,
        posts: bd.media_count ?? null,
        recent: (bd.media?.data ?? []).map((m) => toPost(bd, m)),
      } satisfies PlatformAccount;
    },
    async post(url, opts = {}) {
      const code = instagramShortcode(url);
      if (!code) throw new PlatformError("instagram", "not_found", `"${redact(url).slice(0, 200)}" is not an Instagram post link (expected instagram.com/p/… or /reel/…)`);
      if (!opts.handle) throw new PlatformError("instagram", "not_found", `Instagram posts can only be found through their account: the owner's handle is needed for ${code}`);
      const h = username(opts.handle);
      const bd = await discover(h, opts.priority ?? "verify", opts.signal);
      const m = (bd.media?.data ?? []).find((x) => x.permalink && instagramShortcode(x.permalink) === code);
      if (!m) throw new PlatformError("instagram", "not_found", `The Instagram post ${code} was not among @${h}'s latest ${INSTAGRAM_RECENT_MEDIA} posts (deleted, archived, older, or another account's)`);
      return toPost(bd, m);
    },
    budget,
  };
}

function safeJson(s: string | null): unknown {
  if (!s) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
