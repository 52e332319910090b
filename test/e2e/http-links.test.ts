// GET /r/<code> on a real HTTP server (port 0) against a scratch database: links made on approval,
// redirects with UTM parameters, clicks counted with a salted IP hash, bots apart, unique per day.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { startHttpServer, type HttpServer } from "../../src/http/server.ts";
import { mountTrackingRoutes } from "../../src/http/links.ts";
import { loadConfig } from "../../src/config.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";

const t = useTestDatabase("http_links");
let s: TestApp;
const servers: HttpServer[] = [];
const flushers: (() => Promise<void>)[] = [];
/** Clicks are written behind the redirect: wait for them before reading the table. */
const written = () => Promise.all(flushers.map((f) => f()));
let base = "";
let proxied = "";
const SALT = "test-click-salt-123";
const BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const COMPLETE = 'objective:sales deliverables:"1 Reel" compensation:"flat fee" channel:C0123ABCD go-live:+365d';

async function serve(env: Record<string, string>, now?: () => Date) {
  const http = await startHttpServer({ port: 0, host: "127.0.0.1", db: t.db, log: s.app.log, version: "test" });
  const routes = mountTrackingRoutes(http, { db: t.db, config: loadConfig({ DATABASE_URL: t.url, CLICK_IP_SALT: SALT, ...env }), log: s.app.log, ...(now ? { now } : {}) });
  flushers.push(routes.flush);
  servers.push(http);
  return `http://127.0.0.1:${http.port}`;
}

async function approve(handle: string, slug = "spring") {
  const o = await s.app.services.campaigns.optIn(slug, { handle }, {}, { id: "d1", name: "Creator", surface: "discord" });
  const r = await s.run(`optins approve id:${o.value.id} --json`);
  return { id: o.value.id, reply: r };
}

const codeOf = async (participationId: string) => (await t.db.prisma.trackedLink.findUniqueOrThrow({ where: { participationId } })).code;
const get = (url: string, init: RequestInit = {}) => fetch(url, { redirect: "manual", ...init, headers: { "user-agent": BROWSER, ...(init.headers ?? {}) } });

beforeAll(async () => {
  s = await testApp(t);
  await importRoster(
    {
      creators: {
        label: "r.csv",
        text: "handle,platform,followers,category\nana.cooks,instagram,15000,food\nben.bakes,tiktok,9000,food\ncara.eats,instagram,30000,food\ndan.dines,instagram,4000,food\n",
      },
    },
    {},
    createRosterRepo(t.db.pool),
  );
  await s.run(`campaign new name:"Spring" ${COMPLETE} landing-url:"https://shop.example.com/spring?ref=abc&utm_source=newsletter#offer"`);
  await s.run("campaign open spring");
  await s.run(`campaign new name:"Bare" ${COMPLETE} landing-url:https://shop.example.com/bare`);
  await s.run("campaign open bare");
  base = await serve({});
  proxied = await serve({ TRUST_PROXY: "true" });
});

afterAll(async () => {
  for (const h of servers) await h.close();
});

describe("tracked links on approval", () => {
  it("gives an approved participation exactly one link, even when the approval is repeated at once", async () => {
    const o = await s.app.services.campaigns.optIn("spring", { handle: "cara.eats" }, {}, { id: "d1", name: "Cara", surface: "discord" });
    const replies = await Promise.all(Array.from({ length: 6 }, () => s.run(`optins approve id:${o.value.id} --json`)));
    expect(replies.every((r) => r.outcome === "ok")).toBe(true);
    expect(replies.filter((r) => (r.reply.data as { outcome: string }).outcome === "done")).toHaveLength(1);
    const links = await t.db.prisma.trackedLink.findMany({ where: { participationId: o.value.id } });
    expect(links).toHaveLength(1);
    expect(links[0]!.code).toMatch(/^[A-Za-z0-9]{8}$/);
    const again = await s.run(`optins approve id:${o.value.id} --json`);
    expect(await t.db.prisma.trackedLink.count({ where: { participationId: o.value.id } })).toBe(1);
    expect((again.reply.data as any).participation.trackedLink).toBe(`http://localhost:3000/r/${links[0]!.code}`);
  });

  it("shows the link in the approve reply and in the optins listing", async () => {
    const { id, reply } = await approve("dan.dines");
    const code = await codeOf(id);
    expect(reply.reply.message.text).toContain(`Tracked link: http://localhost:3000/r/${code}`);
    const list = await s.run("optins spring");
    const table = list.reply.message.sections!.find((x) => x.title === "Others")!.table!;
    expect(table.columns).toContain("link");
    expect(table.rows.find((r) => r.includes(id))).toContain(`http://localhost:3000/r/${code}`);
  });
});

