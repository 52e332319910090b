// One zod schema for the environment, parsed once at start. Every key is mirrored in .env.example.
import { z } from "zod";
import { canonicalTimeZone, normaliseHhmm } from "./core/jobs/time.ts";

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = () => z.preprocess(emptyToUndefined, z.string().trim().optional());
const bool = (dflt: boolean) =>
  z.preprocess(
    emptyToUndefined,
    z
      .enum(["true", "false", "1", "0", "yes", "no"], { message: 'expected "true" or "false"' })
      .default(dflt ? "true" : "false")
      .transform((v) => v === "true" || v === "1" || v === "yes"),
  );
const port = (dflt: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: "expected a port number" })
      .int({ message: "expected a whole port number" })
      .min(0, { message: "expected a port number from 0 to 65535" })
      .max(65535, { message: "expected a port number from 0 to 65535" })
      .default(dflt),
  );
const httpUrl = (what: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .url({ message: `expected ${what}, an http(s) URL such as https://example.com` })
      .refine((u) => /^https?:\/\//i.test(u), { message: `expected ${what}, an http(s) URL` })
      .optional(),
  );
const wholeNumber = (what: string, min: number, max: number, dflt: number) => {
  const msg = `expected ${what} from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}`;
  return z.preprocess(emptyToUndefined, z.coerce.number({ message: msg }).int({ message: msg }).min(min, { message: msg }).max(max, { message: msg }).default(dflt));
};
const snowflake = () =>
  z.preprocess(
    emptyToUndefined,
    z.string().regex(/^\d{15,22}$/, { message: "expected a Discord id (15–22 digits)" }).optional(),
  );
const secret = (pattern: RegExp | undefined, expected: string) =>
  z.preprocess(
    emptyToUndefined,
    (pattern ? z.string().regex(pattern, { message: `expected ${expected}` }) : z.string().min(8, { message: `expected ${expected}` })).optional(),
  );

/** Variables whose values must never be printed, logged or echoed in an error. */
export const SECRET_KEYS = [
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "DISCORD_TOKEN",
  "CONVERSION_WEBHOOK_SECRET",
  "CLICK_IP_SALT",
  "DATABASE_URL",
  "YOUTUBE_API_KEY",
  "INSTAGRAM_ACCESS_TOKEN",
] as const;

export const configSchema = z
  .object({
    NODE_ENV: z.preprocess(emptyToUndefined, z.enum(["development", "production", "test"]).default("development")),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ),
    PORT: port(3000),
    PUBLIC_BASE_URL: httpUrl("the public address of Scout's HTTP server"),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\/.+/, { message: "expected a PostgreSQL URL: postgresql://user:password@host:5432/db" })
        .optional(),
    ),
    EMBEDDED_PG_DIR: z.preprocess(emptyToUndefined, z.string().default(".data/pg")),
    EMBEDDED_PG_PORT: port(54329),
    EXPORT_DIR: z.preprocess(emptyToUndefined, z.string().default(".data/exports")),
    IMPORT_MAX_MB: wholeNumber("megabytes", 1, 1024, 100),
    IMPORT_MAX_ROWS: wholeNumber("a number of rows", 1, 5_000_000, 250_000),
    SLACK_BOT_TOKEN: secret(/^xoxb-[\w-]+$/, "a Slack bot token starting with xoxb-"),
    SLACK_SIGNING_SECRET: secret(/^[0-9a-f]{16,}$/i, "the Slack app's signing secret (hex)"),
    SLACK_APP_TOKEN: secret(/^xapp-[\w-]+$/, "a Slack app-level token starting with xapp-"),
    SLACK_API_URL: httpUrl("the Slack Web API base URL"),
    SLACK_MARKETER_IDS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^\s*[UW][A-Z0-9]+(\s*,\s*[UW][A-Z0-9]+)*\s*$/, {
          message: "expected Slack member ids separated by commas, e.g. U012ABC,U034DEF",
        })
        .optional()
        .transform((v) => (v ? v.split(",").map((s) => s.trim()) : [])),
    ),
    SLACK_MARKETER_GROUP: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^S[A-Z0-9]+$/, { message: "expected a Slack user group id such as S0123ABC" }).optional(),
    ),
    SLACK_NOTIFY_CHANNEL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .regex(/^([CGD][A-Z0-9]{6,}|#?[a-z0-9][a-z0-9_-]{0,79})$/, { message: "expected a Slack channel id such as C0123ABC (or a channel name)" })
        .optional(),
    ),
    SLACK_WORKER_THREADS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ message: "expected a number of threads from 0 to 16" })
        .int({ message: "expected a whole number of threads from 0 to 16" })
        .min(0, { message: "expected a number of threads from 0 to 16" })
        .max(16, { message: "expected a number of threads from 0 to 16" })
        .default(1),
    ),
    SLACK_WORKER_HEAP_MB: wholeNumber("megabytes", 32, 4096, 128),
    DISCORD_TOKEN: secret(undefined, "a Discord bot token"),
    DISCORD_APPLICATION_ID: snowflake(),
    DISCORD_GUILD_ID: snowflake(),
    DISCORD_CREATORS_CHANNEL_ID: snowflake(),
    DISCORD_CREATOR_ROLE_ID: snowflake(),
    DISCORD_API_URL: httpUrl("the Discord API base URL"),
    DISCORD_REGISTER_ON_START: bool(false),
    LEADER_RETRY_MS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ message: "expected milliseconds from 100 to 60000, e.g. 5000" })
        .int({ message: "expected whole milliseconds from 100 to 60000, e.g. 5000" })
        .min(100, { message: "expected milliseconds from 100 to 60000, e.g. 5000" })
        .max(60_000, { message: "expected milliseconds from 100 to 60000, e.g. 5000" })
        .default(5000),
    ),
    CONVERSION_WEBHOOK_SECRET: secret(undefined, "a shared secret of at least 8 characters"),
    CLICK_IP_SALT: secret(undefined, "a random salt of at least 8 characters"),
    REMINDER_AT: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((v) => normaliseHhmm(v) !== null, { message: "expected a time of day as HH:MM (24 hours), e.g. 09:00" })
        .transform((v) => normaliseHhmm(v)!)
        .default("09:00"),
    ),
    REMINDER_TZ: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((v) => canonicalTimeZone(v) !== null, { message: "expected an IANA time zone such as UTC or Europe/Berlin" })
        .transform((v) => canonicalTimeZone(v)!)
        .default("UTC"),
    ),
    TRUST_PROXY: bool(false),
    // Verified numbers from the platforms (issue 15). Unset: figures stay self-reported or imported.
    YOUTUBE_API_KEY: secret(/^[A-Za-z0-9_-]{20,100}$/, "a Google API key (letters, digits, - and _; it usually starts with AIza)"),
    YOUTUBE_API_URL: httpUrl("the YouTube Data API base URL"),
    YOUTUBE_DAILY_QUOTA: wholeNumber("quota units a day", 1, 100_000_000, 10_000),
    INSTAGRAM_BUSINESS_ACCOUNT_ID: z.preprocess(
      emptyToUndefined,
      z.string().trim().regex(/^\d{5,25}$/, { message: "expected the Instagram professional account's id (digits, e.g. 17841400000000000)" }).optional(),
    ),
    INSTAGRAM_ACCESS_TOKEN: secret(/^[A-Za-z0-9_|.-]{20,1000}$/, "a Meta (Graph API) access token, e.g. a long-lived token starting with EAA"),
    INSTAGRAM_HOURLY_CALLS: wholeNumber("Graph API calls an hour", 1, 1_000_000, 200),
    PLATFORM_FETCH_CONCURRENCY: wholeNumber("platform fetches at once per platform", 1, 64, 8),
    GRAPH_API_URL: httpUrl("the Graph API base URL"),
    GRAPH_API_VERSION: z.preprocess(
      emptyToUndefined,
      z.string().trim().regex(/^v\d+\.\d+$/, { message: "expected a Graph API version such as v21.0" }).default("v21.0"),
    ),
  })
  .superRefine((c, ctx) => {
    if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN)
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_SIGNING_SECRET"],
        message: "is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)",
      });
    if ((c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN) && !c.SLACK_BOT_TOKEN)
      ctx.addIssue({ code: "custom", path: ["SLACK_BOT_TOKEN"], message: "is required when Slack is configured" });
    if (c.DISCORD_TOKEN)
      for (const k of ["DISCORD_APPLICATION_ID", "DISCORD_GUILD_ID", "DISCORD_CREATORS_CHANNEL_ID"] as const)
        if (!c[k]) ctx.addIssue({ code: "custom", path: [k], message: "is required with DISCORD_TOKEN" });
    if (c.INSTAGRAM_ACCESS_TOKEN && !c.INSTAGRAM_BUSINESS_ACCOUNT_ID)
      ctx.addIssue({ code: "custom", path: ["INSTAGRAM_BUSINESS_ACCOUNT_ID"], message: "is required with INSTAGRAM_ACCESS_TOKEN (the brand's Instagram professional account id)" });
    if (c.INSTAGRAM_BUSINESS_ACCOUNT_ID && !c.INSTAGRAM_ACCESS_TOKEN)
      ctx.addIssue({ code: "custom", path: ["INSTAGRAM_ACCESS_TOKEN"], message: "is required with INSTAGRAM_BUSINESS_ACCOUNT_ID (a long-lived Graph API token)" });
  });

