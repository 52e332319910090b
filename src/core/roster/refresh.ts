// Roster refresh (issue 15, item 4): follower history without re-importing. The accounts that
// matter (a handle, a campaign's participants, or by default the participants of open and active
// campaigns and anyone shortlisted in the last 30 days) are fetched from their platform, where
// Scout has a client for it; each one's figures are written as the account's numbers and as a
// follower snapshot (source platform), so spikes and ER drift show in the score.
import type { ProgressFn } from "../invocation.ts";
import type { Platform } from "../platform.ts";
import { PLATFORMS } from "../platform.ts";
import { isPlatformError, PLATFORM_KEY_HELP, type PlatformAccount, type PlatformData, type PlatformFailureKind } from "../platform-data/port.ts";

/** Anyone shortlisted this many days back is refreshed by default. */
export const SHORTLISTED_DAYS = 30;
const DAY_MS = 86_400_000;

/** An account to refresh, with its figures before the refresh. */
export interface RefreshTarget {
  accountId: string;
  platform: Platform;
  handle: string;
  followers: number | null;
}

export interface RefreshSelection {
  /** One account by handle (lower case, no "@"), on `platform` or any platform. */
  handle?: string | undefined;
  platform?: Platform | undefined;
  /** A campaign's participants (declined and withdrawn ones left out). */
  campaignId?: string | undefined;
  /** The default: participants of open and active campaigns, and accounts shortlisted since this time. */
  shortlistedSince?: Date | undefined;
  /** Leave out accounts with a platform snapshot on or after this day (a resumed weekly run). */
  notRefreshedSince?: Date | undefined;
}

/** The figure a refresh is compared with: the latest snapshot before the refresh's day. */
export interface PreviousFigure {
  takenOn: Date;
  followers: number | null;
  source: string;
}

export interface AccountRefreshStore {
  targets(sel: RefreshSelection): Promise<RefreshTarget[]>;
  /** Writes what the platform answered at `at`, in one transaction: the account's followers,
   *  following and posts count, the day's snapshot (source platform; one per account and day, so a
   *  second refresh the same day updates it), recent posts and the medians over the latest posts. */
  writeFetched(t: RefreshTarget, a: PlatformAccount, at: Date): Promise<{ previous: PreviousFigure | null; posts: number; er: { before: number | null; after: number | null } }>;
}

export interface PlatformOutcome {
  platform: Platform;
  /** Accounts selected on this platform. */
  accounts: number;
  refreshed: number;
  postsSeen: number;
  notFound: string[];
  /** Why the platform's remaining accounts were not asked this run. */
  stopped: { kind: Exclude<PlatformFailureKind, "not_found">; left: number; retryAt: Date | null; message: string; error: string } | null;
}

export interface FollowerChange {
  platform: Platform;
  handle: string;
  followers: number | null;
  previous: PreviousFigure | null;
  /** The account's median ER (a fraction) before and after the refresh: its drift. */
  er: { before: number | null; after: number | null };
}

export interface RefreshSummary {
  at: Date;
  /** Accounts selected in all (on every platform). */
  selected: number;
  /** Platforms with a client that had accounts to refresh. */
  platforms: PlatformOutcome[];
  /** Platforms without a client here: their accounts keep imported or self-reported figures. */
  skipped: { platform: Platform; accounts: number }[];
  changes: FollowerChange[];
  /** Stopped by the caller (Ctrl+C): every account written so far is whole. */
  cancelled: boolean;
}

export const PLATFORM_NAMES: Record<Platform, string> = {
  instagram: "Instagram",
  tiktok: "TikTok",
  youtube: "YouTube",
  x: "X",
  twitch: "Twitch",
  blog: "Blogs",
};

/** What to do when a platform rejects Scout's credentials (said once per run). */
export const AUTH_HELP: Partial<Record<Platform, string>> = {
  instagram:
    "Instagram rejected the access token (invalid or expired). Create a new long-lived token for the brand's Instagram professional account (Meta for Developers, Graph API Explorer, with instagram_basic and pages_read_engagement), set INSTAGRAM_ACCESS_TOKEN and restart Scout.",
  youtube: "YouTube rejected the API key (invalid, restricted or the YouTube Data API v3 is not enabled for it). Check YOUTUBE_API_KEY in the Google Cloud console and restart Scout.",
};

