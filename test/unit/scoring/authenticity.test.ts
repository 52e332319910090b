import { describe, expect, it } from "vitest";
import { scoreAccount } from "../../../src/core/scoring/index.ts";
import type { AccountInput, Criteria, FollowerSnapshot } from "../../../src/core/scoring/index.ts";
import { baseAccount } from "./gen.ts";

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

  it("penalises mass following with a reason", () => {
    const a = auth({ following: 4_000 });
    expect(a.value).toBeLessThan(100);
    expect(a.reason).toMatch(/mass following: follows 4,000 accounts/i);
  });

  it("penalises mass following less when followers are large", () => {
    const small = auth({ following: 3_000, followers: 8_000 }).value;
    const large = auth({ following: 3_000, followers: 90_000 }).value;
    expect(large).toBeGreaterThan(small);
  });

  it("penalises follow-for-follow (following near followers, over 1,500) on top of mass following", () => {
    const mass = auth({ following: 2_000, followers: 20_000 });
    const f4f = auth({ following: 18_000, followers: 20_000 });
    expect(f4f.value).toBeLessThan(mass.value);
    expect(f4f.reason).toMatch(/follow-for-follow/);
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

  it("penalises ER far below the tier (bought followers) and far above (pods)", () => {
    expect(auth({ medianEr: 0.0005 }).reason).toMatch(/bought followers do not engage/);
    expect(auth({ medianEr: 0.6 }).reason).toMatch(/engagement pods/);
    expect(auth({ medianEr: 0.0005 }).value).toBeLessThan(100);
  });

  it("penalises very uneven likes against the account's own median", () => {
    const likes = [500, 40, 3_000, 510, 20, 4_000, 490, 505];
    const a = auth({ posts: likes.map((l) => ({ likes: l, comments: 5 })) });
    expect(a.reason).toMatch(/very uneven/);
    const even = auth({ posts: [500, 520, 480, 700, 400, 510].map((l) => ({ likes: l, comments: 5 })) });
    expect(even.value).toBe(100);
  });

  it("lowers the total score when a warning sign appears, all else equal", () => {
    expect(auth({ following: 5_000 }).score).toBeLessThan(auth({}).score);
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
