// `npm run slack:manifest [-- --socket | --http]`: prints the Slack app manifest, made from the
// command registry, to paste at api.slack.com/apps → Create New App → From a manifest.
// Socket Mode when SLACK_APP_TOKEN is set (or --socket); otherwise request URLs on PUBLIC_BASE_URL.
import { pathToFileURL } from "node:url";
import { commands } from "../../../commands/index.ts";
import type { AnyCommand } from "../../core/command.ts";
import { SLACK_EVENTS_PATH } from "./slack.adapter.ts";

export const BOT_SCOPES = [
  "commands", // the /scout slash command
  "chat:write", // answers, notices, updates in place
  "chat:write.public", // notices in campaign channels Scout was not invited to
  "files:read", // roster CSVs shared in a DM
  "files:write", // CSV exports
  "im:history", // direct messages to Scout (roster import by DM)
  "im:read",
  "im:write", // opening a DM to send a file privately
  "users:read", // who is a full member (not a guest) when no marketer list is set
  "usergroups:read", // SLACK_MARKETER_GROUP
  "app_mentions:read",
  "channels:read", // digest schedules: a channel typed as #name is looked up (conversations.list)
  "groups:read",
  "channels:history", // a digest retried after a failure is first looked for in the channel (posted once)
  "groups:history",
] as const;

export const BOT_EVENTS = ["app_home_opened", "message.im"] as const;

/** "help | shortlist | campaign new ... [key:value ...]", within Slack's 100 characters. */
export function usageHint(registry: readonly AnyCommand[]): string {
  const names = [...new Set(registry.filter((c) => c.audience === "marketer" && (!c.surfaces || c.surfaces.includes("slack"))).map((c) => c.name.split(" ")[0]!))];
  const tail = " key:value ...";
  let hint = "";
  for (const n of names) {
    const next = hint ? `${hint} | ${n}` : n;
    if (next.length + tail.length + 4 > 100) {
      hint += " | …";
      break;
    }
    hint = next;
  }
  return hint + tail;
}

export interface ManifestOptions {
  socket: boolean;
  /** Public https address of Scout's HTTP server (PUBLIC_BASE_URL); needed for HTTP mode. */
  baseUrl?: string | undefined;
  name?: string;
  registry?: readonly AnyCommand[];
}

export function slackManifest(o: ManifestOptions): Record<string, unknown> {
  const registry = o.registry ?? commands;
  const url = `${(o.baseUrl ?? "https://scout.example.com").replace(/\/+$/, "")}${SLACK_EVENTS_PATH}`;
  const requestUrl = o.socket ? {} : { request_url: url };
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: o.name ?? "Scout",
      description: "Find micro-influencers and run campaigns with them, from Slack.",
      long_description:
        "Scout scores creators from your roster against a campaign's criteria and shows its working, then coordinates the campaign: " +
        "briefs, opt-ins, deliverables and notices, with buttons to approve in place. Type /scout help to see the commands; " +
        "share a roster CSV with Scout in a direct message with the comment import to load creators.",
      background_color: "#1f3a5f",
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: o.name ?? "Scout", always_online: true },
      slash_commands: [
        {
          command: "/scout",
          ...(o.socket ? {} : { url }),
          description: "Shortlist creators and run campaigns (/scout help)",
          usage_hint: usageHint(registry),
          should_escape: false,
        },
      ],
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...requestUrl, bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, ...requestUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: o.socket,
      token_rotation_enabled: false,
    },
  };
}

async function main(argv: string[]): Promise<number> {
  const { loadDotEnv } = await import("../../app.ts");
  loadDotEnv();
  const env = process.env;
  const socket = argv.includes("--socket") ? true : argv.includes("--http") ? false : Boolean(env.SLACK_APP_TOKEN?.trim());
  const base = env.PUBLIC_BASE_URL?.trim();
  if (!socket && !base)
    process.stderr.write("PUBLIC_BASE_URL is not set: the request URLs use https://scout.example.com; replace them, or set PUBLIC_BASE_URL (or use --socket).\n");
  if (!socket && base && !/^https:\/\//.test(base)) process.stderr.write("Slack only calls https addresses: PUBLIC_BASE_URL should start with https://.\n");
  process.stdout.write(JSON.stringify(slackManifest({ socket, baseUrl: base }), null, 2) + "\n");
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`slack:manifest failed: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
