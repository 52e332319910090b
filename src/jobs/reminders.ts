// The daily reminders to creators (Discord DMs through notifier.toCreator): two days before a due
// date, and the day after it was missed. Each (participation, kind, day) is claimed once.
import type { Message } from "../core/message.ts";
import type { Notifier } from "../core/notifier.ts";
import type { Logger } from "../logger.ts";
import type { DueItem, JobRunStore, ReminderSource, ShipmentReminder } from "./ports.ts";
import { MAX_ATTEMPTS, RETRY_AFTER_MS, STALE_MS } from "./digest-send.ts";
import { addDays, localTime } from "../core/jobs/time.ts";

export type ReminderKind = "draft-soon" | "draft-missed" | "live-soon" | "live-missed";

export interface ReminderDeps {
  source: ReminderSource;
  runs: JobRunStore;
  notifier: Notifier;
  instance: string;
  log: Logger;
}

const dayLabel = (at: Date, tz: string) =>
  at.toLocaleString("en-GB", { timeZone: tz, weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", hour12: false, timeZoneName: "short" });

/** The friendly note a creator gets. */
export function reminderMessage(item: DueItem, kind: ReminderKind, tz: string): Message {
  const when = dayLabel(item.dueAt, tz);
  // Message text is plain on every surface (each escapes markdown), so no ** or backticks here.
  const campaign = item.campaignName;
  const deliver = `/deliver campaign:${item.campaignSlug}`;
  // A campaign that reviews drafts before posting takes the draft through /draft (issue 16).
  const sendDraft = item.viaDraft ? `/draft campaign:${item.campaignSlug}` : deliver;
  const hi = `Hi ${item.creatorName}!`;
  switch (kind) {
    case "draft-soon":
      return {
        title: `Reminder: your draft for ${item.campaignName} is due in two days`,
        text: `${hi} Your draft for ${campaign} is due on ${when}. When it is ready, send ${item.viaDraft ? "it" : "the link"} with ${sendDraft}.`,
      };
    case "draft-missed":
      return {
        title: `Your draft for ${item.campaignName} is overdue`,
        text: `${hi} Your draft for ${campaign} was due on ${when} and we have not received it yet. Send it as soon as you can with ${sendDraft}, or reply here if you need more time.`,
        tone: "warning",
      };
    case "live-soon":
      return {
        title: `Reminder: your post for ${item.campaignName} goes live in two days`,
        text: `${hi} Your approved content for ${campaign} is due to go live on ${when}. Once it is published, send the live link with ${deliver}.`,
      };
    case "live-missed":
      return {
        title: `Your post for ${item.campaignName} is not live yet`,
        text: `${hi} Your approved content for ${campaign} was due to go live on ${when}. Please publish it and send the live link with ${deliver}, or reply here if something is in the way.`,
        tone: "warning",
      };
  }
}

/** Asks a creator whether a product shipped 10 days ago arrived, with the I got it button (issue 17). */
export function shipmentReminderMessage(s: ShipmentReminder): Message {
  return {
    title: `Did your ${s.product} arrive?`,
    text: `Hi ${s.creatorName}! ${s.product} (${s.variant}) for ${s.campaignName} was shipped${s.carrier ? ` with ${s.carrier}` : ""}${s.tracking ? `, tracking number ${s.tracking}` : ""}. Press I got it once it is with you, or reply here if it has not arrived.`,
    actions: [{ id: `received-${s.shipmentId}`, label: "I got it", style: "primary", value: `received id:${s.shipmentId}` }],
  };
}

export interface ReminderResult {
  sent: number;
  skipped: number;
  failed: number;
}

/** Sends the reminders of local day `day` in `tz` that no process has sent yet. */
export async function sendReminders(d: ReminderDeps, o: { day: string; tz: string; at: Date }): Promise<ReminderResult> {
  const soon = addDays(o.day, 2), missed = addDays(o.day, -1);
  const items = await d.source.dueOn([soon, missed], o.tz);
  const result: ReminderResult = { sent: 0, skipped: 0, failed: 0 };
  for (const item of items) {
    const due = localTime(item.dueAt, o.tz).date;
    const kind: ReminderKind | null = due === soon ? `${item.what}-soon` : due === missed ? `${item.what}-missed` : null;
    if (!kind) continue;
    const run = await d.runs.claim(
      { job: "reminder", target: `${item.participationId}:${kind}`, period: o.day },
      { by: d.instance, at: o.at, maxAttempts: MAX_ATTEMPTS, staleMs: STALE_MS, retryAfterMs: RETRY_AFTER_MS },
    );
    if (!run) {
      result.skipped++;
      continue;
    }
    try {
      if (!d.notifier.toCreator) throw new Error("no surface can message creators");
      const delivered = await d.notifier.toCreator({ creatorId: item.creatorId, discordUserId: item.discordUserId, name: item.creatorName }, reminderMessage(item, kind, o.tz));
      // Not delivered (no Discord link, Discord off): a failed run, retried later the same day, never "sent".
      if (!delivered) throw new Error(item.discordUserId ? "no surface could reach the creator (is Discord connected?)" : "the creator has no Discord account linked");
      await d.runs.finish(run.id, { by: d.instance, at: o.at, data: { kind, campaign: item.campaignSlug, creatorId: item.creatorId } });
      result.sent++;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      await d.runs.fail(run.id, { by: d.instance, at: o.at, error }).catch(() => false);
      d.log.error({ err: e, participation: item.participationId, kind }, "a reminder could not be sent");
      result.failed++;
    }
  }
  // Products not confirmed 10 days after shipping: each creator is asked once per shipment.
  for (const s of (await d.source.unconfirmedShipments?.(o.at)) ?? []) {
    const run = await d.runs.claim(
      { job: "reminder", target: `${s.shipmentId}:shipment-unconfirmed`, period: "once" },
      { by: d.instance, at: o.at, maxAttempts: MAX_ATTEMPTS, staleMs: STALE_MS, retryAfterMs: RETRY_AFTER_MS },
    );
    if (!run) {
      result.skipped++;
      continue;
    }
    try {
      if (!d.notifier.toCreator) throw new Error("no surface can message creators");
      const delivered = await d.notifier.toCreator({ creatorId: s.creatorId, discordUserId: s.discordUserId, name: s.creatorName }, shipmentReminderMessage(s));
      if (!delivered) throw new Error(s.discordUserId ? "no surface could reach the creator (is Discord connected?)" : "the creator has no Discord account linked");
      await d.runs.finish(run.id, { by: d.instance, at: o.at, data: { kind: "shipment-unconfirmed", shipment: s.shipmentId, creatorId: s.creatorId } });
      result.sent++;
    } catch (e) {
      await d.runs.fail(run.id, { by: d.instance, at: o.at, error: e instanceof Error ? e.message : String(e) }).catch(() => false);
      d.log.error({ err: e, shipment: s.shipmentId }, "a shipment reminder could not be sent");
      result.failed++;
    }
  }
  return result;
}
