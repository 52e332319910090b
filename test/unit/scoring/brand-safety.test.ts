import { describe, expect, it } from "vitest";
import { scoreAccount } from "../../../src/core/scoring/index.ts";
import type { Criteria, PostSample } from "../../../src/core/scoring/index.ts";
import { baseAccount } from "./gen.ts";

const criteria: Criteria = { objective: "sales", niche: ["food"], competitors: ["Oatly", "Alpro"] };
const check = (posts: PostSample[], c: Criteria = criteria, hashtags?: string[]) => {
  const r = scoreAccount(baseAccount({ posts, ...(hashtags ? { hashtags } : {}) }), c);
  return { report: r.brandSafety, value: r.components.find((x) => x.name === "brandSafety")!.value, r };
};
const organic: PostSample = { likes: 500, comments: 10, hashtags: ["food"], caption: "Dinner tonight" };

describe("brand safety", () => {
  it("counts a sponsored post without #ad as undisclosed", () => {
    const { report, value } = check([organic, { likes: 400, isSponsored: true, hashtags: ["food"], caption: "Try this" }]);
    expect(report.sponsoredPosts).toBe(1);
    expect(report.undisclosedSponsoredPosts).toBe(1);
    expect(report.flags.join(" ")).toMatch(/without a clear disclosure/);
    expect(value).toBeLessThan(100);
  });

  it("does not count a sponsored post with #ad (in hashtags or caption)", () => {
    for (const p of [
      { likes: 400, isSponsored: true, hashtags: ["AD", "food"] },
      { likes: 400, isSponsored: true, caption: "#ad Loving this new oat drink" },
      { likes: 400, sponsorTags: 1, caption: "Paid partnership with a brand I love" },
      { likes: 400, sponsorTags: 2, hashtags: ["Werbung"] },
    ] as PostSample[]) {
      const { report, value } = check([organic, p]);
      expect(report.sponsoredPosts).toBe(1);
      expect(report.undisclosedSponsoredPosts).toBe(0);
      expect(value).toBe(100);
    }
  });

  it("does not accept vague tags (#sp, #collab, #partner, #brandpartner) as a disclosure", () => {
    for (const tags of [["sp"], ["collab"], ["partner"], ["brandpartner"], ["sp", "collab", "partner"]]) {
      const { report } = check([{ likes: 1, isSponsored: true, hashtags: tags, caption: "thanks @brand" }]);
      expect(report.undisclosedSponsoredPosts, tags.join()).toBe(1);
    }
  });

  it("does not accept negations (#notsponsored, #notanad, #notgifted, 'not an ad') as a disclosure", () => {
    const posts: PostSample[] = [
      { likes: 1, isSponsored: true, hashtags: ["notsponsored"] },
      { likes: 1, isSponsored: true, hashtags: ["NotAnAd"] },
      { likes: 1, isSponsored: true, hashtags: ["notgifted"] },
      { likes: 1, isSponsored: true, caption: "This is not an ad, I just love it" },
      { likes: 1, isSponsored: true, caption: "Not sponsored, promise" },
    ];
    for (const p of posts) expect(check([p]).report.undisclosedSponsoredPosts, JSON.stringify(p)).toBe(1);
    // The same words undenied do disclose.
    expect(check([{ likes: 1, isSponsored: true, caption: "Sponsored: my new favourite oat drink" }]).report.undisclosedSponsoredPosts).toBe(0);
  });

  it("does not accept look-alikes that merely contain 'ad' (#adsense, #adsl, #advertisingagency)", () => {
    for (const tag of ["adsense", "adsl", "advertisingagency"]) {
      expect(check([{ likes: 1, isSponsored: true, hashtags: [tag] }]).report.undisclosedSponsoredPosts, tag).toBe(1);
    }
  });

  it("flags the paid-partnership label alone as a weak disclosure, less severe than none", () => {
    const weak = check([organic, { likes: 1, sponsorTags: 1, hashtags: ["food"] }]);
    const none = check([organic, { likes: 1, isSponsored: true, hashtags: ["food"] }]);
    const clear = check([organic, { likes: 1, sponsorTags: 1, hashtags: ["ad"] }]);
    expect(weak.report).toMatchObject({ sponsoredPosts: 1, undisclosedSponsoredPosts: 0, weakDisclosurePosts: 1 });
    expect(weak.report.flags.join(" ")).toMatch(/disclosed only by the paid-partnership label \(weak/);
    expect(weak.r.components.find((c) => c.name === "brandSafety")!.reason).toMatch(/1 with only the paid-partnership label, a weak disclosure/);
    expect(weak.value).toBeLessThan(clear.value);
    expect(weak.value).toBeGreaterThan(none.value);
  });

  it("does not read #ad inside other words (glad, #adventure) as a disclosure", () => {
    const { report } = check([{ likes: 1, isSponsored: true, hashtags: ["adventure"], caption: "So glad" }]);
    expect(report.undisclosedSponsoredPosts).toBe(1);
  });

  it("penalises a competitor in a sponsored post's hashtags and names it", () => {
    const clean = check([organic, { likes: 1, isSponsored: true, hashtags: ["ad", "oatmilk"] }]);
    const comp = check([organic, { likes: 1, isSponsored: true, hashtags: ["ad", "Oatly"] }]);
    expect(comp.report.competitorMentions).toEqual(["Oatly"]);
    expect(comp.value).toBeLessThanOrEqual(clean.value - 40);
    expect(comp.r.components.find((c) => c.name === "brandSafety")!.reason).toContain("competitor Oatly");
    expect(comp.r.score).toBeLessThan(clean.r.score);
  });

  it("finds competitors in sponsored captions (as @handles too) and in the account's hashtags", () => {
    expect(check([{ likes: 1, isSponsored: true, caption: "#ad with @alpro today" }]).report.competitorMentions).toEqual(["Alpro"]);
    expect(check([organic], criteria, ["oatlybarista"]).report.competitorMentions).toEqual(["Oatly"]);
    // organic (not sponsored) posts do not count
    expect(check([{ likes: 1, caption: "I drink oatly" }]).report.competitorMentions).toEqual([]);
  });

  it("honours a campaign's own disclosure list", () => {
    const c: Criteria = { ...criteria, requiredDisclosure: ["sponsored"] };
    const { report } = check([{ likes: 1, isSponsored: true, hashtags: ["ad"] }], c);
    expect(report.undisclosedSponsoredPosts).toBe(1);
  });

  it("is neutral with a note when no posts are known", () => {
    const r = scoreAccount(baseAccount(), criteria);
    expect(r.components.find((c) => c.name === "brandSafety")!.value).toBe(50);
    expect(r.brandSafety.flags).toContain("no recent posts to check");
    expect(r.confidenceNotes.join(" ")).toMatch(/No recent posts/);
  });
});
