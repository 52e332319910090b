// /scout through real Bolt over signed HTTP, against a fake Slack API: every command of the
// registry, garbage, signatures, authorisation, exports, long results, and the API down at start.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCreators, postsCsv, rosterCsv } from "../../bench/lib/generate.ts";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { MARKETER, OUTSIDER, commandPayload, form, post, sign, startHarness, warnings, type Harness } from "../fakes/slack-harness.ts";
import type { ResponseUrlPost } from "../fakes/slack-api.ts";

const t = useTestDatabase("slack_commands");
let h: Harness;

/** The answers posted to one command's response_url, once `n` have arrived. */
async function answers(id: string, n = 1): Promise<ResponseUrlPost[]> {
  await h.fake.waitForResponse(() => h.fake.responses.filter((r) => r.id === id).length >= n);
  return h.fake.responses.filter((r) => r.id === id);
}
/** The last answer that is not the removal of the progress line. */
const final = (rs: ResponseUrlPost[]) => rs.filter((r) => !r.body.delete_original).at(-1)!.body;
const shown = (body: Record<string, any>) => `${body.text}\n${JSON.stringify(body.blocks ?? [])}`;

beforeAll(async () => {
  const gen = generateCreators(400, 7);
  await importRoster(
    { creators: { label: "r.csv", text: rosterCsv(gen) }, posts: { label: "p.csv", text: postsCsv(gen.slice(0, 100), 6) } },
    { platform: "instagram" },
    createRosterRepo(t.db.pool),
  );
  h = await startHarness({ db: t });
});
afterAll(async () => {
  await h?.close();
});

