// Roster refresh end to end through the real Instagram client (Business Discovery) against the fake
// Graph API on 127.0.0.1: figures and recent posts written, a personal account listed as not found,
// a spent budget stopping Instagram, an expired token said with what to do. Fixed clock.
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { startFakeGraph, type FakeGraph } from "../fakes/graph-api.ts";
import { useTestDatabase } from "../support/db.ts";

const t = useTestDatabase("refreshgraph");
const clock = new Date("2027-03-01T06:00:00Z");
let graph: FakeGraph;
let app: App;
let config: ReturnType<typeof loadConfig>;
const run = (line: string) => app.dispatch({ line, surface: "console", actor: { id: "m1", name: "Mia", roles: ["marketer"] } });
/** A new app, so a new client: the last test's spent budget or refused token is not remembered. */
const freshClients = async () => {
  app = await createApp(config, createLogger({ level: "silent" }), { db: t.db, now: () => clock });
};
const text = (r: { reply: { message: unknown } }) => JSON.stringify(r.reply.message);

beforeAll(async () => {
  graph = await startFakeGraph();
  config = loadConfig({
    DATABASE_URL: t.url,
    EXPORT_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "scout-refresh-graph-")),
    GRAPH_API_URL: graph.url,
    INSTAGRAM_BUSINESS_ACCOUNT_ID: graph.businessAccountId,
    INSTAGRAM_ACCESS_TOKEN: graph.accessToken,
  });
  await freshClients();
});

afterAll(async () => {
  await graph?.close();
});

async function participants(slug: string, handles: string[]): Promise<string[]> {
  const campaignId = randomUUID();
  await t.db.pool.query(`INSERT INTO campaign (id, slug, name, status, updated_at) VALUES ($1, $2, $2, 'active', '2027-02-01T00:00:00Z')`, [campaignId, slug]);
  const ids: string[] = [];
  for (const h of handles) {
    const creatorId = randomUUID();
    const id = randomUUID();
    await t.db.pool.query(`INSERT INTO creator (id, display_name, updated_at) VALUES ($1, $2, '2027-02-20T10:00:00Z')`, [creatorId, h]);
    await t.db.pool.query(
      `INSERT INTO account (id, creator_id, platform, handle, followers, following, updated_at) VALUES ($1, $2, 'instagram', $3, 1000, 100, '2027-02-20T10:00:00Z')`,
      [id, creatorId, h],
    );
    await t.db.pool.query(`INSERT INTO participation (id, campaign_id, creator_id, account_id, status, updated_at) VALUES ($1, $2, $3, $4, 'approved', now())`, [
      randomUUID(),
      campaignId,
      creatorId,
      id,
    ]);
    ids.push(id);
  }
  return ids;
}

describe("roster refresh against the fake Graph API", () => {
  it("writes followers, a platform snapshot and recent posts; a personal account is listed as not found", async () => {
    const [vegan, personal] = await participants("g1-launch", ["g1_vegan", "g1_personal"]);
    graph.addAccount({ username: "g1_vegan", followers: 12_400, follows: 310 });
    graph.addAccount({ username: "g1_personal", followers: 900, professional: false });
    for (const likes of [200, 300, 400]) graph.addMedia("g1_vegan", { caption: "#vegan bowl", likes, comments: 10, timestamp: "2027-02-25T12:00:00Z" });
    const r = await run("roster refresh campaign:g1-launch");
    expect(r.outcome).toBe("ok");
    expect(text(r)).toContain("@g1_vegan (Instagram): 1,000 → 12,400 followers (+11,400 since 2027-02-20, imported)");
    expect(text(r)).toMatch(/@g1_personal \(Instagram\): not found on Instagram/);
    const a = (await t.db.pool.query(`SELECT followers, following, sampled_posts, median_engagements FROM account WHERE id = $1`, [vegan])).rows[0];
    expect(a).toEqual({ followers: 12_400, following: 310, sampled_posts: 3, median_engagements: 310 });
    const snaps = await t.db.pool.query(`SELECT taken_on::text, followers, source::text FROM account_snapshot WHERE account_id = $1 ORDER BY taken_on`, [vegan]);
    expect(snaps.rows).toEqual([
      { taken_on: "2027-02-20", followers: 1_000, source: "import" },
      { taken_on: "2027-03-01", followers: 12_400, source: "platform" },
    ]);
    expect((await t.db.pool.query(`SELECT count(*)::int AS n FROM account_snapshot WHERE account_id = $1`, [personal])).rows[0].n).toBe(0);
  });

  it("stops Instagram when its budget is spent and says the accounts left wait for the next run", async () => {
    await participants("g2-quota", ["g2_a", "g2_b"]);
    graph.addAccount({ username: "g2_a", followers: 5_000 });
    graph.addAccount({ username: "g2_b", followers: 6_000 });
    graph.failNext(1, "rateLimit", { regainMinutes: 30 });
    const r = await run("roster refresh campaign:g2-quota");
    // Meta's header said access returns in 30 minutes.
    expect(text(r)).toContain("Instagram: the API quota is used up; stopped with 2 accounts left for the next run; the quota resets at 2027-03-01 06:30 UTC.");
    expect(graph.calls.filter((c) => c.username === "g2_b")).toHaveLength(0);
  });

  it("says an expired token must be replaced, naming INSTAGRAM_ACCESS_TOKEN", async () => {
    await freshClients();
    await participants("g3-token", ["g3_a"]);
    graph.addAccount({ username: "g3_a", followers: 5_000 });
    graph.failNext(1, "expiredToken");
    const r = await run("roster refresh campaign:g3-token");
    expect(text(r)).toContain("Instagram rejected the access token (invalid or expired)");
    expect(text(r)).toContain("INSTAGRAM_ACCESS_TOKEN");
  });
});
