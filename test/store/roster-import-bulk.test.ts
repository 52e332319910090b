// A first import into an empty roster builds the roster's indexes and foreign keys after its rows
// (bulkLoad in roster.repo.ts). It must store exactly what the row-by-row path stores, leave the
// schema exactly as the migrations made it, and roll back whole.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { importRoster, type ImportFile, type ImportSummary } from "../../src/core/roster/import.ts";
import { createRosterRepo, RECOMPUTE_FROM_POSTS } from "../../src/store/roster.repo.ts";
import { generateCreators, postsCsv, rosterCsv } from "../../bench/lib/generate.ts";
import { useTestDatabase } from "../support/db.ts";

const t = useTestDatabase("rosterbulk");
const file = (label: string, text: string): ImportFile => ({ label, text });
const BULK = { bulkFrom: 0 };
const ROW_BY_ROW = { bulkFrom: Number.POSITIVE_INFINITY };

const gen = generateCreators(600, 23);
// Bad rows, a repeated line, one repeated with other values, an orphan post, posts for half the accounts.
const rosterLines = rosterCsv(gen, { badEvery: 97 }).trimEnd().split("\n");
const roster = [...rosterLines, rosterLines[5]!, rosterLines[9]!.replace(/,instagram,\d+/, ",instagram,777"), ""].join("\n");
const posts = postsCsv(gen.slice(0, 300), 4) + "nobody_here,zz1,2026-01-02,5,1,,\n";

const imp = (opts: { bulkFrom: number }, creators = roster, postsText: string | undefined = posts) =>
  importRoster({ creators: file("c.csv", creators), posts: postsText === undefined ? undefined : file("p.csv", postsText) }, { platform: "instagram" }, createRosterRepo(t.db.pool, opts));

const empty = () => t.db.pool.query("TRUNCATE creator, account, post, account_snapshot CASCADE");

/** Everything an import stores but the ids and clocks, in a stable order. */
async function contents() {
  const q = async (sql: string) => (await t.db.pool.query(sql)).rows;
  return {
    accounts: await q(`SELECT platform, handle, display_name, bio, followers, following, posts_count, median_engagements, median_views, median_er,
                              sampled_posts, categories, hashtags, country, language, rate::text, currency, discord_user_id, email, niche_key, source,
                              metrics_updated_at IS NOT NULL AS has_metrics, (SELECT c.display_name FROM creator c WHERE c.id = a.creator_id) AS creator
                       FROM account a ORDER BY platform, handle`),
    posts: await q(`SELECT a.handle, p.external_id, p.posted_at, p.likes, p.comments, p.views, p.shares, p.saves, p.is_video, p.is_sponsored,
                           p.sponsor_tags, p.hashtags, p.caption
                    FROM post p JOIN account a ON a.id = p.account_id ORDER BY a.handle, p.external_id`),
    creators: (await q("SELECT count(*)::int AS n FROM creator"))[0],
    snapshots: (await q("SELECT count(*)::int AS n FROM account_snapshot"))[0],
  };
}

/** The whole schema's indexes and constraints, by name, as the catalog defines them. */
async function schema() {
  const res = await t.db.pool.query<{ name: string; def: string; oid: number }>(`
    SELECT 'index ' || i.relname AS name, pg_get_indexdef(i.oid) AS def, i.oid::int AS oid
    FROM pg_class i JOIN pg_namespace n ON n.oid = i.relnamespace WHERE i.relkind = 'i' AND n.nspname = current_schema()
    UNION ALL
    SELECT 'constraint ' || k.conname, k.conrelid::regclass::text || ' ' || pg_get_constraintdef(k.oid), k.oid::int
    FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = current_schema()
    ORDER BY 1`);
  return {
    defs: Object.fromEntries(res.rows.map((r) => [r.name, r.def])),
    oids: Object.fromEntries(res.rows.map((r) => [r.name, r.oid])),
  };
}

