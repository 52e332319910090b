// The real bot process (`npm start`: node --import tsx src/main.ts) with Slack tokens, pointed at a
// fake Slack by SLACK_API_URL, driven with signed requests on its one HTTP port.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { exitOf, startMain, waitFor } from "../support/run.ts";
import { BOT_TOKEN, commandPayload, form, post, sign, slackProcessEnv } from "../fakes/slack-harness.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack-api.ts";

const t = useTestDatabase("slack_process");
let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
});
afterAll(async () => {
  await fake?.close();
});

describe("npm start with Slack tokens", () => {
  it("serves /scout at POST /slack/events on PORT next to /healthz, verifies signatures, and stops on SIGTERM", async () => {
    fake.setDown(true); // Slack unreachable at first: the bot must wait and retry, not crash
    const bot = startMain(slackProcessEnv(fake, t.url));
    try {
      const [, port] = await waitFor(bot.errors, /HTTP on port (\d+)/);
      expect(bot.errors()).toMatch(/Slack: requests at POST \/slack\/events on port \d+/);
      await waitFor(bot.errors, /Slack API unreachable at http:\/\/127\.0\.0\.1:\d+\/api\/.*retrying in/);
      expect(bot.exitCode).toBeNull();
      fake.setDown(false);
      await waitFor(bot.errors, /slack ready \(HTTP at POST \/slack\/events\)/, 30_000);
      const url = `http://127.0.0.1:${port}/slack/events`;

      const p = commandPayload(fake, "help roster");
      const body = form(p.fields);
      const r = await post(url, body, { "content-type": "application/x-www-form-urlencoded", ...sign(body) });
      expect(r.status).toBe(200);
      const answer = await fake.waitForResponse((x) => x.id === p.id);
      expect(JSON.stringify(answer.body)).toMatch(/roster import/);

      const forged = await post(url, body, { "content-type": "application/x-www-form-urlencoded", ...sign(body, "f".repeat(32)) });
      expect(forged.status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect(bot.errors()).not.toContain(BOT_TOKEN);
      expect(fake.problems()).toEqual([]);

      // SIGTERM while answers are still on their way: the bot finishes them, then exits 0 within 10 s.
      // One is being answered (the fake takes 1.5 s); the other was acknowledged but waits to run,
      // because a request that is still arriving (a slow client) holds commands back (ack-gate.ts).
      fake.delayResponses(1500);
      const late = commandPayload(fake, "help");
      const lateBody = form(late.fields);
      expect((await post(url, lateBody, { "content-type": "application/x-www-form-urlencoded", ...sign(lateBody) })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      const slowClient = http.request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "1000" } });
      slowClient.on("error", () => {});
      slowClient.write("token=x");
      await new Promise((r) => setTimeout(r, 50));
      const held = commandPayload(fake, "campaign list");
      const heldBody = form(held.fields);
      expect((await post(url, heldBody, { "content-type": "application/x-www-form-urlencoded", ...sign(heldBody) })).status).toBe(200);
      const stoppedAt = Date.now();
      bot.kill("SIGTERM");
      expect(await exitOf(bot, 10_000)).toBe(0);
      slowClient.destroy();
      expect(Date.now() - stoppedAt).toBeLessThan(10_000);
      expect(fake.responses.some((x) => x.id === late.id)).toBe(true);
      expect(fake.responses.some((x) => x.id === held.id)).toBe(true);
      fake.delayResponses(0);
    } finally {
      bot.kill();
    }
  });
});
