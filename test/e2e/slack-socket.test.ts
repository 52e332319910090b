// Socket Mode: with SLACK_APP_TOKEN set, Bolt opens a WebSocket (URL from apps.connections.open)
// instead of serving HTTP; a command and a button arrive as envelopes and are acked on the socket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { APP_TOKEN, clickPayload, commandPayload, startHarness, type Harness } from "../fakes/slack-harness.ts";
import { startFakeSocket, type FakeSocket } from "../fakes/slack-socket.ts";
import { approvals, withTestCommands } from "../fakes/slack-test-commands.ts";

const t = useTestDatabase("slack_socket");
let h: Harness;
let sock: FakeSocket;

beforeAll(async () => {
  sock = await startFakeSocket();
  h = await startHarness({ db: t, env: { SLACK_APP_TOKEN: APP_TOKEN }, customise: withTestCommands, before: (f) => void (f.socketUrl = sock.url) });
  await sock.connected();
});
afterAll(async () => {
  await h?.close();
  await sock?.close();
});

describe("Socket Mode", () => {
  it("connects with the app token and serves no HTTP endpoint", async () => {
    expect(h.slack.mode).toBe("socket");
    const open = h.fake.ok("apps.connections.open");
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe(APP_TOKEN);
    expect((await fetch(h.eventsUrl, { method: "POST", body: "x" })).status).toBe(404);
  });

  it("acks a slow slash command on the socket with the progress line, then answers through response_url", async () => {
    const p = commandPayload(h.fake, "shortlist top:3");
    const ack = await sock.send("slash_commands", p.fields);
    expect(ack).toEqual({ response_type: "ephemeral", text: "Working on it…" });
    const answer = await h.fake.waitForResponse((r) => r.id === p.id && !r.body.delete_original);
    expect(JSON.stringify(answer.body)).toMatch(/Shortlist/);
  });

  it("acks a button at once and runs its command once", async () => {
    const click = clickPayload(h.fake, { value: "test approve id:s1", actionTs: "1700000900.000001" });
    const ack = await sock.send("interactive", click.payload);
    expect(ack ?? {}).toEqual({});
    const update = await h.fake.waitForResponse((r) => r.id === click.id);
    expect(update.body.replace_original).toBe(true);
    expect(JSON.stringify(update.body.blocks)).toMatch(/Approved by <@U0MIA>/);
    // The same envelope payload again (a redelivery) changes nothing.
    await sock.send("interactive", click.payload);
    await new Promise((r) => setTimeout(r, 300));
    expect(approvals.get("s1")).toBe(1);
    expect(h.fake.responses.filter((r) => r.id === click.id)).toHaveLength(1);
  });

  it("made only calls that match Slack's API description", () => {
    expect(h.fake.problems()).toEqual([]);
  });
});
