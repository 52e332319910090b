// Discord's 3-second rule under a burst: 1,000 "I'm in" modal submissions (each a different
// creator) dispatched by the fake gateway within 5 seconds to the real discord.js client, then all
// 1,000 dispatched again (a replay). Records the time from dispatch to the interaction callback
// (median, p95, p99 in ms; each must be under 3 s), the participations in the database (exactly
// 1,000) and how many the replay added (duplicates: 0). Discord (the fake gateway and REST API,
// which also times the callbacks) is played by another process, started from this same file, so
// that only the bot runs in this one.
import { spawn, type ChildProcessByStdio } from "node:child_process";
import readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import { createApp, type App } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startDiscord, type DiscordAdapter } from "../src/adapters/discord/discord.adapter.ts";
import { IDS, startFakeDiscord } from "../test/fakes/discord-api.ts";
import { clickParts, interactionPayload, submitData } from "../test/fakes/discord-interactions.ts";
import { startFakeGateway } from "../test/fakes/discord-gateway.ts";
import { TOKEN } from "../test/fakes/discord-harness.ts";
import { percentile, type Bench } from "./lib/bench.ts";
import { scratchDb } from "./lib/db.ts";

const N = 1000;
const WINDOW_MS = 4000;
const SLUG = "burst-launch";
/** Submissions to another campaign first, so the burst meets a warm process (as a bot that has run a while is). */
const WARMUP = 50;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number) => Math.round(x * 10) / 10;
const user = (i: number) => String(1300000000000000000n + BigInt(i));

function payload(type: 3 | 5, i: number, data: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return interactionPayload(type, data, { user: user(i), name: `creator${i}` }, extra).payload as Record<string, unknown> & { id: string };
}

const submission = (i: number, modal: string) =>
  payload(5, i, submitData(modal, { handle: `@burst.creator${i}`, platform: ["instagram"], followers: String(5000 + i), rate: "150", disclose: ["yes"] }));

const click = (customId: string) => {
  const { data, extra } = clickParts(customId);
  return payload(3, 0, data, extra);
};

/** The Discord stand-in (child process): answers one JSON request per stdin line. */
async function playDiscord(): Promise<void> {
  const fake = await startFakeDiscord({ check: false });
  const gateway = await startFakeGateway(fake);
  const callbacks = new Map<string, number>();
  fake.onCallback = (id, at) => void (callbacks.has(id) || callbacks.set(id, at));
  const out = (m: unknown) => process.stdout.write(JSON.stringify(m) + "\n");
  out({ apiUrl: fake.apiUrl });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const req = JSON.parse(line) as { briefs?: true; open?: string; burst?: { from: number; n: number; modal: string; windowMs: number }; calls?: string };
    if (req.briefs) out({ buttons: fake.find("/channels/{channel_id}/messages", "POST").map((c) => c.body.components[0].components[0].custom_id) });
    if (req.open) {
      const p = click(req.open);
      gateway.dispatch("INTERACTION_CREATE", p);
      out({ modal: (await fake.waitFor((c) => c.body?.type === 9 && c.params.interaction_id === p.id)).body.data.custom_id });
    }
    if (req.burst) {
      const { from, n, modal, windowMs } = req.burst;
      // The same interactions each time a burst starts at `from` (a replay delivers the same ids).
      const payloads = (cache[`${from}:${modal}`] ??= Array.from({ length: n }, (_, k) => submission(from + k, modal)));
      const sent = new Map<string, number>();
      const t0 = performance.now();
      for (const [k, p] of payloads.entries()) {
        const due = t0 + (k * windowMs) / n;
        if (performance.now() < due) await sleep(due - performance.now());
        sent.set(p.id, gateway.dispatch("INTERACTION_CREATE", p));
      }
      const end = Date.now() + 120_000;
      while (payloads.some((p) => !callbacks.has(p.id)) && Date.now() < end) await sleep(20);
      out({
        latencies: payloads.map((p) => (callbacks.has(p.id) ? callbacks.get(p.id)! - sent.get(p.id)! : null)),
        spreadMs: Math.max(...sent.values()) - Math.min(...sent.values()),
        callbacks: fake.find("/interactions/{interaction_id}/{interaction_token}/callback").length,
      });
    }
  }
  await gateway.close();
  await fake.close();
}
const cache: Record<string, ReturnType<typeof submission>[]> = {};

