// The real Instagram (Graph API Business Discovery) client against the fake Graph API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createInstagramClient, instagramShortcode, type InstagramClientOptions } from "../../src/adapters/platforms/instagram.ts";
import { PlatformError } from "../../src/core/platform-data/port.ts";
import { startFakeGraph, type FakeGraph, type FakeIgMedia } from "../fakes/graph-api.ts";

const NOW = new Date("2026-03-10T20:00:00Z");
let g: FakeGraph;
let reel: FakeIgMedia;
const lines: string[] = [];
const log = pino({ level: "trace" }, { write: (l: string) => void lines.push(l) });

function client(o: Partial<InstagramClientOptions> = {}) {
  return createInstagramClient({
    businessAccountId: g.businessAccountId,
    accessToken: g.accessToken,
    baseUrl: g.url,
    now: () => NOW,
    log,
    tuning: { baseDelayMs: 1, maxDelayMs: 4, retries: 2, timeoutMs: 5000 },
    ...o,
  });
}

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(PlatformError);
  return e as PlatformError;
}

beforeAll(async () => {
  g = await startFakeGraph();
});
afterAll(() => g.close());
beforeEach(() => {
  g.reset();
  lines.length = 0;
  g.addAccount({ username: "veganbites", followers: 12_400, follows: 310 });
  g.addMedia("veganbites", { caption: "Breakfast", timestamp: "2026-02-20T08:00:00Z", likes: 300, comments: 12 });
  reel = g.addMedia("veganbites", { shortcode: "C9xYz12AbCd", productType: "REELS", caption: "Oat milk three ways #ad @oatly", timestamp: "2026-03-02T15:30:00Z", likes: 912, comments: 48 });
});

describe("Instagram post links", () => {
  it.each([
    ["https://www.instagram.com/p/C9xYz12AbCd/", "C9xYz12AbCd"],
    ["https://instagram.com/reel/C9xYz12AbCd/?igsh=abc", "C9xYz12AbCd"],
    ["instagram.com/veganbites/p/C9xYz12AbCd", "C9xYz12AbCd"],
    ["https://www.instagram.com/veganbites/", null],
    ["https://www.tiktok.com/@x/video/1", null],
  ])("%s gives shortcode %s", (url, code) => {
    expect(instagramShortcode(url)).toBe(code);
  });
});

