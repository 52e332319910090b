import { describe, expect, it } from "vitest";
import { addDays, canonicalTimeZone, dailyCron, latestOccurrence, localTime, nextOccurrence, normaliseHhmm, zonedInstant } from "../../../src/core/jobs/time.ts";
import { parseChannel } from "../../../commands/digest.ts";

describe("local times in IANA zones", () => {
  it("finds 09:00 in Berlin as 08:00 UTC in winter and 07:00 UTC in summer", () => {
    expect(zonedInstant("2026-11-22", "09:00", "Europe/Berlin").toISOString()).toBe("2026-11-22T08:00:00.000Z");
    expect(zonedInstant("2026-07-01", "09:00", "Europe/Berlin").toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(zonedInstant("2026-11-22", "09:00", "UTC").toISOString()).toBe("2026-11-22T09:00:00.000Z");
    expect(zonedInstant("2026-11-22", "18:30", "America/New_York").toISOString()).toBe("2026-11-22T23:30:00.000Z");
  });

  it("gives the local date and time of an instant, across midnight", () => {
    expect(localTime(new Date("2026-11-22T23:30:00Z"), "Europe/Berlin")).toMatchObject({ date: "2026-11-23", time: "00:30" });
    expect(localTime(new Date("2026-11-22T03:00:00Z"), "America/Los_Angeles")).toMatchObject({ date: "2026-11-21", time: "19:00" });
  });

  it("finds the latest and next occurrence of a daily time", () => {
    const at = new Date("2026-11-22T08:30:00Z"); // 09:30 in Berlin
    expect(latestOccurrence(at, "09:00", "Europe/Berlin")).toEqual({ instant: new Date("2026-11-22T08:00:00Z"), period: "2026-11-22" });
    expect(latestOccurrence(at, "10:00", "Europe/Berlin")).toEqual({ instant: new Date("2026-11-21T09:00:00Z"), period: "2026-11-21" });
    expect(nextOccurrence(at, "09:00", "Europe/Berlin").toISOString()).toBe("2026-11-23T08:00:00.000Z");
    expect(nextOccurrence(at, "10:00", "Europe/Berlin").toISOString()).toBe("2026-11-22T09:00:00.000Z");
  });

  it("keeps the wall time over a daylight-saving change", () => {
    expect(zonedInstant("2026-03-29", "09:00", "Europe/Berlin").toISOString()).toBe("2026-03-29T07:00:00.000Z");
    expect(zonedInstant("2026-03-28", "09:00", "Europe/Berlin").toISOString()).toBe("2026-03-28T08:00:00.000Z");
  });

  it("checks times of day and zones, and writes the cron expression", () => {
    expect(normaliseHhmm("9:05")).toBe("09:05");
    expect(normaliseHhmm("23:59")).toBe("23:59");
    for (const bad of ["24:00", "9", "09:60", "9am", ""]) expect(normaliseHhmm(bad)).toBeNull();
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    expect(canonicalTimeZone("Mars/Olympus")).toBeNull();
    expect(dailyCron("09:05")).toBe("5 9 * * *");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("channel option", () => {
  it("reads Slack's linked channel, a bare id, or a name to look up", () => {
    expect(parseChannel("<#C0GROWTH1|growth>")).toEqual({ id: "C0GROWTH1", name: "growth" });
    expect(parseChannel("<#C0GROWTH1>")).toEqual({ id: "C0GROWTH1", name: null });
    expect(parseChannel("C0GROWTH1")).toEqual({ id: "C0GROWTH1", name: null });
    expect(parseChannel("G0PRIVATE1")).toEqual({ id: "G0PRIVATE1", name: null });
    expect(parseChannel("#Growth")).toEqual({ name: "growth" });
  });
});
