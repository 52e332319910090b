/** Social platforms Scout knows. */
export type Platform = "instagram" | "tiktok" | "youtube" | "x" | "twitch" | "blog";
export const PLATFORMS: readonly Platform[] = ["instagram", "tiktok", "youtube", "x", "twitch", "blog"];

/** ER per view on TikTok and YouTube, per follower elsewhere. */
export function isPerView(platform: string): boolean {
  return platform === "tiktok" || platform === "youtube";
}
