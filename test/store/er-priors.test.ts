// The ER shrinkage priors are fitted on the roster once per roster version, not per query.
import { beforeAll, describe, expect, it } from "vitest";
import { generateCreators, postsCsv, rosterCsv } from "../../bench/lib/generate.ts";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { createShortlistRepo } from "../../src/store/shortlist.repo.ts";
import { useTestDatabase } from "../support/db.ts";

const t = useTestDatabase("erpriors");
const gen = generateCreators(1500, 7);

const load = (from: number, to: number) =>
  importRoster(
    { creators: { label: "r.csv", text: rosterCsv(gen.slice(from, to)) }, posts: { label: "p.csv", text: postsCsv(gen.slice(from, to), 6) } },
    { platform: "instagram" },
    createRosterRepo(t.db.pool),
  );

describe("ER priors from the roster", () => {
  beforeAll(async () => {
    await load(0, 800);
  });

  it("fits priors per tier on the stored posts, and reuses them until the roster changes", async () => {
    const repo = createShortlistRepo(t.db.pool);
    const seen: string[] = [];
    const query = t.db.pool.query.bind(t.db.pool);
    const spy = ((...args: Parameters<typeof query>) => {
      const text = typeof args[0] === "string" ? args[0] : (args[0] as { text: string }).text;
      seen.push(text);
      return query(...args);
    }) as typeof query;
    t.db.pool.query = spy;
    try {
      const first = await repo.erPriors!();
      expect(first!.priors.length).toBeGreaterThan(0);
      for (const p of first!.priors) {
        expect(p.accounts).toBeGreaterThanOrEqual(30);
        expect(p.median).toBeGreaterThan(0);
        expect(p.tau).toBeGreaterThan(0);
        expect(p.sigmaWithin).toBeGreaterThan(0);
      }
      const fits = () => seen.filter((q) => q.includes("array_agg")).length;
      expect(fits()).toBe(1);
      expect(await repo.erPriors!()).toBe(first);
      expect(fits()).toBe(1);
      await load(800, 1500);
      const after = await repo.erPriors!();
      expect(fits()).toBe(2);
      expect(after).not.toBe(first);
      expect(after!.source).toMatch(/accounts with posts/);
    } finally {
      t.db.pool.query = query;
    }
  });
});
