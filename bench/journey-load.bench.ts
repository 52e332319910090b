// The whole product under load: the real bot process (`npm start`: the compiled dist/ of src/main.ts, configured only
// by environment variables) with Slack in HTTP mode against a fake Slack, Discord against a fake
// REST API and gateway, and a bench PostgreSQL. 20 open campaigns with briefs, 2,000 creators, then
// 5,000 interactions over 2 minutes: creators press I'm in and submit the opt-in form, run /mystatus,
// /campaigns and /deliver in Discord; marketers run /scout optins, campaign show and metrics and
// press Approve/Decline on the opt-in notices in Slack; people follow tracked links; about 5% are
// repeats (a gateway replay of the same interaction, Slack's retry headers). Records ack and answer
// times, errors, the bot's peak memory (VmHWM) and duplicate rows or messages.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { execFileSync, spawn } from "node:child_process";
import { ROOT, childEnv, nodeScript, waitFor } from "../test/support/run.ts";
// @ts-expect-error: a plain ES module without types (it runs before anything is compiled)
import { staleSource } from "../src/bin/launch.mjs";
import { IDS, startFakeDiscord, type FakeDiscord } from "../test/fakes/discord-api.ts";
import { startFakeGateway, type FakeGateway } from "../test/fakes/discord-gateway.ts";
import { TOKEN } from "../test/fakes/discord-harness.ts";
import { startFakeSlack, type FakeSlack } from "../test/fakes/slack-api.ts";
import { BOT_TOKEN, MARKETER, SIGNING_SECRET, commandPayload, form } from "../test/fakes/slack-harness.ts";
import { importRoster } from "../src/core/roster/import.ts";
import { createRosterRepo } from "../src/store/roster.repo.ts";
import type { Bench } from "./lib/bench.ts";
import { scratchDb } from "./lib/db.ts";
import { generateCreators, rosterCsv } from "./lib/generate.ts";
import { click } from "./lib/journey-discord.ts";
import { allAnswered, figures, pct, round } from "./lib/journey-figures.ts";
import { CHANNEL, drive, slackPost, type Campaign, type World } from "./lib/journey-traffic.ts";

const CREATORS = 2000;
const CAMPAIGNS = 20;
const TOTAL = Number(process.env.JOURNEY_INTERACTIONS ?? 5000);
const SECONDS = Number(process.env.JOURNEY_SECONDS ?? 120);
const TARGETS = { p99_ms: 3000, errors: 0, rss_mb: 225, duplicates: 0 };

let scratch: Awaited<ReturnType<typeof scratchDb>> | undefined;
let slack: FakeSlack | undefined;
let discord: FakeDiscord | undefined;
let gateway: FakeGateway | undefined;
let bot: ReturnType<typeof startBot> | undefined;
let world: World | undefined;
let exportDir: string | undefined;
const memory = { hwm: 0, rss: 0, cpuS: 0, timeline: [] as number[] };
let sampler: NodeJS.Timeout | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const killBot = () => bot?.exitCode === null && bot.kill("SIGKILL");
process.on("exit", killBot);

/**
 * The bot exactly as `npm start` runs it: node's flags from package.json and src/bin/start.mjs,
 * which runs the JavaScript compiled to dist/ (built first when a source is newer, untimed). Tests
 * run the sources through tsx instead; its loader would count in the bot's memory here. JOURNEY_NODE_ARGS adds node flags for the
 * bot (e.g. "--max-old-space-size=160"); JOURNEY_CPU_PROF=<dir> a CPU profile of its main thread, written at exit.
 */
