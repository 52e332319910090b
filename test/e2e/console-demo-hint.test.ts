// The console on an empty database points to the demo (npm run seed); once there are creators it
// says nothing about it.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { exitOf, startMain, waitFor } from "../support/run.ts";

const t = useTestDatabase("demo-hint");
const HINT = /No creators yet: run npm run seed .* or import yours with \/scout roster import <file>\./;

async function banner(): Promise<string> {
  const bot = startMain({ DATABASE_URL: t.url, PORT: "0" });
  try {
    await waitFor(bot.output, /Type \/scout help for the commands/, 60_000);
    bot.stdin.write("exit\n");
    expect(await exitOf(bot)).toBe(0);
    return bot.output();
  } finally {
    bot.kill();
  }
}

describe("the console's banner and the demo", () => {
  it("on a database without creators, says so and points to npm run seed", async () => {
    expect(await banner()).toMatch(HINT);
  }, 90_000);

  it("with creators, leaves the hint out", async () => {
    await t.db.prisma.creator.create({ data: { displayName: "Ana", accounts: { create: { platform: "instagram", handle: "ana.cooks" } } } });
    expect(await banner()).not.toMatch(/No creators yet/);
  }, 90_000);
});
