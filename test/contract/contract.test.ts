// The contract layer: every row of the scenario table runs through the console, Slack (real Bolt
// against the fake Web API) and Discord (real discord.js against the fake gateway and REST), each
// surface on a scratch database of its own, each row on a campaign of its own. For each row: the
// expected effect and answer on every surface that serves it, the same effect and the same facts on
// all of them, and a refusal that changes nothing on a surface that does not serve it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { connectDatabase, type Database } from "../../src/store/db.ts";
import { commands } from "../../commands/index.ts";
import { scratchDatabase } from "../support/db.ts";
import { testApp } from "../support/app.ts";
import { startHarness, type Harness } from "../fakes/slack-harness.ts";
import { startDiscordHarness, type DiscordHarness } from "../fakes/discord-harness.ts";
import { buildState, readEffect, seedRoster, type Built, type Effect } from "./fixture.ts";
import { AUDIENCE_SURFACES, NOT_YET_COVERED, ROWS, refusal, type Answer, type Row, type Surface } from "./scenarios.ts";
import { codeTap, consoleRunner, discordRunner, slackRunner, SURFACES, type Invoke } from "./surfaces.ts";

interface Place {
  db: Database;
  app: App;
  invoke: Invoke;
  close(): Promise<void>;
}
const places = {} as Record<Surface, Place>;

async function scratch(prefix: string) {
  const s = await scratchDatabase(prefix);
  const db = await connectDatabase({ databaseUrl: s.url, skipMigrations: true, poolSize: 4 });
  await seedRoster(db);
  return { db, url: s.url, drop: s.drop };
}

beforeAll(async () => {
  const [c, s, d] = await Promise.all([scratch("contract_console"), scratch("contract_slack"), scratch("contract_discord")]);

  // The console's app as the test support builds it (logs captured, exports in a temporary folder).
  const { app } = await testApp(c);
  places.console = { db: c.db, app, invoke: consoleRunner(app), close: async () => {} };

  let slack: Harness | undefined;
  const slackTap = codeTap((req) => slack!.app.dispatch(req));
  slack = await startHarness({ db: s, customise: () => ({ dispatch: slackTap.dispatch }) });
  places.slack = { db: s.db, app: slack.app, invoke: slackRunner(slack, slackTap), close: () => slack!.close() };

  let discord: DiscordHarness | undefined;
  const discordTap = codeTap((req) => discord!.app.dispatch(req));
  discord = await startDiscordHarness({ db: d, options: { dispatch: discordTap.dispatch } });
  places.discord = { db: d.db, app: discord.app, invoke: discordRunner(discord, discordTap), close: () => discord!.close() };

  closers.push(async () => {
    for (const p of Object.values(places)) await p.close();
    for (const x of [c, s, d]) {
      await x.db.close();
      await x.drop();
    }
  });
});
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const f of closers) await f();
});

const audienceOf = (row: Row): "marketer" | "creator" => commands.find((c) => c.name === row.cmd)!.audience as "marketer" | "creator";
const fill = (args: Record<string, string>, b: Built) =>
  Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.replace("{slug}", b.slug).replace("{pid}", b.participationId ?? "").replace("{did}", b.deliverableId ?? "").replace("{cid}", b.claimId ?? "").replace("{drid}", b.draftId ?? "").replace("{xid}", b.extensionId ?? "").replace("{yid}", b.payableId ?? "").replace("{sid}", b.shipmentId ?? "")]));

interface Outcome {
  answer: Answer;
  before: Effect;
  after: Effect;
  built: Built;
}

async function runOn(surface: Surface, row: Row): Promise<Outcome> {
  const p = places[surface];
  const built = await buildState(p.app, p.db, row.id, row.state);
  const before = await readEffect(p.db, built.slug, built.claimId);
  const args = fill(row.args ?? {}, built);
  const upload = row.upload?.content(built);
  let answer = await p.invoke(row, args, upload);
  if (row.kind === "repeat" && row.button) answer = await p.invoke(row, args, upload);
  const after = await readEffect(p.db, built.slug, built.claimId);
  if (process.env.CONTRACT_DEBUG) console.info(JSON.stringify({ row: row.id, surface, answer, before, after }));
  return { answer, before, after, built };
}

/** The facts a row's answer must state, checked on one surface. */
function checkAnswer(surface: Surface, row: Row, a: Answer) {
  const where = `${row.id} on ${surface}`;
  const shown = `${a.text}\n${a.form ?? ""}`;
  const code = row.codeOn?.[surface] ?? row.answer.code;
  if (code !== undefined) expect(a.code, `${where}: code\n${shown}`).toBe(code);
  else expect(a.code, `${where}: no error\n${shown}`).toBeNull();
  for (const f of row.answer.facts ?? []) expect(shown, `${where}: states ${f}`).toMatch(f);
  if (row.answer.form) expect(a.form ?? "", `${where}: opens a form\n${shown}`).toMatch(row.answer.form);
  else expect(a.form, `${where}: no form`).toBeNull();
  if (row.answer.buttons) for (const b of row.answer.buttons) expect(a.buttons, `${where}: offers ${b}`).toContain(b);
  // Discord has no /scout and refuses as:, so its answers never ask for them.
  if (surface === "discord") expect(a.text, `${where}: speaks Discord`).not.toMatch(/\/scout |as:</);
  if (row.answer.private !== undefined && a.private !== null) expect(a.private, `${where}: private`).toBe(row.answer.private);
}

