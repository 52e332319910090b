import { describe, expect, it } from "vitest";
import { z } from "zod";
import { dispatch } from "../../src/adapters/dispatch.ts";
import { defineCommand } from "../../src/core/command.ts";
import { UserError } from "../../src/core/errors.ts";
import type { Services } from "../../src/core/services.ts";
import { NO_PLATFORM_DATA } from "../../src/core/platform-data/port.ts";
import { commands } from "../../commands/index.ts";
import { createLogger } from "../../src/logger.ts";

const lines: string[] = [];
const log = createLogger({ level: "info", destination: { write: (l: string) => lines.push(l) } });
// These tests never reach the store: every path here stops before it.
const unreachable = new Proxy({}, { get: () => () => { throw new Error("the store must not be reached"); } });
const services = {
  roster: unreachable as Services["roster"],
  shortlist: unreachable as Services["shortlist"],
  campaigns: unreachable as Services["campaigns"],
  metrics: unreachable as Services["metrics"],
  digests: unreachable as Services["digests"],
  creators: unreachable as Services["creators"],
  links: unreachable as Services["links"],
  notifier: unreachable as Services["notifier"],
  agreement: unreachable as Services["agreement"],
  payouts: unreachable as Services["payouts"],
  seeding: unreachable as Services["seeding"],
  platforms: NO_PLATFORM_DATA, // help reads which platforms are configured
  files: {
    limits: { maxBytes: 1024, maxRows: 10 },
    open: async (p: string) => {
      throw new UserError("FILE_NOT_FOUND", `There is no file at ${p}.`);
    },
    writeExport: async () => "",
  },
  now: () => new Date(0),
} satisfies Services;

const boom = defineCommand({
  name: "boom",
  summary: "fails",
  audience: "marketer",
  options: z.object({ n: z.coerce.number({ message: "expected a number" }).int().max(50, { message: "at most 50" }).optional() }),
  examples: ["/scout boom n:5"],
  async run() {
    throw new Error("database exploded at 10.0.0.3 with secret xoxb-111-222-abc");
  },
});
const showSlug = defineCommand({
  name: "show-slug",
  summary: "echoes the campaign",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: z.string() }),
  examples: ["/scout show-slug spring"],
  run: async ({ options }) => ({ message: { text: options.slug }, data: { slug: options.slug } }),
});
const registry = [...commands, boom, showSlug];
const actor = { id: "u1", name: "Ana", roles: ["marketer"] };
const run = (line: string, roles = actor.roles) => dispatch({ registry, services, log }, { line, surface: "console", actor: { ...actor, roles } });

describe("dispatch", () => {
  it("answers help with every command and its usage line", async () => {
    const r = await run("/scout help");
    expect(r.outcome).toBe("ok");
    const text = JSON.stringify(r.reply.message);
    expect(text).toContain("/scout roster import <file> [posts:<file>] [platform:<platform>]");
  });

  it("says in help what each platform key would add while none is set", async () => {
    const r = await run("/scout help");
    const section = r.reply.message.sections?.find((s) => s.title === "Verified numbers from the platforms");
    expect(section?.text).toContain("YOUTUBE_API_KEY: Scout checks delivered YouTube videos");
    expect(section?.text).toContain("INSTAGRAM_BUSINESS_ACCOUNT_ID and INSTAGRAM_ACCESS_TOKEN");
    expect(section?.text).toContain("TikTok, X and Twitch figures stay self-reported");
  });

  it("says in help which platforms are verified and names only the missing key", async () => {
    const withYouTube = { ...services, platforms: { client: () => null, configured: () => ["youtube" as const] } };
    const r = await dispatch({ registry, services: withYouTube, log }, { line: "/scout help", surface: "console", actor });
    const text = r.reply.message.sections?.find((s) => s.title === "Verified numbers from the platforms")?.text ?? "";
    expect(text).toMatch(/^Verified on YouTube\./);
    expect(text).not.toContain("YOUTUBE_API_KEY");
    expect(text).toContain("INSTAGRAM_ACCESS_TOKEN");
  });

  it("answers an unknown command briefly, naming the words it did not understand and pointing to help", async () => {
    const r = await run("frobnicate everything");
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toMatch(/^Unknown command `frobnicate everything`\.\nType `help` to see every command\.$/);
    expect(r.reply.message.ephemeral).toBe(true);
  });

  it("names a bad option, the expected form and an example", async () => {
    const r = await run("boom n:abc");
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toContain("n: expected a number");
    expect(r.reply.message.text).toContain("Usage: /scout boom [n:<n>]");
    expect(r.reply.message.text).toContain("Example: /scout boom n:5");
    const big = await run("boom n:500");
    expect(big.reply.message.text).toContain("at most 50");
  });

  it("names a missing required argument and an unknown option", async () => {
    const missing = await run("roster import");
    expect(missing.outcome).toBe("usage");
    expect(missing.reply.message.text).toMatch(/<file> is required/);
    // Per-field errors, for forms (Slack modals) to show next to the right field.
    expect((missing.reply.data as { error: { fields: Record<string, string> } }).error.fields).toEqual({ file: "is required" });
    const unknown = await run("roster import a.csv colour:red");
    expect(unknown.reply.message.text).toMatch(/unknown option colour:.*takes file:, posts:, platform:/);
    const platform = await run("roster import a.csv platform:myspace");
    expect(platform.reply.message.text).toMatch(/platform: expected one of instagram, tiktok/);
  });

  it("takes campaign:<slug> wherever a command takes the campaign as <slug>", async () => {
    expect((await run("show-slug campaign:spring")).reply.data).toEqual({ slug: "spring" });
    expect((await run("show-slug spring")).reply.data).toEqual({ slug: "spring" });
    const twice = await run("show-slug spring campaign:autumn");
    expect(twice.outcome).toBe("usage");
    expect(twice.reply.message.text).toContain("slug is given twice");
  });

  it("turns a user error into its message, privately", async () => {
    const r = await run("roster import nowhere.csv");
    expect(r.outcome).toBe("user");
    expect(r.code).toBe("FILE_NOT_FOUND");
    expect(r.reply.message).toMatchObject({ ephemeral: true, text: expect.stringContaining("There is no file at nowhere.csv") });
  });

  it("hides a bug behind a reference id and logs it with that id, without secrets", async () => {
    lines.length = 0;
    const r = await run("boom");
    expect(r.outcome).toBe("bug");
    expect(r.reply.message.text).toContain(r.invocationId);
    expect(r.reply.message.text).not.toMatch(/exploded|10\.0\.0\.3|at .*\.ts/);
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "command failed");
    expect(logged).toMatchObject({ id: r.invocationId, command: "boom", surface: "console", level: 50 });
    expect(lines.join("")).not.toContain("xoxb-111-222-abc");
  });

  it("refuses a marketer command to someone who is not a marketer", async () => {
    const r = await run("roster import a.csv", ["creator"]);
    expect(r.outcome).toBe("user");
    expect(r.code).toBe("NOT_ALLOWED");
  });
});
