/** Social platforms Scout knows. */
export type Platform = "instagram" | "tiktok" | "youtube" | "x" | "twitch" | "blog";
export const PLATFORMS: readonly Platform[] = ["instagram", "tiktok", "youtube", "x", "twitch", "blog"];
/** Platforms whose engagement rate is per view rather than per follower (domain.md). */
export const PER_VIEW_PLATFORMS: readonly Platform[] = ["tiktok", "youtube"];

/** ER per view on TikTok and YouTube, per follower elsewhere. */
export function isPerView(platform: string): boolean {
  return platform === "tiktok" || platform === "youtube";
}
