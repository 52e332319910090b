// Leaving a process without losing output. On Linux a pipe takes 64 KB; what does not fit waits in
// Node's queue, and process.exit() drops it (`scout ... --json | jq` got cut at 65,536 bytes).
import { after } from "../../core/timers.ts";

type Out = NodeJS.WritableStream & { writableLength?: number; destroyed?: boolean };

/** Resolves once everything written to `stream` so far has been handed to the operating system
 *  (or the reader has gone away: a closed pipe is not worth waiting for). */
export function flushed(stream: Out): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writableLength) return resolve();
    const done = () => {
      stream.off("error", done);
      resolve();
    };
    stream.once("error", done);
    // Writes complete in order: the callback of an empty write runs after every earlier one.
    stream.write("", done);
  });
}

/** process.exit(code) once standard output and standard error are written out, or after
 *  `withinMs` at the latest (a forced exit must not wait on a reader that has stopped reading). */
export async function exitWhenFlushed(code: number, withinMs?: number): Promise<never> {
  process.exitCode = code;
  const both = Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  await (withinMs === undefined ? both : Promise.race([both, after(withinMs, undefined)]));
  process.exit(code);
}
