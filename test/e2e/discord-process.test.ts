// The real entry points with Discord on: `npm start` connects to the (fake) gateway, registers the
// commands when DISCORD_REGISTER_ON_START=true and stops cleanly on SIGTERM; `npm run
// discord:register` registers them on its own.
import path from "node:path";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { childEnv, exitOf, ROOT, startMain, waitFor } from "../support/run.ts";
import { IDS, startFakeDiscord, type FakeDiscord } from "../fakes/discord-api.ts";
import { startFakeGateway, type FakeGateway } from "../fakes/discord-gateway.ts";
import { TOKEN } from "../fakes/discord-harness.ts";

const t = useTestDatabase("discord_process");
let fake: FakeDiscord;
let gateway: FakeGateway;
const env = () => ({
  DATABASE_URL: t.url,
  PORT: "0",
  DISCORD_TOKEN: TOKEN,
  DISCORD_APPLICATION_ID: IDS.app,
  DISCORD_GUILD_ID: IDS.guild,
  DISCORD_CREATORS_CHANNEL_ID: IDS.text,
  DISCORD_API_URL: fake.apiUrl,
});

beforeAll(async () => {
  fake = await startFakeDiscord();
  gateway = await startFakeGateway(fake);
});
afterAll(async () => {
  await gateway?.close();
  await fake?.close();
});

describe("Scout's processes with Discord", () => {
  it("npm start connects, registers the commands at start when asked, and exits 0 on SIGTERM", async () => {
    const child = startMain({ ...env(), DISCORD_REGISTER_ON_START: "true", LOG_LEVEL: "info" });
    try {
      await waitFor(() => child.errors(), /discord ready/, 30_000);
      expect(child.errors()).toMatch(/Discord: connecting to the gateway/);
      expect(child.errors()).not.toContain(TOKEN);
      expect(fake.find("/applications/{application_id}/guilds/{guild_id}/commands", "PUT")).toHaveLength(1);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exitOf(child)).toBe(0);
  });

  it("npm run discord:register PUTs the guild commands and names them", async () => {
    const before = fake.find("/applications/{application_id}/guilds/{guild_id}/commands", "PUT").length;
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/adapters/discord/register-cli.ts")], { cwd: ROOT, env: childEnv(env()) });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    expect(await exitOf(child)).toBe(0);
    expect(out).toMatch(/Registered \d+ slash commands .*\/optin/);
    expect(fake.find("/applications/{application_id}/guilds/{guild_id}/commands", "PUT")).toHaveLength(before + 1);
    expect(fake.problems()).toEqual([]);
  });
});
