// The answer of a roster refresh: what was fetched from which platform, what was not and why.
import type { Field, Message, Section } from "../message.ts";
import type { Platform } from "../platform.ts";
import { plural } from "../text.ts";
import { keyHelp, PLATFORM_NAMES, type RefreshSummary } from "./refresh.ts";

const SHOWN = 15;

const n = (x: number) => x.toLocaleString("en-US");
const day = (d: Date) => d.toISOString().slice(0, 10);
const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
const SOURCE_WORDS: Record<string, string> = { import: "imported", creator: "declared by the creator", manual: "typed by a marketer", platform: "from the platform" };

/** The keys that would give Scout a client for a platform that has a usable API. */
const KEY_NAMES: Partial<Record<Platform, string>> = {
  youtube: "YOUTUBE_API_KEY",
  instagram: "INSTAGRAM_BUSINESS_ACCOUNT_ID and INSTAGRAM_ACCESS_TOKEN",
};

/** Platforms Scout cannot fetch here: what stays true of their figures (and the key, where one would help). */
export function noApiLine(platform: Platform, accounts: number): string {
  const key = KEY_NAMES[platform];
  const why = key ? `no API key configured (${key} would add it)` : "no platform API here";
  return `${PLATFORM_NAMES[platform]}: ${why}; figures stay as imported/self-reported (${n(accounts)} ${plural(accounts, "account")} not refreshed).`;
}

/** The answer when no platform has a client: what key would be needed; nothing changed. */
export function noPlatformMessage(selected: number | null): Message {
  const keys = keyHelp();
  return {
    title: "No platform API configured",
    tone: "warning",
    text:
      "Nothing was refreshed or changed: `roster refresh` fetches followers, following and recent posts from the platforms' own APIs, and none is configured here." +
      (selected !== null && selected > 0 ? ` ${n(selected)} ${plural(selected, "account")} would be refreshed.` : "") +
      " Figures stay as imported or self-reported.",
    sections: [{ title: "Keys that would add platform figures", text: keys.map((k) => `• ${k}`).join("\n") }],
  };
}

const pct = (x: number) => `${(x * 100).toFixed(2).replace(/\.?0+$/, "")}%`;

/** "; median ER 3.1% → 2.4%" when the refresh changed it (new posts, or followers on per-follower platforms). */
function erDrift(er: { before: number | null; after: number | null }): string {
  if (er.after === null) return "";
  if (er.before === null) return `; median ER ${pct(er.after)}`;
  return Math.abs(er.after - er.before) < 5e-5 ? "" : `; median ER ${pct(er.before)} → ${pct(er.after)}`;
}

export function refreshMessage(s: RefreshSummary, scope: string): Message {
  const refreshed = s.platforms.reduce((x, p) => x + p.refreshed, 0);
  const fields: Field[] = s.platforms.map((p) => {
    const parts = [`${n(p.refreshed)} of ${n(p.accounts)} refreshed`];
    if (p.postsSeen) parts.push(`${n(p.postsSeen)} recent ${plural(p.postsSeen, "post")} updated`);
    if (p.notFound.length) parts.push(`${n(p.notFound.length)} not found`);
    if (p.stopped) parts.push(`${n(p.stopped.left)} left for later`);
    return { label: PLATFORM_NAMES[p.platform], value: parts.join(", ") };
  });
  const sections: Section[] = [];
  if (fields.length) sections.push({ fields });

  const changes = s.changes.slice(0, SHOWN).map((c) => {
    const now = c.followers === null ? "followers hidden" : `${n(c.followers)} followers`;
    const prev = c.previous;
    const er = erDrift(c.er);
    if (!prev || prev.followers === null || c.followers === null) return `@${c.handle} (${PLATFORM_NAMES[c.platform]}): ${now} (first snapshot)${er}`;
    const diff = c.followers - prev.followers;
    const sign = diff > 0 ? "+" : diff < 0 ? "−" : "±";
    return `@${c.handle} (${PLATFORM_NAMES[c.platform]}): ${n(prev.followers)} → ${now} (${sign}${n(Math.abs(diff))} since ${day(prev.takenOn)}, ${SOURCE_WORDS[prev.source] ?? prev.source})${er}`;
  });
  if (s.changes.length > SHOWN) changes.push(`...and ${n(s.changes.length - SHOWN)} more.`);
  if (changes.length) sections.push({ title: `Followers (from the platform, ${day(s.at)})`, text: changes.join("\n") });

  const problems: string[] = [];
  for (const p of s.platforms) {
    const name = PLATFORM_NAMES[p.platform];
    for (const h of p.notFound.slice(0, SHOWN))
      problems.push(`@${h} (${name}): not found on ${name}${p.platform === "instagram" ? " (not a professional account, private, or renamed)" : " (renamed or removed)"}; its figures stay as they were.`);
    if (p.notFound.length > SHOWN) problems.push(`...and ${n(p.notFound.length - SHOWN)} more not found on ${name}.`);
    const st = p.stopped;
    if (!st) continue;
    const left = `${n(st.left)} ${plural(st.left, "account")} left for the next run`;
    if (st.kind === "quota")
      problems.push(`${name}: the API quota is used up; stopped with ${left}${st.retryAt ? `; the quota resets at ${when(st.retryAt)}` : ""}.`);
    else if (st.kind === "auth") problems.push(`${name}: ${st.message} Stopped with ${left}.`);
    else problems.push(`${name} did not answer (${st.message}); stopped with ${left}${st.retryAt ? `; try again after ${when(st.retryAt)}` : ""}.`);
  }
  for (const k of s.skipped) problems.push(noApiLine(k.platform, k.accounts));
  if (problems.length) sections.push({ title: "Not refreshed", text: problems.join("\n") });

  const trouble = s.platforms.some((p) => p.stopped || p.notFound.length) || s.cancelled;
  const text = s.cancelled
    ? `Cancelled: ${n(refreshed)} ${plural(refreshed, "account")} refreshed before it stopped; each of them is whole, the others are as they were.`
    : s.selected === 0
      ? `Nothing to refresh: ${scope} has no accounts.`
      : `${n(refreshed)} of ${n(s.selected)} ${plural(s.selected, "account")} (${scope}) refreshed from the platforms; each refreshed account has a follower snapshot for ${day(s.at)} (source: platform), which the shortlist's authenticity reads for follower spikes.`;
  return {
    title: refreshed ? "Roster refreshed" : "Nothing refreshed",
    tone: trouble ? "warning" : refreshed ? "success" : "info",
    text,
    sections,
  };
}
