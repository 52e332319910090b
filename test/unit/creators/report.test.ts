import { describe, expect, it } from "vitest";
import { metricsText, validateReport } from "../../../src/core/creators/report.ts";

describe("self-reported metrics", () => {
  it("keeps the numbers given", () => {
    expect(validateReport({ views: 12000, likes: 800, reach: 15000 })).toEqual({ ok: true, metrics: { views: 12000, likes: 800, reach: 15000 } });
    expect(metricsText({ views: 12000, likes: 800 })).toBe("views 12,000, likes 800");
  });

  it("needs at least one number", () => {
    expect(validateReport({})).toMatchObject({ ok: false, message: expect.stringMatching(/at least one number/) });
  });

  it("refuses negatives and fractions, per field", () => {
    expect(validateReport({ views: -1, likes: 2.5 })).toMatchObject({ ok: false, fields: { views: "must be a whole number, 0 or more", likes: "must be a whole number, 0 or more" } });
  });

  it("refuses more likes or comments than views when views are given, but lets reach exceed views", () => {
    const r = validateReport({ views: 100, likes: 150, comments: 101, reach: 5000 });
    expect(r).toMatchObject({ ok: false, fields: { likes: "is more than the views (150 > 100); check both numbers", comments: expect.stringMatching(/more than the views/) } });
    expect(validateReport({ views: 100, reach: 5000, likes: 100 }).ok).toBe(true);
    expect(validateReport({ likes: 150 }).ok).toBe(true);
  });

  it("allows zero", () => {
    expect(validateReport({ clicks: 0 })).toEqual({ ok: true, metrics: { clicks: 0 } });
  });
});
