/** Social platforms Scout knows. */
export type Platform = "instagram" | "tiktok" | "youtube" | "x" | "twitch" | "blog";
export const PLATFORMS: readonly Platform[] = ["instagram", "tiktok", "youtube", "x", "twitch", "blog"];

/** The platforms whose ER is per view (domain.md); per follower elsewhere. */
export const PER_VIEW_PLATFORMS: readonly Platform[] = ["tiktok", "youtube"];

/** ER per view on TikTok and YouTube, per follower elsewhere. */
export function isPerView(platform: string): boolean {
  return (PER_VIEW_PLATFORMS as readonly string[]).includes(platform);
}