describe("/scout over HTTP", () => {
  it("acknowledges at once and answers help through response_url, privately (the channel does not see one person's help)", async () => {
    const r = await h.command("help");
    expect(r.status).toBe(200);
    expect(r.text).toBe("");
    expect(r.ms).toBeLessThan(3000);
    const body = final(await answers(r.id));
    expect(body.response_type).toBe("ephemeral");
    expect(shown(body)).toMatch(/Marketer commands/);
    const one = final(await answers((await h.command("help shortlist")).id));
    expect(one.response_type).toBe("ephemeral");
    expect(shown(one)).toMatch(/shortlist/);
  });

  it("serves every marketer command of the registry: garbage gets a private usage message, slow ones a progress line first", async () => {
    const marketer = h.app.registry.filter((c) => c.audience === "marketer" && (!c.surfaces || c.surfaces.includes("slack")));
    expect(marketer.length).toBeGreaterThanOrEqual(4);
    for (const c of marketer) {
      const r = await h.command(`${c.name} zz:1 ???`);
      expect(r.status, c.name).toBe(200);
      expect(r.ms, c.name).toBeLessThan(3000);
      if (c.slow) expect(r.json(), c.name).toEqual({ response_type: "ephemeral", text: "Working on it…" });
      else expect(r.text, c.name).toBe("");
      const rs = await answers(r.id);
      const body = final(rs);
      expect(body.response_type, c.name).toBe("ephemeral");
      expect(body.replace_original, c.name).toBe(Boolean(c.slow));
      expect(shown(body), c.name).toMatch(/unknown option zz:/);
      expect(shown(body), c.name).toContain(`Usage: /scout ${c.name}`);
    }
  });

  it("runs every example of every marketer command without a bug", async () => {
    const marketer = h.app.registry.filter((c) => c.audience === "marketer" && (!c.surfaces || c.surfaces.includes("slack")));
    for (const c of marketer)
      for (const ex of c.examples) {
        const r = await h.command(ex.replace(/^\/scout\s+/, ""));
        expect(r.status, ex).toBe(200);
        // A command answers through response_url, or opens its form with the command's trigger.
        const opened = () => h.fake.calls.some((x) => x.method === "views.open" && x.args.trigger_id === `${r.id}.trigger`);
        await h.fake.waitForResponse((x) => x.id === r.id && !x.body.delete_original || opened());
        if (opened()) continue;
        expect(shown(final(await answers(r.id))), ex).not.toMatch(/Something went wrong/);
      }
  });

  it("answers an unknown subcommand, an empty line and a broken quote with help or usage, privately", async () => {
    const unknown = await h.command("frobnicate now");
    const u = final(await answers(unknown.id));
    expect(u.response_type).toBe("ephemeral");
    expect(shown(u)).toMatch(/Unknown command .{1,2}frobnicate now/);
    expect(shown(u)).toMatch(/Type .{1,2}\/scout help.{1,2} to see every command/);
    expect(shown(u)).not.toMatch(/Marketer commands/);
    const empty = await h.command("");
    expect(shown(final(await answers(empty.id)))).toMatch(/Scout commands/);
    const quote = await h.command('shortlist niche:"vegan');
    const q = final(await answers(quote.id));
    expect(q.response_type).toBe("ephemeral");
    expect(shown(q)).toMatch(/never closed/);
  });

  it("replaces the progress line with a public shortlist: the line removed, then the result in the channel", async () => {
    const r = await h.command("shortlist followers:1k-100k top:5");
    expect(r.json()).toEqual({ response_type: "ephemeral", text: "Working on it…" });
    const rs = await answers(r.id, 2);
    expect(rs[0]!.body).toEqual({ delete_original: true });
    expect(rs[1]!.body.response_type).toBe("in_channel");
    expect(shown(rs[1]!.body)).toMatch(/Top 5 of \d+ creators/);
  });

  it("renders a shortlist of 50 within Block Kit limits, continued in follow-up messages", async () => {
    const r = await h.command("shortlist followers:1k-100k top:50");
    const rs = await answers(r.id, 3);
    const pages = rs.filter((x) => !x.body.delete_original);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const p of pages) expect(p.body.blocks.length).toBeLessThanOrEqual(50);
    const all = pages.map((p) => shown(p.body)).join("\n");
    expect(all).toMatch(/50\. @/);
    expect(shown(pages[1]!.body)).toMatch(/continued \(2\/\d\)/);
  });

  it("uploads a CSV export to the channel with files.uploadV2", async () => {
    const r = await h.command("shortlist followers:1k-100k top:5 format:csv");
    await answers(r.id, 2);
    // Exports of the examples run earlier (payouts export...) may still be uploading: pick this one by its title.
    const done = await h.fake.waitForCall((c) => c.method === "files.completeUploadExternal" && /shortlist-inline-/.test(c.args.files ?? ""));
    expect(done.args.channel_id).toBe("C0CAMP");
    const id = (JSON.parse(done.args.files!) as { id: string }[])[0]!.id;
    const upload = h.fake.uploads.find((u) => u.fileId === id)!;
    expect(upload.text).toContain("rank,handle,platform");
    expect(h.fake.ok("files.getUploadURLExternal").map((c) => c.args.filename)).toContainEqual(expect.stringMatching(/^shortlist-inline-.*\.csv$/));
  });

  it("refuses marketer commands to a member who is not a marketer, privately", async () => {
    for (const line of ["shortlist top:3", "help"]) {
      const r = await h.command(line, { user: OUTSIDER });
      const body = final(await answers(r.id));
      expect(body.response_type).toBe("ephemeral");
      expect(shown(body)).toMatch(/Only the brand's marketing team can run this command/);
    }
  });
});

