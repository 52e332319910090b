// Dates, money and "who, when" in the words messages use. Times are shown in UTC.
import type { ChangeRecord } from "./types.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** A date given without a time is stored at 00:00 UTC and means the whole day. */
export const isWholeDay = (d: Date) => d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;

/** The last moment a date counts for: the end of the day for a whole-day date. */
export const lastMoment = (d: Date) => (isWholeDay(d) ? new Date(d.getTime() + 86_400_000 - 1) : d);

/** "2026-12-01", or "2026-12-01 14:30 UTC" when it has a time. */
export function dateText(d: Date | null | undefined): string {
  if (!d) return "not set";
  const day = d.toISOString().slice(0, 10);
  return isWholeDay(d) ? day : `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "Tue 1 Dec 2026" for people reading a brief. */
export function longDate(d: Date | null | undefined): string {
  if (!d) return "to be confirmed";
  const wd = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()]!;
  const base = `${wd} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return isWholeDay(d) ? base : `${base}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "10:02 UTC" today, "10:02 UTC on 21 Nov" this year, with the year otherwise. */
export function clockText(at: Date, now: Date): string {
  const time = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`;
  if (at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)) return time;
  const day = `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]}`;
  return at.getUTCFullYear() === now.getUTCFullYear() ? `${time} on ${day}` : `${time} on ${day} ${at.getUTCFullYear()}`;
}

/** "by Mia at 10:02 UTC" (or "at 10:02 UTC" when nobody is recorded). */
export function byWhen(last: ChangeRecord | null, now: Date): string {
  if (!last) return "";
  const who = last.actorName ?? last.actorId;
  return ` by ${who} at ${clockText(last.at, now)}`;
}

/** "since 10:02 UTC by Mia". */
export function sinceBy(last: ChangeRecord | null, now: Date): string {
  if (!last) return "";
  return ` since ${clockText(last.at, now)} by ${last.actorName ?? last.actorId}`;
}

export function money(amount: number | null, currency: string | null | undefined): string {
  if (amount === null) return "not set";
  const n = amount.toLocaleString("en-US", { minimumFractionDigits: Number.isInteger(amount) ? 0 : 2, maximumFractionDigits: 2 });
  return currency ? `${n} ${currency}` : n;
}

export const STATUS_WORDS: Record<string, string> = {
  draft: "draft",
  open: "open",
  active: "active",
  closed: "closed",
  invited: "invited",
  opted_in: "opted in",
  approved: "approved",
  declined: "declined",
  withdrawn: "withdrawn",
  paid: "paid",
  submitted: "submitted",
  changes_requested: "changes requested",
  live: "live",
  rejected: "rejected",
};

export const statusWord = (s: string) => STATUS_WORDS[s] ?? s;

/** How "was already ..." reads for a deliverable's status. */
export const DELIVERABLE_DONE_WORDS: Record<string, string> = {
  submitted: "submitted",
  approved: "approved",
  changes_requested: "sent back for changes",
  live: "marked live",
  rejected: "rejected",
};