describe("GET /r/<code>", () => {
  let code = "";
  let linkId = "";
  beforeAll(async () => {
    const { id } = await approve("ana.cooks");
    code = await codeOf(id);
    linkId = (await t.db.prisma.trackedLink.findUniqueOrThrow({ where: { code } })).id;
  });

  it("redirects with 302 to the landing URL, keeping its parameters and fragment and adding the missing UTM ones", async () => {
    const r = await get(`${base}/r/${code}`);
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe(
      "https://shop.example.com/spring?ref=abc&utm_source=newsletter&utm_medium=influencer&utm_campaign=spring&utm_content=ana.cooks#offer",
    );
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("uses the creator's platform as utm_source", async () => {
    const { id } = await approve("ben.bakes", "bare");
    const r = await get(`${base}/r/${await codeOf(id)}`);
    expect(r.headers.get("location")).toBe("https://shop.example.com/bare?utm_source=tiktok&utm_medium=influencer&utm_campaign=bare&utm_content=ben.bakes");
  });

  it("records the click with a salted hash of the IP and never the raw IP", async () => {
    await t.db.prisma.click.deleteMany({ where: { linkId } });
    await get(`${base}/r/${code}`);
    await written();
    const rows = await t.db.pool.query("SELECT * FROM click WHERE link_id = $1", [linkId]);
    expect(rows.rows).toHaveLength(1);
    const row = rows.rows[0];
    expect(row.ip_hash).toBe(createHash("sha256").update(SALT).update("\0").update("127.0.0.1").digest("hex"));
    expect(row.is_bot).toBe(false);
    expect(row.user_agent).toBe(BROWSER);
    expect(row.day.toISOString?.() ?? String(row.day)).toMatch(new Date().toISOString().slice(0, 4));
    expect(JSON.stringify(row)).not.toContain("127.0.0.1");
  });

  it("flags link-preview fetchers, crawlers and HEAD requests as bots", async () => {
    await t.db.prisma.click.deleteMany({ where: { linkId } });
    const slack = await get(`${base}/r/${code}`, { headers: { "user-agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" } });
    expect(slack.status).toBe(302);
    await get(`${base}/r/${code}`, { headers: { "user-agent": "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)" } });
    const head = await get(`${base}/r/${code}`, { method: "HEAD" });
    expect(head.status).toBe(302);
    await written();
    // Bots from one address are folded into one row (a crawler cannot grow the table a row a request).
    const clicks = await t.db.prisma.click.findMany({ where: { linkId } });
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({ isBot: true, requests: 3, suspect: false });
  });

  it("counts unique clicks per hashed IP per day among people (X-Forwarded-For behind a trusted proxy)", async () => {
    await t.db.prisma.click.deleteMany({ where: { linkId } });
    // The trusted proxy appends the address it saw: the rightmost entry is the client.
    const from = (ip: string, ua = BROWSER) => get(`${proxied}/r/${code}`, { headers: { "x-forwarded-for": `10.0.0.1, ${ip}`, "user-agent": ua } });
    await Promise.all([from("203.0.113.7"), from("203.0.113.7"), from("203.0.113.7"), from("198.51.100.2"), from("192.0.2.9", "Twitterbot/1.0")]);
    await written();
    const { rows } = await t.db.pool.query(
      `SELECT count(*) FILTER (WHERE NOT is_bot)::int AS people, count(DISTINCT ip_hash) FILTER (WHERE NOT is_bot)::int AS uniq, count(*)::int AS all
         FROM click WHERE link_id = $1 GROUP BY day`,
      [linkId],
    );
    // The three from 203.0.113.7 arrive within 30 minutes: one counted click, its repeats folded into it.
    expect(rows).toEqual([{ people: 2, uniq: 2, all: 3 }]);
  });

  it("ignores X-Forwarded-For unless TRUST_PROXY is set", async () => {
    await t.db.prisma.click.deleteMany({ where: { linkId } });
    await get(`${base}/r/${code}`, { headers: { "x-forwarded-for": "203.0.113.7" } });
    await get(`${base}/r/${code}`, { headers: { "x-forwarded-for": "198.51.100.2" } });
    await written();
    const { rows } = await t.db.pool.query("SELECT count(DISTINCT ip_hash)::int AS n FROM click WHERE link_id = $1", [linkId]);
    expect(rows[0].n).toBe(1);
  });

  it("answers an unknown or malformed code with a plain 404 page, never a redirect", async () => {
    for (const path of ["/r/ZZZZZZZZ", "/r/short", "/r/", "/r/%E0%A4%A", "/r/abcdefgh/extra", `/r/${code}x`]) {
      const r = await get(`${base}${path}`);
      expect(r.status, path).toBe(404);
      expect(r.headers.get("location"), path).toBeNull();
      expect(r.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await r.text()).toContain("Link not found");
    }
  });

  it("says the link is not ready when the campaign has no landing URL, without a redirect", async () => {
    const { id } = await approve("dan.dines", "bare");
    await t.db.prisma.campaign.update({ where: { slug: "bare" }, data: { landingUrl: null } });
    const r = await get(`${base}/r/${await codeOf(id)}`);
    expect(r.status).toBe(503);
    expect(r.headers.get("location")).toBeNull();
    expect(await r.text()).toContain("isn't ready yet");
  });
});

describe("clicks count people, not requests (TRUST_PROXY, repeats, floods)", () => {
  const MIN = 60_000;
  // Yesterday 10:00 UTC: a fixed time of day (every click falls on one UTC day), always in the past.
  const base = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - 86_400_000 + 10 * 60 * MIN;
  let clock = base;
  let server = "";
  let code = "";
  let linkId = "";
  const at = (ms: number) => (clock = base + ms);
  const click = (client: string, spoofed = "6.6.6.6") =>
    // What a client can write (any X-Forwarded-For), then what the trusted proxy appends: the address it saw.
    get(`${server}/r/${code}`, { headers: { "x-forwarded-for": `${spoofed}, ${client}` } });

  beforeAll(async () => {
    await s.run(`campaign new name:"Tally" ${COMPLETE} landing-url:https://shop.example.com/tally`);
    await s.run("campaign open tally");
    const { id } = await approve("ben.bakes", "tally");
    code = await codeOf(id);
    linkId = (await t.db.prisma.trackedLink.findUniqueOrThrow({ where: { code } })).id;
    server = await serve({ TRUST_PROXY: "true" }, () => new Date(clock));
  });

  it("takes the client from the proxy's hop, counts one address once per 30 minutes, and stores a flood as suspect in a few rows", async () => {
    // A: five requests in five minutes, each with another forged leftmost address: one click.
    for (let i = 0; i < 5; i++) {
      at(i * MIN);
      expect((await click("203.0.113.50", `6.6.6.${i}`)).status).toBe(302);
    }
    at(2 * MIN + 30_000);
    await click("198.51.100.20"); // B: counted
    at(10 * MIN);
    await click("203.0.113.50"); // A again within 30 minutes of its counted click: a repeat
    at(31 * MIN);
    await click("203.0.113.50"); // A, 31 minutes after its counted click: counted again
    // C: 1,000 requests in 50 seconds. All redirected; past 60 in a minute they are suspect.
    for (let i = 0; i < 1000; i++) {
      at(40 * MIN + i * 50);
      const r = await click("192.0.2.77");
      expect(r.status).toBe(302);
    }
    await written();

    const data = await s.json("metrics campaign:tally --json");
    // A twice (0 and 31 min), B once, C's first request: 4 clicks from 3 addresses.
    expect(data.totals.clicks).toBe(4);
    expect(data.totals.uniqueClicks).toBe(3);
    // C's requests 61 to 1,000 of the minute: answered, never counted.
    expect(data.totals.suspectClicks).toBe(940);
    // A's four forged-address requests and its 10-minute click, C's requests 2 to 60.
    expect(data.totals.repeatClicks).toBe(4 + 1 + 59);

    // The flood is a few rows, not one per request.
    const { rows } = await t.db.pool.query("SELECT count(*)::int AS n FROM click WHERE link_id = $1", [linkId]);
    expect(rows[0].n).toBeLessThanOrEqual(6);

    const shown = await s.run("metrics campaign:tally");
    const fields = Object.fromEntries(shown.reply.message.sections![0]!.fields!.map((f) => [f.label, f.value]));
    expect(fields["Link clicks (unique)"]).toBe("4 (3)");
    expect(fields["Suspect clicks (not counted)"]).toBe("940");
    const explain = await s.run("metrics explain campaign:tally");
    const text = JSON.stringify(explain.reply.message);
    expect(text).toMatch(/30 minutes/);
    expect(text).toMatch(/more than 60 a minute/);
    expect(text).toContain("suspect clicks (not counted) 940");
    expect(text).toContain("repeats within 30 minutes (not counted) 64");
  });

  it("counts an address once however many processes its requests reach at the same moment", async () => {
    // A second server with its own repository and click writer: another process behind the same balancer.
    const other = await serve({ TRUST_PROXY: "true" }, () => new Date(clock));
    at(3 * 60 * MIN); // hours after the clicks above
    const servers = [server, other];
    const rs = await Promise.all(
      Array.from({ length: 40 }, (_, i) => get(`${servers[i % 2]}/r/${code}`, { headers: { "x-forwarded-for": "203.0.113.99" } })),
    );
    expect(rs.every((r) => r.status === 302)).toBe(true);
    await written();
    const { rows } = await t.db.pool.query(
      "SELECT count(*)::int AS rows, sum(requests)::int AS requests FROM click WHERE link_id = $1 AND at >= $2 AND NOT is_bot AND NOT suspect",
      [linkId, new Date(clock)],
    );
    expect(rows[0]).toEqual({ rows: 1, requests: 40 });
  });
});
