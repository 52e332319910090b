// Leadership among bot processes on one PostgreSQL: a session-level advisory lock held on a
// connection of its own. Only the holder runs what must run once (the Discord gateway); the
// others try again every few seconds. A leader that dies (even by SIGKILL) closes its socket,
// PostgreSQL ends the session and frees the lock, and the next try of another process takes it.
import { createHash } from "node:crypto";
import pg from "pg";

export interface LeaderLockOptions {
  url: string;
  /** What is led, e.g. "discord-gateway"; hashed to the advisory lock key. */
  name: string;
  /** How often a follower tries to take the lock, and the leader checks its connection (ms). */
  intervalMs?: number;
  onAcquire(): void | Promise<void>;
  /** The connection holding the lock broke: stop leading at once (another process may take over). */
  onLose(reason: string): void | Promise<void>;
  log?: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
}

export interface LeaderLock {
  isLeader(): boolean;
  /** Releases the lock (if held) and stops trying. */
  close(): Promise<void>;
}

/** A signed 64-bit key from the name (advisory locks take a bigint). */
export function lockKey(name: string): string {
  return createHash("sha256").update(`scout:${name}`).digest().readBigInt64BE(0).toString();
}

export function startLeaderLock(opts: LeaderLockOptions): LeaderLock {
  const interval = opts.intervalMs ?? 5000;
  const key = lockKey(opts.name);
  let client: pg.Client | null = null;
  let leader = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<void> = Promise.resolve();

  const drop = async (reason: string) => {
    const c = client;
    client = null;
    if (c) await c.end().catch(() => {});
    if (leader) {
      leader = false;
      opts.log?.warn({ lock: opts.name, reason }, "lost leadership");
      await opts.onLose(reason);
    }
  };

  const attempt = async () => {
    if (closed) return;
    try {
      if (!client) {
        const c = new pg.Client({ connectionString: opts.url, keepAlive: true });
        c.on("error", (err) => void (busy = busy.then(() => drop(err.message))));
        await c.connect();
        client = c;
      }
      if (leader) {
        await client.query("SELECT 1");
        return;
      }
      const r = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS ok", [key]);
      if (r.rows[0]?.ok && !closed) {
        leader = true;
        opts.log?.info({ lock: opts.name }, "became the leader");
        await opts.onAcquire();
      }
    } catch (e) {
      await drop((e as Error).message);
    }
  };

  const loop = () => {
    busy = busy.then(attempt);
    void busy.then(() => {
      if (!closed) timer = setTimeout(loop, interval);
    });
  };
  loop();

  return {
    isLeader: () => leader,
    async close() {
      closed = true;
      clearTimeout(timer);
      await busy;
      const c = client;
      client = null;
      leader = false;
      if (c) {
        await c.query("SELECT pg_advisory_unlock($1::bigint)", [key]).catch(() => {});
        await c.end().catch(() => {});
      }
    },
  };
}
