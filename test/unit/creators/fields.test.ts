import { describe, expect, it } from "vitest";
import { confirmOption, handlesOption, nichesOption } from "../../../src/core/creators/fields.ts";
import { identityOf } from "../../../src/core/creators/identity.ts";

const inv = (surface: "discord" | "console" | "cli" | "slack", id = "900000000000000001") => ({ surface, actor: { id, name: "ana", roles: ["creator"] } });

describe("profile handles", () => {
  it("reads platform:@handle lists and profile links", () => {
    expect(handlesOption.parse("instagram:@Ana, tiktok:@ana.eats; yt:AnaCooks")).toEqual([
      { platform: "instagram", handle: "ana" },
      { platform: "tiktok", handle: "ana.eats" },
      { platform: "youtube", handle: "anacooks" },
    ]);
    expect(handlesOption.parse("https://www.instagram.com/ana.cooks/, twitter:@ana")).toEqual([
      { platform: "instagram", handle: "ana.cooks" },
      { platform: "x", handle: "ana" },
    ]);
  });

  it("says what is wrong: no platform, unknown platform, two of one platform, bad characters", () => {
    const msg = (v: string) => handlesOption.safeParse(v).error?.issues[0]?.message;
    expect(msg("@ana")).toBe('"@ana" needs its platform, e.g. instagram:@ana');
    expect(msg("myspace:@ana")).toMatch(/"myspace" is not a platform/);
    expect(msg("instagram:@a, ig:@b")).toBe("names two instagram handles; give one per platform");
    expect(msg("instagram:@a<b>")).toMatch(/is not a handle/);
    expect(msg("https://evil.example/ana")).toMatch(/not a profile link Scout knows/);
  });

  it("reads niches and the disclosure answer", () => {
    expect(nichesOption.parse("#Vegan food, travel, vegan food")).toEqual(["vegan food", "travel"]);
    expect(confirmOption.parse("Yes")).toBe(true);
    expect(confirmOption.parse("no")).toBe(false);
    expect(confirmOption.safeParse("maybe").success).toBe(false);
  });
});

describe("who a creator command acts for", () => {
  it("is the Discord user on Discord, and as: is refused there", () => {
    expect(identityOf(inv("discord"), undefined)).toEqual({ kind: "discord", discordUserId: "900000000000000001", name: "ana" });
    expect(() => identityOf(inv("discord"), "@bob")).toThrow(/as: works only on the local console and CLI/);
  });

  it("is the as: handle on the console and CLI, which must be given", () => {
    expect(identityOf(inv("console", "console"), "@Ana.Cooks")).toEqual({ kind: "local", handle: "ana.cooks", name: "@ana.cooks" });
    expect(identityOf(inv("cli", "console"), "ana")).toMatchObject({ kind: "local", handle: "ana" });
    expect(() => identityOf(inv("console", "console"), undefined)).toThrow(/as: say which creator to act as/);
  });

  it("is refused on Slack", () => {
    expect(() => identityOf(inv("slack", "U123"), undefined)).toThrow(/Creator commands work in the brand's Discord server/);
  });
});
