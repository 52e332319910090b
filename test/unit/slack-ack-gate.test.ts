import { describe, expect, it } from "vitest";
import { createAckGate } from "../../src/adapters/slack/ack-gate.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("ack gate (work after an ack waits for the acks of the requests that arrived)", () => {
  it("lets work go on at once when no request is waiting for its ack", async () => {
    const gate = createAckGate({ quietMs: 2, maxWaitMs: 5000 });
    const t = performance.now();
    await gate.clear();
    // (Against a wait of 5 s: a loaded machine's pause cannot pass for one.)
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it("holds work while a request waits for its ack, and releases it once every one is answered", async () => {
    const gate = createAckGate({ quietMs: 5, maxWaitMs: 5000 });
    const a = gate.arrived();
    const b = gate.arrived();
    let released = false;
    const work = gate.clear().then(() => (released = true));
    await sleep(30);
    expect(released).toBe(false);
    a();
    a(); // answering twice counts once
    await sleep(30);
    expect(released).toBe(false);
    expect(gate.pending()).toBe(1);
    b();
    await work;
    expect(released).toBe(true);
    expect(gate.pending()).toBe(0);
  });

  it("keeps holding while new requests keep arriving within the quiet period", async () => {
    const gate = createAckGate({ quietMs: 300, maxWaitMs: 5000 });
    let released = false;
    gate.arrived()();
    const work = gate.clear().then(() => (released = true));
    await sleep(150);
    gate.arrived()();
    const last = performance.now();
    await sleep(200);
    // More than 300 ms after the first arrival, but not yet after the last one.
    if (performance.now() - last < 290) expect(released).toBe(false);
    await work;
    expect(performance.now() - last).toBeGreaterThanOrEqual(290);
    expect(released).toBe(true);
  });

  it("releases held work in the order it came", async () => {
    const gate = createAckGate({ quietMs: 1, maxWaitMs: 5000 });
    const answered = gate.arrived();
    const order: number[] = [];
    const all = [1, 2, 3, 4].map((n) => gate.clear().then(() => order.push(n)));
    answered();
    await Promise.all(all);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it("stops counting a request maxWaitMs after it arrived, however often the work waits", async () => {
    const gate = createAckGate({ quietMs: 2, maxWaitMs: 600 });
    gate.arrived(); // never answered
    const t = performance.now();
    await gate.clear();
    const first = performance.now() - t;
    expect(first).toBeGreaterThanOrEqual(590);
    expect(first).toBeLessThan(5000);
    // The stuck request no longer holds anything back: two more clears take less than one wait.
    const t2 = performance.now();
    await gate.clear();
    await gate.clear();
    expect(performance.now() - t2).toBeLessThan(590);
    expect(gate.pending()).toBe(1);
  });
});
