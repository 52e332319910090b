// Platform keys in the configuration: which clients exist, half-configured Instagram refused,
// keys and tokens scrubbed from log lines.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, secretValues } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { createPlatformData } from "../../src/adapters/platforms/index.ts";

const base = { NODE_ENV: "test" };
const KEY = "AIzaSyA1234567890abcdefghijklmnopqrstuv";
const TOKEN = "EAAGm0PX4ZCpsBAExampleTokenValue1234567890abcdef";
const silent = createLogger({ level: "silent" });

function problems(env: Record<string, string>): { variable: string; expected: string }[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("platform configuration", () => {
  it("has no platform clients without keys", () => {
    const data = createPlatformData(loadConfig(base), silent);
    expect(data.configured()).toEqual([]);
    expect(data.client("youtube")).toBeNull();
    expect(data.client("instagram")).toBeNull();
  });

  it("makes a client for each platform whose keys are set, and none for others", () => {
    const yt = createPlatformData(loadConfig({ ...base, YOUTUBE_API_KEY: KEY }), silent);
    expect(yt.configured()).toEqual(["youtube"]);
    expect(yt.client("youtube")?.platform).toBe("youtube");
    expect(yt.client("tiktok")).toBeNull();
    const both = createPlatformData(loadConfig({ ...base, YOUTUBE_API_KEY: KEY, INSTAGRAM_BUSINESS_ACCOUNT_ID: "17841400000000001", INSTAGRAM_ACCESS_TOKEN: TOKEN }), silent);
    expect(both.configured().sort()).toEqual(["instagram", "youtube"]);
    expect(both.client("youtube")?.budget().remaining).toBe(10_000);
  });

  it("refuses a half-configured Instagram, naming the missing variable", () => {
    expect(problems({ ...base, INSTAGRAM_ACCESS_TOKEN: TOKEN }).map((p) => p.variable)).toEqual(["INSTAGRAM_BUSINESS_ACCOUNT_ID"]);
    expect(problems({ ...base, INSTAGRAM_BUSINESS_ACCOUNT_ID: "17841400000000001" }).map((p) => p.variable)).toEqual(["INSTAGRAM_ACCESS_TOKEN"]);
  });

  it("refuses a malformed key without echoing it", () => {
    const p = problems({ ...base, YOUTUBE_API_KEY: "has spaces in it, not a key" });
    expect(p.map((x) => x.variable)).toEqual(["YOUTUBE_API_KEY"]);
    expect(JSON.stringify(p)).not.toContain("has spaces");
  });

  it("treats the key and the token as secrets scrubbed from every log line", () => {
    const config = loadConfig({ ...base, YOUTUBE_API_KEY: KEY, INSTAGRAM_BUSINESS_ACCOUNT_ID: "17841400000000001", INSTAGRAM_ACCESS_TOKEN: TOKEN });
    expect(secretValues(config)).toEqual(expect.arrayContaining([KEY, TOKEN]));
    const lines: string[] = [];
    const log = createLogger({ secrets: secretValues(config), destination: { write: (l: string) => lines.push(l) } });
    log.info({ url: `https://youtube.googleapis.com/youtube/v3/videos?id=x&key=${KEY}` }, `token ${TOKEN}`);
    log.info({ YOUTUBE_API_KEY: KEY, access_token: TOKEN }, "fields");
    // Without the configured values, the shapes alone are still caught.
    const bare: string[] = [];
    createLogger({ destination: { write: (l: string) => bare.push(l) } }).info(`GET /v21.0/1?access_token=abc123secretvalue&fields=x key ${KEY} ${TOKEN}`);
    for (const l of [...lines, ...bare]) {
      expect(l).not.toContain(KEY);
      expect(l).not.toContain(TOKEN);
      expect(l).not.toContain("abc123secretvalue");
    }
    expect(bare[0]).toContain("access_token=[redacted]");
  });
});
