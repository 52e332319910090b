// Reads the journey-load benchmark's figures from what the fakes recorded: ack and answer times
// per interaction, errors (a non-2xx ack, no answer, an answer that is an error) and duplicates
// (the same answer twice, a notice posted twice, rows the database holds twice).
import type { Pool } from "pg";
import type { FakeDiscord, Call } from "../../test/fakes/discord-api.ts";
import type { FakeSlack } from "../../test/fakes/slack-api.ts";
import { percentile } from "./bench.ts";
import type { Rec } from "./journey-traffic.ts";

/** Answers that mean something broke (not a polite refusal such as "you're already in"). */
const BROKEN = /Something went wrong|That command needs a fix|out of date or was not made by Scout|already linked to someone else|creator role/;

const round = (x: number) => Math.round(x * 10) / 10;
const pct = (xs: number[], p: number) => round(percentile([...xs].sort((a, b) => a - b), p));

function group<T>(xs: T[], key: (x: T) => string | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    if (k !== undefined) m.set(k, [...(m.get(k) ?? []), x]);
  }
  return m;
}

export interface Figures {
  acks: number[];
  answers: number[];
  errors: string[];
  duplicates: Record<string, number>;
  byKind: Record<string, { n: number; ack_p99: number; answer_p99: number | null }>;
  /** The first answers of each kind, shortened (to see what the bot said). */
  samples: Record<string, string[]>;
}

/** True once every interaction (but the replays) has an answer the fakes saw. */
export function allAnswered(recs: Rec[], slack: FakeSlack, discord: FakeDiscord): boolean {
  const responded = new Set(slack.responses.filter((x) => !x.body.delete_original).map((x) => x.id));
  const answered = new Set<string>();
  for (const c of discord.calls) {
    if (c.route.endsWith("/callback") && c.status < 300 && c.body?.type !== 5 && c.body?.type !== 6) answered.add(c.params.interaction_id!);
    if (c.params.webhook_token) answered.add(c.params.webhook_token.replace(/^tok-/, ""));
  }
  return recs.every((r) => r.dup || r.surface === "http" || (r.surface === "slack" ? responded.has(r.id) : answered.has(r.id)));
}

export async function figures(recs: Rec[], slack: FakeSlack, discord: FakeDiscord, pool: Pool): Promise<Figures> {
  const acks: number[] = [];
  const answers: number[] = [];
  const errors: string[] = [];
  const perKind = new Map<string, { acks: number[]; answers: number[] }>();
  const samples: Record<string, string[]> = {};
  const sample = (kind: string, text: string) => void ((samples[kind] ??= []).length < 3 && samples[kind].push(text.replace(/\\n/g, " ").slice(0, 240)));
  const note = (r: Rec, ack: number, answer: number | null) => {
    acks.push(ack);
    if (answer !== null) answers.push(answer);
    const k = perKind.get(r.kind) ?? { acks: [], answers: [] };
    k.acks.push(ack);
    if (answer !== null) k.answers.push(answer);
    perKind.set(r.kind, k);
  };
  const callbacks = group(discord.calls.filter((c) => c.route.endsWith("/callback")), (c) => c.params.interaction_id);
  const edits = group(discord.calls.filter((c) => c.route.startsWith("/webhooks/")), (c) => c.params.webhook_token);
  const responses = group(slack.responses, (x) => x.id);

  for (const r of recs) {
    if (r.surface !== "discord" && (r.status === undefined || r.status < 200 || r.status >= 400)) {
      errors.push(`${r.kind}${r.dup ? " (repeat)" : ""}: ack ${r.status}${r.failure ? ` (${r.failure})` : ""}`);
      continue;
    }
    if (r.dup) continue;
    if (r.surface === "http") {
      if (r.status !== 302) errors.push(`${r.kind}: ${r.status}, not a redirect`);
      note(r, r.ackMs!, null);
      continue;
    }
    if (r.surface === "slack") {
      const first = (responses.get(r.id) ?? []).find((x) => !x.body.delete_original);
      if (!first) {
        errors.push(`${r.kind}: no answer`);
        continue;
      }
      const text = JSON.stringify(first.body);
      if (BROKEN.test(text)) errors.push(`${r.kind}: ${text.slice(0, 200)}`);
      sample(r.kind, text);
      note(r, r.ackMs!, first.at - r.wall);
      continue;
    }
    const cb = (callbacks.get(r.id) ?? []).find((c) => c.status < 300);
    if (!cb) {
      errors.push(`${r.kind}: no interaction callback`);
      continue;
    }
    let final: Call | undefined = cb;
    if (cb.body?.type === 5 || cb.body?.type === 6) final = (edits.get(r.token!) ?? []).find((c) => c.status < 300);
    if (!final) {
      errors.push(`${r.kind}: deferred and never answered`);
      continue;
    }
    const text = JSON.stringify(final.body);
    if (BROKEN.test(text)) errors.push(`${r.kind}: ${text.slice(0, 200)}`);
    sample(r.kind, text);
    note(r, cb.at - r.at, final.at - r.at);
  }

  const twice = <T>(m: Map<string, T[]>) => [...m.values()].reduce((n, xs) => n + Math.max(0, xs.length - 1), 0);
  const notices = slack.calls.filter((c) => c.method === "chat.postMessage" && c.ok && /optins approve id:/.test(c.args.blocks ?? ""));
  const q = async (sql: string) => Number((await pool.query<{ n: string }>(sql)).rows[0]!.n);
  const duplicates = {
    discord_callbacks: twice(callbacks),
    slack_answers: twice(group(slack.responses.filter((x) => !x.body.delete_original), (x) => `${x.id}\n${JSON.stringify(x.body)}`)),
    slack_notices: twice(group(notices, (c) => /optins approve id:([\w-]+)/.exec(c.args.blocks!)?.[1])),
    participations: await q("SELECT coalesce(sum(n - 1), 0) AS n FROM (SELECT count(*) AS n FROM participation GROUP BY campaign_id, creator_id HAVING count(*) > 1) x"),
    deliverables: await q("SELECT coalesce(sum(n - 1), 0) AS n FROM (SELECT count(*) AS n FROM deliverable GROUP BY participation_id, url HAVING count(*) > 1) x"),
  };
  const byKind = Object.fromEntries(
    [...perKind].sort().map(([k, v]) => [k, { n: v.acks.length, ack_p99: pct(v.acks, 99), answer_p99: v.answers.length ? pct(v.answers, 99) : null }]),
  );
  return { acks, answers, errors, duplicates, byKind, samples };
}

export { pct, round };
