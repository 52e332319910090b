// SQL fragments that several statements share, so that each rule is written once.
import { PER_VIEW_PLATFORMS } from "../core/platform.ts";

/** The platforms whose ER is per view, as an SQL list: ('tiktok', 'youtube'). */
export const PER_VIEW_SQL = `(${PER_VIEW_PLATFORMS.map((p) => `'${p}'`).join(", ")})`;

/**
 * An account's posts, most recent first: undated posts last, ties by post id in code point order
 * (COLLATE "C", whatever the server's locale; foldPostTags orders them the same way in Node).
 */
export const recentFirst = (post: string) => `${post}.posted_at DESC NULLS LAST, ${post}.external_id COLLATE "C" DESC`;

/** ER per follower: engagements over followers (none without followers). Each argument is an SQL expression. */
export const perFollowerSql = (engagements: string, followers: string) => `${engagements} / nullif(${followers}, 0)`;

/**
 * An account's median ER (domain.md): its median engagements per follower, or on the per-view
 * platforms the median of its posts' engagements per view. Each argument is an SQL expression.
 */
export const medianErSql = (e: { platform: string; medianEngagements: string; followers: string; medianErPerView: string }) =>
  `CASE WHEN ${e.platform} IN ${PER_VIEW_SQL} THEN ${e.medianErPerView} ELSE ${perFollowerSql(e.medianEngagements, e.followers)} END`;
