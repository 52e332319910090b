// Roster files whose cells are hostile (injections, Unicode edge cases, odd numbers, Object.prototype's
// names, noise), imported for real into the store: an import either works, every data line accounted
// for (imported, repeated or skipped with its line), or is refused as a whole with a clear message
// and changes nothing; importing the same files again creates nothing. The seed is printed;
// FUZZ_SEED=<seed> replays a run.
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.ts";
import { importRoster, type ImportFile } from "../../src/core/roster/import.ts";
import { csvCell } from "../../src/core/roster/csv.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { fuzzSeed, prng, value, type Rng } from "../support/fuzz.ts";
import { useTestDatabase } from "../support/db.ts";

const seed = fuzzSeed();
console.log(`roster-import-fuzz.test.ts: FUZZ_SEED=${seed}`);
const t = useTestDatabase("importfuzz");

const PLAUSIBLE: Record<string, (r: Rng, i: number) => string> = {
  handle: (r, i) => r.pick([`ana${i}`, `@Bo.${i}`, `instagram.com/cy_${i}/`, `dé${i}`]),
  platform: (r) => r.pick(["instagram", "IG", "tiktok", "YouTube", "x", ""]),
  followers: (r) => r.pick(["12500", "12,500", "12.5k", "1.2M", "0"]),
  following: (r) => r.pick(["300", "", "1k"]),
  posts: (r) => r.pick(["120", ""]),
  category: (r) => r.pick(["food", "vegan food; travel", "Fitness, Yoga", ""]),
  country: (r) => r.pick(["DE", "United Kingdom", "uk", ""]),
  language: (r) => r.pick(["en", "Deutsch", ""]),
  email: (r, i) => r.pick([`a${i}@example.com`, ""]),
  rate: (r) => r.pick(["250", "$250", "250 EUR", "1.5k", ""]),
  currency: (r) => r.pick(["EUR", "usd", ""]),
  bio: (r) => r.pick(["Vegan recipes and travel", "", "#plantbased mom of two"]),
  discord: (r) => r.pick(["123456789012345678", ""]),
};
const POST_PLAUSIBLE: Record<string, (r: Rng, i: number, handle: string) => string> = {
  account: (_r, _i, handle) => handle,
  postid: (r, i) => r.pick([`p${i}`, `https://instagram.com/p/X${i}/`]),
  date: (r) => r.pick(["2026-01-02", "2026-01-02T10:00:00Z", "02/01/2026", ""]),
  likes: (r) => r.pick(["120", "1.2k", ""]),
  comments: (r) => r.pick(["4", ""]),
  views: (r) => r.pick(["3000", ""]),
  hashtags: (r) => r.pick(["#vegan #food", ""]),
  caption: (r) => r.pick(["New recipe! #ad", ""]),
};

/** Object.prototype's names, typed into any column (a lookup by cell must not find them). */
const PROTO_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];

/** A cell: plausible, or a hostile value; now and then a bare (unquoted) one, or a line of noise. */
function csvText(r: Rng, header: string[], rows: string[][], noise: () => string): string {
  const lines = [header.join(",")];
  for (const row of rows) {
    if (r.chance(0.03)) lines.push(noise());
    else lines.push(row.map((c) => (r.chance(0.05) ? c.replace(/[\r\n]/g, "") : csvCell(c))).join(","));
    if (r.chance(0.05)) lines.push(lines.at(-1)!); // a repeated line
  }
  return lines.join(r.pick(["\n", "\r\n"])) + "\n";
}

