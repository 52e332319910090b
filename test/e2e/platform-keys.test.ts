// Platform keys through the real CLI process: help says what is verified and what a key would add;
// a half-configured Instagram stops Scout naming the missing variable, never echoing the token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { runCli } from "../support/run.ts";
import { startFakeYouTube, type FakeYouTube } from "../fakes/youtube-api.ts";

const t = useTestDatabase("platform_keys");
const TOKEN = "EAAGm0PX4ZCpsBAExampleTokenValue1234567890abcdef";
let yt: FakeYouTube;

beforeAll(async () => {
  yt = await startFakeYouTube();
});
afterAll(() => yt.close());

describe("platform keys in the running CLI", () => {
  it("without keys, help says what each platform key would add", async () => {
    const r = await runCli(["help"], { DATABASE_URL: t.url, YOUTUBE_API_KEY: "", INSTAGRAM_BUSINESS_ACCOUNT_ID: "", INSTAGRAM_ACCESS_TOKEN: "" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Verified numbers from the platforms");
    expect(r.stdout).toContain("YOUTUBE_API_KEY: Scout checks delivered YouTube videos");
    expect(r.stdout).toContain("INSTAGRAM_BUSINESS_ACCOUNT_ID and INSTAGRAM_ACCESS_TOKEN");
  });

  it("with a YouTube key, help says YouTube is verified and names only Instagram's keys", async () => {
    const r = await runCli(["help"], { DATABASE_URL: t.url, YOUTUBE_API_KEY: yt.apiKey, YOUTUBE_API_URL: yt.url, INSTAGRAM_BUSINESS_ACCOUNT_ID: "", INSTAGRAM_ACCESS_TOKEN: "" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Verified on YouTube.");
    expect(r.stdout).not.toContain("YOUTUBE_API_KEY:");
    expect(r.stdout).toContain("INSTAGRAM_ACCESS_TOKEN");
    expect(yt.callCount()).toBe(0); // configuring costs no quota
  });

  it("refuses to start with an Instagram token but no account id, naming the variable and not the token", async () => {
    const r = await runCli(["help"], { DATABASE_URL: t.url, INSTAGRAM_ACCESS_TOKEN: TOKEN, INSTAGRAM_BUSINESS_ACCOUNT_ID: "" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/INSTAGRAM_BUSINESS_ACCOUNT_ID: is required with INSTAGRAM_ACCESS_TOKEN/);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });
});
