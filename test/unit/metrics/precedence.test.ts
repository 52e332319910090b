import { describe, expect, it } from "vitest";
import { chooseFigures, erBasis, latestPerSource, type SnapshotFigures, type SnapshotSource } from "../../../src/core/metrics/precedence.ts";

const snap = (source: SnapshotSource, at: string, f: Partial<SnapshotFigures>) => ({
  source,
  takenAt: new Date(at),
  reach: null,
  impressions: null,
  views: null,
  likes: null,
  comments: null,
  shares: null,
  saves: null,
  clicks: null,
  ...f,
});

describe("source precedence", () => {
  it("keeps only the latest snapshot of each source", () => {
    const l = latestPerSource([
      snap("creator", "2026-11-01T10:00Z", { reach: 100 }),
      snap("creator", "2026-11-03T10:00Z", { reach: 300 }),
      snap("creator", "2026-11-02T10:00Z", { reach: 200 }),
    ]);
    expect(l.creator!.reach).toBe(300);
    expect(l.import).toBeUndefined();
  });

  it("an import beats the creator's report for reach and engagements, and the two are never added", () => {
    const c = chooseFigures(
      latestPerSource([
        snap("creator", "2026-11-05T10:00Z", { reach: 5_000, likes: 400, comments: 40, clicks: 90 }),
        snap("import", "2026-11-04T10:00Z", { reach: 4_200, likes: 380, comments: 30, shares: 10 }),
      ]),
    );
    expect(c.reach).toBe(4_200);
    expect(c.engagements).toBe(420);
    expect(c.sources).toEqual({ reach: "import", engagements: "import" });
    // The import gives no clicks: the creator's reported clicks stand.
    expect(c.clicks).toBe(90);
  });

  it("falls back to the creator's report per figure the import lacks, and takes engagements from one source", () => {
    const c = chooseFigures(
      latestPerSource([snap("creator", "2026-11-05T10:00Z", { reach: 5_000, likes: 400, saves: 50 }), snap("import", "2026-11-04T10:00Z", { impressions: 9_000 })]),
    );
    expect(c.reach).toBe(5_000);
    expect(c.impressions).toBe(9_000);
    expect(c.engagements).toBe(450);
    expect(c.sources).toEqual({ reach: "creator", engagements: "creator" });
  });

  it("uses views as impressions when no impressions are given", () => {
    expect(chooseFigures({ creator: snap("creator", "2026-11-05T10:00Z", { views: 7_000 }) }).impressions).toBe(7_000);
    expect(chooseFigures({}).impressions).toBeNull();
  });

  it("bases ER on views on TikTok and YouTube and on followers elsewhere", () => {
    expect(erBasis("tiktok", { views: 30_000, impressions: null }, 5_000)).toBe(30_000);
    expect(erBasis("youtube", { views: null, impressions: 8_000 }, 5_000)).toBe(8_000);
    expect(erBasis("instagram", { views: 30_000, impressions: null }, 25_000)).toBe(25_000);
    expect(erBasis("instagram", { views: 30_000, impressions: null }, null)).toBeNull();
    expect(erBasis("x", { views: null, impressions: null }, 0)).toBeNull();
  });
});