function files(r: Rng, round: number): { creators: ImportFile; posts?: ImportFile } {
  // A NUL byte makes a whole file binary (refused, tested as such): in a tenth of the rounds only.
  const keepNul = r.chance(0.1);
  const hostile = () => (keepNul ? value(r) : value(r).replace(/\u0000/g, ""));
  const cols = Object.keys(PLAUSIBLE).filter((c) => c === "handle" || (c === "platform" ? r.chance(0.85) : r.chance(0.7)));
  const handles: string[] = [];
  const rows = Array.from({ length: 5 + r.int(40) }, (_, i) => {
    const n = round * 1000 + i;
    return cols.map((c) => {
      const v = r.chance(0.03) ? r.pick(PROTO_NAMES) : r.chance(0.25) ? hostile() : PLAUSIBLE[c]!(r, n);
      if (c === "handle") handles.push(v);
      return v;
    });
  });
  const creators = { label: `creators-${round}.csv`, text: csvText(r, cols, rows, hostile) };
  if (r.chance(0.3)) return { creators };
  const pcols = Object.keys(POST_PLAUSIBLE).filter((c) => c === "account" || c === "postid" || r.chance(0.7));
  const prows = Array.from({ length: r.int(60) }, (_, i) => pcols.map((c) => (r.chance(0.03) ? r.pick(PROTO_NAMES) : r.chance(0.2) ? hostile() : POST_PLAUSIBLE[c]!(r, i, r.pick(handles)))));
  return { creators, posts: { label: `posts-${round}.csv`, text: csvText(r, pcols, prows, hostile) } };
}

const counts = async () =>
  (
    await t.db.pool.query<{ creators: number; accounts: number; posts: number }>(
      `SELECT (SELECT count(*) FROM creator)::int AS creators, (SELECT count(*) FROM account)::int AS accounts, (SELECT count(*) FROM post)::int AS posts`,
    )
  ).rows[0]!;

describe(`roster import fuzz (seed ${seed})`, () => {
  it("40 hostile roster imports: each works with every line accounted for, or is refused whole; again, none creates anything", async () => {
    const r = prng(seed);
    const repo = createRosterRepo(t.db.pool);
    const problems: string[] = [];
    let worked = 0;
    let refused = 0;
    for (let round = 0; round < 40 && problems.length < 5; round++) {
      const f = files(r, round);
      const before = await counts();
      let s;
      const opts = { platform: r.chance(0.5) ? ("instagram" as const) : undefined, maxRows: 1000 };
      try {
        s = await importRoster(f, opts, repo);
      } catch (e) {
        if (!(e instanceof UserError)) problems.push(`round ${round}: threw ${(e as Error).stack?.slice(0, 300)}`);
        else if (!e.message || /undefined|\[object|function/.test(e.message)) problems.push(`round ${round}: message ${e.message}`);
        const after = await counts();
        if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`round ${round}: refused but wrote ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
        if (process.env.FUZZ_DEBUG) console.log(round, (e as Error).message);
        refused++;
        continue;
      }
      worked++;
      const after = await counts();
      const creatorLines = s.skipped.filter((p) => p.file === f.creators.label);
      // Every data line of the creators file: an account written, a repeat, or a line skipped with its reason.
      const accounted = s.accounts.created + s.accounts.updated + creatorLines.length;
      if (accounted > s.rows.creators || accounted < s.rows.creators - s.duplicates)
        problems.push(`round ${round}: ${s.rows.creators} lines, ${accounted} accounted for (${JSON.stringify(s.accounts)}, ${creatorLines.length} skipped, ${s.duplicates} repeated)`);
      if (after.accounts !== before.accounts + s.accounts.created) problems.push(`round ${round}: ${s.accounts.created} created but ${after.accounts - before.accounts} new accounts`);
      for (const p of s.skipped)
        if (!(p.line >= 2) || !p.reason || /undefined|\[object|function/.test(p.reason)) problems.push(`round ${round}: skipped ${JSON.stringify(p).slice(0, 200)}`);
      // The same files again: nothing new.
      const again = await importRoster(f, opts, repo).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      if (again instanceof Error) problems.push(`round ${round}: again: ${again.message}`);
      else if (again.accounts.created !== 0 || again.posts.created !== 0) problems.push(`round ${round}: again created ${again.accounts.created} accounts, ${again.posts.created} posts`);
      else if ((await counts()).accounts !== after.accounts) problems.push(`round ${round}: again changed the number of accounts`);
    }
    const stored = await t.db.pool.query<{ handle: string }>(`SELECT handle FROM account WHERE handle = '' OR handle <> lower(handle) OR handle LIKE '@%'`);
    expect(problems).toEqual([]);
    expect(stored.rows).toEqual([]);
    // The generator is mild enough that most imports work, and hostile enough that some are refused.
    expect(worked).toBeGreaterThan(10);
    expect(worked + refused).toBe(40);
  }, 120_000);
});
