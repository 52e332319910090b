// The platform clients the configuration turns on (issue 15). Without keys: none, and Scout works
// as before (NO_PLATFORM_DATA's answers).
import type { Config } from "../../config.ts";
import type { Logger } from "../../logger.ts";
import type { Platform } from "../../core/platform.ts";
import { NO_PLATFORM_DATA, type PlatformClient, type PlatformData } from "../../core/platform-data/port.ts";
import type { HttpTuning } from "./http.ts";
import { createInstagramClient } from "./instagram.ts";
import { createYouTubeClient } from "./youtube.ts";

export { createInstagramClient, type InstagramClientOptions } from "./instagram.ts";
export { createYouTubeClient, type YouTubeClientOptions } from "./youtube.ts";
export type { HttpTuning } from "./http.ts";

export type PlatformConfig = Pick<
  Config,
  | "YOUTUBE_API_KEY"
  | "YOUTUBE_API_URL"
  | "YOUTUBE_DAILY_QUOTA"
  | "INSTAGRAM_BUSINESS_ACCOUNT_ID"
  | "INSTAGRAM_ACCESS_TOKEN"
  | "INSTAGRAM_HOURLY_CALLS"
  | "GRAPH_API_URL"
  | "GRAPH_API_VERSION"
>;

export interface PlatformDataOptions {
  /** The clock the clients read (quota days, rate-limit windows). */
  now?: () => Date;
  /** Timeouts, retries and delays (tests make them small). */
  tuning?: HttpTuning;
}

/** PlatformData with a client for each platform whose keys are configured. */
export function createPlatformData(config: PlatformConfig, log: Logger, opts: PlatformDataOptions = {}): PlatformData {
  const clients = new Map<Platform, PlatformClient>();
  if (config.YOUTUBE_API_KEY)
    clients.set(
      "youtube",
      createYouTubeClient({
        apiKey: config.YOUTUBE_API_KEY,
        baseUrl: config.YOUTUBE_API_URL,
        dailyQuota: config.YOUTUBE_DAILY_QUOTA,
        now: opts.now,
        tuning: opts.tuning,
        log: log.child({ platform: "youtube" }),
      }),
    );
  if (config.INSTAGRAM_BUSINESS_ACCOUNT_ID && config.INSTAGRAM_ACCESS_TOKEN)
    clients.set(
      "instagram",
      createInstagramClient({
        businessAccountId: config.INSTAGRAM_BUSINESS_ACCOUNT_ID,
        accessToken: config.INSTAGRAM_ACCESS_TOKEN,
        baseUrl: config.GRAPH_API_URL,
        version: config.GRAPH_API_VERSION,
        hourlyCalls: config.INSTAGRAM_HOURLY_CALLS,
        now: opts.now,
        tuning: opts.tuning,
        log: log.child({ platform: "instagram" }),
      }),
    );
  if (!clients.size) return NO_PLATFORM_DATA;
  return {
    client: (p) => clients.get(p) ?? null,
    configured: () => [...clients.keys()],
  };
}
