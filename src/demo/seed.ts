// `npm run seed`: a demo to try Scout at once. A generated roster (src/demo/roster.ts) imported
// with the real `roster import`, and one campaign, spring-launch, taken through its life with the
// real commands on a clock set back three weeks: brief posted, opt-ins decided, deliverables
// reviewed and live, creators' reports, promo codes and spend; then a week of tracked-link clicks
// and a few orders through the store's own writers. All dates are relative to today, so the demo
// never expires. Seeding again changes nothing.
import path from "node:path";
import { createApp } from "../app.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { Database } from "../store/db.ts";
import { createLinkRepo } from "../store/link.repo.ts";
import { createConversionRepo } from "../store/conversion.repo.ts";
import { hashIp } from "../core/links/ip.ts";
import { isoDay } from "../core/campaigns/fields.ts";
import { rng } from "../../bench/lib/generate.ts";
import type { Actor } from "../core/invocation.ts";
import { demoFiles, demoRoster, writeAtomic, writeRosterFiles, type DemoFiles } from "./roster.ts";

export const DEMO_CAMPAIGN = "spring-launch";
/** Who the demo's steps are recorded as (the campaign's creator: how a second run knows its own demo). */
export const DEMO_ACTOR: Actor = { id: "scout-demo", name: "Scout demo", roles: ["marketer", "creator"] };
export const DEMO_DIR = path.resolve(import.meta.dirname, "../../demo");

const DAY = 86_400_000;

export interface SeedResult {
  outcome: "seeded" | "already";
  files: DemoFiles;
  /** What was done, one line each (printed by npm run seed). */
  lines: string[];
}

export interface SeedDeps {
  config: Config;
  db: Database;
  log: Logger;
  /** Where the CSV files go (default: demo/ at the project root). */
  dir?: string;
  /** Today (default: the real clock). */
  now?: Date;
  /** Progress lines as they happen. */
  say?: (line: string) => void;
}

/** True when the database holds no creators' accounts yet (the console offers the demo then). */
export async function rosterIsEmpty(db: Database): Promise<boolean> {
  return (await db.prisma.account.count()) === 0;
}

