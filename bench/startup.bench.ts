// Start-up as a person waits for it (issue 18): `npm start` until the console is ready, and the
// one-shot CLI (`npm run scout -- help`, and `campaign list`, which reads the database) until it
// has exited, on an embedded PostgreSQL already initialised and migrated: stopped (the time includes
// starting it) and already running; and `npm start` on DATABASE_URL. Targets: console ≤ 1,500 ms,
// CLI ≤ 1,000 ms.
//
// Absolute times differ between machines, so each run also times the floors on this machine in the
// same run, just before it: `node -e 0` (Node alone) and `node --import tsx -e 0` (Node with the
// TypeScript loader). The record carries their medians and `ratio` (median / node's floor) and
// `ratio_tsx` (median / the tsx floor).
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Bench } from "./lib/bench.ts";
import { scratchDb } from "./lib/db.ts";
import { nodeScript } from "../test/support/run.ts";
import { startEmbeddedPostgres, stopEmbeddedPostgres } from "../src/store/embedded.ts";
// @ts-expect-error: a plain ES module without types (it must run before anything is compiled)
import { staleSource } from "../src/bin/launch.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const START = nodeScript("start");
const CLI = nodeScript("scout");
const TSX_NOTE = "running the TypeScript sources through tsx";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
const round = (x: number) => Math.round(x * 10) / 10;

/** Wall time of a process from spawn to exit (the floors). */
function timeProcess(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${args.join(" ")} exited ${code}`))));
  });
}

const childEnv = (env: Record<string, string>) => ({ PATH: process.env.PATH, HOME: process.env.HOME, PORT: "0", ...env });

/** `npm start` (the start script's node flags and entry): ms until the console's banner ends; then types exit. */
function startConsole(env: Record<string, string>): { ready: Promise<number>; exited: Promise<void> } {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...START.flags, path.join(ROOT, START.script)], { cwd: ROOT, env: childEnv(env) });
  let out = "";
  let readyAt = 0;
  let onReady!: (ms: number) => void;
  const ready = new Promise<number>((resolve) => (onReady = resolve));
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    if (!readyAt && out.includes("Type /scout help")) {
      readyAt = performance.now() - t0;
      onReady(readyAt);
      child.stdin.write("exit\n");
    }
  });
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve, reject) =>
    child.on("exit", (code) => {
      if (!readyAt || code !== 0) return reject(new Error(`start-up failed (exit ${code}):\n${out}`));
      if (out.includes(TSX_NOTE)) return reject(new Error(`npm start ran the sources, not the build:\n${out}`));
      resolve();
    }),
  );
  // A start that fails never becomes ready: fail the run with its output.
  return { ready: Promise.race([ready, exited.then(() => NaN)]), exited };
}

/** `npm run scout -- <args>` (the scout script's node flags and entry): ms until it has exited 0. */
function runCli(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...CLI.flags, path.join(ROOT, CLI.script), ...args], { cwd: ROOT, env: childEnv(env) });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`scout ${args.join(" ")} exited ${code}:\n${out}`));
      if (out.includes(TSX_NOTE)) return reject(new Error(`the CLI ran the sources, not the build:\n${out}`));
      resolve(ms);
    });
  });
}

/** Compiles dist/ first when a source is newer (what `npm install` did), so the build is what is timed. */
async function ensureBuilt(): Promise<void> {
  if (!staleSource(ROOT)) return;
  await new Promise<void>((resolve, reject) => {
    const child = spawn("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited ${code}`))));
  });
}

/** Waits until no server answers on the data folder (the last run's embedded server has stopped). */
async function untilStopped(dir: string): Promise<void> {
  for (let i = 0; i < 200 && fs.existsSync(path.join(dir, "postmaster.pid")); i++) await new Promise((r) => setTimeout(r, 50));
}

/** A port nothing listens on now (the embedded server's: another checkout's bench may run beside this one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const embeddedDir = path.join(os.tmpdir(), `scout-bench-startup-${process.pid}`);
const embeddedEnv = { EMBEDDED_PG_DIR: path.join(embeddedDir, "pg"), EMBEDDED_PG_PORT: "" };

/** The embedded server's data folder, initialised and migrated by a first start (not timed). */
async function initialiseEmbedded(): Promise<void> {
  embeddedEnv.EMBEDDED_PG_PORT = String(await freePort());
  fs.rmSync(embeddedDir, { recursive: true, force: true });
  fs.mkdirSync(embeddedDir, { recursive: true, mode: 0o755 });
  fs.chmodSync(embeddedDir, 0o755);
  const first = startConsole(embeddedEnv);
  await first.exited;
  await untilStopped(embeddedEnv.EMBEDDED_PG_DIR);
}

