// One-shot CLI: `npm run scout -- <command line>` (or the `scout` bin). Runs one command and exits:
// 0 on success, 2 on a usage error, 1 on any other failure, 130 when Ctrl+C stopped it. --json prints
// machine-readable output.
import { createApp, createRootLogger, readConfiguration, type App } from "./app.ts";
import { consoleActor } from "./adapters/console/console.adapter.ts";
import { progressBar, renderText } from "./adapters/console/render.ts";
import { exitWhenFlushed } from "./adapters/console/stdio.ts";
import { createConsoleNotifier } from "./adapters/console/console.notifier.ts";

export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

async function cli(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const config = readConfiguration();
  if (!config) return EXIT.failure;
  const log = createRootLogger(config, { quiet: true });
  let app: App | undefined;
  // Ctrl+C during the command cancels it (an import rolls back) and exits 130 once it has stopped.
  // Otherwise, or the second time: close the database (and the embedded server this process started), then stop.
  const cancel = new AbortController();
  let running = false;
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.on(sig, () => {
      if (running && !cancel.signal.aborted) {
        process.stderr.write("\nstopping… (Ctrl+C again to quit at once)\n");
        return cancel.abort();
      }
      void (app?.close() ?? Promise.resolve()).catch(() => {}).finally(() => exitWhenFlushed(130, 1000));
    });
  try {
    // `help` reads no data: it never waits for the database (nor starts the embedded server). Any
    // other command has it started and migrated before it runs, as before.
    app = await createApp(config, log, { lazyDb: true });
    const first = argv.find((a) => !a.startsWith("--"));
    if (first !== undefined && first.toLowerCase() !== "help") {
      await app.db.ready();
      if (app.db.migrationsApplied.length) log.info({ migrations: app.db.migrationsApplied }, "database migrated");
    }
    // `digest now` prints the digest here and saves its chart in EXPORT_DIR (on standard error with
    // --json, which keeps standard output for the JSON). Other notices are not this command's answer.
    const printed = createConsoleNotifier(json ? process.stderr : process.stdout, { files: app.services.files });
    app.notifiers.add({ toMarketers: async (n) => (n.kind === "digest" ? printed.toMarketers(n) : undefined) });
    const tty = process.stderr.isTTY && !json;
    let drew = false;
    running = true;
    const result = await app.dispatch({
      signal: cancel.signal,
      line: argv,
      surface: "cli",
      actor: consoleActor(),
      place: { channelId: "cli" },
      progress: tty
        ? (p) => {
            drew = true;
            process.stderr.write(`\r${progressBar(p)}`);
          }
        : undefined,
    });
    if (drew) process.stderr.write("\r\x1b[2K");
    const out = json ? JSON.stringify(result.reply.data ?? { message: result.reply.message }, null, 2) : renderText(result.reply.message);
    (result.outcome === "ok" ? process.stdout : json ? process.stdout : process.stderr).write(out + "\n");
    running = false;
    if (cancel.signal.aborted && result.code === "CANCELLED") return EXIT.interrupted;
    return result.outcome === "ok" ? EXIT.ok : result.outcome === "usage" ? EXIT.usage : EXIT.failure;
  } catch (e) {
    process.stderr.write(`Scout could not run the command: ${(e as Error).message}\n`);
    return EXIT.failure;
  } finally {
    await app?.close();
  }
}

// Not process.exit() at once: on a pipe, output beyond the pipe's 64 KB is still queued.
cli(process.argv.slice(2)).then((code) => exitWhenFlushed(code));
