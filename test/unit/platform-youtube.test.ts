// The real YouTube client (@googleapis/youtube underneath) against the fake YouTube Data API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createYouTubeClient, youtubeVideoId, type YouTubeClientOptions } from "../../src/adapters/platforms/youtube.ts";
import { PlatformError } from "../../src/core/platform-data/port.ts";
import { startFakeYouTube, type FakeYouTube } from "../fakes/youtube-api.ts";

// 13:00 Pacific (PDT) on 10 March 2026: the next Pacific midnight is 07:00 UTC on the 11th.
const NOW = new Date("2026-03-10T20:00:00Z");
const PACIFIC_MIDNIGHT = new Date("2026-03-11T07:00:00Z");
const CHANNEL = "UC0123456789abcdefghijAB";
const VIDEO = "dQw4w9WgXcQ";

let yt: FakeYouTube;
const lines: string[] = [];
const log = pino({ level: "trace" }, { write: (l: string) => void lines.push(l) });

function client(o: Partial<YouTubeClientOptions> = {}) {
  return createYouTubeClient({ apiKey: yt.apiKey, baseUrl: yt.url, now: () => NOW, log, tuning: { baseDelayMs: 1, maxDelayMs: 4, retries: 2, timeoutMs: 5000 }, ...o });
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
  yt = await startFakeYouTube();
});
afterAll(() => yt.close());
beforeEach(() => {
  yt.reset();
  lines.length = 0;
  yt.addChannel({ id: CHANNEL, handle: "veganbites", title: "Vegan Bites", subscribers: 12_400, videos: 87 });
  yt.addVideo({ id: VIDEO, channelId: CHANNEL, title: "Oat milk, three ways", description: "Thanks to Oatly #ad", publishedAt: "2026-03-02T15:30:00Z", views: 15_230, likes: 912, comments: 48 });
});

describe("YouTube video links", () => {
  it.each([
    ["https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", VIDEO],
    ["https://youtu.be/dQw4w9WgXcQ?si=abc", VIDEO],
    ["youtube.com/shorts/dQw4w9WgXcQ", VIDEO],
    ["https://m.youtube.com/live/dQw4w9WgXcQ", VIDEO],
    ["https://www.youtube.com/@veganbites", null],
    ["https://vimeo.com/123456", null],
    ["https://www.youtube.com/watch?v=short", null],
  ])("%s gives video id %s", (url, id) => {
    expect(youtubeVideoId(url)).toBe(id);
  });
});

