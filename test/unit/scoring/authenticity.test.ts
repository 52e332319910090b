import { describe, expect, it } from "vitest";
import { scoreAccount } from "../../../src/core/scoring/index.ts";
import type { AccountInput, Criteria, FollowerSnapshot } from "../../../src/core/scoring/index.ts";
import { baseAccount, genAccounts } from "./gen.ts";

const criteria: Criteria = { objective: "awareness", niche: [] };
const auth = (over: Partial<AccountInput>) => {
  const r = scoreAccount(baseAccount(over), criteria);
  const c = r.components.find((x) => x.name === "authenticity")!;
  return { value: c.value, reason: c.reason, score: r.score };
};
const day = (d: number): Date => new Date(Date.UTC(2026, 2, 1 + d));
const history = (followers: number[], following: number[] = followers.map(() => 600)): FollowerSnapshot[] =>
  followers.map((f, i) => ({ takenOn: day(i), followers: f, following: following[i] ?? null }));

describe("authenticity", () => {
  it("is 100 with 'no warning signs' for a clean account", () => {
    const a = auth({ history: history([19_900, 19_950, 20_000]) });
    expect(a.value).toBe(100);
    expect(a.reason).toBe("No warning signs in the data we have.");
  });

  it("penalises mass following a little, with a reason", () => {
    const a = auth({ following: 4_000 });
    expect(a.value).toBeLessThan(100);
    expect(a.value).toBeGreaterThanOrEqual(98);
    expect(a.reason).toMatch(/follows 4,000 accounts \(over 1,500\), a small sign on its own/i);
  });

  it("penalises mass following less when followers are large", () => {
    const small = auth({ following: 3_000, followers: 8_000 }).value;
    const large = auth({ following: 3_000, followers: 90_000 }).value;
    expect(large).toBeGreaterThan(small);
  });

  it("penalises follow-for-follow (following near followers, over 1,500) only with low engagement", () => {
    const mass = auth({ following: 2_000, followers: 20_000, medianEr: 0.01 });
    const f4fLow = auth({ following: 18_000, followers: 20_000, medianEr: 0.01 });
    const f4fEngaged = auth({ following: 18_000, followers: 20_000, medianEr: 0.04 });
    expect(f4fLow.value).toBeLessThan(mass.value - 10);
    expect(f4fLow.reason).toMatch(/with low engagement: looks like follow-for-follow/);
    expect(f4fEngaged.reason).not.toMatch(/follow-for-follow/);
    expect(f4fEngaged.value).toBeGreaterThanOrEqual(98);
  });

  it("penalises a follower spike in the history, with a reason", () => {
    const a = auth({ history: history([15_000, 15_050, 21_000, 21_050]) });
    expect(a.value).toBeLessThan(100);
    expect(a.reason).toMatch(/follower spike of \+5,950 in 1 day/);
    expect(auth({ history: history([15_000, 15_050, 15_100, 15_150]) }).value).toBe(100);
  });

  it("flags a spike of more than 20% day over day on a small account", () => {
    const a = auth({ followers: 3_000, medianEr: 0.042, history: history([2_000, 2_010, 2_800]) });
    expect(a.reason).toMatch(/follower spike/);
  });

  it("penalises a seesaw in the following count", () => {
    const a = auth({ history: history([20_000, 20_000, 20_000, 20_000, 20_000], [600, 3_000, 700, 3_100, 650]) });
    expect(a.reason).toMatch(/went up and down 3 times/);
    expect(a.value).toBeLessThan(100);
  });

  it("penalises ER far below the tier (bought followers), more the lower it is", () => {
    expect(auth({ medianEr: 0.0005 }).reason).toMatch(/bought followers do not engage/);
    expect(auth({ medianEr: 0.0005 }).value).toBeLessThan(auth({ medianEr: 0.008 }).value);
    expect(auth({ medianEr: 0.008 }).value).toBeLessThan(100);
  });

  it("does not warn about an ER far above the tier on its own", () => {
    const a = auth({ medianEr: 0.6, history: history([19_900, 19_950, 20_000]) });
    expect(a.value).toBe(100);
    expect(a.reason).toMatch(/far above its band, but with no second sign that is not a warning/);
  });

  it("warns about an ER far above the tier with a second sign: giveaway tags, a post over half the followers, an odd comment/like ratio", () => {
    const posts = [{ likes: 12_000, comments: 300, hashtags: ["giveaway", "win"] }];
    const giveaway = auth({ medianEr: 0.6, posts });
    expect(giveaway.reason).toMatch(/far above its band .* together with the signs? below/);
    expect(giveaway.reason).toMatch(/1 post with giveaway or contest tags/);
    expect(giveaway.reason).toMatch(/one post's engagements reached 62% of the followers/);
    expect(giveaway.value).toBeLessThan(100);
    const ratio = auth({ medianEr: 0.6, posts: [{ likes: 400, comments: 300 }] });
    expect(ratio.reason).toMatch(/comments per like 0.75, outside the roster's usual 0–0.22/);
  });

  it("never lowers the score as the ER rises, all else fixed (no cliff)", () => {
    const accounts = genAccounts(300, 11, { posts: true, history: true });
    const ers = Array.from({ length: 60 }, (_, i) => 0.0002 * Math.pow(1.15, i)); // 0.02% to 760%
    for (const objective of ["awareness", "sales"] as const) {
      for (const a of accounts) {
        let prev = -1;
        let prevAuth = -1;
        for (const medianEr of ers) {
          const r = scoreAccount({ ...a, medianEr }, { objective, niche: [] });
          const v = r.components.find((c) => c.name === "authenticity")!.value;
          if (r.score < prev || v < prevAuth) expect({ id: a.id, medianEr, score: r.score, prev, v, prevAuth }).toBeUndefined();
          prev = r.score;
          prevAuth = v;
        }
      }
    }
  });

  it("says 'no follower history yet' and lowers confidence instead of reading as no warning", () => {
    const r = scoreAccount(baseAccount({ history: undefined }), criteria);
    const withHistory = scoreAccount(baseAccount({ history: history([19_900, 20_000]) }), criteria);
    expect(r.components.find((c) => c.name === "authenticity")!.reason).toMatch(/no follower history yet/);
    expect(r.confidenceNotes.join(" ")).toMatch(/No follower history yet/);
    expect(r.confidence).toBeLessThan(withHistory.confidence);
  });

  it("penalises very uneven likes against the account's own median", () => {
    const likes = [500, 40, 3_000, 510, 20, 4_000, 490, 505];
    const a = auth({ posts: likes.map((l) => ({ likes: l, comments: 5 })) });
    expect(a.reason).toMatch(/very uneven/);
    const even = auth({ posts: [500, 520, 480, 700, 400, 510].map((l) => ({ likes: l, comments: 5 })) });
    expect(even.value).toBe(100);
  });

  it("lowers the total score when a warning sign appears, all else equal", () => {
    expect(auth({ following: 5_000, followers: 6_000, medianEr: 0.005 }).score).toBeLessThan(auth({ followers: 6_000, medianEr: 0.005 }).score);
  });

  it("ignores unsorted, undated and duplicate history entries without throwing", () => {
    const h: FollowerSnapshot[] = [
      { takenOn: day(2), followers: 23_000, following: 600 },
      { takenOn: new Date(NaN), followers: 1, following: 1 },
      { takenOn: day(0), followers: 15_000, following: 600 },
      { takenOn: day(0), followers: 15_000, following: 600 },
      { takenOn: day(1), followers: null, following: null },
    ];
    expect(auth({ history: h }).reason).toMatch(/follower spike/);
  });
});
