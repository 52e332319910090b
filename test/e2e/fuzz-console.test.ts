// 10,000 random and adversarial command lines through dispatch, half as the console, a quarter each
// as Slack and Discord (whose commands and forms differ): the real commands on a scratch database seeded with hostile names, each reply (and each notice the commands send)
// rendered for Slack and for the console and checked. The seed is printed; FUZZ_SEED=<seed> replays.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../../src/core/message.ts";
import type { DispatchResult } from "../../src/adapters/dispatch.ts";
import { useTestDatabase } from "../support/db.ts";
import { errorLines, testApp, type TestApp } from "../support/app.ts";
import { fuzzLines, fuzzSeed } from "../support/fuzz.ts";
import { consoleProblems, discordProblems, slackProblems } from "../support/fuzz-checks.ts";

const N = 10_000;
const CONCURRENCY = 4;
const seed = fuzzSeed();
console.log(`fuzz-console.test.ts: FUZZ_SEED=${seed}`);

const t = useTestDatabase("fuzz");
let s: TestApp;
const notices: Message[] = [];
const discordFound: string[] = [];
// Marketer and creator, so that every command can run.
const roles = ["marketer", "creator"];
const SURFACES = [
  { surface: "console", actor: { id: "console", name: "fuzz", roles }, place: { channelId: "console" } },
  { surface: "console", actor: { id: "console", name: "fuzz", roles }, place: { channelId: "console" } },
  { surface: "slack", actor: { id: "U0FUZZ", name: "fuzz", roles }, place: { channelId: "C0FUZZ" } },
  { surface: "discord", actor: { id: "100000000000000001", name: "fuzz", roles }, place: { channelId: "200000000000000002" } },
] as const;

// Creators whose names, bios and categories are hostile, so that replies read them from the database.
const HOSTILE = ["<!channel>", "@everyone", "<https://evil.example|ok>", "[ok](https://evil.example)", "\u001b[2Jwiped", "'; DROP TABLE creator; --", "👩‍👩‍👧‍👦", "\u202egnp.exe"];
const handles = HOSTILE.map((_, i) => `fz_creator_${i}`);

beforeAll(async () => {
  s = await testApp(t);
  const capture = (m: Message) => void notices.push(m);
  s.app.notifiers.add({ toMarketers: async (n) => capture(n.message), postBrief: async (b) => capture(b.message), toCreator: async (_c, m) => (capture(m), true) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-fuzz-"));
  const csv = path.join(dir, "roster.csv");
  const q = (v: string) => `"${v.replace(/"/g, '""')}"`;
  fs.writeFileSync(csv, ["handle,followers,category,bio", ...HOSTILE.map((h, i) => [handles[i], 10_000 + i * 1000, q(h), q(`${h} ${h}`)].join(","))].join("\n"));
  for (const line of [
    `roster import ${csv} platform:instagram`,
    `campaign new name:"<!channel> spring @everyone" slug:spring objective:sales deliverables:"1 Reel" compensation:"flat fee" budget:5000 landing-url:https://shop.example.com/x`,
    `campaign new name:"<https://evil.example|ok> draft" slug:draft objective:awareness`,
  ]) {
    const r = await s.run(line);
    expect(r.outcome, `${line}: ${r.reply.message.text}`).toBe("ok");
  }
  for (const h of handles.slice(0, 3)) expect((await s.run(`campaign invite spring handle:${h} platform:instagram`)).outcome).toBe("ok");
});

describe(`fuzz: ${N.toLocaleString("en-US")} hostile command lines through the console on the database (seed ${seed})`, () => {
  it("ends every command ok, usage or user (never a bug, never a throw), every reply and notice within Slack's limits and escaped, and the console free of control characters", async () => {
    const shapes = s.app.registry.map((c) => ({ name: c.name, keys: Object.keys(c.options.shape) }));
    const lines = fuzzLines(seed, N, shapes, ["spring", "draft", ...handles, "instagram"]);
    const problems: string[] = [];
    const outcomes: Record<string, number> = {};
    const reached: Record<string, number> = {};
    const check = (line: string, r: DispatchResult | Error) => {
      const where = ` ← ${JSON.stringify(line.slice(0, 160))}`;
      if (r instanceof Error) return void problems.push(`threw ${r.message}${where}`);
      outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      if (r.outcome === "ok" && r.command) reached[r.command] = (reached[r.command] ?? 0) + 1;
      if (r.outcome === "bug") problems.push(`bug ${r.invocationId}${where}`);
      for (const p of [...slackProblems(r.reply.message), ...consoleProblems(r.reply.message)]) problems.push(p + where);
      if (discordFound.length < 20) for (const p of discordProblems(r.reply.message)) discordFound.push(p + where);
    };
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < lines.length && problems.length < 20) {
          const i = next++;
          const line = lines[i]!;
          const on = SURFACES[i % SURFACES.length]!;
          check(line, await s.app.dispatch({ line, surface: on.surface, actor: { ...on.actor, roles: [...roles] }, place: on.place }).catch((e: Error) => e));
        }
      }),
    );
    for (const m of notices) {
      for (const p of [...slackProblems(m), ...consoleProblems(m)]) problems.push(`notice: ${p}`);
      for (const p of discordProblems(m)) discordFound.push(`notice: ${p}`);
    }
    console.log(`fuzz-console: ${N} lines in ${Date.now() - started} ms; outcomes ${JSON.stringify(outcomes)}; ${notices.length} notices; ok by command ${JSON.stringify(reached)}`);
    expect(problems).toEqual([]);
    expect(errorLines(s.logs).map((l) => l.msg + " " + (l.err?.message ?? ""))).toEqual([]);
    expect(Object.values(outcomes).reduce((a, b) => a + b, 0)).toBe(N);
    // Not only refusals: a fair share of lines ran real commands on the database.
    expect(outcomes.ok).toBeGreaterThan(N / 50);
    expect(Object.keys(reached).length).toBeGreaterThan(5);
  }, 120_000);

  // Rendered in the test above; reported on its own so that the surfaces' results stay apart.
  it("renders every reply and notice for Discord within its limits, pinging no one and forging no masked link", () => {
    expect(discordFound).toEqual([]);
  });
});
