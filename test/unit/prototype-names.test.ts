// Words someone types that are names on Object.prototype ("constructor", "toString", "__proto__")
// are looked up like any other word: as a platform, a niche word, an option key, a file extension.
import { describe, expect, it } from "vitest";
import { own } from "../../src/core/own.ts";
import { parsePlatform } from "../../src/core/roster/values.ts";
import { normalizeTerm, singularize } from "../../src/core/scoring/index.ts";
import { parseTokens, tokenize } from "../../src/core/command-line.ts";
import { checkAttachment } from "../../src/core/agreement/drafts.ts";
import { decidedLine } from "../../src/adapters/slack/render.ts";

const NAMES = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "isPrototypeOf"];

describe("names of Object.prototype typed as words", () => {
  it("are not in a table unless the table has them itself", () => {
    const table = { ig: "instagram" } as Record<string, string>;
    for (const n of NAMES) expect(own(table, n)).toBeUndefined();
    expect(own(table, "ig")).toBe("instagram");
  });

  it("are refused as platforms, with the platforms to use", () => {
    for (const n of NAMES) {
      const p = parsePlatform(n);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.reason).toMatch(/unknown platform .* \(use one of instagram/);
    }
  });

  it("stay words in niche matching: singularize and normalizeTerm give strings", () => {
    for (const n of NAMES) expect(typeof singularize(n.toLowerCase())).toBe("string");
    expect(singularize("constructor")).toBe("constructor");
    expect(normalizeTerm("Constructor toString __proto__ recipes")).toBe("constructor tostring proto recipe");
  });

  it("are options like any other key, not taken for one given twice", () => {
    const r = parseTokens(tokenize("shortlist constructor:x tostring:y"), ["shortlist"]);
    expect(Object.keys(r.options)).toEqual(["constructor", "tostring"]);
    expect(r.options.constructor).toBe("x");
  });

  it("as a file extension, make a draft of an unknown type, said in words", () => {
    const r = checkAttachment({ url: "https://cdn.discordapp.com/attachments/1/2/clip.constructor", name: "clip.constructor", size: 10 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain("of an unknown type");
      expect(r.reason).not.toMatch(/function|native code/);
    }
  });

  it("as a button's word, get a past tense, not a function's text", () => {
    expect(decidedLine("Constructor", "U1", new Date(0))).toMatch(/^Constructored by <@U1>/);
  });
});
