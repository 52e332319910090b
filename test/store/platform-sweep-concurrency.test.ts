// The snapshot sweep with several fetches at once (issue 15): the real YouTube client against the
// fake YouTube API, many live deliverables due together. Every due milestone is taken once (no
// duplicate whatever the concurrency and batch size), never more fetches in flight than asked, and a
// storm of 429s stops the platform for that sweep, leaving what it did not take due (not lost) for a
// later sweep. A fixed clock throughout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createYouTubeClient } from "../../src/adapters/platforms/youtube.ts";
import type { Notifier } from "../../src/core/notifier.ts";
import type { PlatformClient, PlatformData } from "../../src/core/platform-data/port.ts";
import { MILESTONES } from "../../src/core/platform-data/snapshots.ts";
import { sweepPlatformSnapshots } from "../../src/jobs/platform-snapshots.ts";
import { createLogger } from "../../src/logger.ts";
import { createPlatformSnapshotRepo } from "../../src/store/platform-snapshot.repo.ts";
import { startFakeYouTube, type FakeYouTube } from "../fakes/youtube-api.ts";
import { useTestDatabase } from "../support/db.ts";

const t = useTestDatabase("psweepc");
const N = 40;
const LIVE = new Date("2027-05-03T08:00:00Z");
const H = 3_600_000;
const at = (ms: number) => new Date(LIVE.getTime() + ms);
const videoId = (n: number) => `v${String(n).padStart(10, "0")}`;
let fake: FakeYouTube;
let clock = LIVE;
const silent: Notifier = { toMarketers: async () => undefined };

/** The real client, counting the fetches in flight at once; `after(n)` runs when the n-th fetch has answered. */
function counted(o: { after?: (answered: number) => void } = {}) {
  const real = createYouTubeClient({ apiKey: fake.apiKey, baseUrl: fake.url, now: () => clock, log: createLogger({ level: "silent" }), tuning: { baseDelayMs: 1, maxDelayMs: 2, retries: 1, timeoutMs: 5000 } });
  let inFlight = 0;
  let answered = 0;
  const peak = { inFlight: 0 };
  const client: PlatformClient = {
    ...real,
    platform: "youtube",
    async post(url, opts) {
      peak.inFlight = Math.max(peak.inFlight, ++inFlight);
      try {
        return await real.post(url, opts);
      } finally {
        inFlight--;
        o.after?.(++answered);
      }
    },
  };
  const platforms: PlatformData = { client: (p) => (p === "youtube" ? client : null), configured: () => ["youtube"] };
  return { platforms, peak };
}

const sweep = (now: Date, platforms: PlatformData, o: { concurrency: number; limit?: number; instance?: string }) =>
  sweepPlatformSnapshots({ store: createPlatformSnapshotRepo(t.db.pool), platforms, notifier: silent, instance: o.instance ?? "sweeper-a", concurrency: o.concurrency, limit: o.limit }, (clock = now));

/** Platform snapshots per deliverable for one milestone (0 for a deliverable without one). */
async function perDeliverable(milestone: string): Promise<number[]> {
  const r = await t.db.pool.query<{ n: number }>(
    `SELECT count(s.id)::int AS n FROM deliverable d
       LEFT JOIN metric_snapshot s ON s.deliverable_id = d.id AND s.source = 'platform' AND s.reported_by = 'platform:' || $1
      GROUP BY d.id ORDER BY d.id`,
    [milestone],
  );
  return r.rows.map((x) => x.n);
}

beforeAll(async () => {
  fake = await startFakeYouTube();
  for (let n = 1; n <= N; n++) fake.addVideo({ id: videoId(n), views: 100 * n, likes: n, comments: 1 });
  const q = (sql: string, params: unknown[] = []) => t.db.pool.query(sql, params);
  await q(`INSERT INTO campaign (id, slug, name, status, currency, opened_at, go_live_at, updated_at)
           VALUES (gen_random_uuid(), 'many', 'Many posts', 'active', 'USD', $1::timestamptz - interval '7 days', $1::timestamptz - interval '1 day', now())`, [LIVE]);
  await q(`INSERT INTO creator (id, display_name, updated_at) SELECT gen_random_uuid(), 'Creator ' || i, now() FROM generate_series(1, ${N}) i`);
  await q(`INSERT INTO account (id, creator_id, platform, handle, followers, updated_at)
           SELECT gen_random_uuid(), id, 'youtube', 'tube.' || row_number() OVER (ORDER BY display_name), 5000, now() FROM creator`);
  await q(`INSERT INTO participation (id, campaign_id, creator_id, account_id, status, updated_at)
           SELECT gen_random_uuid(), (SELECT id FROM campaign), a.creator_id, a.id, 'approved', now() FROM account a`);
  await q(`INSERT INTO deliverable (id, participation_id, url, platform, status, live_at, updated_at)
           SELECT gen_random_uuid(), p.id, 'https://www.youtube.com/watch?v=v' || lpad((row_number() OVER (ORDER BY a.handle))::text, 10, '0'), 'youtube', 'live', $1, now()
             FROM participation p JOIN account a ON a.id = p.account_id`, [LIVE]);
});

