import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { importRoster, type ImportFile } from "../../src/core/roster/import.ts";
import { UserError } from "../../src/core/errors.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { nicheKey } from "../../src/core/scoring/index.ts";
import { generateCreators, postsCsv, rosterCsv } from "../../bench/lib/generate.ts";
import { SHARED_DATASET, useTestDatabase } from "../support/db.ts";

const t = useTestDatabase("roster");
const file = (label: string, text: string): ImportFile => ({ label, text });
const counts = async () => {
  const q = await t.db.pool.query<{ creators: number; accounts: number; posts: number; snapshots: number }>(
    `SELECT (SELECT count(*) FROM creator)::int AS creators, (SELECT count(*) FROM account)::int AS accounts,
            (SELECT count(*) FROM post)::int AS posts, (SELECT count(*) FROM account_snapshot)::int AS snapshots`,
  );
  return q.rows[0]!;
};
const imp = (creators: ImportFile, posts?: ImportFile, platform: "instagram" | undefined = "instagram") =>
  importRoster({ creators, posts }, { platform }, createRosterRepo(t.db.pool));

describe("roster import into PostgreSQL", () => {
  it("imports creators with a creator each, and computes the median ER from the 30 latest posts", async () => {
    const creators = file("c.csv", "handle,followers,following,posts,category\nmedian_test,10000,200,50,food\n");
    // 31 posts: the oldest one (a viral outlier) is outside the 30 latest; engagements 100..390 step 10 + viral.
    const lines = ["account,post_id,date,likes,comments"];
    lines.push(`median_test,old,2020-01-01,90000,0`);
    for (let i = 0; i < 30; i++) lines.push(`median_test,p${i},2024-01-${String(i + 1).padStart(2, "0")},${100 + i * 10},0`);
    const s = await imp(creators, file("p.csv", lines.join("\n")));
    expect(s.accounts).toEqual({ created: 1, updated: 0 });
    expect(s.posts).toEqual({ created: 31, updated: 0, unchanged: 0 });
    const a = (await t.db.prisma.account.findUniqueOrThrow({ where: { platform_handle: { platform: "instagram", handle: "median_test" } }, include: { creator: true } }));
    expect(a.sampledPosts).toBe(30);
    expect(a.medianEngagements).toBe(245); // median of 100..390
    expect(a.medianEr).toBeCloseTo(0.0245, 6);
    expect(a.categories).toEqual(["food"]);
    expect(a.creator.source).toBe("import");
  });

  it("gives TikTok and YouTube accounts ER per view, which new followers do not change, and Instagram ER per follower", async () => {
    const creators = (followers: number) =>
      file("c.csv", `platform,handle,followers\ntiktok,view_er,${followers}\nyoutube,view_er_yt,${followers}\ninstagram,follower_er,${followers}\n`);
    // Engagements 100, 200, 300 over views 1,000, 4,000, 3,000: per view 0.1, 0.05, 0.1 (median 0.1);
    // the median engagements per follower would be 200 / 10,000 = 0.02.
    const posts = (handles: string[], suffix = "", views = [1000, 4000, 3000]) =>
      file("p.csv", ["platform,account,post_id,date,likes,comments,views",
        ...handles.flatMap((h) => { const platform = h === "view_er" ? "tiktok" : h === "view_er_yt" ? "youtube" : "instagram";
          return [`${platform},${h},a${suffix},2024-01-01,100,0,${views[0]}`, `${platform},${h},b${suffix},2024-01-02,200,0,${views[1]}`, `${platform},${h},c${suffix},2024-01-03,300,0,${views[2]}`]; })].join("\n"));
    const er = async () => Object.fromEntries((await t.db.pool.query<{ handle: string; median_er: number }>(
      "SELECT handle, median_er FROM account WHERE handle IN ('view_er', 'view_er_yt', 'follower_er')")).rows.map((r) => [r.handle, r.median_er]));
    await importRoster({ creators: creators(10_000), posts: posts(["view_er", "view_er_yt", "follower_er"]) }, {}, createRosterRepo(t.db.pool));
    expect(await er()).toEqual({ view_er: 0.1, view_er_yt: 0.1, follower_er: 0.02 });
    // Followers doubled: ER per follower halves, ER per view stays.
    await importRoster({ creators: creators(20_000) }, {}, createRosterRepo(t.db.pool));
    expect(await er()).toEqual({ view_er: 0.1, view_er_yt: 0.1, follower_er: 0.01 });
    // More posts for the stored accounts, each with 4,000 views (per view 0.025, 0.05, 0.075): recomputed over
    // all six, per view the median of 0.025, 0.05, 0.05, 0.075, 0.1, 0.1 is 0.0625; per follower the median
    // of 100, 100, 200, 200, 300, 300 over 20,000 followers stays 0.01.
    await importRoster({ creators: creators(20_000), posts: posts(["view_er", "view_er_yt", "follower_er"], "2", [4000, 4000, 4000]) }, {}, createRosterRepo(t.db.pool));
    const after = await er();
    expect(after.view_er).toBeCloseTo(0.0625, 12);
    expect(after.view_er_yt).toBeCloseTo(0.0625, 12);
    expect(after.follower_er).toBe(0.01);
  });

  it("a re-import updates only the posts whose figures changed, and recomputes only their accounts' medians", async () => {
    const creators = file("c.csv", "handle,followers\nsame_posts,10000\nchanged_posts,10000\n");
    const postsOf = (likes: number) =>
      file("p.csv", ["account,post_id,date,likes,comments", "same_posts,s1,2024-01-01,100,0", "same_posts,s2,2024-01-02,300,0",
        "changed_posts,c1,2024-01-01,100,0", `changed_posts,c2,2024-01-02,${likes},0`].join("\n"));
    await imp(creators, postsOf(300));
    const medians = async () =>
      Object.fromEntries((await t.db.pool.query<{ handle: string; median_engagements: number; metrics_updated_at: Date }>(
        "SELECT handle, median_engagements, metrics_updated_at FROM account WHERE handle IN ('same_posts', 'changed_posts')")).rows.map((r) => [r.handle, r]));
    const before = await medians();
    expect(before.changed_posts!.median_engagements).toBe(200);
    const again = await imp(creators, postsOf(500));
    expect(again.posts).toEqual({ created: 0, updated: 1, unchanged: 3 });
    const after = await medians();
    expect(after.changed_posts!.median_engagements).toBe(300); // median of 100 and 500
    expect(after.changed_posts!.metrics_updated_at.getTime()).toBeGreaterThan(before.changed_posts!.metrics_updated_at.getTime());
    expect(after.same_posts).toEqual(before.same_posts); // left as it was
    // Not even locked: a post row the import neither changed nor locked has no xmax.
    const locked = await t.db.pool.query<{ external_id: string; xmax: string }>(
      "SELECT external_id, xmax::text FROM post WHERE external_id IN ('s1', 's2', 'c1') ORDER BY external_id");
    expect(locked.rows).toEqual([{ external_id: "c1", xmax: "0" }, { external_id: "s1", xmax: "0" }, { external_id: "s2", xmax: "0" }]);
    // A post the file gives no figure for keeps the stored one, and is not counted as changed.
    const blank = await imp(creators, file("p2.csv", "account,post_id,date,likes,comments\nchanged_posts,c2,2024-01-02,,\n"));
    expect(blank.posts).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });

  it("counts the accounts an import touched that have a median ER: new, re-imported, given posts only, or left as stored", async () => {
    await imp(file("c.csv", "handle,followers\ner_kept,1000\ner_postsonly,2000\ner_viewsonly,3000\ner_late,400\n"), file("p.csv", "account,post_id,likes\ner_kept,k1,50\n"));
    // er_kept again (its ER follows its followers), er_late again with its first post, er_postsonly through its
    // first post (not in the file), er_new with one; er_newbare has none.
    const s = await imp(
      file("c.csv", "handle,followers\ner_kept,1100\ner_late,400\ner_new,500\ner_newbare,700\n"),
      file("p.csv", "account,post_id,likes\ner_postsonly,q1,40\ner_new,n1,10\ner_late,l1,8\n"),
    );
    expect(s.accountsWithEr).toBe(4);
    // An ER the import did not compute (a platform's figure) stays when posts without likes or comments come for it.
    await t.db.pool.query("UPDATE account SET median_engagements = 90, median_er = 0.03 WHERE handle = 'er_viewsonly'");
    const v = await imp(file("c.csv", "handle\ner_other\n"), file("p.csv", "account,post_id,views\ner_viewsonly,v1,900\n"));
    expect(v.posts.created).toBe(1);
    expect(v.accountsWithEr).toBe(1);
    const stored = await t.db.pool.query<{ handle: string }>("SELECT handle FROM account WHERE handle LIKE 'er\\_%' AND median_er IS NOT NULL ORDER BY handle");
    expect(stored.rows.map((r) => r.handle)).toEqual(["er_kept", "er_late", "er_new", "er_postsonly", "er_viewsonly"]);
  });

  it("re-importing the same file creates no duplicates and updates numbers", async () => {
    const gen = generateCreators(300, 5);
    await imp(file("r.csv", rosterCsv(gen)), file("p.csv", postsCsv(gen.slice(0, 50), 5)));
    const before = await counts();
    const bumped = gen.map((c) => ({ ...c, followers: c.followers + 1000 }));
    const again = await imp(file("r.csv", rosterCsv(bumped)), file("p.csv", postsCsv(gen.slice(0, 50), 5)));
    expect(again.accounts.created).toBe(0);
    expect(again.accounts.updated).toBe(300);
    expect(again.posts).toEqual({ created: 0, updated: 0, unchanged: 250 });
    const after = await counts();
    expect(after.creators).toBe(before.creators);
    expect(after.accounts).toBe(before.accounts);
    expect(after.posts).toBe(before.posts);
    const one = await t.db.prisma.account.findUniqueOrThrow({ where: { platform_handle: { platform: "instagram", handle: gen[0]!.handle } } });
    expect(one.followers).toBe(gen[0]!.followers + 1000);
    // ER per follower follows the new follower count.
    expect(one.medianEr).toBeCloseTo(one.medianEngagements! / one.followers!, 9);
    // Also when only the creators file comes again: the medians stay, ER per follower follows.
    const doubled = gen.map((c) => ({ ...c, followers: (c.followers + 1000) * 2 }));
    await imp(file("r.csv", rosterCsv(doubled)));
    const later = await t.db.prisma.account.findUniqueOrThrow({ where: { id: one.id } });
    expect(later.followers).toBe((gen[0]!.followers + 1000) * 2);
    expect(later.medianEngagements).toBe(one.medianEngagements);
    expect(later.medianEr).toBeCloseTo(one.medianEr! / 2, 9);
  });

  it("reports bad rows with line and reason and still imports the good rows", async () => {
    const s = await imp(
      file("bad.csv", "username,followers\ngood_one,12k\n,100\nneg,-5\nwords,abc\ngood_two,\"1,500\"\n"),
    );
    expect(s.accounts.created).toBe(2);
    expect(s.skipped.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(s.skipped[2]!.reason).toMatch(/followers "abc" is not a number/);
    const good = await t.db.prisma.account.findMany({ where: { handle: { in: ["good_one", "good_two"] } }, orderBy: { handle: "asc" } });
    expect(good.map((a) => a.followers)).toEqual([12000, 1500]);
  });

  it("scores a 50k-follower creator the same whether the file says 50000 or 50k", async () => {
    await imp(file("a.csv", "handle,followers\nfifty_a,50000\nfifty_b,50k\n"));
    const rows = await t.db.prisma.account.findMany({ where: { handle: { in: ["fifty_a", "fifty_b"] } } });
    expect(rows.map((r) => r.followers)).toEqual([50000, 50000]);
  });

  it("changes nothing when a file cannot be parsed at all", async () => {
    const before = await counts();
    await expect(imp(file("broken.csv", 'handle,followers\nok_row,10\n"never closed,5\n'))).rejects.toBeInstanceOf(UserError);
    await expect(imp(file("c.csv", "handle\nfine\n"), file("broken-posts.csv", '"a\n'))).rejects.toThrow(/never closed/);
    expect(await counts()).toEqual(before);
    expect(await t.db.prisma.account.count({ where: { handle: "fine" } })).toBe(0);
  });

  it("leaves nothing half-written when the database refuses part of an import", async () => {
    const before = await counts();
    // A follower count beyond PostgreSQL's int range passes the reader's plausibility check only
    // because we call the store directly here: the transaction must roll back every row.
    const repo = createRosterRepo(t.db.pool);
    const row = (handle: string, followers: number) => ({
      line: 2, platform: "instagram" as const, handle, displayName: null, bio: null, followers, following: null, postsCount: null,
      categories: [], hashtags: [], country: null, language: null, email: null, rate: null, currency: null, discordUserId: null,
    });
    await expect(repo.writeRoster({ accounts: [row("atomic_ok", 10), row("atomic_bad", 3_000_000_000)], posts: [] })).rejects.toThrow();
    expect(await counts()).toEqual(before);
  });

  it("reports posts whose account is unknown", async () => {
    const s = await imp(file("c.csv", "handle\nknown_acct\n"), file("p.csv", "account,post_id,likes\nknown_acct,x1,5\nghost_acct,x2,7\n"));
    expect(s.posts.created).toBe(1);
    expect(s.skipped).toEqual([{ file: "p.csv", line: 3, handle: "ghost_acct", reason: 'no account "ghost_acct" on instagram in the roster or in the creators file' }]);
  });

  it("rejects a second account with the same platform and handle at the database", async () => {
    const creator = await t.db.prisma.creator.create({ data: { displayName: "Dup" } });
    await t.db.prisma.account.create({ data: { creatorId: creator.id, platform: "tiktok", handle: "dup_handle" } });
    await expect(t.db.prisma.account.create({ data: { creatorId: creator.id, platform: "tiktok", handle: "dup_handle" } })).rejects.toThrow(/Unique constraint/);
  });

  it("rejects a second participation of one creator in one campaign at the database", async () => {
    const creator = await t.db.prisma.creator.create({ data: { displayName: "Part" } });
    const campaign = await t.db.prisma.campaign.create({ data: { slug: "spring-launch", name: "Spring launch" } });
    await t.db.prisma.participation.create({ data: { campaignId: campaign.id, creatorId: creator.id, status: "invited" } });
    await expect(
      t.db.prisma.participation.create({ data: { campaignId: campaign.id, creatorId: creator.id, status: "opted_in" } }),
    ).rejects.toThrow(/Unique constraint/);
    await expect(t.db.prisma.campaign.create({ data: { slug: "spring-launch", name: "Again" } })).rejects.toThrow(/Unique constraint/);
  });
});

const datasetPresent = fs.existsSync(`${SHARED_DATASET}creators.csv`);
if (!datasetPresent) console.warn(`Skipping the import of the real dataset: ${SHARED_DATASET} is absent.`);

describe.skipIf(!datasetPresent)("the shared instagram-micro dataset (skipped where ../shared is absent)", () => {
  it("imports whole in one command, with each account's median ER from its posts", async () => {
    const read = (n: string) => file(n, fs.readFileSync(`${SHARED_DATASET}${n}`, "utf8"));
    const s = await imp(read("creators.csv"), read("posts.csv"));
    expect(s.accounts.created + s.accounts.updated).toBe(33_935);
    expect(s.skipped).toEqual([]);
    expect(s.duplicates).toBe(173);
    expect(s.accountsWithEr).toBe(22_669);
    // The README's measured medians per tier: 1k–5k 4.2%, 10k–50k 2.9%, 50k–100k 2.4%.
    const q = await t.db.pool.query<{ band: string; med: number }>(`
      SELECT CASE WHEN followers < 5000 THEN '1k-5k' WHEN followers < 10000 THEN '5k-10k' WHEN followers < 50000 THEN '10k-50k' ELSE '50k-100k' END AS band,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY median_er) AS med
      FROM account WHERE handle LIKE 'c\\_%' AND median_er IS NOT NULL AND followers BETWEEN 1000 AND 99999 GROUP BY 1`);
    const med = Object.fromEntries(q.rows.map((r) => [r.band, r.med]));
    expect(med["1k-5k"]).toBeGreaterThan(0.035);
    expect(med["1k-5k"]).toBeLessThan(0.05);
    expect(med["50k-100k"]).toBeGreaterThan(0.018);
    expect(med["50k-100k"]).toBeLessThan(0.03);
    expect(med["1k-5k"]!).toBeGreaterThan(med["50k-100k"]!);
  }, 120_000);
});

describe("niche keys (the shortlist's SQL pre-filter)", () => {
  it("computes a new account's key during the import, and recomputes it after its text changes", async () => {
    const keyOf = async (handle: string) =>
      (await t.db.pool.query<{ niche_key: string | null }>("SELECT niche_key FROM account WHERE handle = $1", [handle])).rows[0]!.niche_key;
    await imp(file("k.csv", 'handle,category,hashtags,bio\nkey_new,Café,"#PlantBased berries","Vegan recipes"\n'));
    const atImport = await keyOf("key_new");
    expect(atImport).toBe(nicheKey({ categories: ["café"], hashtags: ["plantbased", "berries"], bio: "Vegan recipes" }));
    await createRosterRepo(t.db.pool).refreshNicheKeys();
    expect(await keyOf("key_new")).toBe(atImport);
    // New hashtags merge with the stored ones: the key is cleared, then recomputed from the merged text.
    await imp(file("k2.csv", "handle,hashtags\nkey_new,yoga\n"));
    expect(await keyOf("key_new")).toBeNull();
    await createRosterRepo(t.db.pool).refreshNicheKeys();
    expect(await keyOf("key_new")).toContain("yoga");
    expect(await keyOf("key_new")).toContain("plantbased");
    // A re-import that brings no text keeps the key.
    await imp(file("k3.csv", "handle,followers\nkey_new,5000\n"));
    expect(await keyOf("key_new")).toContain("yoga");
    // Nor does one that brings the same text again (a re-import of the same roster).
    const kept = await keyOf("key_new");
    await imp(file("k4.csv", 'handle,category,hashtags,bio\nkey_new,Café,"yoga berries","Vegan recipes"\n'));
    expect(await keyOf("key_new")).toBe(kept);
    // A changed bio or category clears it for the recompute.
    await imp(file("k5.csv", 'handle,bio\nkey_new,"Trail running"\n'));
    expect(await keyOf("key_new")).toBeNull();
    await createRosterRepo(t.db.pool).refreshNicheKeys();
    expect(await keyOf("key_new")).toContain("trailrunning");
    await imp(file("k6.csv", "handle,category\nkey_new,Travel\n"));
    expect(await keyOf("key_new")).toBeNull();
  });
});

describe("hashtags folded from posts", () => {
  it("gives a new account the same hashtags and niche key as the recompute of a stored one (recency ties, undated posts, tag ties, code point order)", async () => {
    const special = ["ｆｕｌｌ", "𝒜stral", "éclair", "가나"]; // U+FF46 sorts before U+1D49C by code point, after it by UTF-16 unit
    const postLines = (handle: string) => {
      const lines = ["account,post_id,date,likes,comments,hashtags"];
      lines.push(`${handle},newest_no_data,2025-01-01,,,ignored`); // no likes or comments: not a post with data
      for (let i = 0; i < 36; i++) {
        const date = i < 10 ? "" : i < 20 ? "2024-03-01" : `2024-01-${String(i - 19).padStart(2, "0")}`;
        lines.push(`${handle},p${String(i).padStart(2, "0")},${date},${100 + i},3,"t${i} ${special.join(" ")}"`);
      }
      return lines.join("\n");
    };
    // The stored account: imported first without posts, then its posts are merged and recomputed in SQL.
    await imp(file("old.csv", "handle,hashtags\nfold_old,row2 row1\n"));
    await imp(file("old2.csv", "handle,hashtags\nfold_old,row2 row1\n"), file("p-old.csv", postLines("fold_old")));
    // The new account: created with its posts in one import (folded before it is staged).
    await imp(file("new.csv", "handle,hashtags\nfold_new,row2 row1\n"), file("p-new.csv", postLines("fold_new")));
    await createRosterRepo(t.db.pool).refreshNicheKeys();
    const row = async (handle: string) =>
      (await t.db.pool.query<{ hashtags: string[]; niche_key: string }>("SELECT hashtags, niche_key FROM account WHERE handle = $1", [handle])).rows[0]!;
    const fresh = await row("fold_new");
    const recomputed = await row("fold_old");
    expect(fresh.hashtags).toEqual(recomputed.hashtags);
    expect(fresh.niche_key).toBe(recomputed.niche_key);
    // The 30 most recent posts with data: p10..p35 (dated; p10..p19 tie on the date) and p06..p09
    // (undated, by post id descending). Their tags: the four on every post (30 each), then 26 of the
    // 30 tags used once, by code point: t10..t35 (t6..t9 sort after them).
    const once = ["t10", "t11", "t12", "t13", "t14", "t15", "t16", "t17", "t18", "t19", "t20", "t21", "t22", "t23", "t24", "t25", "t26", "t27", "t28", "t29", "t30", "t31", "t32", "t33", "t34", "t35"];
    expect(fresh.hashtags).toEqual(["row1", "row2", ...once, "éclair", "가나", "ｆｕｌｌ", "𝒜stral"]);
    expect(fresh.hashtags).not.toContain("ignored");
    expect(fresh.niche_key).toBe(nicheKey({ categories: [], hashtags: fresh.hashtags, bio: null }));
  });
});

describe("follower history", () => {
  it("records the numbers an account had and today's when it is imported again", async () => {
    await imp(file("h1.csv", "handle,followers,following\nhist_acct,10000,300\n"));
    const { id } = await t.db.prisma.account.findUniqueOrThrow({ where: { platform_handle: { platform: "instagram", handle: "hist_acct" } } });
    expect(await t.db.prisma.accountSnapshot.count({ where: { accountId: id } })).toBe(0); // the account row is the first point
    await t.db.pool.query("UPDATE account SET updated_at = now() - interval '3 days' WHERE id = $1", [id]);
    await imp(file("h2.csv", "handle,followers,following\nhist_acct,25000,310\n"));
    const snaps = await t.db.prisma.accountSnapshot.findMany({ where: { accountId: id }, orderBy: { takenOn: "asc" } });
    expect(snaps.map((s) => [s.followers, s.following])).toEqual([[10000, 300], [25000, 310]]);
    expect(snaps[1]!.takenOn.getTime() - snaps[0]!.takenOn.getTime()).toBe(3 * 86_400_000);
  });

  it("an account imported again as it is stored is not rewritten, yet counts as updated and gets today's snapshot", async () => {
    const csv = "handle,followers,following,category\nsame_acct,5000,100,food\nmoved_acct,7000,200,travel\nstale_er,9000,90,tech\n";
    await imp(file("s1.csv", csv));
    const state = async () =>
      Object.fromEntries(
        (await t.db.pool.query<{ handle: string; xmin: string; updated_at: Date; followers: number; median_er: number | null }>(
          "SELECT handle, xmin::text, updated_at, followers, median_er FROM account WHERE handle IN ('same_acct', 'moved_acct', 'stale_er')",
        )).rows.map((r) => [r.handle, r]),
      );
    // A median ER that does not follow from the stored figures (written before ER per follower was kept in step).
    await t.db.pool.query("UPDATE account SET median_engagements = 90, median_er = 0.5 WHERE handle = 'stale_er'");
    const before = await state();
    const s = await imp(file("s2.csv", csv.replace("moved_acct,7000", "moved_acct,7100")));
    expect(s.accounts).toEqual({ created: 0, updated: 3 });
    const after = await state();
    // The same values: the row is the same row version, last written at the first import.
    expect(after.same_acct!.xmin).toBe(before.same_acct!.xmin);
    expect(after.same_acct!.updated_at).toEqual(before.same_acct!.updated_at);
    // Changed followers, or an ER the figures give otherwise: written.
    expect(after.moved_acct!.followers).toBe(7100);
    expect(after.moved_acct!.xmin).not.toBe(before.moved_acct!.xmin);
    expect(after.stale_er!.median_er).toBeCloseTo(90 / 9000, 10);
    // Every account imported again has today's point in its history, the unchanged one too.
    const snaps = await t.db.pool.query<{ handle: string; followers: number }>(
      `SELECT a.handle, s.followers FROM account_snapshot s JOIN account a ON a.id = s.account_id
       WHERE a.handle IN ('same_acct', 'moved_acct', 'stale_er') AND s.taken_on = current_date ORDER BY a.handle`,
    );
    expect(snaps.rows).toEqual([{ handle: "moved_acct", followers: 7100 }, { handle: "same_acct", followers: 5000 }, { handle: "stale_er", followers: 9000 }]);
  });
});
