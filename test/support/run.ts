// Runs Scout's own entry points as child processes, the way a person or a script would.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
// Tests run the TypeScript sources (always current, unlike dist/), with tsx as an in-process loader
// (so signals reach Scout itself).
const NODE_ARGS = ["--import", "tsx"];
/** The script a package.json script runs with node, and node's flags before it. */
export function nodeScript(name: string): { flags: string[]; script: string } {
  const words = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts[name] as string).split(/\s+/);
  if (words[0] !== "node") throw new Error(`npm run ${name} does not run node: ${words.join(" ")}`);
  return { flags: words.slice(1, -1), script: words[words.length - 1]! };
}
/** node's flags in package.json's `start` script (heap cap included), with tsx: the bot runs here as `npm start` runs it, from the sources. */
export const START_NODE_ARGS: string[] = [...nodeScript("start").flags, ...NODE_ARGS];

/** Environment for a child: no Slack/Discord tokens from the parent, quiet logs. */
export function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test" };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, collecting its exit code and both outputs. */
export function collect(command: string, args: string[], env: Record<string, string | undefined>, cwd = ROOT): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(env) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npm run scout -- <args>`, without npm's banner: tsx src/cli.ts <args>. */
export function runCli(args: string[], env: Record<string, string | undefined>, cwd = ROOT): Promise<RunResult> {
  return collect(process.execPath, [...NODE_ARGS, path.join(ROOT, "src/cli.ts"), ...args], env, cwd);
}

/** `npm start`: tsx src/main.ts, with pipes for stdin/stdout. */
export function startMain(env: Record<string, string | undefined>, cwd = ROOT): ChildProcessWithoutNullStreams & { output(): string; errors(): string } {
  const child = spawn(process.execPath, [...START_NODE_ARGS, path.join(ROOT, "src/main.ts")], { cwd, env: childEnv(env) });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return Object.assign(child, { output: () => out, errors: () => err });
}

/** Waits until `read()` matches, or fails after `ms` with what was read. */
export async function waitFor(read: () => string, pattern: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
  const end = Date.now() + ms;
  for (;;) {
    const m = read().match(pattern);
    if (m) return m;
    if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}; got:\n${read()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function exitOf(child: { on(e: "exit", f: (code: number | null) => void): unknown; exitCode: number | null }, ms = 20_000): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("process did not exit in time")), ms);
    child.on("exit", (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}
