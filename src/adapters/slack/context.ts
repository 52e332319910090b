// What the Slack listeners share, and small helpers they all use.
import type { RespondArguments, webApi } from "@slack/bolt";
import type { Respond } from "./respond.ts";
import type { AnyCommand } from "../../core/command.ts";
import { parseTokens, tokenize } from "../../core/command-line.ts";
import { plural } from "../../core/text.ts";
import type { Logger } from "../../logger.ts";
import type { DispatchRequest, DispatchResult } from "../dispatch.ts";
import type { Authoriser } from "./auth.ts";
import type { RequestClaims } from "../../store/request-claims.ts";
import type { SlackPage } from "./render.ts";
import type { KnownBlock } from "./blocks.ts";
import { newInvocationId } from "../dispatch.ts";

export interface SlackDeps {
  /** The Web API client (bot token, SLACK_API_URL, retries). */
  api: webApi.WebClient;
  dispatch(req: DispatchRequest): Promise<DispatchResult>;
  registry: readonly AnyCommand[];
  auth: Authoriser;
  /** Claims of requests already handled (Slack retries). */
  dedupe: RequestClaims;
  log: Logger;
  token: string;
  apiUrl: string;
  /** Largest file a DM import downloads (IMPORT_MAX_MB). */
  importMaxBytes: number;
  /** Most data rows an import file may have (IMPORT_MAX_ROWS), checked before a worker runs the import. */
  importMaxRows: number;
  /** Resolves when the requests that have arrived are acknowledged (see ack-gate.ts): work after an ack waits for it. */
  afterAcks(): Promise<void>;
}

/** The registry command a line names, if any (to know whether it is slow before running it). */
export function commandOf(registry: readonly AnyCommand[], line: string | string[]): AnyCommand | undefined {
  try {
    const available = registry.filter((c) => !c.surfaces || c.surfaces.includes("slack"));
    const parsed = parseTokens(typeof line === "string" ? tokenize(line) : line, available.map((c) => c.name));
    return parsed.command ? available.find((c) => c.name === parsed.command) : undefined;
  } catch {
    return undefined;
  }
}

/** Errors and ephemeral replies are seen only by the person who asked. */
export const isPrivate = (r: DispatchResult) => r.outcome !== "ok" || Boolean(r.reply.message.ephemeral);

/** response_url takes five messages in 30 minutes; keep one for a late error. */
export const MAX_PAGES = 3;

export function limitPages(pages: SlackPage[]): SlackPage[] {
  if (pages.length <= MAX_PAGES) return pages;
  const kept = pages.slice(0, MAX_PAGES);
  const last = kept[MAX_PAGES - 1]!;
  last.blocks = [
    ...last.blocks.slice(0, 49),
    { type: "context", elements: [{ type: "mrkdwn", text: `_${pages.length - MAX_PAGES} more ${plural(pages.length - MAX_PAGES, "page")} not shown: narrow the command, or add format:csv._` }] },
  ];
  return kept;
}

/** Posts through response_url; when it has expired or is spent, posts to the person's DM instead. */
export async function respondOrDm(
  deps: SlackDeps,
  respond: Respond | undefined,
  userId: string,
  body: RespondArguments,
): Promise<void> {
  if (respond) {
    try {
      await respond(body);
      return;
    } catch (err) {
      deps.log.warn({ err: (err as Error).message }, "response_url failed; sending the answer as a direct message");
    }
  }
  if (body.delete_original) return;
  const { text, blocks } = body as { text?: string; blocks?: KnownBlock[] };
  await deps.api.chat.postMessage({ channel: userId, text: text ?? "Scout", ...(blocks ? { blocks } : {}) });
}

/** For failures in the adapter itself (not in a command): log with a reference, show only it. */
export function adapterFailure(log: Logger, err: unknown, what: string): string {
  const ref = newInvocationId();
  log.error({ err, reference: ref }, what);
  return `Something went wrong on our side. The team can look it up with reference ${ref}.`;
}