export const shortlistedSince = (at: Date): Date => new Date(at.getTime() - SHORTLISTED_DAYS * DAY_MS);

export interface RefreshDeps {
  store: AccountRefreshStore;
  platforms: PlatformData;
}

/** Platforms without a client here, which `roster refresh` cannot fetch. */
export function unconfigured(platforms: PlatformData): Platform[] {
  const on = new Set(platforms.configured());
  return PLATFORMS.filter((p) => !on.has(p));
}

/** The keys that would give Scout platform figures (for the answer when none is configured). */
export function keyHelp(): string[] {
  return Object.values(PLATFORM_KEY_HELP).filter((s): s is string => typeof s === "string");
}

export async function refreshRoster(
  d: RefreshDeps,
  sel: RefreshSelection,
  at: Date,
  progress?: ProgressFn,
  signal?: AbortSignal,
): Promise<RefreshSummary> {
  const targets = await d.store.targets(sel);
  const byPlatform = new Map<Platform, RefreshTarget[]>();
  for (const t of targets) {
    const list = byPlatform.get(t.platform) ?? [];
    list.push(t);
    byPlatform.set(t.platform, list);
  }
  const summary: RefreshSummary = { at, selected: targets.length, platforms: [], skipped: [], changes: [], cancelled: false };
  const work: { platform: Platform; list: RefreshTarget[] }[] = [];
  for (const p of PLATFORMS) {
    const list = byPlatform.get(p);
    if (!list?.length) continue;
    if (d.platforms.client(p)) work.push({ platform: p, list });
    else summary.skipped.push({ platform: p, accounts: list.length });
  }
  const total = work.reduce((n, w) => n + w.list.length, 0);
  let done = 0;
  for (const { platform, list } of work) {
    const client = d.platforms.client(platform)!;
    const out: PlatformOutcome = { platform, accounts: list.length, refreshed: 0, postsSeen: 0, notFound: [], stopped: null };
    summary.platforms.push(out);
    for (let i = 0; i < list.length; i++) {
      if (signal?.aborted) {
        summary.cancelled = true;
        return summary;
      }
      const t = list[i]!;
      let fetched: PlatformAccount;
      try {
        fetched = await client.account(t.handle, { priority: "refresh", ...(signal ? { signal } : {}) });
      } catch (e) {
        if (signal?.aborted) {
          summary.cancelled = true;
          return summary;
        }
        if (!isPlatformError(e)) throw e;
        if (e.kind === "not_found") {
          out.notFound.push(t.handle);
          progress?.({ phase: `refreshing ${PLATFORM_NAMES[platform]}`, done: ++done, total });
          continue;
        }
        const left = list.length - i;
        const message = e.kind === "auth" ? (AUTH_HELP[platform] ?? `${PLATFORM_NAMES[platform]} rejected Scout's credentials: ${e.message}`) : e.message;
        out.stopped = { kind: e.kind, left, retryAt: e.retryAt, message, error: e.message };
        done += left;
        progress?.({ phase: `refreshing ${PLATFORM_NAMES[platform]}`, done, total });
        break;
      }
      const w = await d.store.writeFetched(t, fetched, at);
      out.refreshed++;
      out.postsSeen += w.posts;
      summary.changes.push({ platform, handle: t.handle, followers: fetched.followers ?? t.followers, previous: w.previous, er: w.er });
      progress?.({ phase: `refreshing ${PLATFORM_NAMES[platform]}`, done: ++done, total });
    }
  }
  return summary;
}

/** Platforms whose credentials were rejected in this run (for telling the marketers once). */
export const authFailures = (s: RefreshSummary): PlatformOutcome[] => s.platforms.filter((p) => p.stopped?.kind === "auth");
