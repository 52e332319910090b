// Composition root for `npm start`: config → logger → database → app → HTTP server → surfaces.
// With no Slack or Discord tokens it opens the local console.
import { surfaces } from "./config.ts";
import { createApp, createRootLogger, readConfiguration, VERSION, type App } from "./app.ts";
import { startHttpServer, type HttpServer } from "./http/server.ts";
import { mountTrackingRoutes } from "./http/links.ts";
import { runConsole } from "./adapters/console/console.adapter.ts";
import { exitWhenFlushed } from "./adapters/console/stdio.ts";
// Slack's and Discord's adapters (and @slack/bolt, discord.js under them) are loaded only when their
// tokens are set: the console never waits for them.
import type { SlackAdapter } from "./adapters/slack/slack.adapter.ts";
import { createConsoleNotifier } from "./adapters/console/console.notifier.ts";
import type { DiscordAdapter } from "./adapters/discord/discord.adapter.ts";
import { createAppScheduler, onScheduleChange } from "./jobs/wire.ts";
import { createPlatformSweeper } from "./jobs/platform-sweep.ts";
import { startLeaderLock, type LeaderLock } from "./store/leader.ts";
import type { Scheduler } from "./jobs/scheduler.ts";
import { CONSOLE_TARGET } from "./core/jobs/digest-jobs.ts";

