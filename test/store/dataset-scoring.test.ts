// Checks of scoring on the real instagram-micro dataset. They skip, saying so, where ../shared is absent.
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { importRoster } from "../../src/core/roster/import.ts";
import { erPercentile, scoreAccount, tierOf, DEFAULT_DISCLOSURES } from "../../src/core/scoring/index.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { createShortlistRepo } from "../../src/store/shortlist.repo.ts";
import type { Candidate } from "../../src/core/shortlist/shortlist.ts";
import { SHARED_DATASET, useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";

const present = fs.existsSync(`${SHARED_DATASET}creators.csv`);
if (!present) console.warn(`Skipping the real-data scoring checks: ${SHARED_DATASET} is absent (it is in ../shared beside a checkout of the project).`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

describe.skipIf(!present)("scoring on the real instagram-micro dataset (skipped where ../shared is absent)", () => {
  const t = useTestDatabase("dataset");
  let s: TestApp;
  beforeAll(async () => {
    s = await testApp(t);
    const read = (n: string) => ({ label: n, text: fs.readFileSync(`${SHARED_DATASET}${n}`, "utf8") });
    await importRoster({ creators: read("creators.csv"), posts: read("posts.csv") }, { platform: "instagram" }, createRosterRepo(t.db.pool));
  }, 120_000);

  const candidates = async () => {
    const all: Candidate[] = [];
    for await (const chunk of createShortlistRepo(t.db.pool).candidates({ followers: { min: 0, max: 1e9 } })) all.push(...chunk);
    return all.filter((a) => a.medianEr !== null && a.followers);
  };

  it("puts the median ER near the 50th percentile within each tier", async () => {
    const byTier = new Map<string, number[]>();
    for (const a of await candidates()) {
      const p = erPercentile(a.medianEr!, a.platform, a.followers!);
      if (p === null) continue;
      const tier = tierOf(a.followers);
      byTier.set(tier, [...(byTier.get(tier) ?? []), p]);
    }
    for (const tier of ["micro", "mid", "macro", "mega"]) {
      const ps = byTier.get(tier)!;
      expect(ps.length, tier).toBeGreaterThan(100);
      expect(median(ps), tier).toBeGreaterThan(42);
      expect(median(ps), tier).toBeLessThan(58);
    }
  });

  it("ranks a creator with ER at the tier's 90th percentile above one at the 10th, all else equal", async () => {
    const micro = (await candidates()).filter((a) => tierOf(a.followers) === "micro");
    const ers = micro.map((a) => a.medianEr!).sort((x, y) => x - y);
    const p10 = ers[Math.floor(ers.length * 0.1)]!;
    const p90 = ers[Math.floor(ers.length * 0.9)]!;
    const base = micro.find((a) => a.followers! > 10_000 && a.followers! < 20_000)!;
    const criteria = { objective: "awareness" as const, niche: [] };
    const high = scoreAccount({ ...base, medianEr: p90, medianEngagements: p90 * base.followers! }, criteria);
    const low = scoreAccount({ ...base, medianEr: p10, medianEngagements: p10 * base.followers! }, criteria);
    expect(high.score).toBeGreaterThan(low.score);
    expect(high.erPercentile!).toBeGreaterThan(low.erPercentile!);
  });

  it("returns for niche:food followers:1k-100k only accounts in that range whose category or hashtags match food", async () => {
    const d = await s.json("shortlist niche:food followers:1k-100k top:50 --json");
    expect(d.results).toHaveLength(50);
    for (const r of d.results) {
      expect(r.followers).toBeGreaterThanOrEqual(1000);
      expect(r.followers).toBeLessThanOrEqual(100_000);
      expect(r.categories.includes("food") || r.hashtags.some((h: string) => h.includes("food"))).toBe(true);
    }
  });

  it("counts paid-partnership posts without a disclosure hashtag as weakly disclosed (label only) in their creators' brand safety", async () => {
    // Accounts whose labelled posts (among their 30 latest) carry no disclosure-like hashtag at all.
    const words = DEFAULT_DISCLOSURES.filter((w) => !w.includes(" "));
    const q = await t.db.pool.query<{ handle: string; labelled: number }>(
      `WITH recent AS (
         SELECT p.*, row_number() OVER (PARTITION BY p.account_id ORDER BY p.posted_at DESC NULLS LAST, p.external_id DESC) rn FROM post p)
       SELECT a.handle, count(*)::int AS labelled FROM recent r JOIN account a ON a.id = r.account_id
       WHERE r.rn <= 30 AND r.sponsor_tags > 0
       GROUP BY a.handle
       HAVING bool_and(NOT EXISTS (SELECT 1 FROM unnest(r.hashtags) h WHERE h LIKE ANY($1)))
       ORDER BY a.handle LIMIT 8`,
      [words.map((w) => `%${w}%`)],
    );
    expect(q.rows.length).toBeGreaterThan(3);
    for (const row of q.rows) {
      const d = await s.json(`creator ${row.handle} --json`);
      expect(d.brandSafety.sponsoredPosts, row.handle).toBeGreaterThanOrEqual(row.labelled);
      expect(d.brandSafety.weakDisclosurePosts, row.handle).toBe(row.labelled);
      expect(d.components.find((c: { name: string }) => c.name === "brandSafety").reason).toMatch(/\d+ with only the paid-partnership label, a weak disclosure/);
    }
  });

  const NICHES = ["beauty", "family", "fashion", "fitness", "food", "interior", "pet", "travel"];

  it("spreads each niche's top 20: no more than 3 share a score, and one-post flukes do not fill the list", async () => {
    let onePost = 0;
    let twoOrFewer = 0;
    let total = 0;
    for (const niche of NICHES) {
      const d = await s.json(`shortlist niche:${niche} followers:1k-100k top:20 --json`);
      expect(d.results, niche).toHaveLength(20);
      const counts = new Map<number, number>();
      for (const r of d.results as { score: number; erEstimate: { posts: number; fitted: boolean } | null }[]) {
        counts.set(r.score, (counts.get(r.score) ?? 0) + 1);
        if (r.erEstimate?.posts === 1) onePost++;
        if ((r.erEstimate?.posts ?? 0) <= 2) twoOrFewer++;
        total++;
        // Shrunk toward priors fitted on this roster, not the benchmark's.
        expect(r.erEstimate?.fitted, niche).toBe(true);
      }
      expect(Math.max(...counts.values()), `${niche}: ${JSON.stringify([...counts])}`).toBeLessThanOrEqual(3);
    }
    console.info(`real-data top 20s: ${onePost} of ${total} rest on one post, ${twoOrFewer} on one or two`);
    expect(onePost).toBeLessThan(total / 4);
  });

  it("shows the measured and the shrunk ER in /scout creator", async () => {
    const d = await s.json("shortlist niche:food followers:1k-100k top:1 --json");
    const handle = d.results[0].handle as string;
    const r = await s.run(`creator ${handle}`);
    const field = r.reply.message.sections!.flatMap((x) => x.fields ?? []).find((f) => f.label === "ER measured / estimated");
    expect(field?.value).toMatch(/^[\d.]+% measured over \d+ posts?; [\d.]+% estimated \(likely [\d.]+%–[\d.]+%\), shrunk toward the tier's [\d.]+% \(fitted on the roster\); ranked on the lower end/);
  });
});
