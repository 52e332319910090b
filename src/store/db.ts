// The bot's database: DATABASE_URL, or the embedded PostgreSQL server (started on demand).
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { startEmbeddedPostgres, stopEmbeddedPostgres } from "./embedded.ts";
import { ensureMigrated } from "./migrate.ts";

export type { PrismaClient } from "../generated/prisma/client.ts";

export interface Database {
  prisma: PrismaClient;
  /** The pg pool under Prisma, for bulk SQL (imports) that Prisma's API does one row at a time. */
  pool: pg.Pool;
  url: string;
  embedded: boolean;
  /** Applied at start-up (empty when the database was already up to date). */
  migrationsApplied: string[];
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

/** Connects (starting the embedded server when no URL is given) and applies missing migrations. */
export async function connectDatabase(opts: ConnectOptions = {}): Promise<Database> {
  const embedded = !opts.databaseUrl;
  const url =
    opts.databaseUrl ??
    (await startEmbeddedPostgres({
      ...(opts.embeddedDir ? { dir: opts.embeddedDir } : {}),
      ...(opts.embeddedPort ? { port: opts.embeddedPort } : {}),
      detach: opts.detach ?? false,
    }));
  const migrationsApplied = opts.skipMigrations ? [] : await ensureMigrated(url);
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, Client: OneQueryAtATimeClient });
  pool.on("error", () => {}); // a dropped idle connection is replaced on next use
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    url,
    embedded,
    migrationsApplied,
    async health() {
      const t = performance.now();
      try {
        await pool.query("SELECT 1");
        return { state: "up", latencyMs: Math.round((performance.now() - t) * 10) / 10 };
      } catch (e) {
        return { state: "down", error: (e as Error).message };
      }
    },
    async close() {
      await prisma.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
      if (embedded) await stopEmbeddedPostgres();
    },
  };
}
