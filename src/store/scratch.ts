// Scratch databases for tests and benchmarks: one migrated template per migration history,
// cloned in milliseconds (CREATE DATABASE ... TEMPLATE), instead of migrating every time.
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { ensureMigrated, migrationNames } from "./migrate.ts";

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  c.on("error", () => {});
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The template's name: it changes whenever a migration is added. */
export function templateName(): string {
  const h = createHash("sha256").update(migrationNames().join("\n")).digest("hex").slice(0, 10);
  return `scout_template_${h}`;
}

/** Creates (once) and migrates the template database on the server of serverUrl. */
export async function ensureTemplate(serverUrl: string): Promise<string> {
  const name = templateName();
  await admin(serverUrl, async (c) => {
    await c.query("SELECT pg_advisory_lock(727274)");
    try {
      const exists = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (exists.rowCount) return;
      const building = `${name}_build`;
      await c.query(`DROP DATABASE IF EXISTS "${building}"`);
      await c.query(`CREATE DATABASE "${building}"`);
      await ensureMigrated(withDatabase(serverUrl, building));
      await c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } finally {
      await c.query("SELECT pg_advisory_unlock(727274)");
    }
  });
  return name;
}

/** A fresh, migrated database cloned from the template; returns its URL and a drop function. */
export async function createScratchDatabase(serverUrl: string, prefix = "scratch"): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const template = await ensureTemplate(serverUrl);
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    url: withDatabase(serverUrl, name),
    name,
    drop: () => admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
