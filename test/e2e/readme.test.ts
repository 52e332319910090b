// Every command the README shows is run, in the README's order, on a fresh database seeded with
// the demo (`npm run seed`'s own code): `npm run scout -- ...` lines and `/scout ...` console
// lines, each of which must succeed. Most run through the dispatcher every surface uses (as the CLI
// and the console call it); the "One command at a time" examples run as written, through npm and
// the real CLI. Blocks marked `<!-- readme-test: skip (reason) -->` are listed as skipped by name.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleActor } from "../../src/adapters/console/console.adapter.ts";
import { dayAfter, isoDay } from "../../src/core/campaigns/fields.ts";
import { seedDemo, DEMO_CAMPAIGN } from "../../src/demo/seed.ts";
import { errorLines, testApp, type TestApp } from "../support/app.ts";
import { useTestDatabase } from "../support/db.ts";
import { exampleName, readmeExamples, type ReadmeExample } from "../support/readme-examples.ts";
import { collect, ROOT, type RunResult } from "../support/run.ts";

const t = useTestDatabase("readme");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const examples = readmeExamples(README);
/** Run as written, through npm and the CLI process (the section is about the CLI itself). */
const SPAWNED_SECTION = /^One command at a time/;
const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-readme-"));
let s: TestApp;

beforeAll(async () => {
  s = await testApp(t);
  try {
    await seedDemo({ config: s.app.config, db: t.db, log: s.app.log });
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${JSON.stringify(errorLines(s.logs)).slice(0, 3000)}`);
  }
}, 180_000);

afterAll(() => {
  const skipped = examples.filter((e) => e.skip);
  if (skipped.length) console.info(`README examples not run (marked readme-test: skip):\n${skipped.map((e) => `  - line ${e.line}: ${e.source} (${e.skip})`).join("\n")}`);
});

interface Ran {
  ok: boolean;
  detail: string;
}

function sh(command: string): Promise<RunResult> {
  return collect("sh", ["-c", command], { DATABASE_URL: t.url, EXPORT_DIR: exportDir });
}

async function runExample(e: ReadmeExample, spawned = false): Promise<Ran> {
  if (spawned) {
    const r = await sh(e.source);
    return { ok: r.code === 0, detail: `exit ${r.code}\n${r.stderr || r.stdout}`.slice(0, 2000) };
  }
  const r = await s.app.dispatch(
    e.kind === "cli"
      ? { line: e.argv, surface: "cli", actor: consoleActor(), place: { channelId: "cli" } }
      : { line: e.consoleLine, surface: "console", actor: consoleActor(), place: { channelId: "console" } },
  );
  const m = r.reply.message;
  return { ok: r.outcome === "ok", detail: `${r.outcome}${r.code ? ` (${r.code})` : ""}: ${[m.title, m.text].filter(Boolean).join("\n")}`.slice(0, 2000) };
}

describe("the README's examples, on the demo data", () => {
  it("finds the README's examples: the quick start, the CLI, campaigns, creators, shortlists, metrics and digests", () => {
    const run = examples.filter((e) => !e.skip);
    expect(run.length).toBeGreaterThanOrEqual(15);
    expect(run.some((e) => e.kind === "console")).toBe(true);
    expect(run.filter((e) => SPAWNED_SECTION.test(e.section)).length).toBeGreaterThanOrEqual(2);
    for (const e of examples.filter((x) => x.skip)) expect(e.skip).toMatch(/^needs /);
  });

  it("the demo: 3,000 generated creators with posts, and spring-launch active with its opt-ins, deliverables, a week of clicks and orders", async () => {
    const { prisma } = t.db;
    expect(await prisma.account.count()).toBe(3000);
    expect(await prisma.post.count()).toBe(30_000);
    expect(await prisma.account.findFirst({ where: { handle: "ana.cooks" }, select: { followers: true, country: true } })).toEqual({ followers: 12_000, country: "US" });
    const c = await prisma.campaign.findUniqueOrThrow({ where: { slug: DEMO_CAMPAIGN } });
    expect(c.status).toBe("active");
    const now = Date.now();
    const day = (n: number) => isoDay(dayAfter(new Date(now), n));
    expect([c.optInClosesAt, c.goLiveAt, c.endsAt].map((d) => isoDay(d!))).toEqual([day(-14), day(-7), day(21)]);
    const tally = (rows: { status: string }[]) => rows.reduce<Record<string, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});
    expect(tally(await prisma.participation.findMany({ where: { campaignId: c.id }, select: { status: true } }))).toEqual({ approved: 6, declined: 1, opted_in: 2 });
    expect(tally(await prisma.deliverable.findMany({ where: { participation: { campaignId: c.id } }, select: { status: true } }))).toEqual({ live: 5, submitted: 1 });
    const clicks = await prisma.click.findMany({ select: { at: true } });
    expect(clicks.length).toBeGreaterThan(200);
    expect(clicks.every((k) => k.at.getTime() <= now && now - k.at.getTime() < 8 * 86_400_000)).toBe(true);
    expect(new Set(clicks.map((k) => k.at.toISOString().slice(0, 10))).size).toBe(8);
    expect(await prisma.conversion.count()).toBeGreaterThan(10);
  });

  it("npm run seed (and prisma db seed) on the seeded database say the demo is there and add nothing", async () => {
    const count = async () =>
      Promise.all([t.db.prisma.account.count(), t.db.prisma.participation.count(), t.db.prisma.click.count(), t.db.prisma.conversion.count(), t.db.prisma.post.count()]);
    const before = await count();
    const npm = await sh("npm run -s seed");
    expect(npm.code, npm.stderr).toBe(0);
    expect(npm.stdout).toContain(`The demo is already in this database (campaign ${DEMO_CAMPAIGN})`);
    const prisma = await sh("npx prisma db seed");
    expect(prisma.code, prisma.stderr).toBe(0);
    expect(prisma.stdout).toContain("The demo is already in this database");
    expect(await count()).toEqual(before);
  }, 60_000);

  it("a seed stopped half-way (before the clicks) is finished by the next one, which adds nothing else", async () => {
    const { prisma } = t.db;
    const others = () => Promise.all([prisma.account.count(), prisma.participation.count(), prisma.deliverable.count(), prisma.metricSnapshot.count(), prisma.auditEvent.count()]);
    const before = await others();
    await prisma.click.deleteMany({});
    await prisma.conversion.deleteMany({});
    const r = await seedDemo({ config: s.app.config, db: t.db, log: s.app.log });
    expect(r.outcome).toBe("seeded");
    expect(await prisma.click.count()).toBeGreaterThan(200);
    expect(await prisma.conversion.count()).toBeGreaterThan(10);
    expect(await others()).toEqual(before);
  }, 60_000);

  for (const e of examples) {
    if (e.skip) {
      it.skip(`${exampleName(e)} [not run: ${e.skip}]`, () => {});
      continue;
    }
    const spawned = e.kind === "cli" && SPAWNED_SECTION.test(e.section);
    it(exampleName(e) + (spawned ? " [npm, real CLI]" : ""), async () => {
      const r = await runExample(e, spawned);
      expect(r.ok, `README line ${e.line} failed: ${e.source}\n${r.detail}`).toBe(true);
    }, 60_000);
  }

  it("fails on an example that no longer works: a campaign whose opt-in date has passed cannot be opened", async () => {
    const past = (n: number) => isoDay(dayAfter(new Date(), n));
    const md = [
      "```sh",
      `npm run scout -- campaign new name:"Expired example" objective:sales deliverables:"1 Reel" compensation:"flat fee" \\`,
      `  landing-url:https://shop.example.com/x opt-in-closes:${past(-20)} go-live:${past(-10)}`,
      "npm run scout -- brief post expired-example",
      "```",
    ].join("\n");
    const found = readmeExamples(md);
    expect(found.map((e) => e.line)).toEqual([2, 4]);
    const results = [];
    for (const e of found) results.push(await runExample(e));
    expect(results.some((r) => !r.ok)).toBe(true);
    expect(results.map((r) => r.detail).join("\n")).toMatch(/date|passed|past|closed/i);
  });
});
