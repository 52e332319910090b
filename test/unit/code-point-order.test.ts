import { describe, expect, it } from "vitest";
import { byCodePoint } from "../../src/core/text.ts";

describe("byCodePoint (PostgreSQL's \"C\" order of UTF-8 text)", () => {
  it("puts an astral character after U+FF46, where UTF-16 order puts it before", () => {
    const tags = ["𝒜stral", "ｆｕｌｌ", "가나", "éclair", "zebra", "apple"];
    expect([...tags].sort(byCodePoint)).toEqual(["apple", "zebra", "éclair", "가나", "ｆｕｌｌ", "𝒜stral"]);
    expect([...tags].sort()).not.toEqual([...tags].sort(byCodePoint)); // the default order differs here
  });

  it("orders a prefix first and equal strings as equal", () => {
    expect(byCodePoint("ab", "abc")).toBeLessThan(0);
    expect(byCodePoint("abc", "ab")).toBeGreaterThan(0);
    expect(byCodePoint("𝒜", "𝒜")).toBe(0);
  });

  it("agrees with the order of the UTF-8 bytes on generated strings", () => {
    const alphabet = ["a", "z", "é", "가", "\uffe0", "ｆ", "𝒜", "😀", "\u{10ffff}"];
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed);
    const word = () => Array.from({ length: 1 + (next() % 4) }, () => alphabet[next() % alphabet.length]).join("");
    for (let k = 0; k < 2000; k++) {
      const a = word();
      const b = word();
      expect(Math.sign(byCodePoint(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"))));
    }
  });
});
