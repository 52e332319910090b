// The bot's database: DATABASE_URL, or the embedded PostgreSQL server (started on demand).
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { embeddedUrl, startEmbeddedPostgres, stopEmbeddedPostgres } from "./embedded.ts";
import { ensureMigrated } from "./migrate.ts";
import { after } from "../core/timers.ts";

export type { PrismaClient } from "../generated/prisma/client.ts";

export interface Database {
  prisma: PrismaClient;
  /** The pg pool under Prisma, for bulk SQL (imports) that Prisma's API does one row at a time. */
  pool: pg.Pool;
  url: string;
  embedded: boolean;
  /** Applied at start-up (empty when the database was already up to date). */
  migrationsApplied: string[];
  /** Resolves once the server is up and migrated (at once unless connected with `lazy`); rejects as connecting failed. */
  ready(): Promise<void>;
  /** Database state for /healthz. */
  health(): Promise<{ state: "up" | "down"; latencyMs?: number; error?: string }>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  embeddedDir?: string;
  embeddedPort?: number;
  /** Don't let the embedded server keep a short-lived process alive (CLI). */
  detach?: boolean;
  /** Skip the migration check (tests that migrated a template already). */
  skipMigrations?: boolean;
  /** Start the embedded server and check the migrations only when the first query needs them (or
   *  ready() is called): a CLI command that reads nothing (`help`) never waits for the database. */
  lazy?: boolean;
  poolSize?: number;
}

/**
 * A pg client that sends one query at a time, in the order they were asked. Prisma's query plans
 * load a row's relations at once (Promise.all over the `include`d tables); inside an interactive
 * transaction those queries all go to the transaction's one client, which pg (8.19+) answers with
 * "DeprecationWarning: Calling client.query() when the client is already executing a query" (pg@9
 * will refuse it). Waiting for the previous query here is the flow control pg asks for. Queries
 * with a callback or a submittable (pool.query, cursors) are passed on as they come.
 */
export class OneQueryAtATimeClient extends pg.Client {
  #last: Promise<unknown> = Promise.resolve();
  override query(...args: any[]): any {
    const first = args[0] as { submit?: unknown } | undefined;
    if (typeof args[args.length - 1] === "function" || (first && typeof first === "object" && typeof first.submit === "function"))
      return (super.query as (...a: unknown[]) => unknown)(...args);
    const run = this.#last.then(() => (super.query as (...a: unknown[]) => Promise<unknown>)(...args));
    this.#last = run.catch(() => {});
    return run;
  }
}

/** A pool client that waits for `ready` (the server started, the migrations checked) before it connects. */
function clientAfter(ready: () => Promise<void>): typeof OneQueryAtATimeClient {
  return class extends OneQueryAtATimeClient {
    override connect(): Promise<pg.Client>;
    override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
    override connect(callback?: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): Promise<pg.Client> | void {
      const connected = ready().then(() => super.connect());
      if (!callback) return connected;
      const cb = callback as (err: Error | null, c?: pg.Client) => void;
      connected.then((c) => cb(null, c), (e: Error) => cb(e));
    }
  };
}

/** How long a health check waits for the database's answer before it calls the database down. */
export const HEALTH_BUDGET_MS = 3000;
/** How long closing waits for connections still in use to be given back. */
const CLOSE_BUDGET_MS = 3000;

/** Connects (starting the embedded server when no URL is given) and applies missing migrations. */
export async function connectDatabase(opts: ConnectOptions = {}): Promise<Database> {
  const embedded = !opts.databaseUrl;
  const url = opts.databaseUrl ?? embeddedUrl(opts.embeddedPort ? { port: opts.embeddedPort } : {});
  const migrationsApplied: string[] = [];
  let starting: Promise<void> | undefined;
  const ready = () =>
    (starting ??= (async () => {
      if (embedded)
        await startEmbeddedPostgres({
          ...(opts.embeddedDir ? { dir: opts.embeddedDir } : {}),
          ...(opts.embeddedPort ? { port: opts.embeddedPort } : {}),
          detach: opts.detach ?? false,
        });
      if (!opts.skipMigrations) migrationsApplied.push(...(await ensureMigrated(url)));
    })());
  if (!opts.lazy) await ready();
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, Client: opts.lazy ? clientAfter(ready) : OneQueryAtATimeClient });
  pool.on("error", () => {}); // a dropped idle connection is replaced on next use
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    url,
    embedded,
    migrationsApplied,
    ready,
    async health() {
      const t = performance.now();
      try {
        // A database that does not answer (stalled, or every connection busy) is down for whoever
        // asks, and /healthz answers within the budget instead of waiting with it.
        const answer = await Promise.race([pool.query("SELECT 1").then(() => "up" as const), after(HEALTH_BUDGET_MS, "late" as const)]);
        if (answer === "late") return { state: "down", error: `no answer to SELECT 1 within ${HEALTH_BUDGET_MS} ms` };
        return { state: "up", latencyMs: Math.round((performance.now() - t) * 10) / 10 };
      } catch (e) {
        return { state: "down", error: (e as Error).message };
      }
    },
    async close() {
      await prisma.$disconnect().catch(() => {});
      // pool.end() waits for every connection to be given back: one whose query hangs (a stalled
      // database) never is, and the process would never stop. Its socket goes when the process does.
      await Promise.race([pool.end().catch(() => {}), after(CLOSE_BUDGET_MS, undefined)]);
      // A lazy start under way (or failed) is waited for, so that the server it started is stopped.
      await starting?.catch(() => {});
      if (embedded) await stopEmbeddedPostgres();
    },
  };
}
