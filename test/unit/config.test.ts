import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, configSchema, loadConfig, surfaces } from "../../src/config.ts";

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("starts with defaults when nothing is set: embedded database, port 3000, no chat surfaces", () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.EMBEDDED_PG_DIR).toBe(".data/pg");
    expect(c.PORT).toBe(3000);
    expect(surfaces(c)).toMatchObject({ slack: false, discord: false });
    expect(surfaces(c).why.join(" ")).toMatch(/SLACK_BOT_TOKEN is not set/);
  });

  it("names the variable and what is expected when PORT is not a number", () => {
    const e = problemsOf({ PORT: "abc" });
    expect(e.problems[0]!.variable).toBe("PORT");
    expect(e.message).toMatch(/PORT: expected a port number/);
    expect(e.message).toContain('(got "abc")');
  });

  it("never echoes a secret value in a configuration error", () => {
    const secret = "not-a-real-token-value-123456";
    const e = problemsOf({ SLACK_BOT_TOKEN: secret, SLACK_SIGNING_SECRET: "abc" });
    expect(e.message).toMatch(/SLACK_BOT_TOKEN: expected a Slack bot token starting with xoxb-/);
    expect(e.message).toMatch(/SLACK_SIGNING_SECRET/);
    expect(e.message).not.toContain(secret);
  });

  it("asks for the signing secret when a Slack bot token comes alone", () => {
    const e = problemsOf({ SLACK_BOT_TOKEN: "xoxb-1-2-abc" });
    expect(e.problems.map((p) => p.variable)).toContain("SLACK_SIGNING_SECRET");
  });

  it("asks for the Discord ids when a Discord token is set", () => {
    const e = problemsOf({ DISCORD_TOKEN: "a-discord-token-here" });
    expect(e.problems.map((p) => p.variable).sort()).toEqual(["DISCORD_APPLICATION_ID", "DISCORD_CREATORS_CHANNEL_ID", "DISCORD_GUILD_ID"]);
  });

  it("rejects a DATABASE_URL that is not PostgreSQL without printing it", () => {
    const e = problemsOf({ DATABASE_URL: "mysql://root:hunter2@db/app" });
    expect(e.problems[0]!.variable).toBe("DATABASE_URL");
    expect(e.message).not.toContain("hunter2");
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).PORT).toBe(3000);
  });

  it("lists every variable of the schema in .env.example with a comment", () => {
    const example = fs.readFileSync(path.resolve(import.meta.dirname, "../../.env.example"), "utf8");
    const keys = Object.keys(configSchema.shape);
    const lines = example.split("\n");
    for (const k of keys) {
      const idx = lines.findIndex((l) => new RegExp(`^#?\\s*${k}=`).test(l));
      expect(idx, `${k} is missing from .env.example`).toBeGreaterThan(-1);
      expect(lines[idx - 1]?.startsWith("#"), `${k} has no comment above it`).toBe(true);
    }
  });
});
