import { describe, expect, it } from "vitest";
import { COMPONENT_NAMES, OBJECTIVES, defaultWeights, resolveWeights, scoreAccount } from "../../../src/core/scoring/index.ts";
import type { ComponentName } from "../../../src/core/scoring/index.ts";
import { baseAccount, mulberry32 } from "./gen.ts";

const sum = (w: Record<ComponentName, number>): number => COMPONENT_NAMES.reduce((s, n) => s + w[n], 0);

describe("weights", () => {
  it("sum to 1 for every objective", () => {
    for (const o of OBJECTIVES) expect(Math.abs(sum(defaultWeights(o)) - 1)).toBeLessThan(1e-9);
  });

  it("sum to 1 with random overrides, renormalised", () => {
    const rand = mulberry32(3);
    for (let k = 0; k < 500; k++) {
      const overrides: Partial<Record<ComponentName, number>> = {};
      for (const n of COMPONENT_NAMES) if (rand() < 0.4) overrides[n] = rand() < 0.1 ? 0 : rand() * 50;
      for (const o of OBJECTIVES) {
        const w = resolveWeights(o, overrides);
        expect(Math.abs(sum(w) - 1)).toBeLessThan(1e-9);
        for (const n of COMPONENT_NAMES) expect(w[n]).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it("ignore invalid overrides and fall back to the defaults when everything is zero", () => {
    const bad = { cost: -1, niche: NaN, engagement: Infinity } as Partial<Record<ComponentName, number>>;
    expect(resolveWeights("sales", bad)).toEqual(defaultWeights("sales"));
    const zeros = Object.fromEntries(COMPONENT_NAMES.map((n) => [n, 0]));
    expect(resolveWeights("traffic", zeros)).toEqual(defaultWeights("traffic"));
  });

  it("follow the objective: awareness leans on tier fit, sales on cost; engagement is never under 25%", () => {
    const aw = defaultWeights("awareness");
    const sales = defaultWeights("sales");
    expect(aw.tierFit).toBeGreaterThan(sales.tierFit);
    expect(aw.tierFit).toBeGreaterThan(defaultWeights("traffic").tierFit);
    for (const o of ["awareness", "traffic", "leads", "sales"] as const) expect(defaultWeights(o).engagement).toBeGreaterThanOrEqual(0.25);
    expect(sales.cost).toBeGreaterThan(aw.cost);
    const traffic = defaultWeights("traffic");
    expect(traffic.engagement + traffic.niche).toBeGreaterThan(aw.engagement + aw.niche);
  });

  it("an override moves the component's weight in the result and keeps the sum at 1", () => {
    const r = scoreAccount(baseAccount(), { objective: "sales", niche: [], weights: { niche: 1 } });
    const total = r.components.reduce((s, c) => s + c.weight, 0);
    expect(Math.abs(total - 1)).toBeLessThan(1e-9);
    const niche = r.components.find((c) => c.name === "niche");
    expect(niche?.weight).toBeCloseTo(1 / 1.9, 9);
  });
});
