// Daily performance digests: schedule one per Slack channel, list, cancel, or send one now. On the
// local console (and the CLI) without Slack, the digest is printed there and its chart saved in
// EXPORT_DIR; a console schedule is stored like a channel's and printed by the console at its time.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { UsageError, UserError } from "../src/core/errors.ts";
import type { Invocation } from "../src/core/invocation.ts";
import { reply } from "../src/core/message.ts";
import type { Services } from "../src/core/services.ts";
import { CONSOLE_TARGET, type DigestJobs, type DigestScheduleView } from "../src/core/jobs/digest-jobs.ts";
import { canonicalTimeZone, normaliseHhmm } from "../src/core/jobs/time.ts";

const channelOption = z
  .string({ message: "expects a Slack channel, e.g. channel:#growth" })
  .trim()
  .min(1, { message: "expects a Slack channel, e.g. channel:#growth" })
  .describe("<#channel> a Slack channel: pick it from Slack's list so it is linked, or its id (C…)");
/** Where a digest goes when channel: is left out: the Slack channel typed in, or this console. */
const channelOrHere = channelOption
  .optional()
  .describe("<#channel> a Slack channel, picked from Slack's list or its id (C…); default: the channel you type in (on the console: the console)");
const campaignOption = z
  .string()
  .trim()
  .min(1, { message: "expects a campaign slug, e.g. campaign:spring-launch" })
  .transform((s) => s.toLowerCase())
  .optional()
  .describe("<slug> only this campaign (default: every active campaign)");

