// One digest run: claim it, compose it against the figures of the last digest sent to the same
// place, send it through the notifier with a stable key, and record what it showed.
import type { DigestService } from "../core/digest/types.ts";
import type { Message } from "../core/message.ts";
import type { Notifier, Posted } from "../core/notifier.ts";
import type { Logger } from "../logger.ts";
import type { JobRun, JobRunStore } from "./ports.ts";

/** Scheduled and on-demand digests: both count as "the last digest" of a channel. */
export const DIGEST_JOBS = ["digest", "digest-now"];
export const MAX_ATTEMPTS = 3;
/** A failed run is tried again after this (the Slack client has already retried 5xx and 429 by itself). */
export const RETRY_AFTER_MS = 5 * 60_000;
/** A claim older than this whose process went quiet may be taken over (a send takes seconds). */
export const STALE_MS = 10 * 60_000;

export interface DigestSendDeps {
  digests(): DigestService | undefined;
  notifier: Notifier;
  runs: JobRunStore;
  /** Who claims (process and scheduler instance). */
  instance: string;
  log: Logger;
}

export interface DigestRequest {
  job: "digest" | "digest-now";
  channelId: string;
  period: string;
  campaignSlug: string | null;
  /** The time the digest is as of (the injected clock). */
  at: Date;
  /** A catch-up of a run missed while Scout was down: when it was due. */
  late?: { dueAt: string; timezone: string } | undefined;
}

export type DigestOutcome =
  | { status: "sent"; run: JobRun; posted: Posted | undefined; campaigns: string[] }
  | { status: "skipped" }
  | { status: "failed"; run: JobRun; error: Error };

export const digestKey = (r: Pick<DigestRequest, "job" | "channelId" | "period">) => `${r.job}:${r.channelId}:${r.period}`;

function labelLate(m: Message, late: NonNullable<DigestRequest["late"]>): Message {
  const note = `Late: this digest was due at ${late.dueAt} (${late.timezone}) while Scout was not running; the figures are as of now.`;
  return { ...m, title: `${m.title ?? "Digest"} (late)`, text: m.text ? `${note}\n${m.text}` : note };
}

export async function sendDigest(d: DigestSendDeps, r: DigestRequest): Promise<DigestOutcome> {
  const key = digestKey(r);
  const run = await d.runs.claim(
    { job: r.job, target: r.channelId, period: r.period },
    { by: d.instance, at: r.at, late: Boolean(r.late), maxAttempts: MAX_ATTEMPTS, staleMs: STALE_MS, retryAfterMs: RETRY_AFTER_MS },
  );
  if (!run) return { status: "skipped" };
  const late = run.late ? (r.late ?? { dueAt: "its time", timezone: "local" }) : undefined;
  try {
    const service = d.digests();
    if (!service) throw new Error("the digest service is not available");
    const scope = r.campaignSlug ?? null;
    const prev = await d.runs.lastDone(DIGEST_JOBS, r.channelId, scope);
    const digest = await service.compose({
      now: r.at,
      campaignSlug: scope,
      previous: (prev?.data.figures as Record<string, unknown> | undefined) ?? null,
      since: prev?.finishedAt ?? null,
    });
    const message = late ? labelLate(digest.message, late) : digest.message;
    const posted =
      (await d.notifier.toMarketers({
        kind: "digest",
        channelId: r.channelId,
        message,
        ...(digest.chart ? { attachment: { name: digest.chart.name, mime: "image/png", title: message.title ?? "Digest chart", data: digest.chart.png } } : {}),
        key,
      })) ?? undefined;
    const data = {
      scope,
      key,
      figures: digest.figures,
      campaigns: digest.campaigns,
      ...(posted ? { posted: { surface: posted.surface, channelId: posted.channelId, messageId: posted.messageId } } : {}),
    };
    if (!(await d.runs.finish(run.id, { by: d.instance, at: r.at, data })))
      d.log.warn({ job: r.job, target: r.channelId, period: r.period }, "a digest was sent but its run was taken over meanwhile");
    d.log.info({ job: r.job, channel: r.channelId, period: r.period, late: run.late, campaigns: digest.campaigns.length }, "digest sent");
    return { status: "sent", run, posted, campaigns: digest.campaigns };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    await d.runs.fail(run.id, { by: d.instance, at: r.at, error: error.message, data: { scope: r.campaignSlug ?? null, key } }).catch(() => false);
    d.log.error({ err: error, job: r.job, channel: r.channelId, period: r.period, attempt: run.data.attempts }, "digest run failed");
    return { status: "failed", run, error };
  }
}
