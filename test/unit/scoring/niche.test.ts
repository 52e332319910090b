import { describe, expect, it } from "vitest";
import { normalizeTerm, scoreAccount, singularize } from "../../../src/core/scoring/index.ts";
import type { AccountInput, Criteria } from "../../../src/core/scoring/index.ts";
import { baseAccount } from "./gen.ts";

const nicheOf = (a: Partial<AccountInput>, c: Partial<Criteria>): { value: number; reason: string } => {
  const r = scoreAccount(
    baseAccount({ categories: [], hashtags: [], bio: null, ...a }),
    { objective: "leads", niche: [], ...c } as Criteria,
  );
  const comp = r.components.find((x) => x.name === "niche")!;
  return { value: comp.value, reason: comp.reason };
};

describe("normalizeTerm", () => {
  it("lower-cases, strips accents, # and punctuation, and collapses whitespace", () => {
    expect(normalizeTerm("  #Café   Crème ")).toBe("cafe creme");
    expect(normalizeTerm("Plant-Based Recipes")).toBe("plant based recipe");
    expect(normalizeTerm("plant based recipe")).toBe("plant based recipe");
    expect(normalizeTerm("##Vegan!!")).toBe("vegan");
    expect(normalizeTerm("")).toBe("");
    expect(normalizeTerm("🌱")).toBe("");
    expect(normalizeTerm("Ñandú_Über")).toBe("nandu uber");
  });

  it("singularises simple English plurals without damaging -ss words", () => {
    expect(singularize("recipes")).toBe("recipe");
    expect(singularize("berries")).toBe("berry");
    expect(singularize("dresses")).toBe("dress");
    expect(singularize("boxes")).toBe("box");
    expect(singularize("lunches")).toBe("lunch");
    expect(singularize("shoes")).toBe("shoe");
    expect(singularize("glass")).toBe("glass");
    expect(singularize("fitness")).toBe("fitness");
    expect(singularize("hummus")).toBe("hummus");
    expect(singularize("news")).toBe("news");
    expect(singularize("dogs")).toBe("dog");
    expect(normalizeTerm("Glass Dresses")).toBe("glass dress");
  });
});

describe("niche component", () => {
  it("is neutral 50 with the reason 'no niche given' when the campaign has no niche", () => {
    const n = nicheOf({ categories: ["food"] }, { niche: [] });
    expect(n.value).toBe(50);
    expect(n.reason).toMatch(/No niche given/);
  });

  it("matches regardless of case, accents, plural/singular and #", () => {
    const base = nicheOf({ categories: ["food"] }, { niche: ["food"] }).value;
    expect(base).toBe(100);
    expect(nicheOf({ categories: ["FOODS"] }, { niche: ["#Food"] }).value).toBe(base);
    expect(nicheOf({ categories: ["Pâtisserie"] }, { niche: ["patisseries"] }).value).toBe(base);
    expect(nicheOf({ hashtags: ["#Recipes"] }, { niche: ["recipe"] }).value).toBeGreaterThan(0);
  });

  it("matches multi-word terms as phrases in the bio and written joined in hashtags", () => {
    const c = { niche: ["Plant-Based Recipes"] };
    expect(nicheOf({ bio: "Easy plant based recipes for busy people" }, c).value).toBeGreaterThan(0);
    expect(nicheOf({ hashtags: ["plantbasedrecipes"] }, c).value).toBeGreaterThan(0);
    expect(nicheOf({ hashtags: ["#PlantBased"] }, { niche: ["plant based"] }).value).toBeGreaterThan(0);
    // words present but not as the phrase do not match
    expect(nicheOf({ bio: "A plant that is based in Paris" }, { niche: ["plant based"] }).value).toBe(0);
  });

  it("weighs categories more than hashtags, and hashtags more than the bio", () => {
    const c = { niche: ["vegan"] };
    const cat = nicheOf({ categories: ["vegan"] }, c).value;
    const tag = nicheOf({ hashtags: ["vegan"] }, c).value;
    const bio = nicheOf({ bio: "vegan cook" }, c).value;
    const none = nicheOf({ categories: ["travel"], hashtags: ["beach"], bio: "I travel" }, c).value;
    expect(cat).toBeGreaterThan(tag);
    expect(tag).toBeGreaterThan(bio);
    expect(bio).toBeGreaterThan(none);
    expect(none).toBe(0);
  });

  it("uses per-campaign synonyms in both directions", () => {
    const synonyms = { vegan: ["plant based", "dairy free"] };
    expect(nicheOf({ hashtags: ["dairyfree"] }, { niche: ["vegan"] }).value).toBe(0);
    expect(nicheOf({ hashtags: ["dairyfree"] }, { niche: ["vegan"], synonyms }).value).toBeGreaterThan(0);
    expect(nicheOf({ categories: ["Vegan"] }, { niche: ["plant-based"], synonyms }).value).toBe(100);
  });

  it("says which terms matched where, and which did not", () => {
    const n = nicheOf({ categories: ["Food"], hashtags: ["veganfood"] }, { niche: ["food", "vegan", "keto"] });
    expect(n.reason).toContain('"food" (category Food, #veganfood)');
    expect(n.reason).toContain('"vegan" (#veganfood)');
    expect(n.reason).toContain('nothing for "keto"');
  });

  it("covering more of the campaign's terms scores higher", () => {
    const c = { niche: ["food", "vegan"] };
    expect(nicheOf({ categories: ["food", "vegan"] }, c).value).toBeGreaterThan(nicheOf({ categories: ["food"] }, c).value);
  });
});
