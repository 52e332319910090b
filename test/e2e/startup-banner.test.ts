// The console's banner says how long the start took. It must count what a person waits for, from
// the moment Node started (loading the code included): it once counted from main() and showed
// "ready in 0.5 s" after a 6 s wait.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { exitOf, startMain, waitFor } from "../support/run.ts";

const t = useTestDatabase("banner");

describe("console start-up banner", () => {
  it("reports a start-up time close to the time measured from outside the process", async () => {
    const t0 = performance.now();
    const bot = startMain({ DATABASE_URL: t.url, PORT: "0" });
    const m = await waitFor(() => bot.output(), /ready in (\d+\.\d) s/, 60_000);
    const waited = (performance.now() - t0) / 1000;
    const shown = Number(m[1]);
    bot.stdin.end("exit\n");
    expect(await exitOf(bot)).toBe(0);
    // Spawning node itself takes a moment the process cannot see; everything after it is counted.
    expect(shown).toBeLessThanOrEqual(waited + 0.1);
    expect(shown).toBeGreaterThanOrEqual(waited * 0.7 - 0.2);
  });
});