describe("the Instagram client against the fake Graph API", () => {
  it("fetches an account's followers, following, post count and latest media", async () => {
    const a = await client().account("@VeganBites");
    expect(a).toMatchObject({ platform: "instagram", handle: "veganbites", followers: 12_400, following: 310, posts: 2 });
    expect(a.recent.map((p) => p.id)).toEqual([reel.id, expect.any(String)]);
    expect(a.recent[0]).toEqual({
      platform: "instagram",
      id: reel.id,
      url: "https://www.instagram.com/reel/C9xYz12AbCd/",
      owner: { handle: "veganbites", id: a.id },
      caption: "Oat milk three ways #ad @oatly",
      publishedAt: new Date("2026-03-02T15:30:00Z"),
      kind: "REELS",
      views: null,
      likes: 912,
      comments: 48,
    });
    expect(g.calls[0]!.username).toBe("veganbites");
    expect(g.calls[0]!.path).toBe(`/v21.0/${g.businessAccountId}`);
  });

  it("finds a post by its permalink among the owner's latest media", async () => {
    const p = await client().post("https://www.instagram.com/reel/C9xYz12AbCd/?igsh=x", { handle: "veganbites" });
    expect(p).toMatchObject({ id: reel.id, likes: 912, comments: 48, owner: { handle: "veganbites" } });
  });

  it("says a post not among the latest media is not_found, naming how many were looked at", async () => {
    const e = await failure(client().post("https://www.instagram.com/p/Cnotthere01/", { handle: "veganbites" }));
    expect(e.kind).toBe("not_found");
    expect(e.message).toMatch(/not among @veganbites's latest 25 posts/);
  });

  it("says a deleted post is not_found", async () => {
    g.deleteMedia(reel.id);
    expect((await failure(client().post("https://www.instagram.com/reel/C9xYz12AbCd/", { handle: "veganbites" }))).kind).toBe("not_found");
  });

  it("needs the owner's handle for a post, and says so without calling", async () => {
    const e = await failure(client().post("https://www.instagram.com/reel/C9xYz12AbCd/"));
    expect(e.kind).toBe("not_found");
    expect(e.message).toMatch(/handle is needed/);
    expect(g.callCount()).toBe(0);
  });

  it("says an unknown or personal account is not_found (code 110)", async () => {
    g.addAccount({ username: "personalacct", professional: false });
    for (const h of ["nobody_here", "personalacct"]) {
      const e = await failure(client().account(h));
      expect(e.kind).toBe("not_found");
      expect(e.message).toMatch(/code 110/);
    }
  });

  it("says an expired token is auth and does not retry it", async () => {
    g.failNext(1, "expiredToken");
    const e = await failure(client().account("veganbites"));
    expect(e.kind).toBe("auth");
    expect(e.message).toMatch(/INSTAGRAM_ACCESS_TOKEN/);
    expect(g.callCount()).toBe(1);
  });

  it("makes no call for ten minutes after the token was refused, then tries again", async () => {
    let now = NOW;
    const c = client({ now: () => now });
    g.failNext(1, "expiredToken");
    expect((await failure(c.account("veganbites"))).kind).toBe("auth");
    now = new Date(NOW.getTime() + 9 * 60_000);
    const again = await failure(c.account("veganbites", { priority: "live" }));
    expect(again.kind).toBe("auth");
    expect(again.retryAt).toEqual(new Date(NOW.getTime() + 10 * 60_000));
    expect(g.callCount()).toBe(1);
    now = new Date(NOW.getTime() + 10 * 60_000);
    expect((await c.account("veganbites")).followers).toBe(12_400);
    expect(g.callCount()).toBe(2);
  });

  it("says a wrong business account id is auth, naming the variable", async () => {
    const e = await failure(client({ businessAccountId: "17840000000000099" }).account("veganbites"));
    expect(e.kind).toBe("auth");
    expect(e.message).toMatch(/INSTAGRAM_BUSINESS_ACCOUNT_ID/);
  });

  it("retries a passing 429 and then succeeds", async () => {
    g.failNext(1, "http429");
    expect((await client().account("veganbites")).followers).toBe(12_400);
    expect(g.calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it("gives up after three 500s as unavailable", async () => {
    g.failNext(3, "server");
    const e = await failure(client().account("veganbites"));
    expect(e.kind).toBe("unavailable");
    expect(g.calls.map((c) => c.status)).toEqual([500, 500, 500]);
  });

  it.each(["rateLimit", "userRateLimit", "pageRateLimit"] as const)("turns %s with the budget spent into quota, retryAt from the usage header, not retried", async (fault) => {
    g.failNext(1, fault, { regainMinutes: 30 });
    const c = client();
    const e = await failure(c.account("veganbites"));
    expect(e.kind).toBe("quota");
    expect(e.retryAt).toEqual(new Date(NOW.getTime() + 30 * 60_000));
    expect(g.callCount()).toBe(1);
    expect(c.budget()).toEqual({ remaining: 0, resetsAt: new Date(NOW.getTime() + 30 * 60_000) });
    expect((await failure(c.account("veganbites", { priority: "live" }))).kind).toBe("quota");
    expect(g.callCount()).toBe(1);
  });

  it("stops refresh work at 80% usage but still serves live deliverables", async () => {
    g.usagePct = 85;
    const c = client();
    await c.account("veganbites", { priority: "live" });
    expect(c.budget().remaining).toBe(30); // 15% of 200: the header counts the call just made
    const e = await failure(c.account("veganbites", { priority: "refresh" }));
    expect(e.kind).toBe("quota");
    expect(e.message).toMatch(/kept for live deliverables/);
    expect(g.callCount()).toBe(1);
    await c.post("https://www.instagram.com/reel/C9xYz12AbCd/", { handle: "veganbites", priority: "verify" });
    expect(g.callCount()).toBe(2);
  });

  it("gives up on a request that does not answer within the timeout", async () => {
    g.failNext(1, "hang");
    const e = await failure(client({ tuning: { timeoutMs: 100, retries: 0 } }).account("veganbites"));
    expect(e.kind).toBe("unavailable");
    expect(e.message).toMatch(/did not answer @veganbites in time/);
  });

  it("counts its own calls against INSTAGRAM_HOURLY_CALLS while the headers say nothing, trusting the headers when they do", async () => {
    g.sendUsageHeaders = false;
    const own = client({ hourlyCalls: 10 });
    for (let i = 0; i < 8; i++) await own.account("veganbites", { priority: "refresh" });
    expect(own.budget()).toEqual({ remaining: 2, resetsAt: new Date(NOW.getTime() + 3_600_000) });
    expect((await failure(own.account("veganbites", { priority: "refresh" }))).kind).toBe("quota");
    await own.account("veganbites", { priority: "live" });
    expect(g.callCount()).toBe(9);
    g.sendUsageHeaders = true;
    const c = client({ hourlyCalls: 10 });
    for (let i = 0; i < 9; i++) await c.account("veganbites", { priority: "live" });
    // The fake's headers report 0%: the own count (9 of 10) does not stop refreshes.
    await c.account("veganbites", { priority: "refresh" });
    expect(c.budget().remaining).toBe(10);
    g.usagePct = 90;
    await c.account("veganbites", { priority: "live" });
    expect(c.budget().remaining).toBe(1);
    expect((await failure(c.account("veganbites", { priority: "refresh" }))).kind).toBe("quota");
  });

  it("refuses an oversized body without reading it all", async () => {
    g.failNext(1, "oversized");
    const e = await failure(client({ tuning: { maxBodyBytes: 256 * 1024, retries: 0 } }).account("veganbites"));
    expect(e.kind).toBe("unavailable");
    expect(e.message).toMatch(/larger than 262144 bytes/);
    await new Promise((r) => setTimeout(r, 50));
    expect(g.oversizedBytesSent).toBeLessThan(g.oversizedBytes / 4);
  });

  it("never puts the token in a URL, an error message or a log line", async () => {
    const wrong = "EAALeakCheckLeakCheckLeakCheckLeakCheck";
    const errors: PlatformError[] = [];
    errors.push(await failure(client({ accessToken: wrong }).account("veganbites")));
    g.failNext(3, "server");
    errors.push(await failure(client().account("veganbites")));
    g.failNext(1, "expiredToken");
    errors.push(await failure(client().account("veganbites")));
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [...errors.map((e) => `${e.message} ${e.stack}`), ...lines, ...g.calls.map((c) => c.path)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(g.accessToken);
    }
  });
});