describe("the YouTube client against the fake API", () => {
  it("fetches a video with its views, likes and comments, its channel and its text", async () => {
    const p = await client().post(`https://youtu.be/${VIDEO}`);
    expect(p).toEqual({
      platform: "youtube",
      id: VIDEO,
      url: `https://www.youtube.com/watch?v=${VIDEO}`,
      owner: { handle: null, id: CHANNEL },
      caption: "Oat milk, three ways\nThanks to Oatly #ad",
      publishedAt: new Date("2026-03-02T15:30:00Z"),
      kind: "video",
      views: 15_230,
      likes: 912,
      comments: 48,
    });
    expect(yt.calls[0]!.params.part).toEqual(["snippet", "statistics"]);
  });

  it("gives null likes when the creator hid them, and names the owner once the channel is known", async () => {
    yt.updateVideo(VIDEO, { likes: null });
    const c = client();
    await c.account("@VeganBites");
    const p = await c.post(`https://www.youtube.com/watch?v=${VIDEO}`);
    expect(p.likes).toBeNull();
    expect(p.owner).toEqual({ handle: "veganbites", id: CHANNEL });
  });

  it("fetches a channel by handle and by id: subscribers and video count", async () => {
    const byHandle = await client().account("@veganbites");
    expect(byHandle).toMatchObject({ platform: "youtube", handle: "veganbites", id: CHANNEL, followers: 12_400, following: null, posts: 87, recent: [] });
    expect(yt.calls.at(-1)!.params.forHandle).toEqual(["@veganbites"]);
    const byId = await client().account(CHANNEL);
    expect(byId).toMatchObject({ handle: "veganbites", followers: 12_400 });
    expect(yt.calls.at(-1)!.params.id).toEqual([CHANNEL]);
  });

  it("gives null followers when the channel hides its subscriber count", async () => {
    yt.updateChannel(CHANNEL, { hiddenSubscriberCount: true });
    expect((await client().account("veganbites")).followers).toBeNull();
  });

  it("says a link that is not a video is not_found, without calling the API", async () => {
    const e = await failure(client().post("https://www.youtube.com/@veganbites"));
    expect(e.kind).toBe("not_found");
    expect(e.message).toMatch(/not a YouTube video link/);
    expect(yt.callCount()).toBe(0);
  });

  it("says a deleted video is not_found (the API answers an empty list)", async () => {
    yt.deleteVideo(VIDEO);
    const e = await failure(client().post(`https://youtu.be/${VIDEO}`));
    expect(e.kind).toBe("not_found");
    expect(e.message).toMatch(/no public YouTube video dQw4w9WgXcQ/);
    expect(yt.callCount()).toBe(1);
  });

  it("says an unknown handle is not_found", async () => {
    expect((await failure(client().account("@nobody-here"))).kind).toBe("not_found");
  });

  it("turns quotaExceeded into quota with retryAt at the next Pacific midnight, and stops calling until then", async () => {
    yt.quotaExhausted = true;
    const c = client();
    const e = await failure(c.post(`https://youtu.be/${VIDEO}`, { priority: "live" }));
    expect(e.kind).toBe("quota");
    expect(e.retryAt).toEqual(PACIFIC_MIDNIGHT);
    expect(yt.callCount()).toBe(1);
    expect(c.budget()).toEqual({ remaining: 0, resetsAt: PACIFIC_MIDNIGHT });
    const again = await failure(c.post(`https://youtu.be/${VIDEO}`, { priority: "live" }));
    expect(again.kind).toBe("quota");
    expect(yt.callCount()).toBe(1);
  });

  it("counts units per Pacific day and keeps a reserve for live work", async () => {
    let now = NOW;
    const c = client({ dailyQuota: 10, now: () => now });
    for (let i = 0; i < 8; i++) await c.post(`https://youtu.be/${VIDEO}`, { priority: "refresh" });
    expect(c.budget()).toEqual({ remaining: 2, resetsAt: PACIFIC_MIDNIGHT });
    const e = await failure(c.post(`https://youtu.be/${VIDEO}`, { priority: "refresh" }));
    expect(e.kind).toBe("quota");
    expect(e.retryAt).toEqual(PACIFIC_MIDNIGHT);
    await c.post(`https://youtu.be/${VIDEO}`, { priority: "live" });
    expect(yt.callCount()).toBe(9);
    now = new Date(PACIFIC_MIDNIGHT.getTime() + 60_000);
    expect(c.budget().remaining).toBe(10);
    await c.post(`https://youtu.be/${VIDEO}`, { priority: "refresh" });
  });

  it("says an invalid key is auth and does not retry it", async () => {
    const e = await failure(client({ apiKey: "AIzaWrongKeyWrongKeyWrongKeyWrongKey123" }).post(`https://youtu.be/${VIDEO}`));
    expect(e.kind).toBe("auth");
    expect(e.message).toMatch(/YOUTUBE_API_KEY/);
    expect(yt.callCount()).toBe(1);
  });

  it("also reads the older keyInvalid error shape as auth", async () => {
    yt.failNext(1, "keyInvalidLegacy");
    const e = await failure(client().post(`https://youtu.be/${VIDEO}`));
    expect(e.kind).toBe("auth");
    expect(yt.callCount()).toBe(1);
  });

  it("makes no call for ten minutes after the key was refused", async () => {
    const c = client({ apiKey: "AIzaWrongKeyWrongKeyWrongKeyWrongKey123" });
    expect((await failure(c.post(`https://youtu.be/${VIDEO}`))).kind).toBe("auth");
    expect((await failure(c.account("@veganbites"))).kind).toBe("auth");
    expect(yt.callCount()).toBe(1);
  });

  it("retries a 429 and then succeeds", async () => {
    yt.failNext(1, "rateLimit", { retryAfter: 0 });
    const p = await client().post(`https://youtu.be/${VIDEO}`);
    expect(p.views).toBe(15_230);
    expect(yt.calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it("gives up after three 500s as unavailable", async () => {
    yt.failNext(3, "server");
    const e = await failure(client().post(`https://youtu.be/${VIDEO}`));
    expect(e.kind).toBe("unavailable");
    expect(e.retryAt).not.toBeNull();
    expect(yt.calls.map((c) => c.status)).toEqual([500, 500, 500]);
  });

  it("does not wait out a long Retry-After: unavailable with retryAt, at once", async () => {
    yt.failNext(1, "rateLimit", { retryAfter: 3600 });
    const e = await failure(client().post(`https://youtu.be/${VIDEO}`));
    expect(e.kind).toBe("unavailable");
    expect(e.retryAt).toEqual(new Date(NOW.getTime() + 3_600_000));
    expect(yt.callCount()).toBe(1);
  });

  it("gives up on a request that does not answer within the timeout, retrying it first", async () => {
    yt.failNext(2, "hang");
    const started = Date.now();
    const e = await failure(client({ tuning: { timeoutMs: 100, retries: 1, baseDelayMs: 1 } }).post(`https://youtu.be/${VIDEO}`));
    expect(e.kind).toBe("unavailable");
    expect(e.message).toMatch(/did not answer video dQw4w9WgXcQ in time/);
    expect(yt.callCount()).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("stops at once, without a PlatformError, when the caller aborts", async () => {
    yt.failNext(1, "hang");
    const ac = new AbortController();
    const p = client().post(`https://youtu.be/${VIDEO}`, { signal: ac.signal });
    setTimeout(() => ac.abort(new Error("stopped by the caller")), 50);
    await expect(p).rejects.toThrow("stopped by the caller");
    expect(yt.callCount()).toBe(1);
  });

  it("refuses an oversized body without reading it all", async () => {
    yt.failNext(1, "oversized");
    const e = await failure(client({ tuning: { maxBodyBytes: 256 * 1024, retries: 0 } }).post(`https://youtu.be/${VIDEO}`));
    expect(e.kind).toBe("unavailable");
    expect(e.message).toMatch(/larger than 262144 bytes/);
    await new Promise((r) => setTimeout(r, 50));
    expect(yt.oversizedBytesSent).toBeLessThan(yt.oversizedBytes / 4);
  });

  it("never puts the key in an error message or a log line", async () => {
    const wrong = "AIzaLeakCheckLeakCheckLeakCheckLeakChe";
    const errors: PlatformError[] = [];
    errors.push(await failure(client({ apiKey: wrong }).post(`https://youtu.be/${VIDEO}`)));
    yt.failNext(3, "server");
    errors.push(await failure(client().post(`https://youtu.be/${VIDEO}`)));
    yt.quotaExhausted = true;
    errors.push(await failure(client().account("@veganbites")));
    expect(lines.length).toBeGreaterThan(0); // the retries were logged
    for (const text of [...errors.map((e) => `${e.message} ${e.stack}`), ...lines]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(yt.apiKey);
    }
  });
});
