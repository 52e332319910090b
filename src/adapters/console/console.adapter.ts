// The zero-config surface: a local prompt that speaks the same command lines as Slack.
// Ctrl+C at the prompt leaves it; during a command it cancels the command (its signal aborts, an
// import rolls back), prints what was kept, and leaves; a second Ctrl+C leaves at once.
import type { EventEmitter } from "node:events";
import os from "node:os";
import readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Actor } from "../../core/invocation.ts";
import type { DispatchRequest, DispatchResult } from "../dispatch.ts";
import { progressBar, renderText } from "./render.ts";

export interface ConsoleOptions {
  input: Readable;
  output: Writable & { isTTY?: boolean };
  /** Where the progress bar goes (a terminal), or nothing. */
  progressOut?: (Writable & { isTTY?: boolean }) | undefined;
  dispatch(req: DispatchRequest): Promise<DispatchResult>;
  banner: string[];
  /** Where SIGINT comes from when input is not a terminal (default: this process). */
  interrupts?: Pick<EventEmitter, "on" | "off">;
  /** A second Ctrl+C while a command is stopping: leave now (default: keep waiting for it). */
  forceExit?: () => void;
}

/** How the console ended: `interrupted` when Ctrl+C cancelled a command under way. */
export interface ConsoleEnd {
  interrupted: boolean;
}

export const consoleActor = (): Actor => ({
  id: "console",
  name: os.userInfo().username || "local",
  roles: ["marketer", "creator"],
});

/** Runs the prompt until `exit`, `quit`, end of input or Ctrl+C. Resolves when done. */
export async function runConsole(opts: ConsoleOptions): Promise<ConsoleEnd> {
  const interactive = Boolean((opts.input as { isTTY?: boolean }).isTTY && opts.output.isTTY);
  const rl = readline.createInterface({ input: opts.input, output: interactive ? opts.output : undefined, terminal: interactive });
  const write = (s: string) => opts.output.write(s + "\n");
  // The command under way, cancelled by Ctrl+C.
  let running: AbortController | null = null;
  let stopping = false;
  const interrupt = () => {
    if (!running) return void rl.close(); // at the prompt: leave, like `exit`
    if (stopping) {
      write("\nstopping now, without waiting for the command.");
      return opts.forceExit?.();
    }
    stopping = true;
    write("\nstopping… (Ctrl+C again to quit at once)");
    running.abort();
  };
  // A terminal's Ctrl+C reaches readline as a key; otherwise (a pipe, kill -INT) it is the process's SIGINT.
  rl.on("SIGINT", interrupt);
  const interrupts = opts.interrupts ?? process;
  interrupts.on("SIGINT", interrupt);
  for (const line of opts.banner) write(line);
  const prompt = () => {
    if (interactive) {
      rl.setPrompt("scout> ");
      rl.prompt();
    }
  };
  prompt();
  const bar = opts.progressOut?.isTTY ? opts.progressOut : undefined;
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === "") {
      prompt();
      continue;
    }
    if (/^(\/scout\s+)?(exit|quit|\.exit)$/i.test(line)) break;
    let drew = false;
    running = new AbortController();
    const result = await opts
      .dispatch({
        line,
        surface: "console",
        actor: consoleActor(),
        place: { channelId: "console" },
        progress: bar
          ? (p) => {
              drew = true;
              bar.write(`\r${progressBar(p)}`);
            }
          : undefined,
        signal: running.signal,
      })
      .finally(() => (running = null));
    if (drew) bar?.write("\r\x1b[2K");
    write(result.flags.has("json") ? JSON.stringify(result.reply.data ?? result.reply.message, null, 2) : renderText(result.reply.message));
    write("");
    if (stopping) break;
    prompt();
  }
  interrupts.off("SIGINT", interrupt);
  rl.close();
  return { interrupted: stopping };
}
