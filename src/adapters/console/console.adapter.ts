// The zero-config surface: a local prompt that speaks the same command lines as Slack.
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
}

export const consoleActor = (): Actor => ({
  id: "console",
  name: os.userInfo().username || "local",
  roles: ["marketer", "creator"],
});

/** Runs the prompt until `exit`, `quit` or end of input. Resolves when done. */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const interactive = Boolean((opts.input as { isTTY?: boolean }).isTTY && opts.output.isTTY);
  const rl = readline.createInterface({ input: opts.input, output: interactive ? opts.output : undefined, terminal: interactive });
  const write = (s: string) => opts.output.write(s + "\n");
  // Ctrl+C at the prompt ends the console cleanly, like `exit`.
  rl.on("SIGINT", () => rl.close());
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
    const result = await opts.dispatch({
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
    });
    if (drew) bar?.write("\r\x1b[2K");
    write(result.flags.has("json") ? JSON.stringify(result.reply.data ?? result.reply.message, null, 2) : renderText(result.reply.message));
    write("");
    prompt();
  }
  rl.close();
}
