import { describe, expect, it } from "vitest";
import { parseTokens, tokenize } from "../../src/core/command-line.ts";
import { UsageError } from "../../src/core/errors.ts";

const NAMES = ["help", "roster import", "shortlist"];

describe("command line", () => {
  it("splits on spaces and keeps quoted values whole, after a key too", () => {
    expect(tokenize(`shortlist niche:"plant based" followers:5k-50k 'my file.csv'`)).toEqual([
      "shortlist",
      "niche:plant based",
      "followers:5k-50k",
      "my file.csv",
    ]);
  });

  it("understands typographic quotes that Slack and phones insert", () => {
    expect(tokenize("shortlist niche:\u201cplant based\u201d")).toEqual(["shortlist", "niche:plant based"]);
  });

  it("keeps an escaped quote inside a quoted value", () => {
    expect(tokenize('note:"say \\"hi\\""')).toEqual(['note:say "hi"']);
  });

  it("refuses an unclosed quote with a usage error", () => {
    expect(() => tokenize('niche:"plant based')).toThrow(UsageError);
  });

  it("matches the longest command name and reads options, positionals and flags", () => {
    const p = parseTokens(tokenize("/scout roster import a.csv posts:b.csv platform:IG --json"), NAMES);
    expect(p.command).toBe("roster import");
    expect(p.positional).toEqual(["a.csv"]);
    expect(p.options).toEqual({ posts: "b.csv", platform: "IG" });
    expect(p.flags.has("json")).toBe(true);
  });

  it("keeps a URL as a bare word rather than a key", () => {
    const p = parseTokens(["roster", "import", "https://example.com/a.csv"], NAMES);
    expect(p.positional).toEqual(["https://example.com/a.csv"]);
  });

  it("reports an unknown command with the words it did not understand", () => {
    const p = parseTokens(["frobnicate", "now"], NAMES);
    expect(p.command).toBeNull();
    expect(p.unknown).toEqual(["frobnicate", "now"]);
  });

  it("refuses a key with no value, naming the key", () => {
    expect(() => parseTokens(["shortlist", "niche:"], NAMES)).toThrow(/niche: has no value/);
  });

  it("refuses a key given twice", () => {
    expect(() => parseTokens(["shortlist", "top:5", "top:6"], NAMES)).toThrow(/top: is given twice/);
  });
});
