import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCreators, postsCsv, rosterCsv } from "../../bench/lib/generate.ts";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { errorLines, testApp, type TestApp } from "../support/app.ts";

const t = useTestDatabase("shortlist");
let s: TestApp;
const gen = generateCreators(2000, 99);

beforeAll(async () => {
  s = await testApp(t);
  await importRoster(
    { creators: { label: "r.csv", text: rosterCsv(gen) }, posts: { label: "p.csv", text: postsCsv(gen.slice(0, 300), 8) } },
    { platform: "instagram" },
    createRosterRepo(t.db.pool),
  );
});

describe("shortlist command", () => {
  it("prints the JSON contract: results with components, considered and excluded", async () => {
    const d = await s.json("shortlist niche:food followers:5k-50k top:5 --json");
    expect(Object.keys(d).sort()).toEqual(["considered", "excluded", "results"]);
    expect(d.results).toHaveLength(5);
    for (const r of d.results) {
      for (const k of ["handle", "platform", "followers", "score", "confidence", "er", "erPercentile", "categories", "hashtags", "components"]) expect(r).toHaveProperty(k);
      expect(r.components).toHaveLength(8);
      for (const c of r.components) expect(Object.keys(c).sort()).toEqual(["name", "reason", "value", "weight"]);
      expect(r.components.reduce((sum: number, c: { weight: number }) => sum + c.weight, 0)).toBeCloseTo(1, 9);
      expect(r.er).toBeLessThan(1); // a fraction, not a percentage
      expect(r.erPercentile).toBeGreaterThanOrEqual(0);
      expect(r.erPercentile).toBeLessThanOrEqual(100);
      expect(r.categories.includes("food") || r.hashtags.some((h: string) => h.includes("food") || h.includes("vegan"))).toBe(true);
    }
    const scores = d.results.map((r: { score: number }) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(d.excluded.niche).toBeGreaterThan(0);
    expect(d.excluded.followers).toBeGreaterThan(0);
  });

  it("gives the same answer twice (deterministic, including ties)", async () => {
    const a = await s.json("shortlist followers:1k-100k top:50 --json");
    const b = await s.json("shortlist followers:1k-100k top:50 --json");
    expect(b).toEqual(a);
  });

  it("uses a campaign's stored criteria, and leaves out creators already invited with exclude:invited", async () => {
    const campaign = await t.db.prisma.campaign.create({
      data: { slug: "pet-week", name: "Pet week", objective: "sales", criteria: { niche: ["pet"], followers: { min: 2000, max: 80000 } } },
    });
    const first = await s.json("shortlist campaign:pet-week top:3 --json");
    expect(first.results.every((r: { categories: string[] }) => r.categories.includes("pet"))).toBe(true);
    const top = await t.db.prisma.account.findUniqueOrThrow({ where: { platform_handle: { platform: "instagram", handle: first.results[0].handle } } });
    await t.db.prisma.participation.create({ data: { campaignId: campaign.id, creatorId: top.creatorId, status: "invited" } });
    const again = await s.json("shortlist campaign:pet-week exclude:invited top:3 --json");
    expect(again.excluded.invited).toBe(1);
    expect(again.results.map((r: { handle: string }) => r.handle)).not.toContain(top.handle);
  });

  it("says which filter removed the most when nothing matches", async () => {
    const r = await s.run("shortlist niche:skydiving followers:1k-100k");
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.text).toMatch(/niche removed the most \(\d+ of 2000\): use broader niche: terms/);
  });

  it("writes a CSV export and reports its path", async () => {
    const r = await s.run("shortlist niche:fitness top:7 format:csv");
    const path = (r.reply.data as { file: string }).file;
    expect(r.reply.message.text).toContain(path);
    const lines = fs.readFileSync(path, "utf8").trim().split("\n");
    expect(lines[0]).toMatch(/^rank,handle,platform,followers,tier,score,confidence,er,er_percentile/);
    expect(lines).toHaveLength(8);
  });

  it("answers bad input with a clear private message, and logs none of it as an error", async () => {
    s.logs.length = 0;
    const cases: [string, RegExp][] = [
      ["shortlist campaign:nope", /No campaign named nope\.\nTry \/scout campaign list\./],
      ["shortlist followers:50k-5k", /the range is reversed/],
      ["shortlist top:500", /top: at most 50/],
      ["shortlist min-er:abc", /min-er: expects a percentage[\s\S]*Example: \/scout shortlist/],
      ["shortlist platform:myspace", /platform: expects instagram/],
    ];
    for (const [line, msg] of cases) {
      const r = await s.run(line);
      expect(r.outcome, line).not.toBe("ok");
      expect(r.reply.message.ephemeral).toBe(true);
      expect(r.reply.message.text).toMatch(msg);
    }
    expect(errorLines(s.logs)).toEqual([]);
  });
});

