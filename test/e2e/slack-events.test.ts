// Events through real Bolt over signed HTTP: a roster CSV shared in a DM with "import", and the
// App Home tab.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCreators, rosterCsv } from "../../bench/lib/generate.ts";
import { useTestDatabase } from "../support/db.ts";
import { MARKETER, OUTSIDER, startHarness, type Harness } from "../fakes/slack-harness.ts";
import { checkView } from "../fakes/slack-spec.ts";

const t = useTestDatabase("slack_events");
let h: Harness;
let seq = 0;

beforeAll(async () => {
  h = await startHarness({ db: t });
});
afterAll(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inThread = (ts: string) => h.fake.calls.filter((c) => c.ok && c.args.thread_ts === ts);

function dm(o: { text: string; files?: Record<string, unknown>[]; user?: string }) {
  const ts = `1700001${String(++seq).padStart(3, "0")}.000200`;
  return {
    ts,
    event: {
      type: "message",
      ...(o.files ? { subtype: "file_share", files: o.files } : {}),
      channel: "D0MIA",
      channel_type: "im",
      user: o.user ?? MARKETER,
      text: o.text,
      ts,
      event_ts: ts,
    },
  };
}

describe("roster import by direct message", () => {
  it("downloads a shared CSV with the bot token, shows progress, then the summary in the thread; a retried event imports nothing twice", async () => {
    const csv = rosterCsv(generateCreators(40, 3));
    const file = h.fake.shareFile("creators.csv", csv);
    const { ts, event } = dm({ text: "import platform:instagram", files: [file] });
    const r = await h.event(event, { eventId: "Ev0IMPORT1" });
    expect(r.status).toBe(200);
    const done = await h.fake.waitForCall((c) => c.method === "chat.update" && /Roster imported|Nothing imported/.test(c.args.text ?? ""));
    expect(done.args.text).toBe("Roster imported");
    expect(done.args.blocks).toMatch(/40 created, 0 updated/);
    const progress = inThread(ts).filter((c) => c.method === "chat.postMessage");
    expect(progress).toHaveLength(1);
    expect(progress[0]!.args.text).toMatch(/Importing creators\.csv/);
    expect(done.args.ts).toBeDefined();
    expect(h.fake.downloads.at(-1)).toMatchObject({ authorized: true });
    expect((await t.db.pool.query("SELECT count(*)::int AS n FROM account")).rows[0].n).toBe(40);

    const again = await h.event(event, { eventId: "Ev0IMPORT1", retryNum: 1 });
    expect(again.status).toBe(200);
    await sleep(500);
    expect(inThread(ts).filter((c) => c.method === "chat.postMessage")).toHaveLength(1);
    expect(h.fake.downloads.filter((d) => d.path.includes(String(file.id)))).toHaveLength(1);
  });

  it("refuses an import by a member who is not a marketer, in the thread", async () => {
    const { ts, event } = dm({ text: "import", files: [h.fake.shareFile("x.csv", "handle\nana")], user: OUTSIDER });
    await h.event(event);
    const reply = await h.fake.waitForCall((c) => c.method === "chat.postMessage" && c.args.thread_ts === ts);
    expect(reply.args.text).toMatch(/Only the brand's marketing team can import creators/);
    expect(h.fake.downloads.some((d) => d.path.includes("x.csv"))).toBe(false);
  });

  it("takes only platform: after import (never a path on the server), and explains a file shared without import", async () => {
    const bad = dm({ text: "import posts:/etc/passwd", files: [h.fake.shareFile("y.csv", "handle\nana")] });
    await h.event(bad.event);
    expect((await h.fake.waitForCall((c) => c.args.thread_ts === bad.ts)).args.text).toMatch(/"posts:\/etc\/passwd" was not expected/);
    const plain = dm({ text: "here you go", files: [h.fake.shareFile("z.csv", "handle\nana")] });
    await h.event(plain.event);
    expect((await h.fake.waitForCall((c) => c.args.thread_ts === plain.ts)).args.text).toMatch(/share it again with the comment `import`/);
  });

  it("runs a plain text DM as a command line", async () => {
    const { event } = dm({ text: "help roster" });
    await h.event(event);
    // "roster" names a group (import, refresh): the answer is the help of each.
    const answer = await h.fake.waitForCall((c) => c.method === "chat.postMessage" && c.args.channel === "D0MIA" && /\/scout roster/.test(c.args.text ?? ""));
    expect(answer.args.blocks).toMatch(/roster import &lt;file&gt;/);
    expect(answer.args.blocks).toMatch(/roster refresh/);
    expect(answer.args.blocks).toMatch(/Options:/);
  });
});

describe("App Home", () => {
  it("publishes the campaigns (or the help) for a marketer, within 100 blocks", async () => {
    await h.event({ type: "app_home_opened", user: MARKETER, channel: "D0MIA", tab: "home", event_ts: "1700002000.000100" });
    const call = await h.fake.waitForCall((c) => c.method === "views.publish" && c.args.user_id === MARKETER);
    const view = JSON.parse(call.args.view!);
    expect(view.type).toBe("home");
    expect(checkView(view)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    if (h.app.registry.some((c) => c.name === "campaign list")) expect(text).toMatch(/campaign/i);
    else expect(text).toMatch(/Marketer commands/);
  });

  it("tells a member who is not a marketer that Scout is for the marketing team", async () => {
    await h.event({ type: "app_home_opened", user: OUTSIDER, channel: "D0OUT", tab: "home", event_ts: "1700002001.000100" });
    const call = await h.fake.waitForCall((c) => c.method === "views.publish" && c.args.user_id === OUTSIDER);
    expect(call.args.view).toMatch(/Only the marketing team can use Scout here/);
  });
});

describe("every call the bot made", () => {
  it("matches Slack's API description and Block Kit limits", () => {
    const methods = new Set(h.fake.calls.map((c) => c.method));
    for (const m of ["chat.postMessage", "chat.update", "views.publish"]) expect(methods).toContain(m);
    expect(h.fake.problems()).toEqual([]);
  });
});