export async function seedDemo(deps: SeedDeps): Promise<SeedResult> {
  const today = deps.now ?? new Date();
  const files = demoFiles(deps.dir ?? DEMO_DIR);
  const lines: string[] = [];
  const say = (l: string) => {
    lines.push(l);
    deps.say?.(l);
  };
  const roster = demoRoster();
  writeRosterFiles(roster, files);
  say(`Wrote ${rel(files.creators)} and ${rel(files.posts)} (${roster.creators.length.toLocaleString("en-US")} generated creators).`);

  const existing = await deps.db.prisma.campaign.findUnique({ where: { slug: DEMO_CAMPAIGN }, select: { createdBy: true, status: true } });
  if (existing && existing.createdBy !== DEMO_ACTOR.id)
    throw new Error(
      `This database already has a campaign named ${DEMO_CAMPAIGN} that the demo did not create; the demo leaves it alone. ` +
        "Seed an empty database instead (e.g. EMBEDDED_PG_DIR=.data/pg-demo npm run seed, then start Scout with the same setting).",
    );
  const insightsReady = async () => {
    writeAtomic(files.insights, await insightsCsv(deps.db));
    say(`Wrote ${rel(files.insights)} (post metrics for /scout metrics import).`);
  };
  // Done before (or closed since, by someone trying Scout out): leave it as it is.
  if (existing?.status === "closed" || (existing?.status === "active" && (await clickCount(deps.db)) > 0)) {
    await insightsReady();
    say(`The demo is already in this database (campaign ${DEMO_CAMPAIGN}): nothing was added.`);
    return { outcome: "already", files, lines };
  }

  // The campaign's story runs on a clock that starts three weeks ago and ends now.
  let clock = today;
  const at = (days: number, hour = 10) => (clock = new Date(Math.min(startOfDay(today).getTime() + days * DAY + hour * 3_600_000, today.getTime())));
  const day = (days: number) => isoDay(new Date(startOfDay(today).getTime() + days * DAY));
  const app = await createApp(deps.config, deps.log, { db: deps.db, now: () => clock });
  const run = async (line: string) => {
    const r = await app.dispatch({ line, surface: "console", actor: DEMO_ACTOR, place: { channelId: "demo" } });
    if (r.outcome !== "ok") throw new Error(`the demo's step "${line}" failed: ${r.reply.message.text ?? r.reply.message.title ?? r.outcome}`);
    return r.reply.data as any;
  };

  at(-21);
  const imported = await run(`roster import ${q(files.creators)} posts:${q(files.posts)} platform:instagram`);
  const n = (x: unknown) => (typeof x === "number" ? x : 0).toLocaleString("en-US");
  say(`Imported the roster with roster import: ${n(imported?.accounts?.created)} new accounts, ${n(imported?.accounts?.updated)} updated.`);

  // Nine food creators with 5k-50k followers and a usual ER (ana.cooks first), as the campaign's target says.
  const cast = roster.creators.filter((c) => c.category === "food" && c.followers >= 5_000 && c.followers <= 50_000 && c.er >= 0.02 && c.er <= 0.07).slice(0, 9);
  if (cast.length < 9) throw new Error("the demo roster has too few food creators");

  // A seed stopped half-way is finished by the next one: the steps up to the campaign's activation
  // are repeated only while it is not active yet (each then answers "already"); later ones are
  // skipped where the database shows them done.
  const decided = existing?.status === "active";
  if (!existing)
    await run(
      'campaign new name:"Spring launch" brand:"Green Table" objective:sales deliverables:"1 Reel,1 Story" compensation:"flat fee + product" ' +
        `budget:"5000 EUR" landing-url:https://shop.example.com/spring opt-in-closes:${day(-14)} draft-due:${day(-10)} go-live:${day(-7)} ends:${day(21)} ` +
        'niche:"vegan,plant based,food" followers:5k-50k hashtags:"#greentablespring" mentions:@greentable',
    );
  if (!decided) await run(`brief post ${DEMO_CAMPAIGN}`);
  say(`Campaign ${DEMO_CAMPAIGN}: created and its brief posted (opt-ins closed ${day(-14)}, go-live ${day(-7)}).`);

  const r = rng(7);
  const ids: string[] = [];
  if (!decided) for (const [i, c] of cast.entries()) {
    at(-20 + Math.floor(i * 0.6), 9 + i);
    const rate = c.rate ?? 50 + Math.round(c.followers * 0.01);
    const d = await run(`optin ${DEMO_CAMPAIGN} handle:@${c.handle} platform:instagram followers:${c.followers} rate:${rate} disclose:yes as:@${c.handle}`);
    ids.push(participationId(d));
  }
  // Six approved, one declined, two waiting for a decision.
  const live = cast.slice(0, 4);
  if (!decided) {
    at(-14, 11);
    for (const id of ids.slice(0, 6)) await run(`optins approve id:${id}`);
    await run(`optins decline id:${ids[6]} note:"Looking for recipe videos this time"`);
    await run(`promo set campaign:${DEMO_CAMPAIGN} creator:@${cast[0]!.handle} code:ANA10`);
    for (const c of cast.slice(1, 4)) await run(`promo generate campaign:${DEMO_CAMPAIGN} creator:@${c.handle}`);
    await run(`spend campaign:${DEMO_CAMPAIGN} creator:@${cast[0]!.handle} fee:250 product:40 commission:10%`);
    for (const c of cast.slice(1, 6)) await run(`spend campaign:${DEMO_CAMPAIGN} creator:@${c.handle} fee:${150 + Math.round(c.followers / 200)} product:40`);
    at(-13);
    await run(`campaign activate ${DEMO_CAMPAIGN}`);
  }
  say("Opt-ins: 9 (6 approved, 1 declined, 2 waiting); the campaign is active.");

  // Four creators deliver, are approved and go live; a fifth waits for review; the sixth is late.
  // (Each step only where an earlier, interrupted seed has not done it yet.)
  const urls = new Map<string, string[]>();
  let state = await deliverableStates(deps.db);
  for (const [i, c] of [...live, cast[4]!].entries()) {
    at(-12 + Math.floor(i / 2), 15);
    const kinds = i === 0 ? 2 : 1;
    for (let k = 0; k < kinds; k++) {
      const url = `https://www.instagram.com/${k === 0 ? "reel" : "p"}/${postCode(r)}/`;
      if (!state.has(url)) await run(`deliver campaign:${DEMO_CAMPAIGN} url:${url} note:"#ad My spring plates with @greentable #greentablespring" as:@${c.handle}`);
      urls.set(c.handle, [...(urls.get(c.handle) ?? []), url]);
    }
  }
  state = await deliverableStates(deps.db);
  const liveUrls = live.flatMap((c) => urls.get(c.handle)!);
  at(-9);
  for (const url of liveUrls) if (need(state, url).status === "submitted") await run(`deliverables approve id:${need(state, url).id}`);
  at(-7, 12);
  for (const url of liveUrls) if (need(state, url).status !== "live") await run(`deliverables live id:${need(state, url).id}`);
  say("Deliverables: 5 live from 4 creators, 1 waiting for review, 1 creator not delivered yet.");

  // The creators' own reports, twice: numbers grow over the week.
  const reported = Number((await deps.db.pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM metric_snapshot m JOIN deliverable d ON d.id = m.deliverable_id WHERE d.url = ANY($1)", [liveUrls])).rows[0]!.n) > 0;
  if (!reported) for (const [when, share] of [[-4, 0.7], [-1, 1]] as const) {
    at(when, 18);
    for (const c of live)
      for (const url of urls.get(c.handle)!) {
        const reach = Math.round(c.followers * (0.35 + 0.3 * r()) * share);
        const likes = Math.round(c.followers * c.er * (0.8 + 0.4 * r()) * share);
        const views = Math.round(reach * 1.3);
        await run(
          `report campaign:${DEMO_CAMPAIGN} url:${url} views:${views} reach:${reach} likes:${likes} comments:${Math.round(likes * 0.04)} saves:${Math.round(likes * 0.08)} shares:${Math.round(likes * 0.02)} as:@${c.handle}`,
        );
      }
  }
  say("Reports: each live post reported twice by its creator.");

  const clicks = await seedClicks(deps, today, live.map((c) => c.handle), r);
  const orders = await seedOrders(deps, today, live.map((c) => c.handle), r);
  say(`Tracked links: ${clicks.toLocaleString("en-US")} clicks over the last week; ${orders} orders through the conversion webhook's store.`);
  await insightsReady();
  say(`Seeded. Try: npm run scout -- metrics campaign:${DEMO_CAMPAIGN} by:creator`);
  return { outcome: "seeded", files, lines };
}

/** A week of clicks on the live creators' tracked links: people by day (more at first), some bots. */
async function seedClicks(deps: SeedDeps, today: Date, handles: string[], r: () => number): Promise<number> {
  const links = createLinkRepo(deps.db, { salt: deps.config.CLICK_IP_SALT });
  const salt = await links.clickSalt();
  const rows = await deps.db.pool.query<{ id: string; handle: string }>(
    `SELECT tl.id, a.handle FROM tracked_link tl JOIN participation p ON p.id = tl.participation_id JOIN campaign c ON c.id = p.campaign_id
       JOIN account a ON a.id = p.account_id WHERE c.slug = $1 AND a.handle = ANY($2)`,
    [DEMO_CAMPAIGN, handles],
  );
  const writes: Promise<void>[] = [];
  const agents = ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Instagram 330.0", "Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36"];
  for (const link of rows.rows) {
    for (let d = 7; d >= 0; d--) {
      const people = Math.round((12 + 45 * Math.exp(-(7 - d) / 2)) * (0.6 + 0.8 * r())); // most in the days after go-live
      for (let k = 0; k < people; k++) {
        const at = new Date(Math.min(startOfDay(today).getTime() - d * DAY + Math.floor(r() * DAY), today.getTime() - 1000));
        const ip = `198.51.100.${Math.floor(r() * 250)}`;
        writes.push(links.recordClick({ linkId: link.id, at, ipHash: hashIp(salt, ip), userAgent: agents[k % 2]!, isBot: false }));
      }
      const at = new Date(Math.min(startOfDay(today).getTime() - d * DAY + 3_600_000, today.getTime() - 1000));
      writes.push(links.recordClick({ linkId: link.id, at, ipHash: hashIp(salt, "203.0.113.9"), userAgent: "Slackbot-LinkExpanding 1.0", isBot: true }));
    }
  }
  await Promise.all(writes);
  return writes.length;
}

/** Orders attributed by tracked link or promo code, stored once per order id (a second run adds none). */
async function seedOrders(deps: SeedDeps, today: Date, handles: string[], r: () => number): Promise<number> {
  const conversions = createConversionRepo(deps.db.pool);
  const { rows } = await deps.db.pool.query<{ code: string; promo: string | null; handle: string }>(
    `SELECT tl.code, p.promo_code AS promo, a.handle FROM tracked_link tl JOIN participation p ON p.id = tl.participation_id
       JOIN campaign c ON c.id = p.campaign_id JOIN account a ON a.id = p.account_id WHERE c.slug = $1 AND a.handle = ANY($2) ORDER BY a.handle`,
    [DEMO_CAMPAIGN, handles],
  );
  let n = 0;
  for (const row of rows) {
    const count = 3 + Math.floor(r() * 6);
    for (let k = 0; k < count; k++) {
      const occurredAt = new Date(startOfDay(today).getTime() - (1 + Math.floor(r() * 6)) * DAY + Math.floor(r() * DAY));
      const by = row.promo && k % 2 ? { kind: "promo" as const, promo: row.promo } : { kind: "code" as const, code: row.code };
      const value = Math.round((25 + 60 * r()) * 100) / 100;
      const res = await conversions.record({ by, orderId: `demo-${row.handle}-${k + 1}`, value, currency: "EUR", occurredAt });
      if (res.status !== "unknown") n++;
    }
  }
  return n;
}

/** Post metrics as a platform's insights export would give them, for the live deliverables. */
async function insightsCsv(db: Database): Promise<string> {
  const { rows } = await db.pool.query<{ url: string; followers: number | null }>(
    `SELECT d.url, a.followers FROM deliverable d JOIN participation p ON p.id = d.participation_id JOIN campaign c ON c.id = p.campaign_id
       JOIN account a ON a.id = p.account_id WHERE c.slug = $1 AND d.status = 'live' ORDER BY d.url`,
    [DEMO_CAMPAIGN],
  );
  const r = rng(11);
  const lines = ["url,reach,impressions,likes,comments,shares,saves"];
  for (const row of rows) {
    const f = row.followers ?? 10_000;
    const reach = Math.round(f * (0.5 + 0.3 * r()));
    const likes = Math.round(f * 0.045 * (0.9 + 0.3 * r()));
    lines.push([row.url, reach, Math.round(reach * 1.6), likes, Math.round(likes * 0.05), Math.round(likes * 0.03), Math.round(likes * 0.1)].join(","));
  }
  return lines.join("\n") + "\n";
}

const clickCount = async (db: Database) =>
  Number(
    (
      await db.pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM click k JOIN tracked_link tl ON tl.id = k.link_id JOIN participation p ON p.id = tl.participation_id JOIN campaign c ON c.id = p.campaign_id WHERE c.slug = $1",
        [DEMO_CAMPAIGN],
      )
    ).rows[0]!.n,
  );

const startOfDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const rel = (file: string) => path.relative(process.cwd(), file) || file;
/** A path as one command-line word. */
const q = (file: string) => (/[\s"]/.test(file) ? `"${file.replace(/"/g, '\\"')}"` : file);
const postCode = (r: () => number) => Array.from({ length: 11 }, () => "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"[Math.floor(r() * 57)]).join("");
/** The demo campaign's deliverables by link: id and status. */
async function deliverableStates(db: Database): Promise<Map<string, { id: string; status: string }>> {
  const { rows } = await db.pool.query<{ id: string; url: string; status: string }>(
    "SELECT d.id, d.url, d.status FROM deliverable d JOIN participation p ON p.id = d.participation_id JOIN campaign c ON c.id = p.campaign_id WHERE c.slug = $1",
    [DEMO_CAMPAIGN],
  );
  return new Map(rows.map((d) => [d.url, { id: d.id, status: d.status }]));
}
function need<T>(m: Map<string, T>, k: string): T {
  const v = m.get(k);
  if (!v) throw new Error(`the demo's deliverable ${k} was not listed`);
  return v;
}
function participationId(d: any): string {
  const id = d?.participation?.id ?? d?.id;
  if (typeof id !== "string") throw new Error(`the demo's opt-in answered without a participation id: ${JSON.stringify(d).slice(0, 200)}`);
  return id;
}
