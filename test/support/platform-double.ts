// An in-process stand-in for a platform's client (YouTube, Instagram) for core and store tests:
// posts and accounts are set by the test, calls are counted, and a PlatformError can be injected
// for the next calls. The platform is outside our process; the HTTP fakes of test/fakes serve the
// end-to-end tests with the real clients.
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

export interface PlatformCall {
  method: "post" | "account";
  key: string;
  priority: FetchPriority | undefined;
  handle: string | undefined;
}

export class PlatformDouble implements PlatformClient {
  readonly posts = new Map<string, PlatformPost>();
  readonly accounts = new Map<string, PlatformAccount>();
  readonly calls: PlatformCall[] = [];
  private failures: { kind: PlatformFailureKind; times: number; retryAt: Date | null }[] = [];
  private gate: Promise<void> | null = null;

  constructor(readonly platform: Platform) {}

  /** Sets the post a link points at (the counts can be changed later with the same call). */
  setPost(url: string, p: Partial<PlatformPost> & { owner: PlatformPost["owner"]; publishedAt: Date }): PlatformPost {
    const post: PlatformPost = { platform: this.platform, id: p.id ?? `id-${this.posts.size + 1}`, url, caption: "", kind: null, views: null, likes: null, comments: null, ...p };
    this.posts.set(url, post);
    return post;
  }

  removePost(url: string): void {
    this.posts.delete(url);
  }

  /** The next `times` calls fail with this kind (then calls answer again). */
  fail(kind: PlatformFailureKind, times = 1, retryAt: Date | null = null): void {
    this.failures.push({ kind, times, retryAt });
  }

  /** Forgets the failures still queued (a quota reset, a platform back up). */
  clearFailures(): void {
    this.failures = [];
  }

  /** Holds every call until the returned function is called (to see that an answer does not wait). */
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise<void>((r) => (release = r));
    return () => {
      this.gate = null;
      release();
    };
  }

  callsFor(method: "post" | "account", key?: string): PlatformCall[] {
    return this.calls.filter((c) => c.method === method && (key === undefined || c.key === key));
  }

  private maybeFail(): void {
    const f = this.failures[0];
    if (!f) return;
    if (--f.times <= 0) this.failures.shift();
    throw new PlatformError(this.platform, f.kind, `${f.kind} (test double)`, f.retryAt);
  }

  async post(url: string, o?: { priority?: FetchPriority; signal?: AbortSignal; handle?: string }): Promise<PlatformPost> {
    this.calls.push({ method: "post", key: url, priority: o?.priority, handle: o?.handle });
    if (this.gate) await this.gate;
    this.maybeFail();
    const p = this.posts.get(url);
    if (!p) throw new PlatformError(this.platform, "not_found", `no post at ${url}`);
    return { ...p, owner: { ...p.owner } };
  }

  async account(handle: string, o?: { priority?: FetchPriority; signal?: AbortSignal }): Promise<PlatformAccount> {
    this.calls.push({ method: "account", key: handle, priority: o?.priority, handle });
    this.maybeFail();
    const a = this.accounts.get(handle);
    if (!a) throw new PlatformError(this.platform, "not_found", `no account @${handle}`);
    return a;
  }

  budget(): PlatformBudget {
    return { remaining: null, resetsAt: null };
  }
}

/** PlatformData over some doubles. */
export function platformData(...clients: PlatformDouble[]): PlatformData {
  return {
    client: (p) => clients.find((c) => c.platform === p) ?? null,
    configured: () => clients.map((c) => c.platform),
  };
}