type Server = "stopped" | "running" | "external";
let external: Awaited<ReturnType<typeof scratchDb>> | undefined;

/** One start-up benchmark: the floors are timed before each run, beside it. */
function startupBench(o: { name: string; target: number; server: Server; notes: string; run(env: Record<string, string>): Promise<number> }): Bench {
  const floorNode: number[] = [];
  const floorTsx: number[] = [];
  const waited: number[] = [];
  let env: Record<string, string> = embeddedEnv;
  return {
    name: o.name,
    unit: "ms",
    runs: 5,
    notes: `${o.notes}; floor_node_ms: node -e 0, floor_tsx_ms: node --import tsx -e 0, timed before each run; ratio = median / floor_node_ms (target ≤ ${o.target.toLocaleString("en-US")} ms)`,
    async setup() {
      await ensureBuilt();
      if (o.server === "external") {
        external = await scratchDb("bench_startup");
        env = { DATABASE_URL: external.db.url };
        return;
      }
      await initialiseEmbedded();
      if (o.server === "running") await startEmbeddedPostgres({ dir: embeddedEnv.EMBEDDED_PG_DIR, port: Number(embeddedEnv.EMBEDDED_PG_PORT) });
    },
    async beforeEach() {
      await exiting;
      if (o.server === "stopped") await untilStopped(embeddedEnv.EMBEDDED_PG_DIR);
      floorNode.push(await timeProcess(["-e", "0"]));
      floorTsx.push(await timeProcess(["--import", "tsx", "-e", "0"]));
    },
    async run() {
      waited.push(await o.run(env));
      const m = median(waited);
      const fn = median(floorNode);
      const ft = median(floorTsx);
      return {
        server: o.server,
        waited_ms_median: round(m),
        floor_node_ms: round(fn),
        floor_tsx_ms: round(ft),
        ratio: round(m / fn),
        ratio_tsx: round(m / ft),
        target_ms: o.target,
        cpus: os.cpus().length,
        load_1m: round(os.loadavg()[0]!),
      };
    },
    async teardown() {
      await exiting;
      await external?.drop();
      await stopEmbeddedPostgres();
      fs.rmSync(embeddedDir, { recursive: true, force: true });
    },
  };
}

/** The console's exit after `exit` (awaited before the next run and at the end: not timed, it comes after the prompt). */
let exiting: Promise<void> | undefined;
const consoleRun = async (env: Record<string, string>) => {
  const c = startConsole(env);
  exiting = c.exited;
  return c.ready;
};

export default [
  startupBench({
    name: "startup-embedded-stopped",
    target: 1500,
    server: "stopped",
    notes: "npm start to a ready console; embedded PostgreSQL initialised and migrated, stopped (started by this start)",
    run: consoleRun,
  }),
  startupBench({
    name: "startup-embedded-running",
    target: 1500,
    server: "running",
    notes: "npm start to a ready console; embedded PostgreSQL already running (another process started it)",
    run: consoleRun,
  }),
  startupBench({
    name: "startup-external-db",
    target: 1500,
    server: "external",
    notes: "npm start to a ready console; DATABASE_URL on a running, migrated PostgreSQL",
    run: consoleRun,
  }),
  startupBench({
    name: "cli-help-embedded-stopped",
    target: 1000,
    server: "stopped",
    notes: "npm run scout -- help, to its exit; embedded PostgreSQL stopped",
    run: (env) => runCli(["help"], env),
  }),
  startupBench({
    name: "cli-help-embedded-running",
    target: 1000,
    server: "running",
    notes: "npm run scout -- help, to its exit; embedded PostgreSQL already running",
    run: (env) => runCli(["help"], env),
  }),
  startupBench({
    name: "cli-campaign-list-embedded-stopped",
    target: 1000,
    server: "stopped",
    notes: "npm run scout -- campaign list (reads the database), to its exit; embedded PostgreSQL stopped",
    run: (env) => runCli(["campaign", "list"], env),
  }),
  startupBench({
    name: "cli-campaign-list-embedded-running",
    target: 1000,
    server: "running",
    notes: "npm run scout -- campaign list (reads the database), to its exit; embedded PostgreSQL already running",
    run: (env) => runCli(["campaign", "list"], env),
  }),
] satisfies Bench[];
