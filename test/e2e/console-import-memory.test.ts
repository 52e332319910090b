// Issue 13, item 3, on the console: 12,000 creators with a 144,000-row posts file (12 posts each)
// imported on `npm start` (its heap capped at 192 MB, as in package.json). The files used to be read
// whole and every cell kept, and the console died of heap exhaustion half-way; now they stream and
// only compact rows are kept: the import completes, the console goes on, and its peak RSS is bounded.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateCreators, postsCsv, rosterCsv } from "../../bench/lib/generate.ts";
import { useTestDatabase } from "../support/db.ts";
import { peakRssMb } from "../support/raw-http.ts";
import { exitOf, startMain, waitFor } from "../support/run.ts";

const t = useTestDatabase("console_import_memory");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-console-memory-"));

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a large import on the console", () => {
  it("imports 12,000 creators with 144,000 posts within the console's 192 MB heap and goes on", async () => {
    const gen = generateCreators(12_000, 42);
    const creators = path.join(dir, "creators.csv");
    const posts = path.join(dir, "posts.csv");
    fs.writeFileSync(creators, rosterCsv(gen));
    fs.writeFileSync(posts, postsCsv(gen, 12));
    const bot = startMain({ DATABASE_URL: t.url, PORT: "0", LOG_LEVEL: "warn" });
    try {
      await waitFor(bot.output, /Type \/scout help/, 60_000);
      bot.stdin.write(`/scout roster import ${creators} posts:${posts} platform:instagram\n`);
      await waitFor(() => bot.output() + (bot.exitCode === null && bot.signalCode === null ? "" : "\nEXITED"), /Roster imported|EXITED/, 120_000);
      expect(bot.signalCode).toBeNull();
      expect(bot.output()).toMatch(/Read 12000 creator rows and 144000 post rows/);
      expect(bot.output()).toMatch(/Posts: +144000 created, 0 updated/);
      // Still there, and still answering.
      bot.stdin.write("/scout help roster import\n");
      await waitFor(bot.output, /Reads a CSV of creators/, 20_000);
      const peak = peakRssMb(bot.pid!);
      console.log(`console import: peak RSS ${peak.toFixed(1)} MB`);
      expect(peak).toBeLessThan(400);
      bot.stdin.write("exit\n");
      expect(await exitOf(bot, 20_000)).toBe(0);
    } finally {
      bot.kill();
    }
    expect((await t.db.pool.query("SELECT count(*)::int AS n FROM post")).rows[0].n).toBe(144_000);
  }, 180_000);
});
