// The digest port: what the scheduled and on-demand digests need from the metrics side.
// src/core/digest builds it (figures, Block Kit-sized message, chart); src/jobs schedules and sends it.
import type { Message } from "../message.ts";

/** Figures a digest showed, kept on its JobRun (JSON) so the next digest can show the change. */
export type DigestFigures = Record<string, unknown>;

export interface ComposedDigest {
  /** The message to post (within Block Kit limits: many campaigns are summarised, with a "see all" pointer to App Home). */
  message: Message;
  /** PNG of engagements and clicks per day over the campaign(s); null when there is nothing to draw. */
  chart: { name: string; png: Uint8Array } | null;
  /** What this digest showed, to store and pass back as `previous` next time. */
  figures: DigestFigures;
  /** Campaigns covered (slugs). */
  campaigns: string[];
}

export interface DigestService {
  /**
   * Builds the digest of every active campaign (or only `campaignSlug`) as of `now`.
   * `previous` is the figures of the last digest sent to the same place (null for the first):
   * "new since the last digest" and the changes are measured against it; `since` is when it was sent.
   */
  compose(req: {
    now: Date;
    campaignSlug?: string | null;
    previous?: DigestFigures | null;
    since?: Date | null;
  }): Promise<ComposedDigest>;
}
