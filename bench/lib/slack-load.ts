// Plays Slack for the slack-ack benchmark, in its own process so that its work never shares an
// event loop with the bot: a fake Web API and response_url, and a client that sends signed slash
// commands all at once. Talks JSON lines: prints {ready, apiUrl}; reads {run: {port, lines}} and
// prints {acks, done} (ms per command, in order; with ackOnly, the acks alone); reads {quit}.
import http from "node:http";
import readline from "node:readline";
import { startFakeSlack } from "../../test/fakes/slack-api.ts";
import { BOT_TOKEN, commandPayload, form, sign } from "../../test/fakes/slack-harness.ts";

const fake = await startFakeSlack({ botToken: BOT_TOKEN });
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const out = (x: unknown) => process.stdout.write(JSON.stringify(x) + "\n");

/** A signed request, built before the clock starts. */
function prepare(line: string, user: string) {
  const p = commandPayload(fake, line, { user });
  const body = form(p.fields);
  return { id: p.id, body, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(body)), ...sign(body) } };
}

function send(port: number, { id, body, headers }: ReturnType<typeof prepare>): Promise<{ id: string; sentAt: number; ackMs: number }> {
  const p = { id };
  return new Promise((resolve, reject) => {
    const sentAt = Date.now();
    const t0 = performance.now();
    const req = http.request({ host: "127.0.0.1", port, path: "/slack/events", method: "POST", headers, agent }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => (res.statusCode === 200 ? resolve({ id: p.id, sentAt, ackMs: performance.now() - t0 }) : reject(new Error(`ack ${res.statusCode}: ${text}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** When the command's answer (not the removal of its progress line) reached response_url. */
async function answeredAt(id: string, timeoutMs = 180_000): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = fake.responses.find((x) => x.id === id && !x.body.delete_original);
    if (r) {
      if (/Something went wrong/.test(JSON.stringify(r.body))) throw new Error(`command failed: ${JSON.stringify(r.body).slice(0, 300)}`);
      return r.at;
    }
    if (Date.now() > end) throw new Error(`no answer for ${id}`);
    await new Promise((res) => setTimeout(res, 2));
  }
}

out({ ready: true, apiUrl: fake.apiUrl });
for await (const raw of readline.createInterface({ input: process.stdin })) {
  const msg = JSON.parse(raw) as { run?: { port: number; lines: string[]; user: string; ackOnly?: boolean }; quit?: boolean };
  if (msg.quit) break;
  if (!msg.run) continue;
  try {
    const { port, lines, user, ackOnly } = msg.run;
    const prepared = lines.map((l) => prepare(l, user));
    const sent = await Promise.all(prepared.map((r) => send(port, r)));
    // The floor's server answers nothing at response_url: only its acks are timed.
    if (ackOnly) {
      out({ acks: sent.map((s) => s.ackMs), done: [] });
      continue;
    }
    const done = await Promise.all(sent.map(async (s) => (await answeredAt(s.id)) - s.sentAt));
    out({ acks: sent.map((s) => s.ackMs), done, problems: fake.problems().slice(0, 5) });
  } catch (e) {
    out({ error: (e as Error).message });
  }
}
agent.destroy();
await fake.close();
process.exit(0);
