// A delivered link checked against the platform (issue 15, item 2). When a creator submits a
// deliverable and again when it is marked live, Scout fetches the post from the platform (where a
// client is configured) and checks that it exists, is the creator's (their account on the
// deliverable's platform), was published inside the campaign's dates, and that its caption carries
// the disclosure and the campaign's hashtags and mentions. The chat answer never waits for it: the
// command saves the deliverable and answers; the check runs right after (`schedule`), the creator
// hears privately what is missing and the marketers see "verified on YouTube" or why not. A
// platform that cannot answer now (quota, unavailable) leaves the deliverable "unavailable"; a job
// tries again (`retryPending`). Platforms without a client stay "self-reported".
import { checkDisclosure } from "../disclosure.ts";
import type { Message } from "../message.ts";
import type { CreatorAddress, Notice, Notifier } from "../notifier.ts";
import type { Platform } from "../platform.ts";
import { isPlatformError, type PlatformData, type PlatformPost } from "./port.ts";

export type VerificationStatus = "verified" | "failed" | "unavailable" | "unchecked";

/** What a deliverable's platform check found, as stored on the deliverable. */
export interface Verification {
  status: VerificationStatus;
  issues: string[];
  at: Date | null;
}

/** What the check needs to know of a deliverable, its campaign and its creator. */
export interface VerificationTarget {
  deliverable: { id: string; url: string; platform: Platform; status: string; liveAt: Date | null; verificationStatus: VerificationStatus; platformPostId: string | null };
  campaign: {
    id: string;
    slug: string;
    name: string;
    disclosure: string;
    hashtags: string[];
    mentions: string[];
    optInClosesAt: Date | null;
    draftDueAt: Date | null;
    goLiveAt: Date | null;
    endsAt: Date | null;
    openedAt: Date | null;
    createdAt: Date;
    slackChannelId: string | null;
  };
  creator: CreatorAddress;
  /** The creator's account on the deliverable's platform (handle lower case, no "@"), null when they have none. */
  account: { handle: string } | null;
}

export interface VerificationStore {
  target(deliverableId: string): Promise<VerificationTarget | null>;
  save(
    deliverableId: string,
    r: { status: VerificationStatus; issues: string[]; at: Date; post: PlatformPost | null },
  ): Promise<void>;
  /** Deliverables on these platforms whose check could not be done yet (unavailable in the last 30
   *  days, or unchecked and submitted in the last day), not rejected, oldest first. */
  pending(platforms: Platform[], limit: number, now: Date): Promise<string[]>;
}

/** A day either side of the campaign's dates, for time zones. */
export const GRACE_MS = 86_400_000;

export const PLATFORM_NAMES: Record<Platform, string> = { instagram: "Instagram", youtube: "YouTube", tiktok: "TikTok", x: "X", twitch: "Twitch", blog: "the blog" };

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The dates a post for this campaign may be published in: from the go-live date (or, without one,
 * the draft due date, the opt-in close, the day the campaign opened, in that order) to the end
 * date, a day's grace either side for time zones. No end date: no upper bound.
 */
export function campaignWindow(c: VerificationTarget["campaign"]): { from: Date; to: Date | null; fromLabel: string; toLabel: string | null } {
  const starts: [Date | null, string][] = [
    [c.goLiveAt, "go-live date"],
    [c.draftDueAt, "draft due date"],
    [c.optInClosesAt, "opt-in close"],
    [c.openedAt, "opening"],
    [c.createdAt, "creation"],
  ];
  const [start, startLabel] = starts.find(([d]) => d) as [Date, string];
  return {
    from: new Date(start.getTime() - GRACE_MS),
    to: c.endsAt ? new Date(c.endsAt.getTime() + GRACE_MS) : null,
    fromLabel: `the campaign's ${startLabel} ${day(start)}`,
    toLabel: c.endsAt ? `its end date ${day(c.endsAt)}` : null,
  };
}

const bare = (h: string | null | undefined) => (h ?? "").trim().replace(/^@+/, "").toLowerCase();

