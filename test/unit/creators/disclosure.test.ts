import { describe, expect, it } from "vitest";
import { checkDisclosure, VISIBLE_CHARS } from "../../../src/core/disclosure.ts";

const rule = { disclosure: "#ad", hashtags: ["springmenu"], mentions: ["greenbowl"] };

describe("disclosure check, worked examples", () => {
  it("passes #ad at the start with the campaign's hashtag and mention", () => {
    expect(checkDisclosure("#ad Loving the new spring menu at @greenbowl! #springmenu", rule)).toEqual({ passed: true, issues: [], found: "#ad", reminders: [] });
  });

  it("flags a caption with no disclosure, naming the rule to add", () => {
    const r = checkDisclosure("Loving the new spring menu at @greenbowl #springmenu", rule);
    expect(r.passed).toBe(false);
    expect(r.issues).toEqual(["No clear disclosure: add #ad at the start of the caption."]);
  });

  it("says vague tags and a thank-you do not count", () => {
    const r = checkDisclosure("Thanks @greenbowl for the treat! #collab #sp #springmenu", rule);
    expect(r.issues).toEqual(["No clear disclosure: add #ad at the start of the caption (#collab, #sp are too vague to count; a thank-you to the brand is not a disclosure)."]);
  });

  it("flags #ad hidden after 'more' (past the first 125 characters)", () => {
    const caption = `${"So good. ".repeat(16)}@greenbowl #springmenu #ad`;
    const r = checkDisclosure(caption, rule);
    const at = caption.indexOf("#ad");
    expect(at).toBeGreaterThanOrEqual(VISIBLE_CHARS);
    expect(r.issues).toEqual([`#ad comes only at character ${at + 1}, after "more"; move it into the first 125 characters, ideally the start.`]);
  });

  it("does not mistake #adventure or 'ad' inside words for a disclosure", () => {
    expect(checkDisclosure("#adventure time with @greenbowl #springmenu, a great read", rule).issues[0]).toMatch(/^No clear disclosure/);
  });

  it("accepts #sponsored as a disclosure but asks for the campaign's own #ad", () => {
    const r = checkDisclosure("#sponsored spring at @greenbowl #springmenu", rule);
    expect(r.found).toBe("#sponsored");
    expect(r.issues).toEqual(["The campaign asks for #ad; you used #sponsored. Use #ad (you may keep the other)."]);
  });

  it("accepts a written 'Paid partnership with' or '[Ad]' for a label rule, and reminds of the label", () => {
    const label = { disclosure: "Paid partnership label" };
    expect(checkDisclosure("Paid partnership with @greenbowl: spring menu!", label)).toMatchObject({ passed: true, found: "Paid partnership" });
    const r = checkDisclosure("Spring menu time!", label);
    expect(r).toMatchObject({ passed: true, issues: [] });
    expect(r.reminders[0]).toMatch(/Switch on the platform's Paid partnership label/);
    expect(checkDisclosure("[Ad] Spring menu!", { disclosure: "#ad" })).toMatchObject({ passed: false, found: "[Ad]", issues: ["The campaign asks for #ad; you used [Ad]. Use #ad (you may keep the other)."] });
  });

  it("names every missing hashtag and mention, case-insensitively", () => {
    const r = checkDisclosure("#AD spring! @GreenBowl", { disclosure: "#ad", hashtags: ["springmenu", "vegan"], mentions: ["greenbowl", "chef.sam"] });
    expect(r.issues).toEqual(["Missing the campaign's hashtags #springmenu #vegan.", "Missing the mention @chef.sam."]);
  });
});