/** Slack sends `<#C123|growth>` for a linked channel; people may also type an id or `#growth`. */
export function parseChannel(raw: string): { id: string; name: string | null } | { name: string } {
  const linked = /^<#([CG][A-Z0-9]+)(?:\|([^>]*))?>$/.exec(raw);
  if (linked) return { id: linked[1]!, name: linked[2] || null };
  if (/^[CG][A-Z0-9]{6,}$/.test(raw)) return { id: raw, name: null };
  return { name: raw.replace(/^#/, "").toLowerCase() };
}

function jobsOf(services: Services): DigestJobs {
  if (!services.digestJobs) throw new UserError("DIGESTS_OFF", "Digests are not available in this Scout.");
  return services.digestJobs;
}

const onConsole = (inv: Invocation) => inv.surface === "console" || inv.surface === "cli";

/** `instead`: the same command without channel:, which works on the console. */
async function resolveChannel(jobs: DigestJobs, raw: string, inv: Invocation, instead: string): Promise<{ id: string; name: string | null }> {
  // Without Slack a Slack channel would be stored (or sent to) and never reached: say so plainly.
  if (onConsole(inv) && !jobs.slack)
    throw new UserError(
      "CHANNEL_NEEDS_SLACK",
      "Slack channels need Slack: Scout runs here without it (SLACK_BOT_TOKEN is not set).",
      `Leave out channel: and the digest is printed on this console: ${instead}\nTo post in Slack, set SLACK_BOT_TOKEN (see Connecting Slack in the README).`,
    );
  const c = parseChannel(raw);
  if ("id" in c) return c;
  if (!/^[a-z0-9][a-z0-9._-]{0,79}$/.test(c.name)) throw new UsageError(`channel: "${raw}" is not a Slack channel name or id`, undefined, undefined, { channel: "is not a channel" });
  const found = jobs.findChannel ? await jobs.findChannel(c.name) : null;
  if (found) return found;
  throw new UserError(
    "CHANNEL_UNKNOWN",
    jobs.findChannel ? `Scout cannot find the channel #${c.name} (or cannot see it: is it private?).` : `Scout cannot look up #${c.name} by name here.`,
    "Type channel:# and pick the channel from Slack's list so Slack links it, or give its id (C…, at the bottom of the channel's details). For a private channel, invite Scout first (/invite @Scout).",
  );
}

const where = (s: { channelId: string; channelName: string | null }) =>
  s.channelId === CONSOLE_TARGET ? "this console" : s.channelName ? `#${s.channelName} (${s.channelId})` : s.channelId;
const when = (d: Date, tz: string) =>
  d.toLocaleString("en-GB", { timeZone: tz, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hour12: false });
const scheduleJson = (s: DigestScheduleView) => ({ ...s, nextRunAt: s.nextRunAt.toISOString(), lastSentAt: s.lastSentAt?.toISOString() ?? null });

async function checkCampaign(services: Services, slug: string | undefined) {
  if (slug && !(await services.campaigns.findBySlug(slug)))
    throw new UserError("CAMPAIGN_NOT_FOUND", `There is no campaign "${slug}".`, "/scout campaign list shows the campaigns and their slugs.");
}

export const digestSchedule = defineCommand({
  name: "digest schedule",
  summary: "Send a daily performance digest to a Slack channel at a local time",
  description:
    "One schedule per channel: scheduling a channel again changes its time, zone or campaign. The digest covers every active " +
    "campaign (or one, with campaign:) and shows the change since the last digest sent to that channel. One scheduled digest per channel and day.",
  audience: "marketer",
  options: z.object({
    channel: channelOrHere,
    at: z
      .string({ message: "expects a time of day, e.g. at:09:00" })
      .refine((s) => normaliseHhmm(s) !== null, { message: "expects a time of day as HH:MM (24 hours), e.g. at:09:00" })
      .transform((s) => normaliseHhmm(s)!)
      .describe("<HH:MM> local time, 24 hours"),
    tz: z
      .string()
      .refine((s) => canonicalTimeZone(s) !== null, { message: "expects an IANA time zone, e.g. tz:Europe/Berlin or tz:America/New_York" })
      .transform((s) => canonicalTimeZone(s)!)
      .default("UTC")
      .describe("<zone> IANA time zone, e.g. Europe/Berlin (default UTC)"),
    campaign: campaignOption,
  }),
  examples: [
    "/scout digest schedule at:09:00 tz:Europe/Berlin",
    "/scout digest schedule channel:#growth at:09:00 tz:Europe/Berlin",
    "/scout digest schedule channel:#spring at:17:30 tz:America/New_York campaign:spring-launch",
  ],
  async run({ options, services, invocation }) {
    const jobs = jobsOf(services);
    const instead = `/scout digest schedule at:${options.at} tz:${options.tz}${options.campaign ? ` campaign:${options.campaign}` : ""}`;
    const channel = options.channel ? await resolveChannel(jobs, options.channel, invocation, instead) : { id: placeOf(invocation, jobs), name: null };
    await checkCampaign(services, options.campaign);
    const r = await jobs.schedule({ channelId: channel.id, channelName: channel.name, at: options.at, timezone: options.tz, campaignSlug: options.campaign ?? null, by: invocation.actor.id });
    const s = r.schedule;
    const toConsole = s.channelId === CONSOLE_TARGET;
    const text = [
      `Daily digest ${r.created ? "scheduled" : "updated"} ${toConsole ? "on" : "for"} ${where(s)} at ${s.at} ${s.timezone}, covering ${s.campaignSlug ? `the campaign ${s.campaignSlug}` : "every active campaign"}.`,
      `Next one: ${when(s.nextRunAt, s.timezone)} (${s.timezone})${r.sentToday ? `; today's was already sent ${toConsole ? "here" : "to this channel"}` : ""}.`,
      toConsole
        ? `It is printed ${invocation.surface === "console" ? "here" : "on Scout's console (npm start)"} while Scout runs, its chart saved as a PNG in EXPORT_DIR; ` +
          "a digest missed while Scout was not running is printed when it starts, marked late. In Slack, schedule a channel with channel:#name."
        : "Invite Scout to the channel if it is private (/invite @Scout).",
    ].join("\n");
    return reply({ text, tone: "success" }, { outcome: r.created ? "created" : "updated", schedule: scheduleJson(s) });
  },
});

export const digestList = defineCommand({
  name: "digest list",
  summary: "List the daily digest schedules",
  audience: "marketer",
  options: z.object({}),
  examples: ["/scout digest list"],
  async run({ services, invocation }) {
    const rows = await jobsOf(services).list();
    // The suggestion works where it is read: without channel: it schedules this channel, or this console.
    if (!rows.length)
      return reply(
        { text: `No digest is scheduled. To get one ${onConsole(invocation) ? "printed here" : "in this channel"} every day at 09:00 (Berlin time): /scout digest schedule at:09:00 tz:Europe/Berlin`, tone: "info" },
        { schedules: [] },
      );
    return reply(
      {
        title: "Daily digests",
        sections: [
          {
            table: {
              columns: ["Channel", "Time", "Campaigns", "Next", "Last sent"],
              rows: rows.map((s) => [where(s), `${s.at} ${s.timezone}`, s.campaignSlug ?? "all active", when(s.nextRunAt, s.timezone), s.lastSentAt ? when(s.lastSentAt, s.timezone) : "never"]),
            },
          },
        ],
      },
      { schedules: rows.map(scheduleJson) },
    );
  },
});

export const digestCancel = defineCommand({
  name: "digest cancel",
  summary: "Stop a channel's daily digest",
  audience: "marketer",
  options: z.object({ channel: channelOrHere }),
  examples: ["/scout digest cancel", "/scout digest cancel channel:#growth"],
  async run({ options, services, invocation }) {
    const jobs = jobsOf(services);
    const channel = options.channel ? await resolveChannel(jobs, options.channel, invocation, "/scout digest cancel") : { id: placeOf(invocation, jobs), name: null };
    const s = await jobs.cancel(channel.id);
    if (!s) return reply({ text: `No digest was scheduled for ${where({ channelId: channel.id, channelName: channel.name })}; nothing changed.`, tone: "info" }, { outcome: "none" });
    return reply({ text: `The daily digest for ${where(s)} (${s.at} ${s.timezone}) is cancelled.`, tone: "success" }, { outcome: "cancelled", schedule: scheduleJson(s) });
  },
});

/** Where a digest goes when channel: is left out: the Slack channel typed in; SLACK_NOTIFY_CHANNEL
 *  when Slack is configured; on the console (and the CLI) without Slack, the console. */
function placeOf(inv: Invocation, jobs: DigestJobs): string {
  if (inv.surface === "slack" && inv.place.channelId) return inv.place.channelId;
  const slackDefault = jobs.defaultChannel && /^[CG][A-Z0-9]{6,}$/.test(jobs.defaultChannel) ? jobs.defaultChannel : null;
  if (onConsole(inv)) return jobs.slack && slackDefault ? slackDefault : CONSOLE_TARGET;
  if (slackDefault) return slackDefault;
  throw new UserError("DIGEST_NO_CHANNEL", "There is no channel to send the digest to.", "Name one with channel:#growth, or set SLACK_NOTIFY_CHANNEL.");
}

export const digestNow = defineCommand({
  name: "digest now",
  summary: "Send a performance digest now (to this channel, or channel:)",
  audience: "marketer",
  slow: true,
  options: z.object({ campaign: campaignOption, channel: channelOrHere }),
  examples: ["/scout digest now", "/scout digest now campaign:spring-launch", "/scout digest now channel:#growth"],
  async run({ options, services, invocation }) {
    const jobs = jobsOf(services);
    await checkCampaign(services, options.campaign);
    const instead = `/scout digest now${options.campaign ? ` campaign:${options.campaign}` : ""}`;
    const channelId = options.channel ? (await resolveChannel(jobs, options.channel, invocation, instead)).id : placeOf(invocation, jobs);
    const r = await jobs.sendNow({ channelId, campaignSlug: options.campaign ?? null, requestId: invocation.id });
    const what = r.campaigns.length ? `${r.campaigns.length} campaign${r.campaigns.length === 1 ? "" : "s"}` : "no active campaign";
    const text =
      channelId === CONSOLE_TARGET
        ? `Digest printed above (${what})${r.chart ? `; its chart is ${r.chart}` : "; no chart (no numbers to draw yet)"}.`
        : `Digest sent to ${channelId} (${what}).`;
    return reply({ text, tone: "success", ephemeral: true }, { outcome: "sent", ...r });
  },
});
