// The pino root logger. One root per process; a child per invocation ({ surface, command, id }).
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from "pino";

export type { Logger } from "pino";

/** Keys whose values are always replaced by "[redacted]", at any of the first levels of nesting. */
const SECRET_KEY_NAMES = [
  "token",
  "botToken",
  "appToken",
  "accessToken",
  "refreshToken",
  "secret",
  "signingSecret",
  "clientSecret",
  "password",
  "authorization",
  "Authorization",
  "apiKey",
  "webhookSecret",
  "signature",
  "x-slack-signature",
  "x-scout-signature",
  "cookie",
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "DISCORD_TOKEN",
  "CONVERSION_WEBHOOK_SECRET",
  "CLICK_IP_SALT",
  "DATABASE_URL",
  "YOUTUBE_API_KEY",
  "INSTAGRAM_ACCESS_TOKEN",
  "access_token",
];

export const REDACT_PATHS = SECRET_KEY_NAMES.flatMap((k) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
  const dot = key.startsWith("[") ? "" : ".";
  return [key, `*${dot}${key}`, `*.*${dot}${key}`, `*.*.*${dot}${key}`];
});

/** Patterns of well-known credentials, scrubbed from every line even inside free text. */
const TOKEN_PATTERNS = [
  /xox[abposr]-[A-Za-z0-9-]{6,}/g, // Slack bot/user tokens
  /xapp-[A-Za-z0-9-]{6,}/g, // Slack app-level tokens
  /[MN][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,38}/g, // Discord bot tokens
  /(postgres(?:ql)?:\/\/[^:\s/]+:)[^@\s]+@/g, // passwords in database URLs
  /AIza[0-9A-Za-z_-]{35}/g, // Google API keys
  /EAA[A-Za-z0-9]{30,}/g, // Meta (Graph API) access tokens
];

/** Credentials in URL query strings: key=…, access_token=… (YouTube, Graph API). */
const QUERY_SECRETS = /([?&](?:key|access_token|appsecret_proof|client_secret)=)[^&#\s"'\\]+/gi;

/** Replaces known secret values and token-shaped strings in one serialised log line. */
export function scrub(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const s of secrets) if (s && out.includes(s)) out = out.split(s).join("[redacted]");
  out = out.replace(QUERY_SECRETS, "$1[redacted]");
  for (const p of TOKEN_PATTERNS)
    out = out.replace(p, (m, prefix?: string) => (typeof prefix === "string" && m.startsWith(prefix) ? `${prefix}[redacted]@` : "[redacted]"));
  return out;
}

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Secret values from the configuration, scrubbed wherever they appear. */
  secrets?: readonly string[];
  /** Where lines go (default: standard error, so command output on stdout stays clean). */
  destination?: { write(line: string): unknown };
}

/** Creates the root logger. Call once, in main.ts or cli.ts. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const target = opts.destination ?? process.stderr;
  const secrets = [...(opts.secrets ?? [])].filter((s) => s.length >= 6);
  const stream: DestinationStream = { write: (line: string) => void target.write(scrub(line, secrets)) };
  return pino(
    {
      level: opts.level ?? "info",
      base: { app: "scout" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    stream,
  );
}
