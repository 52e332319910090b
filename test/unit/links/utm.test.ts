import { describe, expect, it } from "vitest";
import { withUtm } from "../../../src/core/links/utm.ts";

const f = { platform: "instagram", campaignSlug: "spring-launch", creatorHandle: "ana.cooks" };

describe("withUtm", () => {
  it("adds the four UTM parameters to a plain landing URL", () => {
    expect(withUtm("https://shop.example.com/spring", f)).toBe(
      "https://shop.example.com/spring?utm_source=instagram&utm_medium=influencer&utm_campaign=spring-launch&utm_content=ana.cooks",
    );
  });

  it("keeps the parameters the URL already had, in order and as written", () => {
    expect(withUtm("https://shop.example.com/p?ref=abc&size=M%2FL&q=a+b", f)).toBe(
      "https://shop.example.com/p?ref=abc&size=M%2FL&q=a+b&utm_source=instagram&utm_medium=influencer&utm_campaign=spring-launch&utm_content=ana.cooks",
    );
  });

  it("keeps utm keys the landing URL already sets and only adds the missing ones (any case)", () => {
    const u = new URL(withUtm("https://shop.example.com/?utm_source=newsletter&UTM_MEDIUM=email", f)!);
    expect(u.searchParams.getAll("utm_source")).toEqual(["newsletter"]);
    expect(u.searchParams.getAll("utm_medium")).toEqual([]);
    expect(u.searchParams.getAll("UTM_MEDIUM")).toEqual(["email"]);
    expect(u.searchParams.get("utm_campaign")).toBe("spring-launch");
    expect(u.searchParams.get("utm_content")).toBe("ana.cooks");
  });

  it("puts the parameters before the fragment and keeps the fragment", () => {
    expect(withUtm("https://shop.example.com/spring#offer", f)).toBe(
      "https://shop.example.com/spring?utm_source=instagram&utm_medium=influencer&utm_campaign=spring-launch&utm_content=ana.cooks#offer",
    );
    expect(withUtm("https://shop.example.com/spring?x=1#top", f)).toMatch(/\?x=1&utm_source=instagram&.*utm_content=ana\.cooks#top$/);
  });

  it("encodes handles and slugs with characters that need it", () => {
    const u = withUtm("https://shop.example.com/", { platform: "tiktok", campaignSlug: "été", creatorHandle: "ana cooks&co" })!;
    expect(u).toContain("utm_content=ana%20cooks%26co");
    expect(u).toContain("utm_campaign=%C3%A9t%C3%A9");
    expect(new URL(u).searchParams.get("utm_content")).toBe("ana cooks&co");
  });

  it("returns the URL unchanged when every utm key is there already", () => {
    const url = "https://shop.example.com/?utm_source=a&utm_medium=b&utm_campaign=c&utm_content=d";
    expect(withUtm(url, f)).toBe(url);
  });

  it("refuses what is not an absolute http(s) URL", () => {
    expect(withUtm("shop.example.com/spring", f)).toBeNull();
    expect(withUtm("javascript:alert(1)", f)).toBeNull();
    expect(withUtm("ftp://example.com/x", f)).toBeNull();
  });
});
