import { describe, expect, it } from "vitest";
import { scoreAccount, tierOf } from "../../../src/core/scoring/index.ts";
import type { Criteria } from "../../../src/core/scoring/index.ts";
import { baseAccount } from "./gen.ts";

const tierFit = (followers: number | null, c: Criteria): number =>
  scoreAccount(baseAccount({ followers }), c).components.find((x) => x.name === "tierFit")!.value;

describe("tiers", () => {
  it("follow domain.md: nano under 1k, micro 1k–100k, mid 100k–500k, macro 500k–1M, mega 1M+", () => {
    expect(tierOf(50)).toBe("nano");
    expect(tierOf(100)).toBe("nano");
    expect(tierOf(999)).toBe("nano");
    expect(tierOf(1_000)).toBe("micro");
    expect(tierOf(99_999)).toBe("micro");
    expect(tierOf(100_000)).toBe("mid");
    expect(tierOf(500_000)).toBe("macro");
    expect(tierOf(1_000_000)).toBe("mega");
    expect(tierOf(null)).toBe("unknown");
    expect(tierOf(0)).toBe("unknown");
    expect(tierOf(-3)).toBe("unknown");
    expect(tierOf(NaN)).toBe("unknown");
  });
});

describe("tier fit", () => {
  const c: Criteria = { objective: "awareness", niche: [], followers: { min: 10_000, max: 40_000 } };

  it("is 100 inside the range and falls smoothly to 0 at half the min and double the max", () => {
    expect(tierFit(10_000, c)).toBe(100);
    expect(tierFit(40_000, c)).toBe(100);
    expect(tierFit(5_000, c)).toBe(0);
    expect(tierFit(80_000, c)).toBe(0);
    const below = tierFit(7_071, c); // geometric middle of 5k and 10k
    expect(below).toBeGreaterThan(45);
    expect(below).toBeLessThan(55);
    let prev = 101;
    for (let f = 10_000; f <= 90_000; f += 500) {
      const v = tierFit(f, c);
      expect(v).toBeLessThanOrEqual(prev);
      expect(prev - v).toBeLessThan(5); // no cliff
      prev = v;
    }
  });

  it("uses the micro default 1k–100k and is neutral when followers are unknown", () => {
    const d: Criteria = { objective: "awareness", niche: [] };
    expect(tierFit(1_000, d)).toBe(100);
    expect(tierFit(100_000, d)).toBe(100);
    expect(tierFit(600, d)).toBeGreaterThan(0);
    expect(tierFit(600, d)).toBeLessThan(100);
    expect(tierFit(null, d)).toBe(50);
  });

  it("explains the range in the reason", () => {
    const r = scoreAccount(baseAccount({ followers: 7_000 }), c);
    expect(r.components[0]!.reason).toBe(
      "7,000 followers is below the campaign range 10,000–40,000 (the score falls to 0 at 5,000).",
    );
  });
});