export type Config = z.infer<typeof configSchema>;

/** A configuration error: names each variable and what is expected, never its value when secret. */
export class ConfigError extends Error {
  constructor(public readonly problems: { variable: string; expected: string }[]) {
    super(
      "Scout cannot start: the configuration is not valid.\n" +
        problems.map((p) => `  - ${p.variable}: ${p.expected}`).join("\n") +
        "\nSet these in the environment or in .env (see .env.example).",
    );
    this.name = "ConfigError";
  }
}

/** Parses the environment. Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = configSchema.safeParse(env);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    const variable = String(i.path[0] ?? "configuration");
    const value = env[variable];
    const secret = (SECRET_KEYS as readonly string[]).includes(variable);
    // zod messages never contain the input; add it back only for non-secret values.
    const got = !secret && value !== undefined && value !== "" && i.code !== "custom" ? ` (got "${value.slice(0, 60)}")` : "";
    return { variable, expected: i.message + got };
  });
  throw new ConfigError(problems);
}

/** Which chat surfaces the configuration turns on, and why the others are off. */
export function surfaces(c: Config): { slack: boolean; discord: boolean; why: string[] } {
  const why: string[] = [];
  const slack = Boolean(c.SLACK_BOT_TOKEN);
  const discord = Boolean(c.DISCORD_TOKEN);
  if (!slack) why.push("Slack is off: SLACK_BOT_TOKEN is not set.");
  if (!discord) why.push("Discord is off: DISCORD_TOKEN is not set.");
  return { slack, discord, why };
}

/** Every secret value present in the configuration (for scrubbing logs). */
export function secretValues(c: Config): string[] {
  return SECRET_KEYS.map((k) => c[k]).filter((v): v is string => typeof v === "string" && v.length >= 6);
}