function startBot(env: Record<string, string>) {
  const prof = process.env.JOURNEY_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.JOURNEY_CPU_PROF}`] : [];
  const extra = (process.env.JOURNEY_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const start = nodeScript("start");
  const child = spawn(process.execPath, [...start.flags, ...extra, ...prof, path.join(ROOT, start.script)], { cwd: ROOT, env: childEnv(env) });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return Object.assign(child, { output: () => out, errors: () => err });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** Peak and current resident memory of the bot process, in MB (from /proc, once a second). */
function sampleMemory(pid: number) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    memory.hwm = Math.max(memory.hwm, kb("VmHWM") / 1024);
    memory.rss = kb("VmRSS") / 1024;
    // utime + stime (fields 14 and 15 of /proc/<pid>/stat), in clock ticks of 10 ms.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    memory.cpuS = (Number(stat[11]) + Number(stat[12])) / 100;
  } catch {
    // The process has gone; the last sample stands.
  }
}

/** A marketer's /scout command, answered at its response_url; fails on an error answer. */
async function marketer(port: number, line: string): Promise<string> {
  const p = commandPayload(slack!, line, { user: MARKETER, channel: CHANNEL });
  const ack = await slackPost(port, form(p.fields), "application/x-www-form-urlencoded");
  if (ack.status !== 200) throw new Error(`${line}: ack ${ack.status}`);
  const answer = await slack!.waitForResponse((x) => x.id === p.id && !x.body.delete_original, 30_000);
  const text = JSON.stringify(answer.body);
  if (/Something went wrong|needs a fix/.test(text)) throw new Error(`${line}: ${text.slice(0, 300)}`);
  return text;
}

async function setup(): Promise<void> {
  if (staleSource(ROOT)) execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
  scratch = await scratchDb("bench_journey");
  const gen = generateCreators(CREATORS, 42);
  await importRoster({ creators: { label: "roster.csv", text: rosterCsv(gen) } }, { platform: "instagram" }, createRosterRepo(scratch.db.pool));
  const handles = (await scratch.db.pool.query<{ handle: string }>("SELECT handle FROM account WHERE platform = 'instagram' ORDER BY handle")).rows.map((r) => r.handle);
  if (handles.length < CREATORS) throw new Error(`the roster import made ${handles.length} accounts, not ${CREATORS}`);

  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  discord = await startFakeDiscord({ check: false });
  gateway = await startFakeGateway(discord);
  const port = await freePort();
  exportDir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-journey-exports-"));
  bot = startBot({
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: scratch.db.url,
    EXPORT_DIR: exportDir,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_MARKETER_IDS: MARKETER,
    SLACK_NOTIFY_CHANNEL: CHANNEL,
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: IDS.app,
    DISCORD_GUILD_ID: IDS.guild,
    DISCORD_CREATORS_CHANNEL_ID: IDS.text,
    DISCORD_CREATOR_ROLE_ID: IDS.role,
    DISCORD_API_URL: discord.apiUrl,
    CONVERSION_WEBHOOK_SECRET: "journey-bench-conversion-secret",
    CLICK_IP_SALT: "journey-bench-click-salt",
    // As in production unless the bench is asked for another number (as slack-ack is).
    ...(process.env.SLACK_WORKER_THREADS ? { SLACK_WORKER_THREADS: process.env.SLACK_WORKER_THREADS } : {}),
  });
  const pid = bot.pid!;
  sampler = setInterval(() => sampleMemory(pid), 1000);
  await waitFor(() => (bot!.exitCode === null ? bot!.errors() : `exited ${bot!.exitCode}\n${bot!.errors()}`), /is running|^exited/, 60_000);
  if (bot.exitCode !== null) throw new Error(`the bot exited (${bot.exitCode})`);
  await Promise.race([gateway.identified(), sleep(30_000).then(() => Promise.reject(new Error("the bot never identified on the gateway")))]);
  await slack.waitForCall((c) => c.method === "auth.test", 30_000);

  // 20 open campaigns with their briefs in the creators' channel, made in Slack as a marketer would.
  const campaigns: Campaign[] = [];
  for (let k = 1; k <= CAMPAIGNS; k++) {
    const n = String(k).padStart(2, "0");
    await marketer(
      port,
      `campaign new name:"Journey ${n}" objective:sales deliverables:"1 Reel" compensation:"flat fee" budget:5000 landing-url:https://example.com/j${n} opt-in-closes:+90d go-live:+104d channel:${CHANNEL}`,
    );
    const slug = (await scratch.db.pool.query<{ slug: string }>("SELECT slug FROM campaign ORDER BY created_at DESC LIMIT 1")).rows[0]!.slug;
    const before = discord.calls.length;
    await marketer(port, `brief post ${slug}`);
    const brief = await discord.waitFor((c) => discord!.calls.indexOf(c) >= before && c.route === "/channels/{channel_id}/messages" && c.method === "POST" && c.params.channel_id === IDS.text && c.status === 200);
    const button = brief.body.components[0].components[0].custom_id as string;
    // The opt-in form's id, as the creator's client gets it when I'm in opens it.
    const open = click(CREATORS - k, button);
    gateway.dispatch("INTERACTION_CREATE", open);
    const modal = (await discord.waitFor((c) => c.route.endsWith("/callback") && c.params.interaction_id === open.id && c.body?.type === 9)).body.data.custom_id as string;
    campaigns.push({ slug, button, modal });
  }
  world = { port, slack, discord, gateway, pool: scratch.db.pool, campaigns, handles };
}

