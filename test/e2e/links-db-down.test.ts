// Fault: the database goes away under the tracked links. The real bot process (Slack HTTP mode, fake
// Slack) runs on a PostgreSQL server of this test's own, which the test stops. A link the process has
// looked up still redirects; any other code gets a plain 503 page that says to try again, never a
// 500 or a stack trace, and the process stays up.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitOf, startMain, waitFor } from "../support/run.ts";
import { startOwnPostgres, type OwnPostgres } from "../support/own-postgres.ts";
import { createLinkRepo } from "../../src/store/link.repo.ts";
import { BOT_TOKEN, slackProcessEnv } from "../fakes/slack-harness.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack-api.ts";

let pgServer: OwnPostgres;
let fake: FakeSlack;
let url = "";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const CACHED = "Cached01";
const OTHER = "Uncache2";

async function seedLinks(pool: pg.Pool) {
  const q = (sql: string, params: unknown[] = []) => pool.query(sql, params);
  const c = await q(
    `INSERT INTO campaign (id, slug, name, status, landing_url, currency, updated_at)
     VALUES (gen_random_uuid(), 'down', 'Down', 'active', 'https://shop.example.com/down', 'EUR', now()) RETURNING id`,
  );
  for (const [i, code] of [CACHED, OTHER].entries()) {
    const cr = await q(`INSERT INTO creator (id, display_name, updated_at) VALUES (gen_random_uuid(), $1, now()) RETURNING id`, [`Creator ${i}`]);
    const a = await q(`INSERT INTO account (id, creator_id, platform, handle, updated_at) VALUES (gen_random_uuid(), $1, 'instagram', $2, now()) RETURNING id`, [
      cr.rows[0].id,
      `down.creator${i}`,
    ]);
    const p = await q(
      `INSERT INTO participation (id, campaign_id, creator_id, account_id, status, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, 'approved', now()) RETURNING id`,
      [c.rows[0].id, cr.rows[0].id, a.rows[0].id],
    );
    await q(`INSERT INTO tracked_link (id, participation_id, code) VALUES (gen_random_uuid(), $1, $2)`, [p.rows[0].id, code]);
  }
}

beforeAll(async () => {
  pgServer = await startOwnPostgres("links-down");
  url = pgServer.url;
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
}, 120_000);

afterAll(async () => {
  await fake?.close();
  await pgServer?.close();
});

describe("tracked links with the database down", () => {
  it("still redirects a link the process has cached, answers any other code with a plain 503 page, and stays up", async () => {
    const bot = startMain(slackProcessEnv(fake, url, { SLACK_WORKER_THREADS: "0", CLICK_IP_SALT: "links-down-salt-1" }));
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pool.on("error", () => {});
    try {
      const [, port] = await waitFor(bot.errors, /HTTP on port (\d+)/, 60_000);
      await seedLinks(pool); // the bot applied the migrations before it listened
      const link = (code: string) => fetch(`http://127.0.0.1:${port}/r/${code}`, { redirect: "manual", headers: { "user-agent": BROWSER } });
      const before = await link(CACHED);
      expect(before.status).toBe(302);
      const location = before.headers.get("location");
      expect(location).toMatch(/^https:\/\/shop\.example\.com\/down\?utm_source=instagram/);
      await pool.end();

      await pgServer.stop();
      const cached = await link(CACHED);
      expect(cached.status).toBe(302);
      expect(cached.headers.get("location")).toBe(location);
      for (const code of [OTHER, "ZZZZZZZZ"]) {
        const r = await link(code);
        expect(r.status, code).toBe(503);
        expect(r.headers.get("content-type")).toMatch(/^text\/html/);
        expect(r.headers.get("retry-after")).toBe("60");
        expect(r.headers.get("location")).toBeNull();
        const html = await r.text();
        expect(html).toMatch(/try again in a minute/i);
        expect(html).not.toMatch(/error|ECONNREFUSED|at .*\.ts|stack/i);
      }
      expect(bot.exitCode).toBeNull();
      bot.kill("SIGTERM");
      expect(await exitOf(bot)).toBe(0);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nbot stderr:\n${bot.errors().slice(-3000)}`, { cause: e });
    } finally {
      bot.kill("SIGKILL");
      await pool.end().catch(() => {});
    }
  }, 120_000);

  it("serves a cached link however old its entry when the lookup fails (and only then)", async () => {
    await pgServer.start();
    let clock = Date.UTC(2026, 0, 1, 12);
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pool.on("error", () => {});
    // The repository's cache alone (no Prisma on the redirect path).
    const repo = createLinkRepo({ pool, prisma: null as never }, { salt: "x".repeat(16), clock: () => clock });
    const first = await repo.resolve(CACHED);
    expect(first?.landingUrl).toBe("https://shop.example.com/down");
    await pgServer.stop();
    clock += 3_600_000; // an hour on: far past the 30 s fresh and 10 min stale windows
    expect((await repo.resolve(CACHED))?.landingUrl).toBe("https://shop.example.com/down");
    await expect(repo.resolve(OTHER)).rejects.toThrow();
    await pool.end().catch(() => {});
  }, 60_000);
});
