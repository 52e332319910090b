// The COPY path of the roster import (COPY … FROM STDIN into staging tables, merged in SQL): a large
// file with bad rows, repeated lines and awkward text gives the contents and summary the rows say,
// and a cancelled import leaves nothing.
import { describe, expect, it } from "vitest";
import { importRoster, type ImportFile } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { generateCreators, postsCsv, rosterCsv } from "../../bench/lib/generate.ts";
import { useTestDatabase } from "../support/db.ts";

const t = useTestDatabase("rostercopy");
const file = (label: string, text: string): ImportFile => ({ label, text });
const counts = async () =>
  (
    await t.db.pool.query<{ creators: number; accounts: number; posts: number; snapshots: number }>(
      `SELECT (SELECT count(*) FROM creator)::int AS creators, (SELECT count(*) FROM account)::int AS accounts,
              (SELECT count(*) FROM post)::int AS posts, (SELECT count(*) FROM account_snapshot)::int AS snapshots`,
    )
  ).rows[0]!;

describe("roster import through COPY", () => {
  it("20,000 generated rows with bad rows and repeated lines: the database holds what the rows say", async () => {
    const gen = generateCreators(20_000, 9);
    const csv = rosterCsv(gen, { badEvery: 500 });
    const lines = csv.trimEnd().split("\n");
    // 100 lines repeated identically, and one with text COPY must escape (tab, backslash, quote, braces).
    const repeated = lines.slice(1, 101);
    const awkward = 'weird_one,instagram,1200,10,5,"food\tand \\ ""drink"" {x,y}",,,,';
    const text = [...lines, ...repeated, awkward].join("\n") + "\n";
    const bad = gen.filter((_, i) => i % 500 === 499).length;
    const posts = postsCsv(gen.slice(0, 2000), 3) + "nobody_here,zz1,2026-01-02,5,1,,\n";
    const s = await importRoster({ creators: file("big.csv", text), posts: file("p.csv", posts) }, { platform: "instagram" }, createRosterRepo(t.db.pool));
    const good = gen.length - bad + 1;
    expect(s.accounts).toEqual({ created: good, updated: 0 });
    expect(s.duplicates).toBe(100);
    expect(s.rows.creators).toBe(gen.length + 101);
    const skippedCreators = s.skipped.filter((p) => p.file === "big.csv");
    expect(skippedCreators).toHaveLength(bad);
    // Each bad row with its line (header = line 1, generated row i = line i + 2).
    expect(skippedCreators[0]!.line).toBe(499 + 2);
    const orphans = s.skipped.filter((p) => p.file === "p.csv");
    // The posts of the bad rows' accounts, and the one of an account nowhere, with their lines.
    expect(orphans).toHaveLength(3 * gen.slice(0, 2000).filter((_, i) => i % 500 === 499).length + 1);
    expect(orphans.at(-1)!.reason).toMatch(/no account "nobody_here"/);
    expect(orphans.every((o, i) => i === 0 || o.line > orphans[i - 1]!.line)).toBe(true);
    const goodWithPosts = gen.slice(0, 2000).filter((_, i) => i % 500 !== 499);
    const postRows = postsCsv(gen.slice(0, 2000), 3).trimEnd().split("\n").length - 1;
    expect(s.posts.created + s.posts.updated).toBeLessThanOrEqual(postRows);
    const c = await counts();
    expect(c.creators).toBe(good);
    expect(c.accounts).toBe(good);
    expect(c.snapshots).toBe(0);
    // Row by row: followers as in the file; the awkward text arrives as written.
    const stored = await t.db.pool.query<{ handle: string; followers: number }>(`SELECT handle, followers FROM account`);
    const byHandle = new Map(stored.rows.map((r) => [r.handle, r.followers]));
    gen.forEach((g, i) => {
      if (i % 500 === 499) expect(byHandle.has(g.handle.toLowerCase()) || byHandle.has(g.handle)).toBe(false);
    });
    const sample = gen.filter((_, i) => i % 500 !== 499).slice(0, 200);
    for (const g of sample) expect(byHandle.get(g.handle) ?? byHandle.get(g.handle.toLowerCase())).toBe(g.followers);
    const w = await t.db.pool.query<{ categories: string[] }>(`SELECT categories FROM account WHERE handle = 'weird_one'`);
    expect(w.rows[0]!.categories.join("|")).toContain('"drink"');
    const withEr = await t.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM account WHERE median_er IS NOT NULL`);
    expect(s.accountsWithEr).toBe(withEr.rows[0]!.n);
    expect(withEr.rows[0]!.n).toBeGreaterThan(0);
    expect(withEr.rows[0]!.n).toBeLessThanOrEqual(goodWithPosts.length);

    // Again, a day later for the snapshots: same contents, every account updated, one snapshot pair each.
    await t.db.pool.query(`UPDATE account SET updated_at = updated_at - interval '1 day'`);
    const again = await importRoster({ creators: file("big.csv", text), posts: file("p.csv", posts) }, { platform: "instagram" }, createRosterRepo(t.db.pool));
    expect(again.accounts).toEqual({ created: 0, updated: good });
    // The same posts with the same figures are left as they are (their accounts' medians too).
    expect(again.posts).toEqual({ created: 0, updated: 0, unchanged: s.posts.created });
    const c2 = await counts();
    expect({ ...c2, snapshots: 0 }).toEqual({ ...c, snapshots: 0 });
    expect(c2.snapshots).toBe(good * 2);
  }, 120_000);

  it("a cancelled import leaves nothing, even cancelled in the middle of its COPY", async () => {
    const gen = generateCreators(20_000, 10);
    const before = await counts();
    const ac = new AbortController();
    let seen = 0;
    const run = importRoster(
      { creators: file("c.csv", rosterCsv(gen)) },
      { platform: "instagram" },
      createRosterRepo(t.db.pool),
      (p) => {
        seen = p.done;
        if (p.phase === "accounts" && p.done >= 4000) ac.abort(new Error("cancelled"));
      },
      ac.signal,
    );
    await expect(run).rejects.toThrow(/cancelled/);
    expect(seen).toBeLessThan(gen.length);
    expect(await counts()).toEqual(before);
    // The pool still works, and the same file then imports whole.
    const s = await importRoster({ creators: file("c.csv", rosterCsv(gen)) }, { platform: "instagram" }, createRosterRepo(t.db.pool));
    expect(s.accounts.created).toBe(gen.length);
  }, 120_000);
});