afterAll(async () => {
  await fake?.close();
});

describe("the snapshot sweep with several fetches at once", () => {
  it(`takes all ${N} due milestones in one sweep with 4 fetches at once, in batches of 7: ${N} snapshots, none twice`, async () => {
    const { platforms, peak } = counted();
    const r = await sweep(at(H + 60_000), platforms, { concurrency: 4, limit: 7 });
    expect(r).toMatchObject({ taken: N, waiting: 0, gone: 0, stopped: {} });
    expect(await perDeliverable("1h")).toEqual(Array(N).fill(1));
    expect(fake.callCount("videos")).toBe(N);
    expect(peak.inFlight).toBeLessThanOrEqual(4);
    expect(peak.inFlight).toBeGreaterThan(1); // they did run side by side
    // Nothing is left due: a second sweep asks YouTube nothing.
    expect(await sweep(at(H + 2 * 60_000), platforms, { concurrency: 4, limit: 7 })).toMatchObject({ taken: 0 });
    expect(fake.callCount("videos")).toBe(N);
  });

  it("three sweepers at once, 4 fetches each, still take each milestone once", async () => {
    const { platforms } = counted();
    const before = fake.callCount("videos");
    const now = at(24 * H + 60_000);
    const results = await Promise.all(["a", "b", "c"].map((x) => sweep(now, platforms, { concurrency: 4, limit: 5, instance: `sweeper-${x}` })));
    expect(results.reduce((s, r) => s + r.taken, 0)).toBe(N);
    expect(await perDeliverable("24h")).toEqual(Array(N).fill(1));
    expect(fake.callCount("videos") - before).toBe(N);
  });

  it("a storm of 429s stops YouTube for the sweep and leaves the rest due, not lost; a later sweep takes them, once each", async () => {
    const taken = 10;
    // After the 10th answer, YouTube answers every call with 429 rateLimitExceeded.
    const { platforms } = counted({ after: (n) => n === taken && fake.failRate(1, "rateLimit", 7) });
    const before = fake.callCount("videos");
    const now = at(7 * 24 * H + 60_000);
    const r = await sweep(now, platforms, { concurrency: 4, limit: 7 });
    expect(r.stopped.youtube).toBe("unavailable");
    expect(r.taken).toBeGreaterThanOrEqual(taken);
    expect(r.taken).toBeLessThan(N);
    expect(r.gone).toBe(0);
    // Only the fetches already started met the storm (each tried twice): no new fetch after it.
    expect(fake.callCount("videos") - before).toBeLessThanOrEqual(r.taken + 2 * 4);
    const snaps = await perDeliverable("7d");
    expect(snaps.filter((n) => n === 1)).toHaveLength(r.taken);
    expect(snaps.every((n) => n <= 1)).toBe(true);
    // Every milestone without its snapshot is still due (waiting a few minutes, or never claimed): none lost.
    const runs = await t.db.prisma.platformSnapshotRun.findMany({ where: { milestone: "7d" } });
    expect(runs.filter((x) => x.status === "waiting")).toHaveLength(r.waiting);
    expect(runs.filter((x) => x.status !== "waiting" && x.status !== "done")).toEqual([]);
    const later = at(7 * 24 * H + 7 * 60_000);
    const due = await createPlatformSnapshotRepo(t.db.pool).due({ now: later, platforms: ["youtube"], milestones: MILESTONES, limit: 1000, staleMs: 600_000 });
    expect(due).toHaveLength(N - r.taken);
    expect(due.every((d) => d.milestone === "7d")).toBe(true);

    fake.failRate(0); // the storm is over
    const after = await sweep(later, counted().platforms, { concurrency: 4, limit: 7 });
    expect(after).toMatchObject({ taken: N - r.taken, waiting: 0, stopped: {} });
    expect(await perDeliverable("7d")).toEqual(Array(N).fill(1));
  });
});