describe("request verification", () => {
  const sent = (id: string) => h.fake.responses.some((r) => r.id === id);

  it("answers 401 to a bad signature, a missing one and a timestamp older than 5 minutes, and runs nothing", async () => {
    const ids: string[] = [];
    const make = () => {
      const p = commandPayload(h.fake, "help");
      ids.push(p.id);
      return form(p.fields);
    };
    let body = make();
    expect((await post(h.eventsUrl, body, { "content-type": "application/x-www-form-urlencoded", ...sign(body, "0".repeat(32)) })).status).toBe(401);
    body = make();
    expect((await post(h.eventsUrl, body, { "content-type": "application/x-www-form-urlencoded" })).status).toBe(401);
    body = make();
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await post(h.eventsUrl, body, { "content-type": "application/x-www-form-urlencoded", ...sign(body, undefined, old) })).status).toBe(401);
    body = make();
    const headers = sign(body);
    expect((await post(h.eventsUrl, body + "&text=tampered", { "content-type": "application/x-www-form-urlencoded", ...headers })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    for (const id of ids) expect(sent(id)).toBe(false);
  });

  it("serves only POST /slack/events: other paths stay 404 and health is untouched", async () => {
    const base = `http://127.0.0.1:${h.http.port}`;
    expect((await fetch(`${base}/slack/events/other`, { method: "POST", body: "x" })).status).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describe("every call the bot made", () => {
  it("matches Slack's API description and Block Kit limits", () => {
    const methods = new Set(h.fake.calls.map((c) => c.method));
    for (const m of ["auth.test", "files.getUploadURLExternal", "files.completeUploadExternal"]) expect(methods).toContain(m);
    expect(h.fake.responses.length).toBeGreaterThan(20);
    expect(h.fake.problems()).toEqual([]);
  });
});

describe("who is a marketer", () => {
  it("with SLACK_MARKETER_GROUP: members of the user group, read once and cached", async () => {
    const g = await startHarness({ db: t, env: { SLACK_MARKETER_IDS: "", SLACK_MARKETER_GROUP: "S0MKT", SLACK_WORKER_THREADS: "0" }, fake: { usergroups: { S0MKT: ["U0GRP"] } } });
    try {
      const a = await g.command("help", { user: "U0GRP" });
      const b = await g.command("help", { user: "U0GRP" });
      const c = await g.command("help", { user: MARKETER });
      for (const [r, ok] of [[a, true], [b, true], [c, false]] as const) {
        await g.fake.waitForResponse((x) => x.id === r.id);
        const body = g.fake.responses.find((x) => x.id === r.id)!.body;
        expect(shown(body)).toMatch(ok ? /Scout commands/ : /Only the brand's marketing team/);
      }
      expect(g.fake.ok("usergroups.users.list")).toHaveLength(1);
      expect(g.fake.problems()).toEqual([]);
    } finally {
      await g.close();
    }
  });

  it("with neither variable set: every full member, never a guest, and a warning at start", async () => {
    const w = await startHarness({ db: t, env: { SLACK_MARKETER_IDS: "", SLACK_WORKER_THREADS: "0" } });
    try {
      expect(warnings(w.logs).map((l) => l.msg).join("\n")).toMatch(/SLACK_MARKETER_IDS and SLACK_MARKETER_GROUP are both unset/);
      const member = await w.command("help", { user: "U0ANYONE" });
      const guest = await w.command("help", { user: "U0GUEST" });
      await w.fake.waitForResponse((x) => x.id === guest.id);
      await w.fake.waitForResponse((x) => x.id === member.id);
      expect(shown(w.fake.responses.find((x) => x.id === member.id)!.body)).toMatch(/Scout commands/);
      expect(shown(w.fake.responses.find((x) => x.id === guest.id)!.body)).toMatch(/Only the brand's marketing team/);
      expect(w.fake.problems()).toEqual([]);
    } finally {
      await w.close();
    }
  });
});

describe("Slack API down at start", () => {
  it("logs a clear line, retries with backoff, answers 503 meanwhile, and serves once Slack is back", async () => {
    const d = await startHarness({ db: t, before: (f) => f.setDown(true), waitReady: false });
    try {
      await new Promise((r) => setTimeout(r, 400));
      const lines = warnings(d.logs).map((l) => l.msg);
      expect(lines.filter((l) => /Slack API unreachable at http:\/\/127\.0\.0\.1:\d+\/api\/ .*retrying in/.test(l)).length).toBeGreaterThanOrEqual(2);
      const early = await d.command("help");
      expect(early.status).toBe(503);
      d.fake.setDown(false);
      await d.slack.ready;
      const r = await d.command("help");
      expect(r.status).toBe(200);
      await d.fake.waitForResponse((x) => x.id === r.id);
    } finally {
      await d.close();
    }
  });
});
