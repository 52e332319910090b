// Local dates and times in IANA zones, with Intl only (no date library): what "09:00 in
// Europe/Berlin" is as an instant on a given day, and which local day an instant falls on.

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The zone's canonical name ("europe/berlin" → "Europe/Berlin"), or null when Intl does not know it. */
export function canonicalTimeZone(tz: string): string | null {
  try {
    const name = new Intl.DateTimeFormat("en", { timeZone: tz.trim() }).resolvedOptions().timeZone;
    return name === "Etc/UTC" || name === "Etc/GMT" ? "UTC" : name;
  } catch {
    return null;
  }
}

export interface LocalTime {
  /** "2026-11-22" */
  date: string;
  /** "09:05" */
  time: string;
  hour: number;
  minute: number;
}

export function localTime(at: Date, tz: string): LocalTime {
  const p = Object.fromEntries(formatter(tz).formatToParts(at).map((x) => [x.type, x.value]));
  const hour = Number(p.hour), minute = Number(p.minute);
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, hour, minute };
}

/** Milliseconds the zone is ahead of UTC at this instant. */
function offsetMs(at: Date, tz: string): number {
  const p = Object.fromEntries(formatter(tz).formatToParts(at).map((x) => [x.type, Number(x.value)]));
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of local `hhmm` on local `date` in `tz` (in a DST gap: the same wall time shifted forward). */
export function zonedInstant(date: string, hhmm: string, tz: string): Date {
  const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
  const [h, mi] = hhmm.split(":").map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let t = wall - offsetMs(new Date(wall), tz);
  t = wall - offsetMs(new Date(t), tz);
  return new Date(t);
}

export function addDays(date: string, n: number): string {
  const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + n)).toISOString().slice(0, 10);
}

/** The latest time `hhmm` in `tz` at or before `at`, with its local date (the run's period). */
export function latestOccurrence(at: Date, hhmm: string, tz: string): { instant: Date; period: string } {
  const today = localTime(at, tz).date;
  const t = zonedInstant(today, hhmm, tz);
  if (t.getTime() <= at.getTime()) return { instant: t, period: today };
  const y = addDays(today, -1);
  return { instant: zonedInstant(y, hhmm, tz), period: y };
}

/** The next time `hhmm` in `tz` strictly after `at`. */
export function nextOccurrence(at: Date, hhmm: string, tz: string): Date {
  const today = localTime(at, tz).date;
  const t = zonedInstant(today, hhmm, tz);
  return t.getTime() > at.getTime() ? t : zonedInstant(addDays(today, 1), hhmm, tz);
}

const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** "9:05" → "09:05"; null when it is not a time of day. */
export function normaliseHhmm(s: string): string | null {
  const m = HHMM.exec(s.trim());
  return m ? `${m[1]!.padStart(2, "0")}:${m[2]}` : null;
}

/** node-cron's expression for every day at `hhmm`: "minute hour * * *". */
export function dailyCron(hhmm: string): string {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return `${m} ${h} * * *`;
}
