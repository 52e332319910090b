// The traffic of the journey-load benchmark: Slack (signed HTTP requests to the bot, the fake Web
// API and response_urls), Discord (the fake gateway's dispatches) and tracked-link GETs, mixed the
// way a team and its creators use Scout, one interaction every few milliseconds. Every interaction
// is recorded (when it was sent, its ack); the answers are read from the fakes afterwards.
import http from "node:http";
import type { Pool } from "pg";
import type { FakeDiscord } from "../../test/fakes/discord-api.ts";
import type { FakeGateway } from "../../test/fakes/discord-gateway.ts";
import type { FakeSlack } from "../../test/fakes/slack-api.ts";
import { clickPayload, commandPayload, form, MARKETER, sign } from "../../test/fakes/slack-harness.ts";
import { rng } from "./generate.ts";
import { click, discordUser, optInSubmit, slash, type Payload } from "./journey-discord.ts";

export const CHANNEL = "C0JOURNEY";

export interface Rec {
  kind: string;
  surface: "slack" | "discord" | "http";
  dup: boolean;
  /** performance.now() / Date.now() when sent. */
  at: number;
  wall: number;
  /** Discord interaction id, or the Slack response_url id. */
  id: string;
  token?: string;
  status?: number;
  ackMs?: number;
  failure?: string;
}

export interface Campaign {
  slug: string;
  button: string;
  modal: string;
}

export interface World {
  port: number;
  slack: FakeSlack;
  discord: FakeDiscord;
  gateway: FakeGateway;
  pool: Pool;
  campaigns: Campaign[];
  /** Instagram handles of the seeded creators; Discord creator i is handles[i]. */
  handles: string[];
}

type Replay = { surface: "discord"; kind: string; payload: Payload } | { surface: "slack"; kind: string; body: string; type: string; id: string };

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** A signed POST to the bot's Slack endpoint; resolves with the status and the time to the full answer. */
export function slackPost(port: number, body: string, type: string, extra: Record<string, string> = {}): Promise<{ status: number; ms: number; failure?: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const headers = { "content-type": type, "content-length": String(Buffer.byteLength(body)), ...sign(body), ...extra };
    const req = http.request({ host: "127.0.0.1", port, path: "/slack/events", method: "POST", headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
    });
    req.on("error", (e) => resolve({ status: 0, ms: performance.now() - t0, failure: e.message }));
    req.end(body);
  });
}

function linkGet(port: number, code: string): Promise<{ status: number; ms: number; failure?: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request({ host: "127.0.0.1", port, path: `/r/${code}`, method: "GET", agent, headers: { "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1" } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
    });
    req.on("error", (e) => resolve({ status: 0, ms: performance.now() - t0, failure: e.message }));
    req.end();
  });
}

/** The share of interactions of each kind (when it has something to act on). */
const MIX: [string, number][] = [
  ["discord:click", 0.19],
  ["discord:submit", 0.19],
  ["slack:decide", 0.15],
  ["discord:deliver", 0.06],
  ["discord:mystatus", 0.07],
  ["discord:campaigns", 0.05],
  ["slack:optins", 0.03],
  ["slack:show", 0.03],
  ["slack:metrics", 0.03],
  ["http:link", 0.15],
  ["dup", 0.05],
];
const ALWAYS = ["discord:mystatus", "discord:campaigns", "slack:optins", "slack:show", "slack:metrics"];