describe("the contract table, on the console, Slack and Discord", () => {
  for (const row of ROWS) {
    const audience = audienceOf(row);
    const serving = AUDIENCE_SURFACES[audience].filter((s) => !row.skip?.[s]);
    const refusing = SURFACES.filter((s) => !AUDIENCE_SURFACES[audience].includes(s));
    const what = row.button ? `the ${row.button} button (${row.cmd})` : row.cmd;
    const title = `${row.id}: ${row.who} runs ${what}${row.kind === "repeat" ? " again" : ""} on a ${row.state} campaign; served by ${serving.join(" and ")}, refused by ${refusing.join(", ")}`;

    it(title, async () => {
      const outcomes = Object.fromEntries(await Promise.all(SURFACES.filter((s) => !row.skip?.[s]).map(async (s) => [s, await runOn(s, row)] as const))) as Partial<
        Record<Surface, Outcome>
      >;
      for (const s of serving) {
        const o = outcomes[s]!;
        const expected = row.effect === "unchanged" ? o.before : { ...o.before, ...row.effect(o.built, o.before) };
        expect(o.after, `${row.id} on ${s}: database effect`).toEqual(expected);
        checkAnswer(s, row, o.answer);
      }
      // Equivalence: the same rows in the database, the same code, buttons and form on every serving surface.
      const [first, ...rest] = serving;
      for (const s of rest) {
        const a = outcomes[first!]!;
        const b = outcomes[s]!;
        // The roster's size as a change: each surface's database has the rows of the rows it served.
        const effect = (x: Outcome) => ({ ...x.after, creators: x.after.creators - x.before.creators });
        expect(effect(b), `${row.id}: ${s} changes the database as ${first} does`).toEqual(effect(a));
        if (!row.codeOn) expect(b.answer.code, `${row.id}: ${s} answers with ${first}'s code`).toBe(a.answer.code);
        // As sets: a list shows other rows' campaigns too, which differ between the surfaces' databases.
        const labels = (x: Outcome) => [...new Set(x.answer.buttons)].sort();
        expect(labels(b), `${row.id}: ${s} offers ${first}'s buttons`).toEqual(labels(a));
        expect(b.answer.form === null, `${row.id}: ${s} opens a form as ${first} does`).toBe(a.answer.form === null);
      }
      // A surface that does not serve the command refuses it, privately, and changes nothing.
      for (const s of refusing) {
        const o = outcomes[s];
        if (!o) continue;
        expect(o.after, `${row.id} on ${s}: a refusal changes nothing`).toEqual(o.before);
        const r = refusal(s, row);
        expect(o.answer.code, `${row.id} on ${s}: refused\n${o.answer.text}`).toBe(r.code);
        expect(o.answer.private, `${row.id} on ${s}: refused privately`).toBe(true);
        if (row.who !== "stranger") for (const f of r.facts) expect(o.answer.text, `${row.id} on ${s}`).toMatch(f);
      }
    });
  }
});

describe("coverage of the registry", () => {
  const covered = (kind: "good" | "bad") => new Set(ROWS.filter((r) => (kind === "good" ? r.kind === "good" || r.kind === "repeat" : r.kind === "bad")).map((r) => r.cmd));

  it(`names only commands of the registry, and every command has a good and a bad row or is listed as not yet covered (now: ${NOT_YET_COVERED.join(", ") || "none"})`, () => {
    const names = commands.map((c) => c.name);
    for (const r of ROWS) expect(names, `row ${r.id}`).toContain(r.cmd);
    const good = covered("good");
    const bad = covered("bad");
    const missing = names.filter((n) => !(good.has(n) && bad.has(n)));
    // A command added after this table was written must join it (or this list, with a reason).
    expect(missing.filter((n) => !NOT_YET_COVERED.includes(n)), "commands with neither rows nor a place in NOT_YET_COVERED").toEqual([]);
    // The list only shrinks: a command now covered leaves it.
    expect(NOT_YET_COVERED.filter((n) => !missing.includes(n)), "covered now: remove from NOT_YET_COVERED").toEqual([]);
    if (process.env.CONTRACT_DEBUG) console.info(`contract coverage: ${names.length - missing.length}/${names.length} commands with good and bad rows; not yet: ${missing.join(", ")}`);
  });

  it("presses every button once and again, and refuses a stranger for each audience", () => {
    for (const label of ["Approve", "Decline", "Request changes", "Invite", "I'm in", "Not for me", "Approve with notes", "I accept terms v1", "I accept 30 more days"]) {
      expect(ROWS.some((r) => r.button === label && r.kind === "good"), `${label} once`).toBe(true);
      expect(ROWS.some((r) => r.kind === "repeat" && r.button === label), `${label} again`).toBe(true);
    }
    const refusals = ROWS.filter((r) => r.kind === "refusal").map(audienceOf);
    expect(new Set(refusals)).toEqual(new Set(["marketer", "creator"]));
  });
});
