// Acknowledgements first, through real Bolt over signed HTTP: Scout's receiver acknowledges a slash
// command as soon as it is verified (src/adapters/slack/receiver.ts), and no command runs while a
// request that has arrived still waits for its ack (ack-gate.ts), up to a limit.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandPayload, form, post, sign, startHarness, type Harness } from "../fakes/slack-harness.ts";
import { useTestDatabase } from "../support/db.ts";

const t = useTestDatabase("slack_burst");
let h: Harness;
/** Requests that have arrived and are not answered yet. */
const waiting = new Set<unknown>();
/** For each command run: how many requests were waiting for their ack when it started. */
const ran: number[] = [];
const MAX_WAIT_MS = 2500;

beforeAll(async () => {
  h = await startHarness({
    db: t,
    ackGate: { quietMs: 2, maxWaitMs: MAX_WAIT_MS },
    customise: (app) => ({
      dispatch: (req) => {
        ran.push(waiting.size);
        return app.dispatch(req);
      },
    }),
  });
  h.http.server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    waiting.add(req);
    res.once("finish", () => waiting.delete(req));
  });
});
afterAll(async () => {
  await h?.close();
});

/** A signed slash command whose body reaches Scout in two parts, `gapMs` apart (a slow client). */
function slowCommand(text: string, gapMs: number): { id: string; done: Promise<{ status: number; at: number }> } {
  const p = commandPayload(h.fake, text);
  const body = Buffer.from(form(p.fields));
  const url = new URL(h.eventsUrl);
  const done = new Promise<{ status: number; at: number }>((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(body.length), ...sign(body.toString()) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, at: Date.now() }));
      },
    );
    req.on("error", reject);
    req.write(body.subarray(0, 20));
    setTimeout(() => req.end(body.subarray(20)), gapMs);
  });
  return { id: p.id, done };
}

describe("acknowledgements first", () => {
  it("acknowledges a burst at once and runs none of its commands while a request still waits for its ack", async () => {
    ran.length = 0;
    // One slow client holds its request open for 1.2 s; the others arrive complete meanwhile.
    const slow = slowCommand("help", 1200);
    await new Promise((r) => setTimeout(r, 20));
    const lines = Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? "shortlist niche:food top:3" : i % 3 === 1 ? "campaign list" : "help"));
    const acks = await Promise.all(lines.map((l) => h.command(l).then((r) => ({ ...r, at: Date.now() }))));
    const slowAck = await slow.done;
    const ids = new Set([slow.id, ...acks.map((a) => a.id)]);
    const answered = () => h.fake.responses.filter((r) => ids.has(r.id) && !r.body.delete_original);
    await h.fake.waitForResponse(() => answered().length >= ids.size);
    for (const [i, r] of acks.entries()) {
      expect(r.status).toBe(200);
      if (lines[i]!.startsWith("shortlist")) expect(JSON.parse(r.text)).toEqual({ response_type: "ephemeral", text: "Working on it…" });
      else expect(r.text).toBe("");
      // Acknowledged long before the slow request was.
      expect(r.at).toBeLessThan(slowAck.at);
    }
    expect(slowAck.status).toBe(200);
    expect(ran).toHaveLength(ids.size);
    // Every command ran after the last request had its ack, the slow one included.
    expect(ran.filter((n) => n > 0)).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    expect(answered()).toHaveLength(ids.size);
    for (const r of answered()) expect(JSON.stringify(r.body)).not.toMatch(/Something went wrong/);
  });

  it("holds work no longer than its limit: a request that never completes does not stop the others", async () => {
    ran.length = 0;
    const stuck = slowCommand("help", 60_000);
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    const q = await h.command("campaign list");
    expect(q.status).toBe(200);
    await h.fake.waitForResponse((r) => r.id === q.id, MAX_WAIT_MS + 5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(MAX_WAIT_MS - 100);
    expect(ran).toEqual([1]);
    void stuck.done.catch(() => {});
  });

  it("answers Slack's url_verification with its challenge and an ssl_check with 200, running nothing", async () => {
    ran.length = 0;
    const challenge = JSON.stringify({ type: "url_verification", token: "x", challenge: "c-123" });
    const v = await post(h.eventsUrl, challenge, { "content-type": "application/json", ...sign(challenge) });
    expect(v.status).toBe(200);
    expect(JSON.parse(v.text)).toEqual({ challenge: "c-123" });
    // Slack's ssl_check is unsigned; a command smuggled into it must not run.
    const check = form({ ssl_check: "1", token: "x", command: "/scout", text: "help", response_url: "http://127.0.0.1:1/none" });
    const s = await post(h.eventsUrl, check, { "content-type": "application/x-www-form-urlencoded" });
    expect(s.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(ran).toEqual([]);
  });
});
