// The platform data port (issue 15): what Scout can fetch from a platform itself, rather than be
// told by a creator or an import. The core asks through this port; src/adapters/platforms holds
// one adapter per platform with a usable public API (YouTube Data API v3 with an API key;
// Instagram Graph API Business Discovery through the brand's professional account). Platforms
// without one (TikTok, X, Twitch, blogs) have no adapter: their figures stay self-reported or
// imported, and say so. No HTTP here.
import type { Platform } from "../platform.ts";

/** A post as the platform publishes it. Counts the platform hides (likes turned off) are null. */
export interface PlatformPost {
  platform: Platform;
  /** The platform's own id (YouTube video id, Instagram media id). */
  id: string;
  /** The canonical address (Instagram permalink, https://www.youtube.com/watch?v=<id>). */
  url: string;
  /** The account that published it: its handle (lower case, no "@") and/or the platform's id for it. */
  owner: { handle: string | null; id: string | null };
  /** Caption (Instagram) or title and description (YouTube), as one text. */
  caption: string;
  publishedAt: Date;
  /** REELS, FEED, STORY (Instagram media_product_type); "video" on YouTube. */
  kind: string | null;
  views: number | null;
  likes: number | null;
  comments: number | null;
}

/** An account's public figures, as the platform counts them now. */
export interface PlatformAccount {
  platform: Platform;
  handle: string;
  /** The platform's id for the account (YouTube channel id, Instagram user id). */
  id: string | null;
  followers: number | null;
  following: number | null;
  posts: number | null;
  /** Recent posts (Instagram: the latest media; YouTube: none unless asked). */
  recent: PlatformPost[];
}

/** Why a fetch did not give an answer. Each kind is handled differently by the caller:
 *  - not_found: the post or account does not exist (or is not public/professional): said as such, not retried;
 *  - quota: the platform's budget is spent until `retryAt`: the work waits, nothing is lost;
 *  - auth: the key or token is invalid or expired: reported once to the marketers, not retried;
 *  - unavailable: 5xx, timeouts, 429 after retries: tried again later. */
export type PlatformFailureKind = "not_found" | "quota" | "auth" | "unavailable";

export class PlatformError extends Error {
  constructor(
    readonly platform: Platform,
    readonly kind: PlatformFailureKind,
    message: string,
    /** When the work may be tried again (quota resets, Retry-After). */
    readonly retryAt: Date | null = null,
  ) {
    super(message);
    this.name = "PlatformError";
  }
}

export const isPlatformError = (e: unknown): e is PlatformError => e instanceof PlatformError;

/** How much of the platform's budget is left, for scheduling work by priority. */
export interface PlatformBudget {
  /** Units (YouTube) or calls (Instagram) left in the current window, null if unknown. */
  remaining: number | null;
  /** When the window resets. */
  resetsAt: Date | null;
}

/** Lower numbers are served first when the budget is short (live deliverables before refreshes). */
export type FetchPriority = "live" | "verify" | "refresh";

/** One platform's client. Every method validates what the platform answered (zod) before it returns. */
export interface PlatformClient {
  readonly platform: Platform;
  /** The post a link points at, or PlatformError not_found. `url` is a link a creator submitted.
   *  `handle`: the owner's handle, when known. Instagram needs it (Business Discovery finds media
   *  only through their account, among its latest posts); YouTube ignores it. */
  post(url: string, o?: { priority?: FetchPriority; signal?: AbortSignal; handle?: string }): Promise<PlatformPost>;
  /** An account's figures (and recent posts where the platform gives them in the same call). */
  account(handle: string, o?: { priority?: FetchPriority; signal?: AbortSignal }): Promise<PlatformAccount>;
  budget(): PlatformBudget;
}

/** The clients that are configured, by platform. A platform absent here has no verified numbers. */
export interface PlatformData {
  client(platform: Platform): PlatformClient | null;
  /** Platforms with a client, for `help` and the README ("verified on YouTube"). */
  configured(): Platform[];
}

export const NO_PLATFORM_DATA: PlatformData = { client: () => null, configured: () => [] };

/** What configuring each platform's key adds, for `/scout help` when it is not configured. */
export const PLATFORM_KEY_HELP: Partial<Record<Platform, string>> = {
  youtube: "YOUTUBE_API_KEY: Scout checks delivered YouTube videos (they exist, are the creator's, in the campaign's dates, disclosed) and fetches their views, likes and comments itself.",
  instagram:
    "INSTAGRAM_BUSINESS_ACCOUNT_ID and INSTAGRAM_ACCESS_TOKEN: Scout checks delivered Instagram posts and fetches likes, comments and creators' follower counts itself (Business Discovery, professional accounts).",
};