let scratch: Awaited<ReturnType<typeof scratchDb>> | undefined;
let app: App | undefined;
let discord: DiscordAdapter | undefined;
let child: ChildProcessByStdio<Writable, Readable, null> | undefined;
let ask: ((m: unknown) => Promise<any>) | undefined;
let modal = "";

const count = async (slug = SLUG) =>
  Number((await scratch!.db.pool.query<{ n: string }>("SELECT count(*) AS n FROM participation p JOIN campaign c ON c.id = p.campaign_id WHERE c.slug = $1", [slug])).rows[0]!.n);

async function waitUntil(what: string, ok: () => Promise<boolean>, ms = 120_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const bench: Bench = {
  name: "discord-optin-burst",
  unit: "ms",
  runs: 1,
  notes: `${N} "I'm in" modal submissions by ${N} creators within ${WINDOW_MS / 1000} s through real discord.js (Discord played by another process; ${WARMUP} submissions to another campaign first), then the same ${N} again; times are dispatch → interaction callback`,
  async setup() {
    scratch = await scratchDb("discord_burst");
    child = spawn(process.execPath, ["--import", "tsx", import.meta.filename, "--play-discord"], { stdio: ["pipe", "pipe", "inherit"] });
    const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async () => JSON.parse(((await lines.next()).value as string) ?? "null");
    ask = async (m) => (child!.stdin.write(JSON.stringify(m) + "\n"), next());
    const { apiUrl } = await next();
    const config = loadConfig({
      DATABASE_URL: "postgresql://bench@127.0.0.1/unused",
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: IDS.app,
      DISCORD_GUILD_ID: IDS.guild,
      DISCORD_CREATORS_CHANNEL_ID: IDS.text,
      DISCORD_CREATOR_ROLE_ID: IDS.role,
      DISCORD_API_URL: apiUrl,
    });
    const log = createLogger({ level: "warn", destination: { write: (l: string) => void process.stderr.write(l) } });
    app = await createApp(config, log, { db: scratch.db });
    discord = startDiscord(app);
    await discord.ready;
    const marketer = { id: "m1", name: "Mia", roles: ["marketer"] };
    for (const line of [
      'campaign new name:"Warm up" objective:awareness deliverables:"1 Reel" compensation:product opt-in-closes:+90d go-live:+104d',
      "brief post warm-up",
      'campaign new name:"Burst launch" objective:awareness deliverables:"1 Reel" compensation:product opt-in-closes:+90d go-live:+104d',
      `brief post ${SLUG}`,
    ]) {
      const r = await app.dispatch({ line, surface: "console", actor: marketer });
      if (r.outcome !== "ok") throw new Error(`${line}: ${r.reply.message.text}`);
    }
    // Each brief's I'm in button opens the opt-in modal; its custom id is what the submissions carry.
    const { buttons } = await ask({ briefs: true });
    const warm = (await ask({ open: buttons[0] })).modal as string;
    modal = (await ask({ open: buttons[1] })).modal as string;
    await ask({ burst: { from: N + 1, n: WARMUP, modal: warm, windowMs: 1000 } });
    await waitUntil("the warm-up", async () => (await count("warm-up")) >= WARMUP);
  },
  async run() {
    const first = await ask!({ burst: { from: 1, n: N, modal, windowMs: WINDOW_MS } });
    await waitUntil("every participation", async () => (await count()) >= N);
    const latencies = (first.latencies as (number | null)[]).map((x) => x ?? Infinity).sort((a, b) => a - b);
    const participations = await count();
    // The same 1,000 again, as a gateway replay would deliver them: nothing new, no second callback.
    const again = await ask!({ burst: { from: 1, n: N, modal, windowMs: WINDOW_MS } });
    await sleep(2000);
    const duplicates = (await count()) - participations;
    const over3s = latencies.filter((x) => x >= 3000).length;
    if (participations !== N || duplicates !== 0 || again.callbacks !== first.callbacks || over3s)
      process.stderr.write(`  discord-optin-burst: participations ${participations}, duplicates ${duplicates}, extra callbacks ${again.callbacks - first.callbacks}, over 3 s ${over3s}\n`);
    return {
      median: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1)!),
      participations,
      duplicates,
      extra_callbacks: again.callbacks - first.callbacks,
      over_3s: over3s,
      dispatched_in_ms: round(first.spreadMs),
    };
  },
  async teardown() {
    child?.stdin.end();
    await discord?.close();
    await scratch?.drop();
  },
};

export default bench;

if (process.argv.includes("--play-discord")) void playDiscord();
