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
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
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
