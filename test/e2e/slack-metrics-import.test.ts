// Post metrics shared as a CSV in a DM with the comment "metrics import", through real Bolt.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { MARKETER, startHarness, type Harness } from "../fakes/slack-harness.ts";
import { fixtures } from "../store/metrics-fixtures.ts";

const t = useTestDatabase("slack_metrics");
let h: Harness;
let deliverable: string;

beforeAll(async () => {
  h = await startHarness({ db: t });
  const f = fixtures(t.db.pool);
  const c = await f.campaign({ slug: "spring" });
  const p = await f.participation(c, await f.creator("ana.cooks"));
  deliverable = await f.deliverable(p, "https://instagram.com/p/ana1/");
});
afterAll(async () => {
  await h?.close();
});

const dm = (text: string, ts: string, files: Record<string, unknown>[]) => ({
  type: "message",
  subtype: "file_share",
  files,
  channel: "D0MIA",
  channel_type: "im",
  user: MARKETER,
  text,
  ts,
  event_ts: ts,
});

describe("metrics import by direct message", () => {
  it("imports a shared CSV of post metrics with the comment `metrics import campaign:<slug>`", async () => {
    const file = h.fake.shareFile("insights.csv", "url,reach,likes,comments\nhttps://instagram.com/p/ana1,4200,900,60\nhttps://instagram.com/p/nope,1,1,1\n");
    await h.event(dm("metrics import campaign:spring", "1700002001.000100", [file]));
    const done = await h.fake.waitForCall((c) => c.method === "chat.update" && /Metrics imported|Nothing/.test(c.args.text ?? ""));
    expect(done.args.text).toBe("Metrics imported");
    expect(done.args.blocks).toMatch(/line 3/);
    const rows = await t.db.pool.query("SELECT source::text, reach, likes FROM metric_snapshot WHERE deliverable_id = $1", [deliverable]);
    expect(rows.rows).toEqual([{ source: "import", reach: 4200, likes: 900 }]);
  });

  it("takes only campaign: after `metrics import`", async () => {
    await h.event(dm("metrics import /etc/passwd", "1700002002.000100", [h.fake.shareFile("m.csv", "url,reach\n")]));
    const reply = await h.fake.waitForCall((c) => c.args.thread_ts === "1700002002.000100");
    expect(reply.args.text).toMatch(/"\/etc\/passwd" was not expected: write `metrics import`/);
  });
});
