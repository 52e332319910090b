// Applies Prisma migrations only when some are missing: `prisma migrate deploy` costs ~11 s
// (a timer inside the WebAssembly engine), while this check costs milliseconds.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import pg from "pg";
import { PROJECT_ROOT } from "../root.ts";

export { PROJECT_ROOT };
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");

/** Migration folder names, oldest first. */
export function migrationNames(dir = MIGRATIONS_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/** Migrations not yet recorded as finished in `_prisma_migrations` (all of them on an empty database). */
export async function pendingMigrations(url: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const all = migrationNames(dir);
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    const exists = await client.query("SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS ok");
    if (!exists.rows[0]?.ok) return all;
    const done = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(done.rows.map((r) => r.migration_name));
    return all.filter((m) => !applied.has(m));
  } finally {
    await client.end();
  }
}

/** Runs `prisma migrate deploy` against url (the Prisma CLI, through the recipe's config). */
export async function deployMigrations(url: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
}

/** Brings the database up to date; returns the migrations it applied (none on a migrated database). */
export async function ensureMigrated(url: string): Promise<string[]> {
  const pending = await pendingMigrations(url);
  if (pending.length) await deployMigrations(url);
  return pending;
}
