// Platform snapshots over time (issue 15, item 3): a live deliverable's post is fetched from the
// platform at about +1 h, +24 h, +7 d and +30 d after it went live, each milestone once. What is
// due, how a self-report is compared with the platform's figure, and what the marketers are told.
// The sweep that claims and takes them is src/jobs/platform-snapshots.ts. Pure.
import type { Notice } from "../notifier.ts";
import type { Platform } from "../platform.ts";
import { PLATFORM_NAMES } from "./verify.ts";

export const MILESTONES = [
  { key: "1h", afterMs: 3_600_000 },
  { key: "24h", afterMs: 86_400_000 },
  { key: "7d", afterMs: 7 * 86_400_000 },
  { key: "30d", afterMs: 30 * 86_400_000 },
] as const;
export type Milestone = (typeof MILESTONES)[number]["key"];

/**
 * The milestone due now for a deliverable live since `liveAt`: the latest one whose time has
 * passed. Earlier ones missed while Scout was down are not taken late (a +1 h snapshot taken at
 * +30 h would only repeat the +24 h one); the latest is taken once, at its real time. Null before +1 h.
 */
export function dueMilestone(liveAt: Date, now: Date): { key: Milestone; dueAt: Date } | null {
  let due: { key: Milestone; dueAt: Date } | null = null;
  for (const m of MILESTONES) {
    const at = new Date(liveAt.getTime() + m.afterMs);
    if (at.getTime() <= now.getTime()) due = { key: m.key, dueAt: at };
  }
  return due;
}

/** A self-report this far from the platform's figure (a fraction of the platform's) is flagged. */
export const SELF_REPORT_TOLERANCE = 0.2;

/** How far a self-reported figure is from the platform's, as a fraction of the platform's (null when either is missing or the platform's is 0). */
export function selfReportGap(self: number | null, platform: number | null): number | null {
  if (self === null || platform === null || platform <= 0) return null;
  return (self - platform) / platform;
}

export interface SnapshotSubject {
  deliverableId: string;
  url: string;
  platform: Platform;
  handle: string | null;
  campaign: { id: string; slug: string; name: string; slackChannelId: string | null };
}

const who = (s: SnapshotSubject) => (s.handle ? `@${s.handle}` : "A creator");
const campaignOf = (s: SnapshotSubject) => ({ id: s.campaign.id, slug: s.campaign.slug, name: s.campaign.name, slackChannelId: s.campaign.slackChannelId });
const num = (n: number) => n.toLocaleString("en-US");

export function selfReportNotice(s: SnapshotSubject, figure: "views" | "likes", self: number, platform: number, at: Date): Notice {
  const gap = selfReportGap(self, platform)!;
  const where = PLATFORM_NAMES[s.platform];
  return {
    kind: "deliverable",
    campaign: campaignOf(s),
    ref: { entity: "deliverable", id: s.deliverableId },
    key: `selfreport:${s.deliverableId}:${figure}`,
    message: {
      title: `${who(s)}'s reported ${figure} differ from ${where}'s`,
      text:
        `${s.url}\nThe creator reported ${num(self)} ${figure}; ${where} counted ${num(platform)} at ${at.toISOString().slice(11, 16)} UTC ${at.toISOString().slice(0, 10)} ` +
        `(${gap > 0 ? "+" : ""}${Math.round(gap * 100)}%, more than ${SELF_REPORT_TOLERANCE * 100}% apart). Scout's figures use ${where}'s.`,
      tone: "warning",
    },
  };
}

export function disappearedNotice(s: SnapshotSubject, at: Date): Notice {
  const where = PLATFORM_NAMES[s.platform];
  return {
    kind: "deliverable",
    campaign: campaignOf(s),
    ref: { entity: "deliverable", id: s.deliverableId },
    key: `gone:${s.deliverableId}`,
    message: {
      title: `${who(s)}'s post is gone from ${where}`,
      text: `${s.url} was verified on ${where}, but at ${at.toISOString().slice(11, 16)} UTC ${at.toISOString().slice(0, 10)} ${where} no longer has it (deleted or made private). Its last figures are kept; ask the creator.`,
      tone: "warning",
    },
  };
}

export function authNotice(platform: Platform, message: string): Notice {
  const where = PLATFORM_NAMES[platform];
  const what =
    platform === "youtube"
      ? "Check YOUTUBE_API_KEY (Google Cloud console: the key exists, the YouTube Data API v3 is enabled for its project, its restrictions allow this server) and restart Scout."
      : platform === "instagram"
        ? "Renew INSTAGRAM_ACCESS_TOKEN (a long-lived token of the brand's professional account with instagram_basic and business discovery access) and restart Scout."
        : "Check its key in the configuration and restart Scout.";
  return {
    kind: "info",
    key: `auth:${platform}`,
    message: {
      title: `${where} refused Scout's key: platform figures are paused`,
      text: `${where} answered: ${message}\nScout stops fetching from ${where} (snapshots wait, none are lost) until it works again. ${what}`,
      tone: "warning",
    },
  };
}