describe("creator command", () => {
  it("shows the full breakdown and brand safety of one creator", async () => {
    const handle = gen[0]!.handle;
    const d = await s.json(`creator @${handle} --json`);
    expect(d.handle).toBe(handle);
    expect(d.components.map((c: { name: string }) => c.name)).toEqual(["tierFit", "engagement", "authenticity", "niche", "audience", "cost", "brandSafety", "reliability"]);
    expect(d.brandSafety).toMatchObject({ sponsoredPosts: 0, undisclosedSponsoredPosts: 0 });
    const text = (await s.run(`creator ${handle}`)).reply.message;
    expect(JSON.stringify(text)).toContain("How the score is made");
  });

  it("scores a 50k-follower creator the same whether the file wrote 50000 or 50k", async () => {
    await importRoster(
      { creators: { label: "f.csv", text: "handle,followers,following,category\nfifty_plain,50000,400,food\nfifty_short,50k,400,food\n" } },
      { platform: "instagram" },
      createRosterRepo(t.db.pool),
    );
    const a = await s.json("creator fifty_plain niche:food --json");
    const b = await s.json("creator fifty_short niche:food --json");
    expect(b.score).toBe(a.score);
    expect(b.components).toEqual(a.components);
  });

  it("asks for the platform when a handle is on several, and names an unknown handle", async () => {
    await importRoster({ creators: { label: "t.csv", text: "handle,platform,followers\ntwin,instagram,5000\ntwin,tiktok,7000\n" } }, {}, createRosterRepo(t.db.pool));
    const r = await s.run("creator twin");
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toMatch(/@twin is on instagram and tiktok; add platform:instagram/);
    expect((await s.json("creator twin platform:tiktok --json")).followers).toBe(7000);
    const missing = await s.run("creator nobody_here");
    expect(missing.code).toBe("CREATOR_NOT_FOUND");
  });
});

describe("reading candidates from PostgreSQL", () => {
  it("ranks the same whether the roster is read in one part or in many", async () => {
    const { shortlist } = await import("../../src/core/shortlist/shortlist.ts");
    const { createShortlistRepo } = await import("../../src/store/shortlist.repo.ts");
    const criteria = { objective: "traffic" as const, niche: ["food", "fitness"], followers: { min: 2000, max: 60000 } };
    const whole = await shortlist(createShortlistRepo(t.db.pool, { partitions: 1 }), criteria, { top: 25 });
    const chunked = await shortlist(createShortlistRepo(t.db.pool, { partitions: 37 }), criteria, { top: 25 });
    expect(chunked.results.map((r) => [r.handle, r.score])).toEqual(whole.results.map((r) => [r.handle, r.score]));
    expect(chunked.considered).toBe(whole.considered);
    expect(chunked.excluded).toEqual(whole.excluded);
    expect(whole.results).toHaveLength(25);
  });

  it("keeps separators, empty lists and unknown numbers apart when rows are packed", async () => {
    // An import replaces control characters (the packing separators among them) with spaces.
    const s = await importRoster(
      { creators: { label: "odd.csv", text: 'handle,platform,followers,following,bio,category,hashtags,rate\nodd_chars,blog,0,,"a\u001db\u001ec\u001fd",,"x\u001fy z",12.5\n' } },
      {},
      createRosterRepo(t.db.pool),
    );
    expect(s.skipped).toEqual([]);
    const { createShortlistRepo } = await import("../../src/store/shortlist.repo.ts");
    const found: any[] = [];
    for await (const chunk of createShortlistRepo(t.db.pool).candidates({ platforms: ["blog"], followers: { min: 0, max: 10 } })) found.push(...chunk);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ handle: "odd_chars", followers: 0, following: null, bio: "a b c d", categories: [], hashtags: ["x", "y", "z"], rate: 12.5, country: null, medianEr: null });
  });
});

describe("the niche pre-filter in SQL", () => {
  it("drops only accounts the scorer would drop: same shortlist with niche keys as without", async () => {
    const { shortlist } = await import("../../src/core/shortlist/shortlist.ts");
    const { createShortlistRepo } = await import("../../src/store/shortlist.repo.ts");
    const repo = createRosterRepo(t.db.pool);
    await importRoster(
      {
        creators: {
          label: "tricky.csv",
          text:
            "handle,followers,category,hashtags,bio\n" +
            "accent_cafe,9000,Café,,\n" +
            "plural_berries,9000,,berries smoothies,\n" +
            "joined_tag,9000,,PlantBasedRecipes,\n" +
            'bio_phrase,9000,,,"I cook plant-based meals, mostly recipes"\n' +
            "synonym_veg,9000,,veggie,\n" +
            "no_match,9000,travel,beach,sun\n",
        },
      },
      { platform: "instagram" },
      repo,
    );
    const cases = [
      { niche: ["cafe"] },
      { niche: ["berry", "smoothie"] },
      { niche: ["plant based", "recipe"] },
      { niche: ["vegetarian"], synonyms: { vegetarian: ["veggie"] } },
      { niche: ["food", "vegan"] },
      { niche: ["fitness"] },
    ];
    const run = async () => {
      const out = [];
      for (const c of cases) {
        const r = await shortlist(createShortlistRepo(t.db.pool), { objective: "awareness", followers: { min: 1000, max: 100000 }, ...c }, { top: 50 });
        out.push({ handles: r.results.map((x) => x.handle), considered: r.considered, niche: r.excluded.niche });
      }
      return out;
    };
    await t.db.pool.query("UPDATE account SET niche_key = NULL");
    const without = await run();
    const keyed = await repo.refreshNicheKeys();
    expect(keyed).toBeGreaterThan(2000);
    expect((await t.db.pool.query("SELECT count(*)::int AS n FROM account WHERE niche_key IS NULL")).rows[0].n).toBe(0);
    const withKeys = await run();
    expect(withKeys).toEqual(without);
    expect(without[0]!.handles).toContain("accent_cafe");
    expect(without[1]!.handles).toContain("plural_berries");
    expect(without[2]!.handles).toEqual(expect.arrayContaining(["joined_tag", "bio_phrase"]));
    expect(without[3]!.handles).toContain("synonym_veg");
    for (const c of without) expect(c.handles).not.toContain("no_match");
  });
});
