// Digests on the local console (`npm start` without tokens) and the one-shot CLI: the chart is a
// file in EXPORT_DIR, schedules print on the console, and nothing suggests a command that fails here.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { exitOf, runCli, startMain, waitFor } from "../support/run.ts";
import { seedCampaign } from "./digest-support.ts";

const t = useTestDatabase("console_digest");
const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-digest-exports-"));
const env = () => ({ DATABASE_URL: t.url, PORT: "0", EXPORT_DIR: exportDir });
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(Date.now() + ms).toISOString().slice(0, 10);
const isPng = (file: string) => fs.readFileSync(file).subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

beforeAll(async () => {
  await seedCampaign(t.db, { slug: "console-spring", openedAt: new Date(Date.now() - 10 * DAY).toISOString(), days: [isoDay(-3 * DAY), isoDay(-2 * DAY), isoDay(-DAY)] });
});

/** Sends one line to the console and waits for what answers it. */
async function say(bot: ReturnType<typeof startMain>, line: string, answer: RegExp): Promise<string> {
  const before = bot.output().length;
  bot.stdin.write(line + "\n");
  await waitFor(() => bot.output().slice(before), answer);
  return bot.output().slice(before);
}

describe("digests on the console", () => {
  it("digest now prints the digest, writes its chart as a PNG in EXPORT_DIR and prints the file's full path", async () => {
    const bot = startMain(env());
    try {
      await waitFor(bot.output, /Type \/scout help/);
      const out = await say(bot, "digest now", /Digest printed above[^\n]*\n/);
      expect(out).toContain("Campaign console-spring");
      expect(out).not.toMatch(/\(attached:/);
      const [, file] = /Chart: (\S+\.png)/.exec(out)!;
      expect(path.isAbsolute(file!)).toBe(true);
      expect(path.dirname(file!)).toBe(fs.realpathSync(exportDir));
      expect(isPng(file!)).toBe(true);
      expect(out).toMatch(new RegExp(`Digest printed above \\(1 campaign\\); its chart is ${file!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      // A second digest the same day is a second file, not the first one overwritten.
      const again = await say(bot, "digest now campaign:console-spring", /Digest printed above[^\n]*\n/);
      const [, second] = /Chart: (\S+\.png)/.exec(again)!;
      expect(second).not.toBe(file);
      expect(isPng(file!) && isPng(second!)).toBe(true);
      bot.stdin.write("exit\n");
      expect(await exitOf(bot)).toBe(0);
    } finally {
      bot.kill();
    }
  });

  it("says plainly that a Slack channel needs Slack, and every command it suggests works on the console", async () => {
    const bot = startMain(env());
    try {
      await waitFor(bot.output, /Type \/scout help/);
      const refused = await say(bot, "digest schedule channel:#growth at:09:00", /\n\n/);
      expect(refused).toMatch(/Slack channels need Slack: Scout runs here without it \(SLACK_BOT_TOKEN is not set\)/);
      expect(refused).not.toMatch(/cannot look up/);
      const empty = await say(bot, "digest list", /\n\n/);
      const suggested = [...`${refused}\n${empty}`.matchAll(/\/scout (digest [^\n.]*?)(?=\.?(\n|$| or ))/g)].map((m) => m[1]!.trim());
      expect(suggested.length).toBeGreaterThan(0);
      for (const line of new Set(suggested)) {
        expect(line).not.toMatch(/channel:/);
        const r = await say(bot, line, /\n\n/);
        expect(r, line).not.toMatch(/needs a fix|cannot|Slack channels need Slack|went wrong/);
      }
      const rows = await t.db.prisma.digestSchedule.findMany();
      expect(rows).toMatchObject([{ channelId: "console" }]);
      bot.stdin.write("digest cancel\n");
      await waitFor(bot.output, /The daily digest for this console .* is cancelled/);
      expect(await t.db.prisma.digestSchedule.count()).toBe(0);
      bot.stdin.write("exit\n");
      expect(await exitOf(bot)).toBe(0);
    } finally {
      bot.kill();
    }
  });

  it("a schedule made on the console is stored and printed on the console at its time (here: missed while Scout was off, printed late at start)", async () => {
    const first = startMain(env());
    const due = new Date(Date.now() - 2 * 3_600_000);
    const hhmm = `${String(due.getUTCHours()).padStart(2, "0")}:${String(due.getUTCMinutes()).padStart(2, "0")}`;
    try {
      await waitFor(first.output, /Type \/scout help/);
      const out = await say(first, `digest schedule at:${hhmm} tz:UTC`, /\n\n/);
      expect(out).toMatch(new RegExp(`Daily digest scheduled on this console at ${hhmm} UTC`));
      expect(out).toMatch(/printed here while Scout runs/);
      first.stdin.write("exit\n");
      expect(await exitOf(first)).toBe(0);
    } finally {
      first.kill();
    }
    // As if it had been set two days ago: today's time passed while Scout was not running.
    await t.db.prisma.digestSchedule.update({ where: { channelId: "console" }, data: { updatedAt: new Date(Date.now() - 2 * DAY) } });
    const second = startMain(env());
    try {
      await waitFor(second.output, /── Digest[^\n]*──\n[^\n]*\(late\)/, 30_000);
      const [, file] = await waitFor(second.output, /Chart: (\S+\.png)/);
      expect(isPng(file!)).toBe(true);
      const run = await t.db.prisma.jobRun.findFirstOrThrow({ where: { job: "digest", target: "console" } });
      expect(run).toMatchObject({ status: "done", late: true });
      second.stdin.write("digest cancel\n");
      await waitFor(second.output, /is cancelled/);
      second.stdin.write("exit\n");
      expect(await exitOf(second)).toBe(0);
    } finally {
      second.kill();
    }
  });
});

describe("a Slack process and the console's schedules", () => {
  it("leaves a console schedule to the console: it neither loads it nor claims its run", async () => {
    const old = new Date(Date.now() - 2 * DAY);
    await t.db.prisma.digestSchedule.create({ data: { channelId: "console", at: "00:00", timezone: "UTC", createdAt: old, updatedAt: old } });
    const runsBefore = await t.db.prisma.jobRun.count({ where: { target: "console" } });
    const bot = startMain({ ...env(), LOG_LEVEL: "info", SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "0123456789abcdef0123", SLACK_API_URL: "http://127.0.0.1:9/api/" });
    try {
      const [loaded] = await waitFor(bot.errors, /\{[^\n]*"msg":"digest schedules loaded"[^\n]*\}/, 30_000);
      expect(JSON.parse(loaded!)).toMatchObject({ schedules: 0 });
      // The catch-up that follows the load would have claimed the missed run by now.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await t.db.prisma.jobRun.count({ where: { target: "console" } })).toBe(runsBefore);
      bot.kill("SIGTERM");
      expect(await exitOf(bot)).toBe(0);
    } finally {
      bot.kill();
      await t.db.prisma.digestSchedule.deleteMany({ where: { channelId: "console" } });
    }
  });
});

describe("digests from the one-shot CLI", () => {
  it("digest now prints the digest and the chart's path, and --json gives the path too", async () => {
    const r = await runCli(["digest", "now"], env());
    expect(r.code).toBe(0);
    const [, file] = /Chart: (\S+\.png)/.exec(r.stdout)!;
    expect(isPng(file!)).toBe(true);
    const j = await runCli(["digest", "now", "--json"], env());
    expect(j.code).toBe(0);
    const data = JSON.parse(j.stdout);
    expect(data).toMatchObject({ outcome: "sent", campaigns: ["console-spring"], chart: expect.stringMatching(/\.png$/) });
    expect(isPng(data.chart)).toBe(true);
    expect(data.chart).not.toBe(file);
  });
});