/** The post judged against the campaign and the creator's account: what is wrong, one sentence each (empty: verified). */
export function judgePost(t: VerificationTarget, post: PlatformPost): string[] {
  const issues: string[] = [];
  const where = PLATFORM_NAMES[t.deliverable.platform];
  const handle = bare(t.account?.handle);
  const owners = [bare(post.owner.handle), bare(post.owner.id)].filter(Boolean);
  if (!handle) issues.push(`The creator has no ${where} account with Scout, so the post's owner cannot be checked.`);
  else if (!owners.includes(handle))
    issues.push(`The post belongs to ${owners.length ? `@${owners[0]}` : "another account"} on ${where}, not to the creator's account @${handle}.`);
  const w = campaignWindow(t.campaign);
  if (post.publishedAt.getTime() < w.from.getTime())
    issues.push(`It was published ${day(post.publishedAt)}, before ${w.fromLabel} (posts count from ${day(w.from)}, a day's grace): an older post cannot be this campaign's.`);
  else if (w.to && post.publishedAt.getTime() > w.to.getTime())
    issues.push(`It was published ${day(post.publishedAt)}, after ${w.toLabel}.`);
  const d = checkDisclosure(post.caption, { disclosure: t.campaign.disclosure, hashtags: t.campaign.hashtags, mentions: t.campaign.mentions });
  issues.push(...d.issues);
  return issues;
}

export interface VerifierDeps {
  store: VerificationStore;
  platforms: PlatformData;
  notifier: Notifier;
  now(): Date;
  /** Where a check that threw is reported (default: nowhere; the deliverable stays as it was). */
  onError?(err: unknown, deliverableId: string): void;
  /** A platform refused Scout's key or token: tell the marketers once (the snapshot sweep shares the flag). */
  onRefused?(platform: Platform, message: string): Promise<void>;
}

export interface VerifyOutcome {
  status: VerificationStatus;
  issues: string[];
  /** True when the creator and the marketers were told. */
  told: boolean;
}

export interface Verifier {
  /** Starts the check in the background (the chat answer does not wait for it). */
  schedule(deliverableId: string, when: "submit" | "live"): void;
  /** Checks now and tells the creator and the marketers. */
  verify(deliverableId: string, when: "submit" | "live" | "retry"): Promise<VerifyOutcome | null>;
  /** Checks again the deliverables a platform could not answer for; returns how many were checked. */
  retryPending(limit?: number): Promise<number>;
  /** Resolves when the checks under way are finished. */
  idle(): Promise<void>;
}

export function verifiedText(platform: Platform, v: Verification | null | undefined, hasClient: boolean): string {
  const where = PLATFORM_NAMES[platform];
  if (!v || v.status === "unchecked") return hasClient ? `not checked on ${where} yet` : "self-reported (Scout cannot check this platform)";
  if (v.status === "verified") return `verified on ${where}${v.at ? ` at ${v.at.toISOString().slice(11, 16)} UTC ${day(v.at)}` : ""}`;
  if (v.status === "unavailable") return `not checked: ${where} did not answer; Scout tries again`;
  return `not verified on ${where}: ${v.issues.join(" ")}`;
}

