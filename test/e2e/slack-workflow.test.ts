// The marketer's flow in Slack on the real commands, run in the command worker thread: a campaign
// is created and opened, an opt-in arrives as a notice in the campaign's channel with Approve and
// Decline buttons, and a click approves it in place, once, even when Slack sends the click twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCreators, rosterCsv } from "../../bench/lib/generate.ts";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { createDispatchPool } from "../../src/adapters/slack/dispatch-pool.ts";
import { clickPayload, startHarness, type Harness } from "../fakes/slack-harness.ts";

const t = useTestDatabase("slack_workflow");
let h: Harness;
let handle: string;
const needed = ["campaign new", "brief post", "optins add", "optins approve"];

beforeAll(async () => {
  await importRoster({ creators: { label: "r.csv", text: rosterCsv(generateCreators(50, 5)) } }, { platform: "instagram" }, createRosterRepo(t.db.pool));
  handle = (await t.db.pool.query<{ handle: string }>("SELECT handle FROM account ORDER BY handle LIMIT 1")).rows[0]!.handle;
  h = await startHarness({ db: t, env: { SLACK_WORKER_THREADS: "1" } });
});
afterAll(async () => {
  await h?.close();
});

async function run(line: string) {
  const r = await h.command(line);
  expect(r.status, line).toBe(200);
  const answer = await h.fake.waitForResponse((x) => x.id === r.id && !x.body.delete_original, 20_000);
  const text = JSON.stringify(answer.body);
  expect(text, line).not.toMatch(/Something went wrong|That command needs a fix/);
  return text;
}

describe("a campaign in Slack, on the real commands", () => {
  it("posts the opt-in notice, with buttons, to the campaign's channel, with the command worker on", async () => {
    if (!needed.every((n) => h.app.registry.some((c) => c.name === n))) return;
    await run('campaign new name:"Spring launch" objective:sales deliverables:"1 Reel" compensation:"flat fee" budget:5000 landing-url:https://example.com/spring opt-in-closes:+90d go-live:+104d channel:C0SPRING');
    await run("brief post spring-launch");
    await run(`optins add spring-launch handle:${handle} rate:300 disclosure:yes`);
    const notice = await h.fake.waitForCall((c) => c.method === "chat.postMessage" && c.args.channel === "C0SPRING" && /opted in/.test(c.args.text ?? ""));
    const blocks = JSON.parse(notice.args.blocks!) as { type: string; block_id?: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[];
    const actions = blocks.find((b) => b.type === "actions")!;
    const approve = actions.elements!.find((e) => e.text.text === "Approve")!;
    expect(approve.value).toMatch(/^optins approve id:/);

    const click = clickPayload(h.fake, { value: approve.value, actionId: approve.action_id, blockId: actions.block_id, blocks, actionTs: "1700003000.000001" });
    expect((await h.interact(click.payload)).status).toBe(200);
    const update = await h.fake.waitForResponse((r) => r.id === click.id, 20_000);
    expect(update.body.replace_original).toBe(true);
    expect(JSON.stringify(update.body.blocks)).toMatch(/Approved by <@U0MIA>/);
    const status = async () => (await t.db.pool.query<{ status: string }>("SELECT status::text FROM participation")).rows.map((r) => r.status);
    expect(await status()).toEqual(["approved"]);

    await h.interact(click.payload, { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" });
    await new Promise((r) => setTimeout(r, 500));
    expect(h.fake.responses.filter((r) => r.id === click.id)).toHaveLength(1);
    expect(await status()).toEqual(["approved"]);
    expect(h.fake.problems()).toEqual([]);
  });

  it("runs slow commands in a worker thread and retires a worker that has been idle, starting one again when needed", async () => {
    const pool = createDispatchPool(h.app, { size: 1, log: h.app.log, idleMs: 300 });
    try {
      const r = await pool.dispatch({ line: "shortlist top:2", surface: "slack", actor: { id: "U0MIA", name: "mia", roles: ["marketer"] } }, { slow: true });
      expect(r.outcome).toBe("ok");
      expect(pool.running()).toBe(1);
      const end = Date.now() + 10_000;
      while (pool.running() && Date.now() < end) await new Promise((res) => setTimeout(res, 50));
      expect(pool.running()).toBe(0);
      // A new slow command starts a worker again.
      expect((await pool.dispatch({ line: "help", surface: "slack", actor: { id: "U0MIA", name: "mia", roles: ["marketer"] } }, { slow: true })).outcome).toBe("ok");
      expect(pool.running()).toBe(1);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
