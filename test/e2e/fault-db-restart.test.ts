// Fault: PostgreSQL restarts while marketers are typing commands. The real bot process (Slack HTTP
// mode, fake Slack) runs on a PostgreSQL server of this test's own, which the test stops and starts
// again under a steady stream of slash commands. Every command must be acknowledged and answered:
// with its result, or with an error the person can see; none may vanish.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitOf, startMain, waitFor } from "../support/run.ts";
import { startOwnPostgres, type OwnPostgres } from "../support/own-postgres.ts";
import { BOT_TOKEN, commandPayload, form, post, sign, slackProcessEnv } from "../fakes/slack-harness.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack-api.ts";

const PORT = Number(process.env.TEST_FAULT_PG_PORT ?? 54371);
let pgServer: OwnPostgres;
let fake: FakeSlack;

beforeAll(async () => {
  pgServer = await startOwnPostgres("fault", PORT);
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
}, 120_000);

afterAll(async () => {
  await fake?.close();
  await pgServer?.close();
});

describe("PostgreSQL restarted under load", () => {
  it("answers every command sent while the database restarts, and works again once it is back", async () => {
    const bot = startMain(slackProcessEnv(fake, pgServer.url, { SLACK_WORKER_THREADS: "0" }));
    try {
      const [, port] = await waitFor(bot.errors, /HTTP on port (\d+)/, 60_000);
      await waitFor(bot.errors, /slack ready/, 30_000);
      const url = `http://127.0.0.1:${port}/slack/events`;
      const send = async (text: string) => {
        const p = commandPayload(fake, text);
        const body = form(p.fields);
        const r = await post(url, body, { "content-type": "application/x-www-form-urlencoded", ...sign(body) });
        return { id: p.id, status: r.status };
      };
      const created = await send('campaign new name:"Winter Glow" objective:awareness');
      expect(created.status).toBe(200);
      expect(JSON.stringify((await fake.waitForResponse((x) => x.id === created.id)).body)).toContain("Winter Glow");

      const sent: { id: string; status: number }[] = [];
      let stop = false;
      const stream = (async () => {
        while (!stop) {
          sent.push(await send("campaign list status:all"));
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      await new Promise((r) => setTimeout(r, 1000));
      await pgServer.stop(); // fast shutdown: every connection of the bot is cut
      await new Promise((r) => setTimeout(r, 1500));
      await pgServer.start();
      // Back: the stream goes on until a command sent after the restart is answered with the list
      // (however long a loaded machine takes to reconnect), then for another second.
      const restarted = sent.length;
      const listedSince = (from: number) => {
        const ids = new Set(sent.slice(from).map((x) => x.id));
        return fake.responses.find((r) => ids.has(r.id) && JSON.stringify(r.body).includes("Winter Glow"));
      };
      const until = Date.now() + 30_000;
      while (!listedSince(restarted) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      const recovered = sent.findIndex((x, i) => i >= restarted && x.id === listedSince(restarted)?.id);
      await new Promise((r) => setTimeout(r, 1000));
      stop = true;
      await stream;

      expect(sent.length).toBeGreaterThan(20);
      expect(sent.every((s) => s.status === 200)).toBe(true);
      const answers = await Promise.all(sent.map((s) => fake.waitForResponse((x) => x.id === s.id, 30_000)));
      const texts = answers.map((a) => JSON.stringify(a.body));
      const listed = texts.filter((t) => t.includes("Winter Glow"));
      const failed = texts.filter((t) => !t.includes("Winter Glow"));
      // An answer is the list or an error that says what happened, never silence.
      // When one is not, the bot's log says which error it did not take for the database being away.
      const bugs = () => bot.errors().split("\n").filter((l) => l.includes("command failed") && !l.includes('"databaseUnavailable":true')).join("\n");
      for (const t of failed) expect(t, bugs()).toMatch(/database is not reachable right now\. Try again in a minute/);
      console.info(`db restart: ${sent.length} commands, ${listed.length} answered with the list, ${failed.length} told to try again`);
      // Once the server is back the bot works again without a restart of its own: every command sent
      // after the first one it answered with the list is answered with it too.
      expect(recovered, "no command sent after the restart was answered with the list within 30 s").toBeGreaterThanOrEqual(0);
      expect(texts.slice(recovered).every((t) => t.includes("Winter Glow"))).toBe(true);
      expect(texts.slice(recovered).length).toBeGreaterThan(3);
      expect(listed.length).toBeGreaterThan(texts.slice(recovered).length);
      expect(bot.exitCode).toBeNull();

      bot.kill("SIGTERM");
      expect(await exitOf(bot)).toBe(0);
    } finally {
      bot.kill("SIGKILL");
    }
  }, 120_000);
});
