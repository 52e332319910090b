// Builds Scout's parts from the configuration: database, store, services, the command registry.
// main.ts and cli.ts both start from here; nothing else wires things together.
import fs from "node:fs";
import path from "node:path";
import { commands } from "../commands/index.ts";
import type { AnyCommand } from "./core/command.ts";
import type { Services } from "./core/services.ts";
import { createNotifierHub, type NotifierHub } from "./core/notifier.ts";
import { type Config, ConfigError, loadConfig, secretValues } from "./config.ts";
import { createLogger, type Logger } from "./logger.ts";
import { PROJECT_ROOT } from "./root.ts";
import { connectDatabase, type Database } from "./store/db.ts";
import { createFileStore } from "./store/files.ts";
import { createRosterRepo } from "./store/roster.repo.ts";
import { createShortlistRepo } from "./store/shortlist.repo.ts";
import { createAccountRefreshRepo } from "./store/account-refresh.repo.ts";
import { createCampaignRepo } from "./store/campaign.repo.ts";
import { createParticipationRepo } from "./store/participation.repo.ts";
import { createCampaignService } from "./core/campaigns/service.ts";
import { createCreatorService } from "./core/creators/service.ts";
import { createCreatorRepo } from "./store/creator.repo.ts";
import { createLinkService } from "./core/links/service.ts";
import { createLinkRepo } from "./store/link.repo.ts";
import { createMetricsRepo } from "./store/metrics.repo.ts";
import { createDigestRepo } from "./store/digest.repo.ts";
import { createDigestService } from "./core/digest/compose.ts";
import { dispatch, type DispatchRequest, type DispatchResult } from "./adapters/dispatch.ts";
import { createAppDigestJobs } from "./jobs/wire.ts";
import type { PlatformData } from "./core/platform-data/port.ts";
import { createPlatformData } from "./adapters/platforms/index.ts";
import { createVerifier, withVerification } from "./core/platform-data/verify.ts";
import { createAgreementService } from "./core/agreement/service.ts";
import { withAgreement, withAgreementClaims } from "./core/agreement/wire.ts";
import { withExpiringRights } from "./core/agreement/expiring.ts";
import { createAgreementRepo } from "./store/agreement.repo.ts";
import { createPayoutService } from "./core/payouts/service.ts";
import { withPayouts, withPayoutSpend } from "./core/payouts/wire.ts";
import { createPayoutRepo } from "./store/payout.repo.ts";
import { createSeedingService, withSeedingOffers } from "./core/seeding/service.ts";
import { createSeedingRepo } from "./store/seeding.repo.ts";
import { withPayoutAttention } from "./core/payouts/attention.ts";
import { createVerificationRepo } from "./store/verification.repo.ts";
import { createPlatformSnapshotRepo } from "./store/platform-snapshot.repo.ts";
import { reportRefusedOnce } from "./jobs/platform-snapshots.ts";

export interface App {
  config: Config;
  /** Surfaces add their notifier here when they start (Slack, Discord, the console). */
  notifiers: NotifierHub;
  log: Logger;
  db: Database;
  services: Services;
  registry: readonly AnyCommand[];
  dispatch(req: DispatchRequest): Promise<DispatchResult>;
  close(): Promise<void>;
}

export const VERSION: string = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).version;

/** Loads .env from the working directory when there is one (the environment wins). */
export function loadDotEnv(file = ".env"): void {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

/** .env and the environment, checked once. A bad value is reported (naming the variable, never a
 *  secret) on standard error, and null returned: the caller stops. */
export function readConfiguration(): Config | null {
  loadDotEnv();
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.message + "\n");
      return null;
    }
    throw e;
  }
}

export function createRootLogger(config: Config, opts: { quiet?: boolean } = {}): Logger {
  // In the console and the CLI, only warnings reach the terminal unless LOG_LEVEL asks for more.
  const level = opts.quiet && !process.env.LOG_LEVEL ? "warn" : config.LOG_LEVEL;
  return createLogger({ level, secrets: secretValues(config) });
}

