import { describe, expect, it } from "vitest";
import { createFloodGuard, foldClicks, type ClickRequest, type ClickRow } from "../../../src/core/links/counting.ts";

const T0 = Date.UTC(2026, 10, 5, 10, 0, 0);
const MIN = 60_000;
const req = (ms: number, over: Partial<ClickRequest> = {}): ClickRequest => ({
  linkId: "L1",
  ipHash: "A",
  at: new Date(T0 + ms),
  userAgent: "Mozilla/5.0",
  isBot: false,
  suspect: false,
  ...over,
});
const ids = () => {
  let n = 0;
  return () => `new-${++n}`;
};

describe("folding requests into counted clicks", () => {
  it("counts one address on one link once per 30 minutes, the repeats folded into the counted click", () => {
    const plan = foldClicks([], [req(0), req(5 * MIN), req(29 * MIN), req(30 * MIN), req(45 * MIN)], ids());
    expect(plan.updates).toEqual([]);
    expect(plan.inserts.map((r) => [r.at.getTime() - T0, r.requests, r.kind])).toEqual([
      [0, 3, "person"],
      [30 * MIN, 2, "person"],
    ]);
    expect(plan.inserts[0]!.lastAt.getTime() - T0).toBe(29 * MIN);
  });

  it("keeps other addresses, links and kinds apart", () => {
    const plan = foldClicks([], [req(0), req(MIN, { ipHash: "B" }), req(MIN, { linkId: "L2" }), req(MIN, { isBot: true }), req(MIN, { suspect: true })], ids());
    expect(plan.inserts.map((r) => `${r.linkId}/${r.ipHash}/${r.kind}`)).toEqual(["L1/A/person", "L1/B/person", "L2/A/person", "L1/A/bot", "L1/A/suspect"]);
  });

  it("folds into a stored row that started less than 30 minutes before, and starts a new one after", () => {
    const stored: ClickRow[] = [{ id: "old", linkId: "L1", ipHash: "A", kind: "person", at: new Date(T0 - 20 * MIN) }];
    const plan = foldClicks(stored, [req(0), req(5 * MIN), req(10 * MIN)], ids());
    expect(plan.updates).toEqual([{ id: "old", requests: 2, lastAt: new Date(T0 + 5 * MIN) }]);
    expect(plan.inserts.map((r) => [r.id, r.requests])).toEqual([["new-1", 1]]);
  });

  it("stores a flood of any size as one row per 30 minutes", () => {
    const flood = Array.from({ length: 10_000 }, (_, i) => req(i * 10, { suspect: true }));
    const plan = foldClicks([], flood, ids());
    expect(plan.inserts).toHaveLength(1);
    expect(plan.inserts[0]!.requests).toBe(10_000);
  });
});

describe("the flood guard", () => {
  it("lets 60 requests a minute from one address through and marks the rest, per address", () => {
    const g = createFloodGuard();
    const marks = Array.from({ length: 100 }, (_, i) => g.hit("A", T0 + i * 500));
    expect(marks.filter(Boolean)).toHaveLength(40);
    expect(marks.indexOf(true)).toBe(60);
    expect(g.hit("B", T0 + 50_000)).toBe(false);
  });

  it("lets an address through again once its minute has passed", () => {
    const g = createFloodGuard();
    for (let i = 0; i < 61; i++) g.hit("A", T0 + i * 100);
    expect(g.hit("A", T0 + 6_200)).toBe(true);
    expect(g.hit("A", T0 + 6_100 + 60_000 + 60 * 100)).toBe(false);
  });

  it("remembers a bounded number of addresses", () => {
    const g = createFloodGuard({ maxAddresses: 1000 });
    for (let i = 0; i < 50_000; i++) g.hit(`10.0.${i >> 8}.${i & 255}`, T0 + i);
    expect(g.size).toBeLessThanOrEqual(1000);
  });
});
