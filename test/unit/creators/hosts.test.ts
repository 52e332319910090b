import { describe, expect, it } from "vitest";
import { checkDeliverableLink, normalizeLink, platformOfHost } from "../../../src/core/deliverables/hosts.ts";

const check = (url: string, platform: Parameters<typeof checkDeliverableLink>[1]["platform"], allowedHosts: string[] = []) => checkDeliverableLink(url, { platform, allowedHosts });

describe("deliverable link rules", () => {
  it.each([
    ["https://www.instagram.com/p/Cx1a2b3/", "instagram"],
    ["https://instagram.com/reel/Cx1a2b3/", "instagram"],
    ["https://m.instagram.com/p/Cx1a2b3/", "instagram"],
    ["https://www.tiktok.com/@ana/video/7300000000000000000", "tiktok"],
    ["https://vm.tiktok.com/ZMabc123/", "tiktok"],
    ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube"],
    ["https://m.youtube.com/shorts/abc", "youtube"],
    ["https://youtu.be/dQw4w9WgXcQ", "youtube"],
    ["https://x.com/ana/status/1", "x"],
    ["https://twitter.com/ana/status/1", "x"],
    ["https://mobile.twitter.com/ana/status/1", "x"],
    ["https://www.twitch.tv/videos/123", "twitch"],
    ["http://instagram.com/p/abc/", "instagram"],
  ] as const)("accepts %s as a %s post", (url, platform) => {
    expect(check(url, platform)).toMatchObject({ ok: true, platform });
    expect(check(url, null)).toMatchObject({ ok: true, platform });
  });

  it.each([
    "https://instagram.com.evil.io/p/abc/",
    "https://evilinstagram.com/p/abc/",
    "https://instagram.co/p/abc/",
    "https://login.instagram.com/p/abc/",
    "https://youtube.com.attacker.net/watch?v=1",
    "https://x.com.co/ana/status/1",
  ])("refuses the lookalike %s", (url) => {
    const r = check(url, "instagram");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/not a known host; it must be an instagram link \(instagram\.com\)|is a x link|is a youtube link/);
    expect(platformOfHost(new URL(url).hostname)).not.toBe("instagram");
  });

  it("refuses a link of another platform than the one the creator takes part with, naming both", () => {
    const r = check("https://www.tiktok.com/@ana/video/1", "instagram");
    expect(r).toEqual({ ok: false, reason: "is a tiktok link (www.tiktok.com), but you take part with your instagram account; submit the instagram post (instagram.com)" });
  });

  it("refuses other schemes, credentials, ports, non-links and links over 500 characters", () => {
    expect(check("ftp://instagram.com/p/a", "instagram")).toMatchObject({ ok: false, reason: "must start with https:// (not ftp:)" });
    expect(check("javascript:alert(1)", null)).toMatchObject({ ok: false });
    expect(check("https://user:pw@instagram.com/p/a", "instagram")).toMatchObject({ ok: false, reason: expect.stringMatching(/user name or password/) });
    expect(check("https://instagram.com:8443/p/a", "instagram")).toMatchObject({ ok: false, reason: expect.stringMatching(/port/) });
    expect(check("instagram.com/p/a", "instagram")).toMatchObject({ ok: false, reason: expect.stringMatching(/not a link/) });
    expect(check("", "instagram")).toMatchObject({ ok: false, reason: expect.stringMatching(/is empty/) });
    const long = `https://www.instagram.com/p/${"a".repeat(480)}`;
    expect(long.length).toBeGreaterThan(500);
    expect(check(long, "instagram")).toMatchObject({ ok: false, reason: `is ${long.length} characters long; a deliverable link has at most 500` });
    const exactly = `https://www.instagram.com/p/${"a".repeat(500 - 28)}`;
    expect(exactly.length).toBe(500);
    expect(check(exactly, "instagram").ok).toBe(true);
  });

  it("accepts a blog host the campaign allows (and its subdomains) for a blog, and refuses others", () => {
    expect(check("https://ana.substack.com/p/spring", "blog", ["substack.com"])).toMatchObject({ ok: true, platform: "blog" });
    expect(check("https://www.medium.com/@ana/spring", null, ["medium.com"])).toMatchObject({ ok: true, platform: "blog" });
    expect(check("https://medium.com.evil.io/x", "blog", ["medium.com"])).toMatchObject({ ok: false, reason: "is on medium.com.evil.io, which is not a known host; it must be on medium.com (the blog hosts this campaign allows)" });
    expect(check("https://myblog.example/spring", "blog", [])).toMatchObject({ ok: false, reason: expect.stringMatching(/allows none yet/) });
    // An allowed blog host counts even when the creator takes part with a social account.
    expect(check("https://ana.substack.com/p/spring", "instagram", ["substack.com"])).toMatchObject({ ok: true, platform: "blog" });
  });

  it("stores links without share-tracking parameters or fragments, keeping the ones that name the post", () => {
    expect(normalizeLink("https://www.instagram.com/p/Cx1/?igsh=abc123&utm_source=ig#x")).toBe("https://www.instagram.com/p/Cx1/");
    expect(normalizeLink("https://www.youtube.com/watch?v=dQw4&si=track")).toBe("https://www.youtube.com/watch?v=dQw4");
    expect(check("https://WWW.Instagram.com/p/Cx1/?igsh=abc", "instagram")).toMatchObject({ ok: true, url: "https://www.instagram.com/p/Cx1/" });
  });
});