export function createVerifier(deps: VerifierDeps): Verifier {
  const inFlight = new Set<Promise<unknown>>();

  function notices(t: VerificationTarget, status: VerificationStatus, issues: string[], when: string): { creator: Message; marketers: Notice } | null {
    const where = PLATFORM_NAMES[t.deliverable.platform];
    const url = t.deliverable.url;
    const who = t.creator.handle ? `@${t.creator.handle}` : (t.creator.name ?? "The creator");
    if (status === "verified")
      return {
        creator: {
          title: `${t.campaign.name}: your post is verified on ${where}`,
          text: `Scout checked ${url} on ${where}: it is yours, published within the campaign's dates, and the disclosure (${t.campaign.disclosure}) and the campaign's hashtags and mentions are there. Nothing is missing.`,
          tone: "success",
          ephemeral: true,
        },
        marketers: {
          kind: "deliverable",
          campaign: { id: t.campaign.id, slug: t.campaign.slug, name: t.campaign.name, slackChannelId: t.campaign.slackChannelId },
          ref: { entity: "deliverable", id: t.deliverable.id },
          message: { title: `${who}'s deliverable is verified on ${where}`, text: `${url}\nVerified on ${where} (${when}): the creator's own post, inside the campaign's dates, disclosed.`, tone: "success" },
        },
      };
    if (status === "failed")
      return {
        creator: {
          title: `${t.campaign.name}: please fix your post on ${where}`,
          text: [`Scout checked ${url} on ${where}. What is missing or wrong:`, ...issues.map((i) => `• ${i}`)].join("\n"),
          tone: "warning",
          ephemeral: true,
        },
        marketers: {
          kind: "deliverable",
          campaign: { id: t.campaign.id, slug: t.campaign.slug, name: t.campaign.name, slackChannelId: t.campaign.slackChannelId },
          ref: { entity: "deliverable", id: t.deliverable.id },
          message: { title: `${who}'s deliverable is not verified on ${where}`, text: [`${url} (${when}):`, ...issues.map((i) => `• ${i}`)].join("\n"), tone: "warning" },
        },
      };
    return null;
  }

  async function verify(id: string, when: "submit" | "live" | "retry"): Promise<VerifyOutcome | null> {
    const t = await deps.store.target(id);
    if (!t) return null;
    const client = deps.platforms.client(t.deliverable.platform);
    if (!client) return { status: "unchecked", issues: [], told: false };
    const where = PLATFORM_NAMES[t.deliverable.platform];
    let status: VerificationStatus;
    let issues: string[];
    let post: PlatformPost | null = null;
    try {
      post = await client.post(t.deliverable.url, { priority: "verify", ...(t.account ? { handle: t.account.handle } : {}) });
      issues = judgePost(t, post);
      status = issues.length ? "failed" : "verified";
    } catch (e) {
      if (!isPlatformError(e)) throw e;
      if (e.kind === "not_found") {
        status = "failed";
        issues = [`${where} has no public post at ${t.deliverable.url} (deleted, private, or not published yet).`];
      } else {
        status = "unavailable";
        if (e.kind === "auth") await deps.onRefused?.(t.deliverable.platform, e.message).catch(() => undefined);
        issues = [
          e.kind === "auth"
            ? `Scout's ${where} key was refused (${e.message}); the check waits until it is fixed.`
            : `${where} did not answer (${e.kind === "quota" ? "its quota is spent" : "unavailable"}); Scout checks again later.`,
        ];
      }
    }
    await deps.store.save(id, { status, issues, at: deps.now(), post });
    const n = notices(t, status, issues, when === "live" ? "when marked live" : when === "submit" ? "on submission" : "checked again");
    if (!n) return { status, issues, told: false };
    // The check is saved; a notice that cannot be sent does not undo it.
    await Promise.allSettled([deps.notifier.toCreator?.(t.creator, n.creator), deps.notifier.toMarketers(n.marketers)]);
    return { status, issues, told: true };
  }

  function track(p: Promise<unknown>) {
    const safe = p.catch(() => undefined);
    inFlight.add(safe);
    void safe.finally(() => inFlight.delete(safe));
  }

  return {
    schedule(id, when) {
      if (!deps.platforms.configured().length) return;
      track(verify(id, when).catch((err: unknown) => deps.onError?.(err, id)));
    },
    verify,
    async retryPending(limit = 50) {
      const platforms = deps.platforms.configured();
      if (!platforms.length) return 0;
      const ids = await deps.store.pending(platforms, limit, deps.now());
      let n = 0;
      for (const id of ids) {
        const r = await verify(id, "retry").catch((err: unknown) => (deps.onError?.(err, id), null));
        if (r) n++;
        if (r?.status === "unavailable") break; // the platform is still down or out of quota: later
      }
      return n;
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}

/** Wraps the campaign service so a deliverable submitted or marked live is checked right after
 *  (in the background; the answer does not wait). */
export function withVerification<S extends { submitDeliverable(...a: any[]): Promise<{ outcome: string; value: { id: string } }>; markLive(...a: any[]): Promise<{ outcome: string; value: { id: string } }> }>(
  service: S,
  verifier: Verifier,
): S {
  return {
    ...service,
    async submitDeliverable(...a: Parameters<S["submitDeliverable"]>) {
      const o = await service.submitDeliverable(...a);
      if (o.outcome === "done") verifier.schedule(o.value.id, "submit");
      return o;
    },
    async markLive(...a: Parameters<S["markLive"]>) {
      const o = await service.markLive(...a);
      if (o.outcome === "done") verifier.schedule(o.value.id, "live");
      return o;
    },
  };
}