async function teardown(): Promise<void> {
  if (bot && bot.exitCode === null) {
    bot.kill("SIGTERM");
    const exited = await Promise.race([new Promise((r) => bot!.once("exit", () => r(true))), sleep(10_000).then(() => false)]);
    if (!exited) killBot();
  }
  if (sampler) clearInterval(sampler);
  await gateway?.close();
  await discord?.close();
  await slack?.close();
  await scratch?.drop();
  if (exportDir) fs.rmSync(exportDir, { recursive: true, force: true });
}

const bench: Bench = {
  name: "journey-load",
  unit: "ms",
  runs: 1,
  notes:
    `the real bot process (npm start: dist/, as built at install) against a fake Slack (HTTP mode) and a fake Discord (REST + gateway); ${CAMPAIGNS} open campaigns, ${CREATORS} creators; ` +
    `${TOTAL} interactions over ${SECONDS} s (I'm in + opt-in form, /mystatus, /campaigns, /deliver in Discord; /scout optins, campaign show, metrics and Approve/Decline in Slack; ` +
    `tracked-link GETs; ~5% repeats). median/p99: ack (Slack HTTP answer, Discord dispatch → first callback, link 302); callback_*: to the answer (response_url, final edit); ` +
    `rss_mb: the bot's VmHWM (target <= 225 MB); rss_before_load_mb: its RSS once started, before the load (the floor); ratio: rss_mb over it; duplicates: answers/notices twice and rows twice. SLACK_WORKER_THREADS and JOURNEY_NODE_ARGS (node flags for the bot) pass through; JOURNEY_CPU_PROF=<dir> profiles the bot`,
  async setup() {
    try {
      await setup();
    } catch (e) {
      process.stderr.write(`journey-load setup failed; bot output:\n${bot?.errors().slice(-3000) ?? ""}\n${bot?.output().slice(-2000) ?? ""}\n`);
      await teardown().catch(() => {});
      throw e;
    }
  },
  async run() {
    const w = world!;
    sampleMemory(bot!.pid!);
    const cpuBefore = memory.cpuS;
    const rssBefore = memory.hwm;
    // The bot's resident memory every 10 s of the load (does it level off or keep growing?).
    const timeline = setInterval(() => memory.timeline.push(Math.round(memory.rss)), 10_000);
    const recs = await drive(w, TOTAL, SECONDS).finally(() => clearInterval(timeline));
    // Answers still on their way: wait for them (a missing one counts as an error).
    const end = Date.now() + 20_000;
    while (!allAnswered(recs, w.slack, w.discord) && Date.now() < end) await sleep(200);
    await sleep(500);
    sampleMemory(bot!.pid!);
    const f = await figures(recs, w.slack, w.discord, w.pool);
    const duplicates = Object.values(f.duplicates).reduce((a, b) => a + b, 0);
    if (f.errors.length) process.stderr.write(`  journey-load: ${f.errors.length} errors, e.g.\n    ${f.errors.slice(0, 8).join("\n    ")}\n`);
    if (process.env.JOURNEY_DEBUG) process.stderr.write(`${JSON.stringify(f.samples, null, 1)}\n`);
    const botErrors = (bot!.output() + bot!.errors()).split("\n").filter((l) => /"level":(50|60)/.test(l));
    if (botErrors.length) process.stderr.write(`  journey-load: the bot logged ${botErrors.length} errors, e.g. ${botErrors[0]!.slice(0, 400)}\n`);
    return {
      median: pct(f.acks, 50),
      p95: pct(f.acks, 95),
      p99: pct(f.acks, 99),
      callback_p50: pct(f.answers, 50),
      callback_p99: pct(f.answers, 99),
      errors: f.errors.length,
      duplicates,
      duplicates_by_kind: f.duplicates,
      rss_mb: round(memory.hwm),
      rss_before_load_mb: round(rssBefore),
      // Memory's floor is the same bot idle, measured before the load: how much the load adds.
      ratio: Math.round((memory.hwm / rssBefore) * 100) / 100,
      rss_timeline_mb: memory.timeline,
      bot_cpu_s: round(memory.cpuS - cpuBefore),
      ...(process.env.JOURNEY_NODE_ARGS ? { bot_node_args: process.env.JOURNEY_NODE_ARGS } : {}),
      slack_worker_threads: process.env.SLACK_WORKER_THREADS ?? "default (1)",
      interactions: recs.length,
      repeats: recs.filter((r) => r.dup).length,
      by_kind: f.byKind,
      bot_logged_errors: botErrors.length,
      // Calls to the fake Slack that break Slack's API description or Block Kit limits.
      slack_api_problems: w.slack.problems().length,
      error_samples: f.errors.slice(0, 5),
      targets: TARGETS,
      campaigns: CAMPAIGNS,
      creators: CREATORS,
      seconds: SECONDS,
    };
  },
  teardown,
};

export default bench;
