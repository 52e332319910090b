import { describe, expect, it } from "vitest";
import { createLimiter } from "../../src/adapters/limit.ts";

const tick = () => new Promise((r) => setImmediate(r));

describe("createLimiter", () => {
  it("runs at most n tasks at once and the rest in the order they came, a newcomer never overtaking", async () => {
    const limit = createLimiter(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates = new Map<number, () => void>();
    const task = (n: number) =>
      limit(async () => {
        started.push(n);
        running++;
        most = Math.max(most, running);
        await new Promise<void>((r) => gates.set(n, r));
        running--;
        return n;
      });
    const all = [1, 2, 3, 4].map(task);
    await tick();
    expect(started).toEqual([1, 2]);
    gates.get(1)!();
    // A task arriving just as a place frees up waits behind 3 and 4.
    const late = task(5);
    await tick();
    expect(started).toEqual([1, 2, 3]);
    for (const n of [2, 3, 4, 5]) {
      await tick();
      gates.get(n)?.();
    }
    await tick();
    gates.get(5)?.();
    expect(await Promise.all([...all, late])).toEqual([1, 2, 3, 4, 5]);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it("frees the place of a task that failed", async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limit(async () => "next")).toBe("next");
  });
});
