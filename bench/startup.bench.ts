// Start-up of `npm start` on an already migrated database, until the console is ready
// (target: under 3 s). Measured twice: against a running PostgreSQL (DATABASE_URL), and with the
// embedded server stopped, so the time includes starting it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Bench } from "./lib/bench.ts";
import { scratchDb } from "./lib/db.ts";
import { START_NODE_ARGS } from "../test/support/run.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Starts the bot, waits for the console banner, types `exit`; returns ms until ready. */
function startOnce(env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...START_NODE_ARGS, path.join(ROOT, "src/main.ts")], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: "0", ...env },
    });
    let out = "";
    let ready = 0;
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (!ready && out.includes("Type /scout help")) {
        ready = performance.now() - t0;
        child.stdin.write("exit\n");
      }
    });
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => (ready && code === 0 ? resolve(ready) : reject(new Error(`start-up failed (exit ${code}):\n${out}`))));
  });
}

let external: Awaited<ReturnType<typeof scratchDb>> | undefined;
const embeddedDir = path.join(os.tmpdir(), "scout-bench-startup-pg");
const embeddedEnv = { EMBEDDED_PG_DIR: path.join(embeddedDir, "pg"), EMBEDDED_PG_PORT: "54359" };

export default [
  {
    name: "startup-external-db",
    unit: "ms",
    runs: 5,
    notes: "npm start to a ready console, DATABASE_URL on a running, migrated PostgreSQL (target < 3,000 ms)",
    async setup() {
      external = await scratchDb("bench_startup");
    },
    async run() {
      await startOnce({ DATABASE_URL: external!.db.url });
      return { target_ms: 3000 };
    },
    async teardown() {
      await external?.drop();
    },
  },
  {
    name: "startup-embedded",
    unit: "ms",
    runs: 5,
    notes: "npm start to a ready console, embedded PostgreSQL already initialised and migrated but stopped (target < 3,000 ms)",
    async setup() {
      fs.rmSync(embeddedDir, { recursive: true, force: true });
      fs.mkdirSync(embeddedDir, { recursive: true, mode: 0o755 });
      fs.chmodSync(embeddedDir, 0o755);
      await startOnce(embeddedEnv); // first start: initialise and migrate (not timed)
    },
    async run() {
      await startOnce(embeddedEnv);
      return { target_ms: 3000 };
    },
    async teardown() {
      fs.rmSync(embeddedDir, { recursive: true, force: true });
    },
  },
] satisfies Bench[];
