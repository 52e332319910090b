import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lockKey, startLeaderLock, type LeaderLock } from "../../src/store/leader.ts";
import { ROOT, waitFor } from "../support/run.ts";
import { useTestDatabase } from "../support/db.ts";

const t = useTestDatabase("leader");

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("leader lock", () => {
  it("lets exactly one of two processes' locks lead, and hands over when the leader closes", async () => {
    const events: string[] = [];
    const mk = (n: string): LeaderLock =>
      startLeaderLock({ url: t.url, name: "test-a", intervalMs: 100, onAcquire: () => void events.push(`${n}+`), onLose: () => void events.push(`${n}-`) });
    const a = mk("a");
    await until(() => a.isLeader());
    const b = mk("b");
    await new Promise((r) => setTimeout(r, 400));
    expect(b.isLeader()).toBe(false);
    await a.close();
    await until(() => b.isLeader());
    expect(events).toEqual(["a+", "b+"]);
    await b.close();
  });

  it("notices a broken connection: the leader steps down, and then exactly one leads again", async () => {
    const lost: string[] = [];
    const a = startLeaderLock({ url: t.url, name: "test-b", intervalMs: 100, onAcquire: () => {}, onLose: (why) => void lost.push(why) });
    await until(() => a.isLeader());
    const b = startLeaderLock({ url: t.url, name: "test-b", intervalMs: 100, onAcquire: () => {}, onLose: () => {} });
    // Kill the leader's session from the server side (as a network cut or a restarted server would).
    await t.db.pool.query(
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = $1::bigint",
      [lockKey("test-b")],
    );
    await until(() => lost.length === 1);
    await until(() => a.isLeader() || b.isLeader());
    await new Promise((r) => setTimeout(r, 300));
    expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
  });

  it("takes over from a leader process killed with SIGKILL", async () => {
    const script = `
      import { startLeaderLock } from ${JSON.stringify(path.join(ROOT, "src/store/leader.ts"))};
      startLeaderLock({ url: process.env.URL, name: "test-c", intervalMs: 100, onAcquire: () => console.log("LEADER"), onLose: () => {} });
    `;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, env: { ...process.env, URL: t.url } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    await waitFor(() => out, /LEADER/);
    const b = startLeaderLock({ url: t.url, name: "test-c", intervalMs: 100, onAcquire: () => {}, onLose: () => {} });
    await new Promise((r) => setTimeout(r, 300));
    expect(b.isLeader()).toBe(false);
    const killedAt = Date.now();
    child.kill("SIGKILL");
    await until(() => b.isLeader());
    expect(Date.now() - killedAt).toBeLessThan(5000);
    await b.close();
  });
});