/** Sends `total` interactions evenly over `seconds`; returns every record once all acks are in. */
export async function drive(w: World, total: number, seconds: number, seed = 7): Promise<Rec[]> {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const recs: Rec[] = [];
  const acks: Promise<void>[] = [];
  const replays: Replay[] = [];
  const creators = Math.min(600, w.handles.length);
  // Who opts in where: every creator once, the first two thirds twice.
  const pairs: { i: number; c: Campaign }[] = [];
  for (let i = 0; i < creators; i++) {
    pairs.push({ i, c: w.campaigns[i % w.campaigns.length]! });
    if (i < (creators * 2) / 3) pairs.push({ i, c: w.campaigns[(i + 7) % w.campaigns.length]! });
  }
  pairs.sort(() => r() - 0.5);
  const toSubmit: { i: number; c: Campaign; readyAt: number }[] = [];
  const notices: { value: string; actionId: string; label: string; blockId: string; blocks: unknown[] }[] = [];
  let slackCursor = 0;
  const approved: { i: number; slug: string; pid: string }[] = [];
  const seenApproved = new Set<string>();
  const codes: string[] = [];
  let actionSeq = 0;
  const known: number[] = [];
  const userIndex = new Map(Array.from({ length: creators }, (_, i) => [discordUser(i), i]));

  const scanNotices = () => {
    for (; slackCursor < w.slack.calls.length; slackCursor++) {
      const c = w.slack.calls[slackCursor]!;
      if (c.method !== "chat.postMessage" || !c.ok || !c.args.blocks) continue;
      const blocks = JSON.parse(c.args.blocks) as { type: string; block_id?: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[];
      const actions = blocks.find((b) => b.type === "actions" && b.elements?.some((e) => /^optins approve /.test(e.value ?? "")));
      if (!actions) continue;
      const decision = r() < 0.8 ? "Approve" : "Decline";
      const e = actions.elements!.find((x) => x.text.text === decision) ?? actions.elements![0]!;
      notices.push({ value: e.value, actionId: e.action_id, label: e.text.text, blockId: actions.block_id ?? "", blocks });
    }
  };
  let polling = false;
  const pollApproved = async () => {
    if (polling) return;
    polling = true;
    try {
      const rows = await w.pool.query<{ pid: string; user: string; slug: string; code: string | null }>(
        `SELECT p.id AS pid, cr.discord_user_id AS user, c.slug, tl.code FROM participation p JOIN creator cr ON cr.id = p.creator_id
         JOIN campaign c ON c.id = p.campaign_id LEFT JOIN tracked_link tl ON tl.participation_id = p.id
         WHERE p.status = 'approved' AND cr.discord_user_id IS NOT NULL`,
      );
      for (const row of rows.rows) {
        if (seenApproved.has(row.pid)) continue;
        seenApproved.add(row.pid);
        const i = userIndex.get(row.user);
        if (i !== undefined) approved.push({ i, slug: row.slug, pid: row.pid });
        if (row.code) codes.push(row.code);
      }
    } finally {
      polling = false;
    }
  };

  const discord = (kind: string, p: Payload, dup = false) => {
    const at = w.gateway.dispatch("INTERACTION_CREATE", p);
    recs.push({ kind, surface: "discord", dup, at, wall: Date.now(), id: p.id, token: p.token });
    if (!dup && replays.length < 400) replays.push({ surface: "discord", kind, payload: p });
  };
  const slack = (kind: string, id: string, body: string, type: string, dup = false) => {
    const rec: Rec = { kind, surface: "slack", dup, at: performance.now(), wall: Date.now(), id };
    recs.push(rec);
    acks.push(
      slackPost(w.port, body, type, dup ? { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } : {}).then((a) => {
        rec.status = a.status;
        rec.ackMs = a.ms;
        rec.failure = a.failure;
      }),
    );
    if (!dup && replays.length < 400) replays.push({ surface: "slack", kind, body, type, id });
  };
  const command = (kind: string, line: string) => {
    const p = commandPayload(w.slack, line, { user: MARKETER, channel: CHANNEL });
    slack(kind, p.id, form(p.fields), "application/x-www-form-urlencoded");
  };

  const available = (k: string, now: number): boolean => {
    if (k === "discord:click") return pairs.length > 0;
    if (k === "discord:submit") return toSubmit.length > 0 && toSubmit[0]!.readyAt <= now;
    if (k === "slack:decide") return notices.length > 0;
    if (k === "discord:deliver") return approved.length > 0;
    if (k === "http:link") return codes.length > 0;
    if (k === "dup") return replays.length > 0;
    return true;
  };
  const send = (k: string) => {
    const slug = pick(w.campaigns).slug;
    // Mostly creators Scout knows (they have opted in), sometimes one it does not know yet.
    const someone = known.length && r() < 0.85 ? pick(known) : Math.floor(r() * creators);
    if (k === "discord:click") {
      const p = pairs.shift()!;
      discord(k, click(p.i, p.c.button));
      toSubmit.push({ ...p, readyAt: performance.now() + 500 + r() * 1000 });
    } else if (k === "discord:submit") {
      const p = toSubmit.shift()!;
      discord(k, optInSubmit(p.i, p.c.modal, w.handles[p.i]!));
      known.push(p.i);
    } else if (k === "slack:decide") {
      const n = notices.shift()!;
      const actionTs = `${Math.floor(Date.now() / 1000)}.${String(++actionSeq).padStart(6, "0")}`;
      const c = clickPayload(w.slack, { value: n.value, actionId: n.actionId, label: n.label, blockId: n.blockId, blocks: n.blocks, actionTs });
      slack(k, c.id, form({ payload: JSON.stringify(c.payload) }), "application/x-www-form-urlencoded");
    } else if (k === "discord:deliver") {
      const a = approved.shift()!;
      const url = `https://www.instagram.com/p/J${a.pid.replace(/-/g, "").slice(0, 10)}/`;
      discord(k, slash(a.i, "deliver", { campaign: a.slug, url, note: "#ad Loving this launch, thanks @brand" }));
    } else if (k === "discord:mystatus") discord(k, slash(someone, "mystatus"));
    else if (k === "discord:campaigns") discord(k, slash(someone, "campaigns"));
    else if (k === "slack:optins") command(k, `optins ${slug}`);
    else if (k === "slack:show") command(k, `campaign show ${slug}`);
    else if (k === "slack:metrics") command(k, `metrics campaign:${slug}`);
    else if (k === "http:link") {
      const rec: Rec = { kind: k, surface: "http", dup: false, at: performance.now(), wall: Date.now(), id: "" };
      recs.push(rec);
      acks.push(linkGet(w.port, pick(codes)).then((a) => void Object.assign(rec, { status: a.status, ackMs: a.ms, failure: a.failure })));
    } else {
      const x = replays.splice(Math.floor(r() * replays.length), 1)[0]!;
      if (x.surface === "discord") discord(x.kind, x.payload, true);
      else slack(x.kind, x.id, x.body, x.type, true);
    }
  };

  const t0 = performance.now();
  const every = (seconds * 1000) / total;
  const poller = setInterval(() => void pollApproved().catch(() => {}), 1000);
  try {
    for (let k = 0; k < total; k++) {
      const due = t0 + k * every;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((res) => setTimeout(res, wait));
      scanNotices();
      const now = performance.now();
      let roll = r();
      let kind = MIX.find(([, share]) => (roll -= share) < 0)?.[0] ?? "discord:mystatus";
      if (!available(kind, now)) kind = [...MIX.map(([x]) => x)].find((x) => x !== "dup" && x !== "discord:click" && available(x, now) && r() < 0.5) ?? pick(ALWAYS);
      send(kind);
    }
  } finally {
    clearInterval(poller);
  }
  await Promise.all(acks);
  return recs;
}