/** `now`: the clock every service reads (tests move it to run scheduled jobs at a given time). */
/** `lazyDb`: the database is started and checked by the first query (or db.ready()), not here. */
export async function createApp(config: Config, log: Logger, opts: { db?: Database; now?: () => Date; platforms?: PlatformData; lazyDb?: boolean } = {}): Promise<App> {
  const db =
    opts.db ??
    (await connectDatabase({
      databaseUrl: config.DATABASE_URL,
      embeddedDir: config.EMBEDDED_PG_DIR,
      embeddedPort: config.EMBEDDED_PG_PORT,
      lazy: opts.lazyDb ?? false,
    }));
  if (db.migrationsApplied.length) log.info({ migrations: db.migrationsApplied }, "database migrated");
  const notifiers = createNotifierHub();
  const now = opts.now ?? (() => new Date());
  const publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`;
  const metrics = createMetricsRepo(db.pool);
  // Clients for the platforms whose keys are set (YOUTUBE_API_KEY, INSTAGRAM_*); none without keys.
  const platforms = opts.platforms ?? createPlatformData(config, log, { now });
  // Delivered links are checked against the platforms right after the answer (issue 15).
  const verifier = createVerifier({
    store: createVerificationRepo(db.pool),
    platforms,
    notifier: notifiers,
    now,
    onError: (err, deliverableId) => log.error({ err, deliverableId }, "a deliverable's platform check failed"),
    onRefused: (platform, message) => reportRefusedOnce({ store: createPlatformSnapshotRepo(db.pool), notifier: notifiers, now }, platform, message).then(() => undefined),
  });
  const services: Services = {
    notifier: notifiers,
    roster: createRosterRepo(db.pool),
    shortlist: createShortlistRepo(db.pool),
    accountRefresh: createAccountRefreshRepo(db.pool),
    // Approval also makes the payable (issue 17) and offers the campaign's products to pick.
    campaigns: withSeedingOffers(
      withPayouts(
        withAgreement(
          withVerification(
            createCampaignService({
              store: { ...createCampaignRepo(db.prisma), ...createParticipationRepo(db.prisma) },
              notifier: notifiers,
              now,
              publicBaseUrl,
            }),
            verifier,
          ),
          () => services.agreement,
        ),
        () => services.payouts,
      ),
      () => services.seeding,
    ),
    // The campaign service is read when a creator command runs (it sits next to this one).
    creators: withAgreementClaims(createCreatorService({ store: createCreatorRepo(db.pool), campaigns: () => services.campaigns, notifier: notifiers, now }), () => services.agreement),
    files: createFileStore({ exportDir: config.EXPORT_DIR, maxBytes: config.IMPORT_MAX_MB * 1024 * 1024, maxRows: config.IMPORT_MAX_ROWS }),
    links: withPayoutSpend(createLinkService({ store: createLinkRepo(db, { salt: config.CLICK_IP_SALT }), baseUrl: publicBaseUrl, now }), () => services.payouts),
    // Payables, payments, tax form on file (issue 17); the campaign and link services above feed it.
    payouts: createPayoutService({ store: createPayoutRepo(db.pool), campaigns: () => services.campaigns, notifier: notifiers, now }),
    seeding: createSeedingService({ store: createSeedingRepo(db.pool), campaigns: () => services.campaigns, creators: () => services.creators, notifier: notifiers, now }),
    metrics,
    // Usage rights expiring within 14 days close each digest (issue 16).
    // Overdue payouts and shipments not confirmed after 10 days follow them (issue 17).
    digests: withPayoutAttention(
      withExpiringRights(createDigestService({ store: createDigestRepo(db.pool), metrics }), () => services.agreement),
      () => services.payouts,
      () => services.seeding,
    ),
    platforms,
    verifier,
    agreement: createAgreementService({
      store: createAgreementRepo(db.pool),
      campaigns: () => services.campaigns,
      creators: () => services.creators,
      notifier: notifiers,
      now,
    }),
    now,
  };
  services.digestJobs = createAppDigestJobs({ config, db, digests: () => services.digests, notifier: notifiers, now, log });
  const registry = commands;
  return {
    config,
    notifiers,
    log,
    db,
    services,
    registry,
    dispatch: (req) => dispatch({ registry, services, log }, req),
    close: async () => {
      await verifier.idle();
      await db.close();
    },
  };
}
