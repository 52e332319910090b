// The digest says when a platform's quota is spent (or the platform does not answer) and how much
// work waits for it, never that anything was lost (issue 15, item 5). The pause comes from a real
// snapshot sweep (platform doubles answering "quota" / "unavailable"); a fixed clock throughout.
import { beforeAll, describe, expect, it } from "vitest";
import { createDigestService, type DigestComposer } from "../../src/core/digest/compose.ts";
import type { Notifier } from "../../src/core/notifier.ts";
import { sweepPlatformSnapshots } from "../../src/jobs/platform-snapshots.ts";
import { createDigestRepo } from "../../src/store/digest.repo.ts";
import { createMetricsRepo } from "../../src/store/metrics.repo.ts";
import { createPlatformSnapshotRepo } from "../../src/store/platform-snapshot.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { PlatformDouble, platformData } from "../support/platform-double.ts";
import { fixtures } from "./metrics-fixtures.ts";

const t = useTestDatabase("digestwait");
let svc: DigestComposer;
const yt = new PlatformDouble("youtube");
const ig = new PlatformDouble("instagram");
/** 07:00 Pacific (PST) on 10 March 2027; YouTube's quota resets at 00:00 PT, 08:00 UTC the next day. */
const NOW = new Date("2027-03-10T15:00:00Z");
const RESET = new Date("2027-03-11T08:00:00Z");
const LIVE = new Date(NOW.getTime() - 2 * 3_600_000);
const silent: Notifier = { toMarketers: async () => undefined };
const sweep = (now: Date) => sweepPlatformSnapshots({ store: createPlatformSnapshotRepo(t.db.pool), platforms: platformData(yt, ig), notifier: silent, instance: "sweeper" }, now);
const intro = async (now: Date) => (await svc.compose({ now, chart: false })).message.text ?? "";

beforeAll(async () => {
  svc = createDigestService({ store: createDigestRepo(t.db.pool), metrics: createMetricsRepo(t.db.pool) });
  const f = fixtures(t.db.pool);
  const spring = await f.campaign({ slug: "spring" });
  // 12 live YouTube videos (their +1 h snapshot due), 3 YouTube links submitted whose check YouTube could not answer, 2 live Instagram posts.
  for (let i = 1; i <= 17; i++) {
    const platform = i <= 15 ? "youtube" : "instagram";
    const who = await f.creator(`creator${i}`, platform);
    const p = await f.participation(spring, who);
    const url = platform === "youtube" ? `https://www.youtube.com/watch?v=vid${String(i).padStart(8, "0")}` : `https://www.instagram.com/p/POST${i}/`;
    const live = i <= 12 || i > 15;
    const id = await f.deliverable(p, url, { platform, status: live ? "live" : "submitted" });
    await t.db.pool.query(`UPDATE deliverable SET live_at = $2, verification_status = $3, submitted_at = $4 WHERE id = $1`, [id, live ? LIVE : null, live ? "verified" : "unavailable", LIVE]);
    (platform === "youtube" ? yt : ig).setPost(url, { owner: { handle: `creator${i}`, id: null }, publishedAt: LIVE, views: 100 * i, likes: i, comments: 1 });
  }
});

describe("the digest when a platform cannot be asked", () => {
  it("says YouTube's quota is spent until 00:00 PT with the snapshots and link checks waiting, and nothing lost", async () => {
    expect(await intro(NOW)).not.toMatch(/waiting \(nothing lost\)/); // before the sweep, nothing is paused
    yt.fail("quota", 100, RESET); // spent: every call refused until the reset
    const r = await sweep(NOW);
    expect(r.stopped).toEqual({ youtube: "quota" });
    expect(r.taken).toBe(2); // Instagram answered
    const text = await intro(new Date(NOW.getTime() + 3_600_000));
    expect(text).toContain("YouTube quota spent until 00:00 PT: 12 snapshots and 3 link checks waiting (nothing lost).");
    expect(text).not.toMatch(/Instagram/);
  });

  it("takes the waiting snapshots after the reset, and the digest no longer mentions the quota", async () => {
    yt.clearFailures();
    const after = new Date(RESET.getTime() + 60_000);
    const r = await sweep(after);
    expect(r.taken).toBe(12);
    expect(await t.db.prisma.metricSnapshot.count({ where: { source: "platform" } })).toBe(14);
    expect(await intro(after)).not.toMatch(/quota|waiting \(nothing lost\)/);
  });

  it("names a platform that is not answering and when it is tried again, with its snapshots waiting", async () => {
    const day = new Date(LIVE.getTime() + 24 * 3_600_000 + 60_000); // the +24 h snapshots are due
    ig.fail("unavailable", 100, new Date(day.getTime() + 5 * 60_000));
    const r = await sweep(day);
    expect(r.stopped).toEqual({ instagram: "unavailable" });
    const text = await intro(day);
    expect(text).toContain("Instagram not answering (tried again from 13:06 UTC): 2 snapshots waiting (nothing lost).");
    expect(text).not.toMatch(/YouTube/);
    ig.clearFailures();
  });

  it("says a platform refuses Scout's key while its work waits, until a call works again", async () => {
    const week = new Date(LIVE.getTime() + 7 * 24 * 3_600_000 + 60_000); // the +7 d snapshots are due
    ig.fail("auth", 100); // every call refused
    expect((await sweep(week)).stopped).toEqual({ instagram: "auth" });
    expect(await intro(week)).toContain("Instagram refuses Scout's key (fix it as the notice said; Scout tries again hourly): 2 snapshots waiting (nothing lost).");
    ig.clearFailures(); // the key is fixed
    const later = new Date(week.getTime() + 61 * 60_000); // the hourly probe works
    expect((await sweep(later)).taken).toBe(2);
    expect(await intro(later)).not.toMatch(/Instagram refuses/);
  });
});
