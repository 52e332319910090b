// The ports a command may use. main.ts wires the store and platform implementations in.
import type { RosterWriter } from "./roster/import.ts";
import type { ShortlistStore } from "./shortlist/shortlist.ts";
import type { Notifier } from "./notifier.ts";
import type { CampaignService } from "./campaigns/service.ts";
import type { CreatorService } from "./creators/service.ts";
import type { LinkService } from "./links/service.ts";
import type { MetricsStore } from "./metrics/types.ts";
import type { DigestService } from "./digest/types.ts";
import type { DigestJobs } from "./jobs/digest-jobs.ts";
import type { PlatformData } from "./platform-data/port.ts";
import type { AccountRefreshStore } from "./roster/refresh.ts";
import type { Verifier } from "./platform-data/verify.ts";
import type { AgreementService } from "./agreement/service.ts";
import type { PayoutService } from "./payouts/service.ts";
import type { SeedingService } from "./seeding/service.ts";

/** What scoring needs to know of a campaign (issue 4 grows the campaign port). */
export interface CampaignSummary {
  id: string;
  slug: string;
  name: string;
  objective: string;
  status: string;
  /** Stored target criteria (validated when used). */
  criteria: unknown;
}

export interface CampaignLookup {
  findBySlug(slug: string): Promise<CampaignSummary | null>;
}

/** A file opened for import: its name for messages, its size, and its bytes as a stream. */
export interface ImportSource {
  label: string;
  bytes: number;
  chunks(): AsyncIterable<Uint8Array>;
}

export interface FileStore {
  /** Limits of a file to import: its size, and its data rows. */
  limits: { maxBytes: number; maxRows: number };
  /** Opens a file on this machine for import, as a stream (never read whole). Throws UserError
   *  FILE_NOT_FOUND, or FILE_TOO_LARGE over `limits.maxBytes` (also when it grows while read).
   *  Commands reach it through core/files.ts openImports, which decides who may name a path. */
  open(path: string, label?: string): Promise<ImportSource>;
  /** Writes an export (text, or bytes such as a PNG) in EXPORT_DIR and returns its full path. */
  writeExport(name: string, content: string | Uint8Array): Promise<string>;
}

export interface Services {
  /** Outbound messages to the surfaces that are on. */
  notifier: Notifier;
  roster: RosterWriter;
  shortlist: ShortlistStore;
  /** Campaigns: look-up for scoring, and the whole workflow (briefs, lifecycle, opt-ins, deliverables). */
  campaigns: CampaignService;
  /** What creators do themselves: profile, opt in/out, deliverables, their own metrics and status. */
  creators: CreatorService;
  files: FileStore;
  /** Tracked links' address, promo codes and spend per participation. */
  links: LinkService;
  /** Performance sums (reach, engagements, clicks, conversions, spend) per deliverable, creator, campaign and day; metrics import. */
  metrics: MetricsStore;
  /** The daily digest: figures, message and chart (src/jobs schedules and sends it). */
  digests: DigestService;
  /** Digest schedules per Slack channel and digests sent now (src/jobs). Absent where no scheduler is wired. */
  digestJobs?: DigestJobs;
  /** Posts and accounts fetched from the platforms themselves (YouTube, Instagram), where a key is configured. */
  platforms: PlatformData;
  /** Roster refresh: which accounts matter, and writing what a platform answered for one (snapshots). */
  accountRefresh?: AccountRefreshStore;
  /** Checks delivered links against the platforms (issue 15); absent where not wired. */
  verifier?: Verifier;
  /** Terms, drafts before posting and usage rights (issue 16). */
  agreement: AgreementService;
  /** Payables, payments, tax form on file and the year's export (issue 17). */
  payouts: PayoutService;
  /** Product seeding: products, variants picked, shipments and receipts (issue 17). */
  seeding: SeedingService;
  now(): Date;
}