async function main(): Promise<number> {
  const t0 = performance.now();
  const config = readConfiguration();
  if (!config) return 1;
  const on = surfaces(config);
  const consoleMode = !on.slack && !on.discord;
  const log = createRootLogger(config, { quiet: consoleMode });
  let app: App | undefined;
  let http: HttpServer | undefined;
  let tracking: ReturnType<typeof mountTrackingRoutes> | undefined;
  let slack: SlackAdapter | undefined;
  let discord: DiscordAdapter | undefined;
  let gatewayLock: LeaderLock | undefined;
  let scheduler: Scheduler | undefined;
  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      // Scheduled runs first: no new ones start, the one under way finishes while its surface is up.
      await scheduler?.stop().catch((err: unknown) => log.error({ err }, "the scheduler did not stop cleanly"));
      await slack?.close().catch(() => {});
      // Off the gateway before the lock goes: the next leader must not connect while this one still is.
      await discord?.close().catch(() => {});
      await gatewayLock?.close().catch(() => {});
      await http?.close().catch(() => {});
      // Clicks are written just after their redirect: write those still waiting before the pool closes.
      await tracking?.flush().catch((err: unknown) => log.error({ err }, "clicks not written at shutdown"));
      await app?.close().catch((err: unknown) => log.error({ err }, "shutdown failed"));
    })());
  try {
    app = await createApp(config, log);
    http = await startHttpServer({
      port: config.PORT,
      db: app.db,
      log,
      version: VERSION,
      status: () => (gatewayLock ? { discord: gatewayLock.isLeader() ? "leader" : "standby" } : {}),
    });
    tracking = mountTrackingRoutes(http, app);
  } catch (e) {
    process.stderr.write(`Scout cannot start: ${(e as Error).message}\n`);
    await shutdown();
    return 1;
  }
  // What a person waits for: from the moment Node started (loading the code included), not from
  // this function's start (which once showed 0.5 s for a 6 s wait).
  const startupMs = Math.round(performance.now());
  const setupMs = Math.round(performance.now() - t0);
  log.info({ port: http.port, startupMs, setupMs, database: app.db.embedded ? "embedded" : "external" }, "scout started");

  if (consoleMode) {
    // Ctrl+C (SIGINT) is the console's: it cancels the command under way, or leaves at the prompt.
    process.once("SIGTERM", () => void shutdown().then(() => process.exit(0)));
    app.notifiers.add(createConsoleNotifier(process.stdout, { files: app.services.files }));
    // An empty database: point to the demo (README, "The demo"). Plain SQL: Prisma's query compiler
    // (a WebAssembly module, ~0.2 s to load) waits for the first command instead of the prompt.
    const noCreators = !(await app.db.pool.query("SELECT 1 FROM account LIMIT 1").then((r) => r.rowCount, () => 1));
    // The console prints its own digest schedules, and only those (a Slack channel's is Slack's).
    // Started just before the banner is printed: their first queries run once the prompt is shown.
    scheduler = startJobs(app, (target) => target === CONSOLE_TARGET);
    const end = await runConsole({
      // A second Ctrl+C while a command stops: leave now; the database rolls back its open transaction.
      forceExit: () => void exitWhenFlushed(130, 1000),
      input: process.stdin,
      output: process.stdout,
      progressOut: process.stderr,
      dispatch: (req) => app!.dispatch(req),
      banner: [
        // Read as the banner is printed: the wait includes everything before the prompt.
        `Scout ${VERSION}: local console (ready in ${(performance.now() / 1000).toFixed(1)} s).`,
        ...on.why.map((w) => `  ${w} Set it in .env to connect (see README).`),
        `  Database: ${app.db.embedded ? `embedded PostgreSQL in ${config.EMBEDDED_PG_DIR}` : "DATABASE_URL"}.`,
        `  HTTP: http://localhost:${http.port}/healthz`,
        ...(noCreators ? ["No creators yet: run npm run seed (in another terminal, or after exit) for a demo roster and campaign, or import yours with /scout roster import <file>."] : []),
        "Type /scout help for the commands, exit to quit.",
      ],
    });
    // Ctrl+C while shutting down: leave at once (not killed by the signal, so the embedded server stops).
    process.on("SIGINT", () => void exitWhenFlushed(130, 1000));
    await shutdown();
    // 130, as a shell reports an interrupted program, when Ctrl+C stopped a command under way.
    return end.interrupted ? 130 : 0;
  }

  // Tokens are set: the chat adapters take the place of the console.
  let slackEventsPath = "";
  if (on.slack) {
    const { startSlack, SLACK_EVENTS_PATH } = await import("./adapters/slack/slack.adapter.ts");
    slackEventsPath = SLACK_EVENTS_PATH;
    // Connects in the background: while the Slack API is unreachable it logs and retries with backoff.
    slack = startSlack(app, { http });
    slack.ready.catch((err: unknown) => log.error({ err }, "the Slack adapter stopped"));
  }
  if (on.discord) {
    // Every process answers through Discord's REST API; only the holder of the leader lock opens the
    // gateway (Discord sends each interaction to one connection), and another takes over when it dies.
    const { startDiscord } = await import("./adapters/discord/discord.adapter.ts");
    const d = (discord = startDiscord(app, { gateway: "manual" }));
    // A login that fails (Discord unreachable, a bad token) is tried again while this process leads.
    const lead = (): void =>
      void d.connect().catch((err: unknown) => {
        log.error({ err }, "the Discord adapter could not start (check DISCORD_TOKEN and the bot's access to the server); trying again in 30 s");
        setTimeout(() => gatewayLock?.isLeader() && !d.connected() && lead(), 30_000).unref();
      });
    gatewayLock = startLeaderLock({
      url: app.db.url,
      name: "discord-gateway",
      intervalMs: config.LEADER_RETRY_MS,
      log,
      // Connects in the background; discord.js reconnects to the gateway by itself.
      onAcquire: lead,
      onLose: () => d.disconnect(),
    });
    log.info({ pid: process.pid, retryMs: config.LEADER_RETRY_MS }, "discord gateway: waiting for the leader lock (the leader connects, the others stand by)");
    if (!on.slack) {
      // The marketers' notices (opt-ins, deliverables) need Slack; without it they are printed here.
      log.warn("Slack is off: notices for the marketing team are printed on standard output");
      const printed = createConsoleNotifier(process.stdout);
      app.notifiers.add({ toMarketers: (n) => printed.toMarketers(n) });
    }
  }
  // After every surface has joined: a reminder or digest sent with no surface to carry it is lost.
  // The console's digest schedules are left to a console.
  scheduler = startJobs(app, (target) => target !== CONSOLE_TARGET);
  process.stderr.write(
    [
      `Scout ${VERSION} is running: HTTP on port ${http.port} (GET /healthz).`,
      slack
        ? slack.mode === "socket"
          ? "Slack: Socket Mode (SLACK_APP_TOKEN); connecting to Slack..."
          : `Slack: requests at POST ${slackEventsPath} on port ${http.port}; connecting to the Slack API...`
        : on.why[0],
      discord
        ? `Discord: connecting to the gateway once this process holds the leader lock (one process at a time); briefs go to channel ${config.DISCORD_CREATORS_CHANNEL_ID}.`
        : on.why[1] ?? on.why[0],
      "Stop with Ctrl+C.",
    ]
      .filter(Boolean)
      .join("\n") + "\n",
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await shutdown();
  return 0;
}

/** Digests and reminders, once the surfaces that send them have joined the app's notifiers. */
function startJobs(app: App, digestTargets: (channelId: string) => boolean): Scheduler {
  const scheduler = createAppScheduler(app, { digestTargets });
  onScheduleChange(app.services.digestJobs, () => void scheduler.poll());
  scheduler.start().catch((err: unknown) => app.log.error({ err }, "the scheduler could not start"));
  // Platform snapshots and link re-checks every few minutes (issue 15); stopped with the scheduler.
  const sweeper = createPlatformSweeper(app);
  sweeper.start();
  const stopScheduler = scheduler.stop.bind(scheduler);
  scheduler.stop = async () => {
    await sweeper.stop();
    await stopScheduler();
  };
  return scheduler;
}

main().then(
  (code) => exitWhenFlushed(code),
  (e: unknown) => {
    process.stderr.write(`Scout stopped on an unexpected error: ${(e as Error).message}\n`);
    void exitWhenFlushed(1);
  },
);