const sorted = (s: ImportSummary) => ({ ...s, skipped: [...s.skipped].sort((a, b) => a.line - b.line || a.reason.localeCompare(b.reason)) });

describe("a first import into an empty roster, indexes built after the rows", () => {
  it("stores the same rows and says the same summary as the row-by-row import, and a re-import after it goes row by row", async () => {
    const changed = roster.replace(/^@gen_23_3,instagram,\d+/m, "@gen_23_3,instagram,4242");
    expect(changed).not.toBe(roster);
    await empty();
    const indexes = await schema();
    const bulk = await imp(BULK);
    const bulkRows = await contents();
    // The ids the bulk path makes are random version 4 UUIDs, as everywhere else, and all distinct.
    const ids = (await t.db.pool.query<{ id: string }>("SELECT id::text FROM creator UNION ALL SELECT id::text FROM account UNION ALL SELECT id::text FROM post")).rows.map((r) => r.id);
    expect(ids.length).toBeGreaterThan(1000);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toEqual([]);
    expect((await schema()).oids["index post_pkey"], "the first import went in bulk").not.toBe(indexes.oids["index post_pkey"]);
    const again = await imp(ROW_BY_ROW, changed);
    const againRows = await contents();
    await empty();
    const plain = await imp(ROW_BY_ROW);
    const plainRows = await contents();
    const plainAgain = await imp(ROW_BY_ROW, changed);

    expect(bulk.accounts.created).toBeGreaterThan(500);
    // 300 accounts' 4 posts each, but those of the 3 bad rows among them (every 97th), which are orphans.
    expect(bulk.posts.created).toBe(1188);
    expect(bulk.skipped.length).toBeGreaterThan(6);
    expect(bulk.duplicates).toBe(1);
    expect(sorted(bulk)).toEqual(sorted(plain));
    expect(bulkRows.accounts.length).toBe(bulk.accounts.created);
    expect(bulkRows.accounts.filter((a) => a.sampled_posts > 0).length).toBeGreaterThan(250);
    expect(bulkRows).toEqual(plainRows);
    // The unique index the re-import's upsert needs is there again: it updates, it does not duplicate.
    expect(again.accounts.created).toBe(0);
    expect(again.accounts.updated).toBe(bulk.accounts.created);
    expect(sorted(again)).toEqual(sorted(plainAgain));
    expect(againRows).toEqual(await contents());
    expect(againRows.accounts.find((a) => a.handle === "gen_23_3")?.followers).toBe(4242);
  });

  it("computes each account's figures as the SQL merge does, on every platform: per view, ties, undated posts, even counts, big numbers", async () => {
    // A seeded mix (no clock, no Math.random): three platforms, 1 to 40 posts an account, views
    // missing, zero or given, dates missing or tied, engagements over 2^31 when summed.
    let seed = 7;
    const rand = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
    const platforms = ["instagram", "tiktok", "youtube"];
    const creators = ["handle,platform,followers,category"];
    const postLines = ["account,platform,post_id,date,likes,comments,shares,saves,views,hashtags"];
    for (let i = 0; i < 45; i++) {
      const platform = platforms[i % 3]!;
      creators.push(`mix_${i},${platform},${i % 9 === 0 ? "" : i % 11 === 0 ? 0 : 1000 + rand(100_000)},food`);
      const n = 1 + rand(40);
      for (let j = 0; j < n; j++) {
        const date = rand(5) === 0 ? "" : `2026-0${1 + rand(3)}-1${rand(3)}`;
        const likes = rand(4) === 0 ? "" : rand(5000);
        const comments = rand(3) === 0 ? "" : rand(300);
        const views = rand(4) === 0 ? "" : rand(6) === 0 ? 0 : rand(90_000);
        postLines.push(`mix_${i},${platform},p${rand(1000)}_${j},${date},${likes},${comments},${rand(20)},${rand(2) ? rand(50) : ""},${views},t${rand(40)} t${rand(40)}`);
      }
    }
    creators.push("mix_big,instagram,50000,food", "mix_tags,instagram,8000,food");
    // One post with 35 tags (over the 30 folded in), some outside ASCII and one outside the BMP.
    const many = Array.from({ length: 32 }, (_, j) => `tag${String(j).padStart(2, "0")}`).concat("zoë", "ｚｚ", "𝒜stral").reverse();
    postLines.push(`mix_tags,instagram,only1,2026-03-01,10,2,,,,${many.join(" ")}`);
    for (let j = 0; j < 3; j++) postLines.push(`mix_big,instagram,big${j},2026-02-0${j + 1},1900000000,1900000000,0,,,`);
    const c = creators.join("\n") + "\n";
    const p = postLines.join("\n") + "\n";
    await empty();
    const bulk = await imp(BULK, c, p);
    const bulkRows = await contents();
    // The SQL that recomputes stored accounts from their posts finds nothing to change: the tags folded
    // in and the figures computed in Node are the ones it computes.
    const ids = (await t.db.pool.query<{ id: string }>("SELECT id FROM account")).rows.map((r) => r.id);
    await t.db.pool.query(RECOMPUTE_FROM_POSTS, [ids]);
    expect(await contents()).toEqual(bulkRows);
    await empty();
    const plain = await imp(ROW_BY_ROW, c, p);
    const plainRows = await contents();
    expect(sorted(bulk)).toEqual(sorted(plain));
    expect(bulkRows).toEqual(plainRows);
    // The mix holds what it is meant to: accounts of each kind of ER, and the one summed past 2^31.
    const er = (platform: string) => bulkRows.accounts.filter((a) => a.platform === platform && a.median_er !== null).length;
    expect(er("instagram") * er("tiktok") * er("youtube")).toBeGreaterThan(0);
    expect(bulkRows.accounts.some((a) => a.median_views !== null && !Number.isInteger(a.median_views))).toBe(true);
    expect(bulkRows.accounts.find((a) => a.handle === "mix_big")!.median_engagements).toBeGreaterThan(2 ** 31);
    // Its 35 tags each used once: the first 30 in code point order, as the SQL recompute ranks them.
    expect(bulkRows.accounts.find((a) => a.handle === "mix_tags")!.hashtags).toEqual(many.slice(3).reverse().slice(0, 30));
  });

  it("leaves every index and key as the migrations define it, rebuilt by a first import and kept by the next", async () => {
    await empty();
    const before = await schema();
    await imp(BULK, rosterCsv(gen.slice(0, 50)), postsCsv(gen.slice(0, 10), 2));
    const after = await schema();
    expect(after.defs).toEqual(before.defs);
    expect(Object.keys(after.defs)).toEqual(expect.arrayContaining(["index account_platform_handle_key", "constraint post_pkey", "constraint post_account_id_fkey", "constraint account_creator_id_fkey"]));
    // Built again: new catalog entries under the same names, the other tables' keys into the roster too.
    for (const name of ["index account_pkey", "index account_platform_handle_key", "index account_creator_id_idx", "index post_pkey", "constraint post_pkey",
      "index post_account_id_external_id_key", "constraint post_account_id_fkey", "constraint account_creator_id_fkey", "index creator_pkey",
      "constraint participation_account_id_fkey", "constraint participation_creator_id_fkey", "constraint account_snapshot_account_id_fkey"])
      expect(after.oids[name], name).not.toBe(before.oids[name]);
    // Tables outside the roster keep theirs.
    expect(after.oids["index campaign_pkey"]).toBe(before.oids["index campaign_pkey"]);
    await imp(BULK, rosterCsv(gen.slice(50, 100)));
    expect((await schema()).oids).toEqual(after.oids);
  });

  it("keeps the creators' indexes when creators are stored already (a Discord sign-up), and still loads the accounts in bulk", async () => {
    await empty();
    await t.db.prisma.creator.create({ data: { displayName: "Signed up", discordUserId: "123456789012345678", source: "community" } });
    const before = await schema();
    const s = await imp(BULK, rosterCsv(gen.slice(0, 50)), postsCsv(gen.slice(0, 10), 2));
    expect(s.accounts.created).toBe(50);
    const after = await schema();
    expect(after.defs).toEqual(before.defs);
    expect(after.oids["index creator_pkey"]).toBe(before.oids["index creator_pkey"]);
    expect(after.oids["constraint participation_creator_id_fkey"]).toBe(before.oids["constraint participation_creator_id_fkey"]);
    expect(after.oids["index account_pkey"]).not.toBe(before.oids["index account_pkey"]);
    expect(after.oids["constraint account_creator_id_fkey"]).not.toBe(before.oids["constraint account_creator_id_fkey"]);
    expect(await t.db.prisma.creator.count()).toBe(51);
  });

  it("goes row by row when its database role may write the roster but does not own it (it cannot drop an index)", async () => {
    await empty();
    const role = `scout_writer_${process.pid}_${Date.now()}`;
    const schemaName = (await t.db.pool.query<{ s: string }>("SELECT current_schema() AS s")).rows[0]!.s;
    await t.db.pool.query(`CREATE ROLE ${role} NOLOGIN`);
    try {
      await t.db.pool.query(`GRANT USAGE ON SCHEMA ${schemaName} TO ${role}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schemaName} TO ${role}`);
      const writer = new pg.Pool({ connectionString: t.url, options: `-c role=${role}`, max: 2 });
      try {
        expect((await writer.query<{ r: string }>("SELECT current_user AS r")).rows[0]!.r).toBe(role);
        const before = await schema();
        const s = await importRoster({ creators: file("c.csv", rosterCsv(gen.slice(0, 50))), posts: file("p.csv", postsCsv(gen.slice(0, 10), 2)) }, { platform: "instagram" }, createRosterRepo(writer, BULK));
        expect(s.accounts.created).toBe(50);
        expect(s.posts.created).toBe(20);
        // Nothing was dropped or built again.
        expect((await schema()).oids).toEqual(before.oids);
      } finally {
        await writer.end();
      }
    } finally {
      await t.db.pool.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });

  it("rolls a first import that fails after its indexes were dropped back whole: no row, every index and key as before", async () => {
    await empty();
    const before = await schema();
    const row = (handle: string, rate: number) => ({
      line: 2, platform: "instagram" as const, handle, displayName: null, bio: null, followers: 10, following: null, postsCount: null,
      categories: [], hashtags: [], country: null, language: null, email: null, rate, currency: "USD", discordUserId: null,
    });
    // numeric(12,2) refuses the second rate when the account row is written: inside the merge, after the drop.
    await expect(createRosterRepo(t.db.pool, BULK).writeRoster({ accounts: [row("bulk_ok", 10), row("bulk_bad", 1e12)], posts: [] })).rejects.toThrow(/overflow/);
    expect((await contents()).accounts).toEqual([]);
    expect(await schema()).toEqual(before);
  });

  it("two first imports at once both land without a deadlock (the one that finds the roster busy goes row by row)", async () => {
    await empty();
    const before = await schema();
    const a = generateCreators(3000, 31);
    const b = generateCreators(3000, 32);
    const [ra, rb] = await Promise.all([
      imp({ bulkFrom: 100 }, rosterCsv(a), postsCsv(a.slice(0, 500), 2)),
      imp({ bulkFrom: 100 }, rosterCsv(b), postsCsv(b.slice(0, 500), 2)),
    ]);
    expect(ra.accounts.created + rb.accounts.created).toBe(6000);
    const n = (await t.db.pool.query<{ a: number; p: number }>("SELECT (SELECT count(*) FROM account)::int AS a, (SELECT count(*) FROM post)::int AS p")).rows[0]!;
    expect(n).toEqual({ a: 6000, p: 2000 });
    expect((await schema()).defs).toEqual(before.defs);
  });
});
