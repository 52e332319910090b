import { describe, expect, it } from "vitest";
import { parseCsv } from "../../../src/core/roster/csv.ts";
import { readAccountRows, readPostRows } from "../../../src/core/roster/rows.ts";
import { UsageError } from "../../../src/core/errors.ts";

const read = (csv: string, platform?: "instagram") => readAccountRows(parseCsv(csv), { file: "r.csv", platform });

describe("roster rows", () => {
  it("recognises common export column names", () => {
    const r = read("Username,Network,Follower Count,Following,Media Count,Niche,Country,E-mail,Price\n@ana,IG,12k,300,41,Food;Travel,de,ANA@x.io,$150\n");
    expect(r.problems).toEqual([]);
    expect(r.rows[0]).toMatchObject({
      handle: "ana",
      platform: "instagram",
      followers: 12000,
      following: 300,
      postsCount: 41,
      categories: ["food", "travel"],
      country: "DE",
      email: "ana@x.io",
      rate: 150,
      currency: "USD",
    });
  });

  it("reports bad rows with their line and reason and keeps the good ones", () => {
    const r = read("handle,platform,followers\nana,instagram,-5\n,instagram,100\nbo,myspace,100\ncy,instagram,abc\ndee,tiktok,12k\n");
    expect(r.rows.map((x) => x.handle)).toEqual(["dee"]);
    expect(r.problems.map((p) => [p.line, p.reason])).toEqual([
      [2, "followers cannot be negative (got -5)"],
      [3, "the handle is empty"],
      [4, 'unknown platform "myspace" (use one of instagram, tiktok, youtube, x, twitch, blog)'],
      [5, 'followers "abc" is not a number (write 12500, 12,500 or 12.5k)'],
    ]);
  });

  it("uses the platform option for files without a platform column, and otherwise asks for it once, as a usage error", () => {
    expect(read("handle,followers\nana,10\n", "instagram").rows[0]!.platform).toBe("instagram");
    expect(() => read("handle,followers\nana,10\nbo,12\n")).toThrow(UsageError);
    expect(() => read("handle,followers\nana,10\nbo,12\n")).toThrow(/^r\.csv has no platform column; add platform:instagram/);
  });

  it("imports an identical repeated line once and reports a conflicting repeat", () => {
    const r = read("handle,followers\nana,10\nana,10\nbo,5\nbo,6\n", "instagram");
    expect(r.duplicates).toBe(1);
    expect(r.rows.find((x) => x.handle === "bo")!.followers).toBe(6);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.reason).toMatch(/appears again on line 5 with other values/);
  });

  it("reads post metrics with dates in Unix seconds and the sponsorship flags", () => {
    const t = parseCsv("creator_id,post_id,taken_at,likes,comments,is_video,video_views,is_ad,sponsor_tagged,hashtags\nana,p1,1480146151,187,4,0,,0,1,ad food\n");
    const r = readPostRows(t, { file: "p.csv", platform: "instagram" });
    expect(r.problems).toEqual([]);
    expect(r.rows[0]).toMatchObject({ handle: "ana", externalId: "p1", likes: 187, comments: 4, isSponsored: true, sponsorTags: 1, hashtags: ["ad", "food"] });
  });
});
