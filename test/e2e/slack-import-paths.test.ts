// Issue 13, item 2: chat never touches the server's file system by name. Against the real bot
// process (npm start) in Slack HTTP mode: a path typed in Slack is refused privately, before any
// file is opened (nothing of it is quoted); imports come from files shared in a DM; exports reach
// Slack as uploaded files named, not as server paths; the CLI and the console still take paths; and
// the download folders of a process killed mid-import are removed at the next start.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCreators, rosterCsv } from "../../bench/lib/generate.ts";
import { useTestDatabase } from "../support/db.ts";
import { exitOf, runCli, startMain, waitFor } from "../support/run.ts";
import { BOT_TOKEN, MARKETER, commandPayload, eventBody, form, post, sign, slackProcessEnv } from "../fakes/slack-harness.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack-api.ts";

const t = useTestDatabase("slack_import_paths");
let fake: FakeSlack;
let bot: ReturnType<typeof startMain>;
let url = "";
let tmp = "";
/** A file on the server that chat must never read: its first line is a "secret". */
let secret = "";
const SECRET = "SECRET-FIRST-LINE-7f3a";
let deadPid = 0;

const text = (body: Record<string, unknown>) => `${String(body.text ?? "")}\n${JSON.stringify(body.blocks ?? [])}`;

async function command(line: string): Promise<Record<string, unknown>> {
  const p = commandPayload(fake, line);
  const body = form(p.fields);
  expect((await post(url, body, { "content-type": "application/x-www-form-urlencoded", ...sign(body) })).status).toBe(200);
  // The last answer (a slow command first shows "Working on it…", then replaces it).
  await fake.waitForResponse((r) => r.id === p.id && !r.body.delete_original && !/Working on it/.test(String(r.body.text)), 30_000);
  return fake.responses.filter((r) => r.id === p.id && !r.body.delete_original).at(-1)!.body;
}

async function dm(textLine: string, files?: Record<string, unknown>[]) {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
  const event = { type: "message", ...(files ? { subtype: "file_share", files } : {}), channel: "D0MIA", channel_type: "im", user: MARKETER, text: textLine, ts, event_ts: ts };
  const body = eventBody(event);
  expect((await post(url, body, { "content-type": "application/json", ...sign(body) })).status).toBe(200);
  return ts;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "scout-paths-test-"));
  secret = path.join(tmp, "server-secret.txt");
  fs.writeFileSync(secret, `${SECRET}:x:0:0\nsecond line\n`);
  // A download folder left by a Scout process killed mid-import (its id is gone), and one of a live process.
  const child = spawn(process.execPath, ["-e", ""]);
  deadPid = child.pid!;
  await exitOf(child);
  fs.mkdirSync(path.join(tmp, `scout-import-${deadPid}-abc123`));
  fs.writeFileSync(path.join(tmp, `scout-import-${deadPid}-abc123`, "creators.csv"), "handle\nleft_behind\n");
  fs.mkdirSync(path.join(tmp, `scout-import-${process.pid}-live01`));
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
  bot = startMain(slackProcessEnv(fake, t.url, { TMPDIR: tmp, EXPORT_DIR: path.join(tmp, "exports") }));
  const [, port] = await waitFor(bot.errors, /HTTP on port (\d+)/, 60_000);
  await waitFor(bot.errors, /slack ready/, 60_000);
  url = `http://127.0.0.1:${port}/slack/events`;
}, 90_000);

afterAll(async () => {
  bot?.kill("SIGTERM");
  if (bot) await exitOf(bot, 15_000).catch(() => bot.kill("SIGKILL"));
  await fake?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("imports from chat take uploaded files only", () => {
  it("refuses a path typed in /scout roster import, posts: and metrics import, privately, quoting nothing of the file", async () => {
    for (const line of [`roster import ${secret} platform:instagram`, `roster import creators.csv posts:${secret}`, `metrics import ${secret}`, "roster import /etc/passwd"]) {
      const body = await command(line);
      expect(body.response_type, line).toBe("ephemeral");
      expect(text(body), line).toMatch(/Scout imports only files you upload here, never a file named by its path on the server/);
      expect(text(body), line).toMatch(/direct message/);
      expect(text(body), line).not.toContain(SECRET);
      expect(text(body), line).not.toMatch(/root:|header/i);
    }
    // Typed as a line in the DM with Scout, the same.
    const ts = await dm(`roster import ${secret}`);
    const reply = await fake.waitForCall((c) => c.method === "chat.postMessage" && c.args.channel === "D0MIA" && /upload/.test(String(c.args.text)), 20_000);
    expect(String(reply.args.text) + JSON.stringify(reply.args.blocks ?? "")).not.toContain(SECRET);
    expect(ts).toBeTruthy();
  });

  it("imports a CSV shared in a DM, and names the shortlist export it uploads instead of its server path", async () => {
    const file = fake.shareFile("my creators.csv", rosterCsv(generateCreators(30, 3)));
    const ts = await dm("import platform:instagram", [file]);
    const done = await fake.waitForCall((c) => c.method === "chat.update" && /Roster imported|Nothing imported|Could not/.test(String(c.args.text)), 30_000);
    expect(done.args.text).toBe("Roster imported");
    expect(ts).toBeTruthy();
    const body = await command("shortlist followers:1k-1m top:3 format:csv");
    const shown = text(body);
    expect(shown).toMatch(/CSV attached: shortlist-inline-[\w-]+\.csv/);
    expect(shown).not.toContain(tmp);
    expect(shown).not.toMatch(/\/exports\//);
    await fake.waitForCall((c) => c.method === "files.completeUploadExternal", 20_000);
    expect(fake.uploads.some((u) => /handle|score/i.test(u.text))).toBe(true);
  });

  it("removes the download folders of stopped processes at start, and leaves those of live ones", () => {
    expect(fs.existsSync(path.join(tmp, `scout-import-${deadPid}-abc123`))).toBe(false);
    expect(fs.existsSync(path.join(tmp, `scout-import-${process.pid}-live01`))).toBe(true);
    expect(bot.exitCode).toBeNull();
  });
});

describe("the console and the CLI take a path on the operator's machine", () => {
  it("imports a file named by its path with npm run scout and on the npm start console", async () => {
    const csv = path.join(tmp, "local creators.csv");
    fs.writeFileSync(csv, "handle,followers\nlocal_path_one,1200\n");
    const cli = await runCli(["roster", "import", csv, "platform:instagram"], { DATABASE_URL: t.url, LOG_LEVEL: "warn" });
    expect(cli.stdout).toMatch(/Roster imported/);
    expect(cli.code).toBe(0);
    fs.writeFileSync(csv, "handle,followers\nlocal_path_two,1300\n");
    const consoleBot = startMain({ DATABASE_URL: t.url, PORT: "0", LOG_LEVEL: "warn" });
    try {
      await waitFor(consoleBot.output, /Type \/scout help/, 60_000);
      consoleBot.stdin.write(`/scout roster import "${csv}" platform:instagram\n`);
      await waitFor(consoleBot.output, /Roster imported/, 30_000);
      consoleBot.stdin.write("exit\n");
      await exitOf(consoleBot, 20_000);
    } finally {
      consoleBot.kill();
    }
    const rows = await t.db.pool.query("SELECT handle FROM account WHERE handle LIKE 'local_path_%' ORDER BY handle");
    expect(rows.rows.map((r) => r.handle)).toEqual(["local_path_one", "local_path_two"]);
  }, 90_000);
});
