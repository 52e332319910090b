import { describe, expect, it } from "vitest";
import { parseCount, parseCountry, parseDate, parseHandle, parseMoney, parsePlatform } from "../../../src/core/roster/values.ts";

const value = <T>(p: { ok: true; value: T | null } | { ok: false; reason: string }) => (p.ok ? p.value : `ERR ${p.reason}`);

describe("cell values", () => {
  it("understands counts as exports write them", () => {
    expect(value(parseCount("12345", "followers"))).toBe(12345);
    expect(value(parseCount("12,345", "followers"))).toBe(12345);
    expect(value(parseCount("12k", "followers"))).toBe(12000);
    expect(value(parseCount("12.5K", "followers"))).toBe(12500);
    expect(value(parseCount("1.2M", "followers"))).toBe(1_200_000);
    expect(value(parseCount(" 50k ", "followers"))).toBe(value(parseCount("50000", "followers")));
    expect(value(parseCount("", "followers"))).toBeNull();
  });

  it("rejects words, negatives and fractions with a reason naming the column", () => {
    expect(value(parseCount("abc", "followers"))).toMatch(/^ERR followers "abc" is not a number/);
    expect(value(parseCount("-5", "followers"))).toMatch(/^ERR followers cannot be negative/);
    expect(value(parseCount("12.5", "followers"))).toMatch(/whole number/);
    expect(value(parseCount("12kk", "followers"))).toMatch(/not a number/);
  });

  it("reads handles from @names and profile links", () => {
    expect(value(parseHandle("@Jane.Doe"))).toBe("jane.doe");
    expect(value(parseHandle("https://www.instagram.com/jane.doe/"))).toBe("jane.doe");
    expect(value(parseHandle("youtube.com/@CookingWithAna"))).toBe("cookingwithana");
    expect(value(parseHandle("   "))).toMatch(/handle is empty/);
  });

  it("knows platform aliases and refuses unknown platforms", () => {
    expect(value(parsePlatform("IG"))).toBe("instagram");
    expect(value(parsePlatform("Twitter"))).toBe("x");
    expect(value(parsePlatform("myspace"))).toMatch(/unknown platform "myspace"/);
  });

  it("reads prices with symbols and codes", () => {
    expect(value(parseMoney("$250", "rate"))).toEqual({ amount: 250, currency: "USD" });
    expect(value(parseMoney("1,200.50 EUR", "rate"))).toEqual({ amount: 1200.5, currency: "EUR" });
    expect(value(parseMoney("1.5k", "rate"))).toEqual({ amount: 1500, currency: null });
    expect(value(parseMoney("cheap", "rate"))).toMatch(/^ERR rate "cheap" is not an amount/);
  });

  it("reads countries and dates", () => {
    expect(value(parseCountry("de"))).toBe("DE");
    expect(value(parseCountry("Germany"))).toBe("DE");
    expect((value(parseDate("1480146151", "date")) as Date).toISOString()).toBe("2016-11-26T07:42:31.000Z");
    expect((value(parseDate("2024-05-31", "date")) as Date).toISOString()).toBe("2024-05-31T00:00:00.000Z");
    expect(value(parseDate("yesterday", "date"))).toMatch(/not a date/);
  });
});
