import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { exitOf, startMain, waitFor } from "../support/run.ts";

const t = useTestDatabase("console");

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });

describe("npm start without tokens: the local console", () => {
  it("says which surfaces are off and why, serves commands and /healthz, and exits on `exit`", async () => {
    const bot = startMain({ DATABASE_URL: t.url, PORT: "0" });
    try {
      const [, port] = await waitFor(bot.output, /HTTP: http:\/\/localhost:(\d+)\/healthz/);
      expect(bot.output()).toMatch(/Slack is off: SLACK_BOT_TOKEN is not set/);
      expect(bot.output()).toMatch(/Discord is off: DISCORD_TOKEN is not set/);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok", database: "up" });
      expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);

      bot.stdin.write("/scout help\n");
      await waitFor(bot.output, /Marketer commands/);
      bot.stdin.write("roster import missing.csv platform:instagram\n");
      await waitFor(bot.output, /There is no file at missing\.csv/);
      bot.stdin.write("roster import x.csv top:5\n");
      await waitFor(bot.output, /unknown option top:/);
      bot.stdin.write("exit\n");
      expect(await exitOf(bot)).toBe(0);
      expect(await canConnect(Number(port))).toBe(false);
    } finally {
      bot.kill();
    }
  });

  it("starts its own embedded PostgreSQL when DATABASE_URL is unset and shuts it down at end of input", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-pg-"));
    fs.chmodSync(dir, 0o755); // as root, PostgreSQL runs as the "postgres" user, which must reach the folder
    const pgPort = String(20000 + Math.floor(Math.random() * 20000));
    const bot = startMain({ EMBEDDED_PG_DIR: path.join(dir, "pg"), EMBEDDED_PG_PORT: pgPort, PORT: "0" });
    try {
      await waitFor(() => bot.output() + bot.errors(), /Database: embedded PostgreSQL/, 90_000);
      expect(await canConnect(Number(pgPort))).toBe(true);
      bot.stdin.write("help roster\n");
      await waitFor(bot.output, /Options:/);
      bot.stdin.end();
      expect(await exitOf(bot, 30_000)).toBe(0);
      expect(await canConnect(Number(pgPort))).toBe(false);
    } finally {
      bot.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("refuses to start on a bad variable, naming it, without echoing secrets", async () => {
    const bot = startMain({ DATABASE_URL: t.url, PORT: "0", SLACK_BOT_TOKEN: "xoxb-good-1", SLACK_SIGNING_SECRET: "zz-not-hex-secret" });
    expect(await exitOf(bot)).toBe(1);
    expect(bot.errors()).toMatch(/SLACK_SIGNING_SECRET: expected the Slack app's signing secret/);
    expect(bot.errors()).not.toContain("zz-not-hex-secret");
  });

  it("with tokens set, starts the Slack adapter instead of the console and keeps serving /healthz", async () => {
    const bot = startMain({ DATABASE_URL: t.url, PORT: "0", SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "0123456789abcdef0123" });
    try {
      const [, port] = await waitFor(bot.errors, /HTTP on port (\d+)/);
      expect(bot.errors()).toMatch(/Slack: requests at POST \/slack\/events on port \d+/);
      expect(bot.errors()).not.toContain("xoxb-1-2-abc");
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      bot.kill("SIGTERM");
      expect(await exitOf(bot)).toBe(0);
    } finally {
      bot.kill();
    }
  });
});
