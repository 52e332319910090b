import { describe, expect, it } from "vitest";
import { checkDisclosure, VISIBLE_CHARS } from "../../../src/core/disclosure.ts";

const rule = { disclosure: "#ad", hashtags: ["springmenu"], mentions: ["greenbowl"] };

describe("disclosure check, worked examples", () => {
  it("passes #ad at the start with the campaign's hashtag and mention", () => {
    expect(checkDisclosure("#ad Loving the new spring menu at @greenbowl! #springmenu", rule)).toEqual({ passed: true, level: "clear", issues: [], found: "#ad", reminders: [] });
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
    expect(checkDisclosure("Paid partnership with @greenbowl: spring menu!", label)).toMatchObject({ passed: true, level: "clear", found: "Paid partnership" });
    expect(checkDisclosure("[Ad] Spring menu!", { disclosure: "#ad" })).toMatchObject({ passed: false, found: "[Ad]", issues: ["The campaign asks for #ad; you used [Ad]. Use #ad (you may keep the other)."] });
  });

  it("flags the paid-partnership label alone as a weak disclosure, less severe than none", () => {
    const r = checkDisclosure("Spring menu time!", { disclosure: "Paid partnership label" });
    expect(r).toMatchObject({ passed: false, level: "weak", found: null });
    expect(r.issues).toEqual([`Weak disclosure: the platform's Paid partnership label alone is not enough; also write #ad or "Paid partnership with @brand" at the start of the caption.`]);
    expect(r.reminders[0]).toMatch(/Switch on the platform's Paid partnership label/);
    expect(checkDisclosure("Spring menu time!", { disclosure: "#ad" }).level).toBe("none");
  });

  it("does not take negations (#notsponsored, #notanad, #notgifted, 'not an ad', 'not sponsored by') for a disclosure, and says why", () => {
    for (const caption of ["#notsponsored spring menu @greenbowl #springmenu", "#notanad spring @greenbowl #springmenu", "#notgifted spring @greenbowl #springmenu"]) {
      const r = checkDisclosure(caption, rule);
      expect(r.level, caption).toBe("none");
      expect(r.issues[0], caption).toMatch(/^No clear disclosure: add #ad at the start of the caption \(#not\w+ says it is not an ad, which is no disclosure\)\.$/);
    }
    const words = checkDisclosure("This is not an ad! Spring menu @greenbowl #springmenu", rule);
    expect(words.level).toBe("none");
    expect(words.issues[0]).toMatch(/"not an ad" says it is not an ad/);
    expect(checkDisclosure("Not sponsored by @greenbowl, I just love it #springmenu", rule)).toMatchObject({ level: "none", found: null });
  });

  it("does not take look-alikes (#adsense, #adsl, #advertisingagency) or vague #brandpartner for a disclosure", () => {
    const r = checkDisclosure("#adsense #adsl #advertisingagency spring @greenbowl #springmenu", rule);
    expect(r.level).toBe("none");
    expect(r.issues[0]).toBe(`No clear disclosure: add #ad at the start of the caption (#adsense, #adsl, #advertisingagency only contain "ad").`);
    const vague = checkDisclosure("#brandpartner spring @greenbowl #springmenu", rule);
    expect(vague.issues[0]).toBe("No clear disclosure: add #ad at the start of the caption (#brandpartner is too vague to count).");
  });

  it("names every missing hashtag and mention, case-insensitively", () => {
    const r = checkDisclosure("#AD spring! @GreenBowl", { disclosure: "#ad", hashtags: ["springmenu", "vegan"], mentions: ["greenbowl", "chef.sam"] });
    expect(r.issues).toEqual(["Missing the campaign's hashtags #springmenu #vegan.", "Missing the mention @chef.sam."]);
  });
});
