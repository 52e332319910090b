// A follower spike names the two snapshots it lies between and where each figure came from
// (roster refresh writes platform snapshots; imports write imported ones).
import { describe, expect, it } from "vitest";
import { scoreAccount } from "../../../src/core/scoring/index.ts";
import type { Criteria, FollowerSnapshot } from "../../../src/core/scoring/index.ts";
import { baseAccount } from "./gen.ts";

const criteria: Criteria = { objective: "awareness", niche: [] };
const reason = (history: FollowerSnapshot[]) =>
  scoreAccount(baseAccount({ history }), criteria).components.find((c) => c.name === "authenticity")!.reason;
const snap = (date: string, followers: number, source?: string): FollowerSnapshot => ({
  takenOn: new Date(`${date}T00:00:00Z`),
  followers,
  following: 600,
  ...(source ? { source } : {}),
});

describe("follower spike sources", () => {
  it("says both figures were fetched from the platform when they were", () => {
    const r = reason([snap("2027-03-01", 10_000, "platform"), snap("2027-03-08", 40_000, "platform")]);
    expect(r).toContain("follower spike of +30,000 in 7 days, 300% (2027-03-01 to 2027-03-08, both fetched from the platform)");
  });

  it("names each date's source when an imported figure meets a platform one", () => {
    const r = reason([snap("2027-02-20", 10_000, "import"), snap("2027-02-27", 40_000, "platform")]);
    expect(r).toContain("(2027-02-20 imported, 2027-02-27 fetched from the platform)");
  });

  it("gives the two dates alone when no source is known", () => {
    const r = reason([snap("2027-02-20", 10_000), snap("2027-02-21", 16_000)]);
    expect(r).toContain("(2027-02-20 to 2027-02-21)");
  });
});
