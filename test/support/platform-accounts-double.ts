// An in-process PlatformClient for roster refresh tests: the platform is outside Scout's process,
// so a double stands in for it here (the HTTP fakes of test/fakes run the real clients end to end).
// Accounts are set by handle; each call is counted; a PlatformError can be injected per handle or
// from the n-th call on (a quota that runs out mid-run).
import type { Platform } from "../../src/core/platform.ts";
import {
  PlatformError,
  type FetchPriority,
  type PlatformAccount,
  type PlatformBudget,
  type PlatformClient,
  type PlatformData,
  type PlatformFailureKind,
  type PlatformPost,
} from "../../src/core/platform-data/port.ts";

export class PlatformAccountsDouble implements PlatformClient {
  readonly calls: { handle: string; priority: FetchPriority | undefined }[] = [];
  private readonly accounts = new Map<string, PlatformAccount>();
  private readonly failures = new Map<string, PlatformError>();
  private failFrom: { call: number; error: PlatformError } | null = null;

  constructor(readonly platform: Platform) {}

  /** Sets (or replaces) what the platform answers for a handle. */
  set(handle: string, figures: { followers: number | null; following?: number | null; posts?: number | null; recent?: PlatformPost[] }): this {
    this.accounts.set(handle, {
      platform: this.platform,
      handle,
      id: `id-${handle}`,
      followers: figures.followers,
      following: figures.following ?? null,
      posts: figures.posts ?? null,
      recent: figures.recent ?? [],
    });
    return this;
  }

  /** Makes every call for this handle fail with this kind. */
  failFor(handle: string, kind: PlatformFailureKind, retryAt: Date | null = null): this {
    this.failures.set(handle, new PlatformError(this.platform, kind, `${kind} (test double)`, retryAt));
    return this;
  }

  /** From the n-th call on (1-based), every call fails with this kind (a quota running out mid-run). */
  failFromCall(n: number, kind: PlatformFailureKind, retryAt: Date | null = null, message = `${kind} (test double)`): this {
    this.failFrom = { call: n, error: new PlatformError(this.platform, kind, message, retryAt) };
    return this;
  }

  clearFailures(): this {
    this.failures.clear();
    this.failFrom = null;
    return this;
  }

  callsFor(handle: string): number {
    return this.calls.filter((c) => c.handle === handle).length;
  }

  async account(handle: string, o?: { priority?: FetchPriority; signal?: AbortSignal }): Promise<PlatformAccount> {
    this.calls.push({ handle, priority: o?.priority });
    if (this.failFrom && this.calls.length >= this.failFrom.call) throw this.failFrom.error;
    const failure = this.failures.get(handle);
    if (failure) throw failure;
    const a = this.accounts.get(handle);
    if (!a) throw new PlatformError(this.platform, "not_found", `no account ${handle} (test double)`);
    return structuredClone(a);
  }

  async post(url: string): Promise<PlatformPost> {
    throw new PlatformError(this.platform, "not_found", `posts are not served by this double (${url})`);
  }

  budget(): PlatformBudget {
    return { remaining: null, resetsAt: null };
  }
}

/** PlatformData over some doubles: the platforms given are the configured ones. */
export function platformData(...clients: PlatformAccountsDouble[]): PlatformData {
  const by = new Map<Platform, PlatformClient>(clients.map((c) => [c.platform, c]));
  return { client: (p) => by.get(p) ?? null, configured: () => [...by.keys()] };
}

/** An Instagram post as Business Discovery gives it. */
export function igPost(handle: string, id: string, publishedAt: Date, likes: number, comments: number, caption = ""): PlatformPost {
  return {
    platform: "instagram",
    id,
    url: `https://www.instagram.com/p/${id}/`,
    owner: { handle, id: `id-${handle}` },
    caption,
    publishedAt,
    kind: "FEED",
    views: null,
    likes,
    comments,
  };
}
