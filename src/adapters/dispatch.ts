// Runs one command line for any surface: parse, check audience, validate options with the
// command's schema, run, and turn every outcome into a reply. User errors are expected and shown;
// anything else is a bug: logged with a reference id, and the user sees only that id.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { optionInfo, usageLine, type AnyCommand } from "../core/command.ts";
import { parseTokens, tokenize } from "../core/command-line.ts";
import { closest, suggestCommands } from "../core/suggest.ts";
import { UsageError, UserError, isUserError } from "../core/errors.ts";
import { MAX_LINE, capitalize, cleanInput, clipText, joinClauses, quoteInput } from "../core/text.ts";
import type { Actor, Invocation, ProgressFn, Surface, Upload } from "../core/invocation.ts";
import type { Reply } from "../core/message.ts";
import type { Services } from "../core/services.ts";
import type { Logger } from "../logger.ts";
import { isDatabaseUnavailable, vanishedReference } from "../store/errors.ts";

export type Outcome = "ok" | "usage" | "user" | "bug";

export interface DispatchResult {
  outcome: Outcome;
  reply: Reply;
  command: string | null;
  invocationId: string;
  flags: Set<string>;
  /** For user errors: the stable code. */
  code?: string;
}

export interface DispatchDeps {
  registry: readonly AnyCommand[];
  services: Services;
  log: Logger;
}

export interface DispatchRequest {
  /** A command line as typed, or tokens already split (argv). */
  line: string | string[];
  surface: Surface;
  actor: Actor;
  place?: { channelId: string; threadId?: string };
  progress?: ProgressFn;
  /** Cancels the command (Ctrl+C): passed to it as `signal`; a command stopped by it answers CANCELLED. */
  signal?: AbortSignal;
  /** Files the person uploaded with the command, saved by the adapter (never taken from the line). */
  uploads?: Upload[];
}

export const newInvocationId = () => randomBytes(5).toString("hex");

export async function dispatch(deps: DispatchDeps, req: DispatchRequest): Promise<DispatchResult> {
  const invocationId = newInvocationId();
  let flags = new Set<string>();
  let cmd: AnyCommand | undefined;
  /** "metrics explian": the subcommand the first word was probably meant to be, said if the command fails. */
  let meant: string | undefined;
  let log = deps.log.child({ surface: req.surface, id: invocationId });
  try {
    const available = deps.registry.filter((c) => !c.surfaces || c.surfaces.includes(req.surface));
    // Input is cleaned once here (no NUL or control characters, no lone surrogates) for every surface.
    const tokens = typeof req.line === "string" ? tokenize(cleanInput(req.line)) : req.line.map(cleanInput);
    if (tokens.reduce((n, t) => n + t.length + 1, 0) > MAX_LINE + 1)
      throw new UsageError(`that command is too long; Scout reads at most ${MAX_LINE.toLocaleString("en-US")} characters. Shorten it, or put long text in a file`);
    const parsed = parseTokens(tokens, available.map((c) => c.name));
    flags = parsed.flags;
    if (!parsed.command) {
      if (parsed.unknown.length) return unknownCommand(parsed.unknown, available, req.surface, invocationId, flags);
      const help = available.find((c) => c.name === "help");
      if (!help) throw new UsageError("no command given");
      // An empty line gets the help.
      const res = await run(help, {}, deps, req, invocationId, log);
      return { outcome: "ok", reply: res, command: "help", invocationId, flags };
    }
    cmd = available.find((c) => c.name === parsed.command)!;
    const subcommands = available.map((c) => c.name).filter((n) => n.startsWith(`${cmd!.name} `));
    if (subcommands.length && parsed.positional[0]) meant = suggestCommands([cmd.name, parsed.positional[0]], subcommands).suggestions[0];
    log = log.child({ command: cmd.name });
    if (!req.actor.roles.includes(cmd.audience))
      throw new UserError(
        "NOT_ALLOWED",
        cmd.audience === "marketer" ? "Only the brand's marketing team can run this command." : "This command is for creators.",
        cmd.audience === "marketer" ? "Ask a Scout admin to add you to the marketers." : undefined,
      );
    const raw = collectOptions(cmd, parsed.positional, parsed.options);
    const res = await run(cmd, raw, deps, req, invocationId, log);
    return { outcome: "ok", reply: res, command: cmd.name, invocationId, flags };
  } catch (caught) {
    const e = expected(caught, cmd, req.signal?.aborted === true);
    if (isUserError(e)) {
      const usage = e instanceof UsageError;
      log.info({ code: e.code }, "user error");
      // Usage messages start with the option's own spelling ("n: expected a number"); keep it.
      const lines = [usage ? e.message : capitalize(e.message)];
      if (meant) lines.push(`Did you mean \`${meant}\`?`);
      // The core's hints name marketer commands ("Try /scout campaign list."); a creator gets their own.
      const hint = e.code === "CAMPAIGN_NOT_FOUND" && cmd?.audience === "creator" ? "/campaigns lists the campaigns open now." : e.hint;
      if (usage && cmd) lines.push(`Usage: ${usageFor(cmd, req.surface)}`, `Example: ${cmd.examples[0] ?? ""}`);
      else if (hint) lines.push(hint);
      return {
        outcome: usage ? "usage" : "user",
        reply: {
          message: { title: usage ? "That command needs a fix" : undefined, text: lines.join("\n"), tone: "error", ephemeral: true },
          data: {
            error: {
              code: e.code,
              message: e.message,
              ...(hint ? { hint } : {}),
              ...(usage && cmd ? { usage: usageLine(cmd) } : {}),
              ...(e.fields ? { fields: e.fields } : {}),
              ...(meant ? { suggestions: [meant] } : {}),
            },
          },
        },
        command: cmd?.name ?? null,
        invocationId,
        flags,
        code: e.code,
      };
    }
    const down = isDatabaseUnavailable(e);
    log.error({ err: e, databaseUnavailable: down }, "command failed");
    return {
      outcome: "bug",
      reply: {
        message: {
          text: down
            ? `Scout's database is not reachable right now. Try again in a minute; running the command again is safe (reference ${invocationId}).`
            : `Something went wrong on our side. The team can look it up with reference ${invocationId}.`,
          tone: "error",
          ephemeral: true,
        },
        data: { error: { code: "INTERNAL", message: "Something went wrong on our side.", reference: invocationId } },
      },
      command: cmd?.name ?? null,
      invocationId,
      flags,
      code: "INTERNAL",
    };
  }
}

/** The usage line as typed on the surface: Discord's slash commands have no "/scout" and no as: (it is refused there). */
function usageFor(cmd: AnyCommand, surface: Surface): string {
  if (surface !== "discord") return usageLine(cmd);
  const parts = optionInfo(cmd)
    .filter((o) => o.key !== "as")
    .map((o) => (o.required ? `${o.key}:${o.placeholder}` : `[${o.key}:${o.placeholder}]`));
  return [`/${cmd.name}`, ...parts].join(" ");
}

/** A line that names no command: the closest names (or a group's commands) and where the list is, not the whole help. */
function unknownCommand(words: string[], available: readonly AnyCommand[], surface: Surface, invocationId: string, flags: Set<string>): DispatchResult {
  const names = available.map((c) => c.name);
  const s = suggestCommands(words, names);
  const shown = (w: string) => "`" + clipText(w.replace(/[`\s]+/g, " ").trim(), 60) + "`";
  const or = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).map(shown).join(", ")} or ${shown(xs.at(-1)!)}` : shown(xs[0]!));
  const message =
    `Unknown command ${shown(s.typed)}.` +
    (s.suggestions.length ? ` Did you mean ${or(s.suggestions)}?` : "") +
    (s.group ? ` The ${s.group.word} commands are ${s.group.names.map(shown).join(", ")}.` : "");
  const help = surface === "slack" ? "/scout help" : surface === "discord" ? "/help" : "help";
  return {
    outcome: "usage",
    reply: {
      message: { text: `${message}\nType \`${help}\` to see every command.`, tone: "warning", ephemeral: true },
      data: { error: { code: "UNKNOWN_COMMAND", message, suggestions: [...s.suggestions, ...(s.group?.names ?? [])] } },
    },
    command: null,
    invocationId,
    flags,
    code: "UNKNOWN_COMMAND",
  };
}

async function run(
  cmd: AnyCommand,
  raw: Record<string, unknown>,
  deps: DispatchDeps,
  req: DispatchRequest,
  invocationId: string,
  log: Logger,
): Promise<Reply> {
  const parsed = cmd.options.safeParse(raw);
  if (!parsed.success) throw toUsageError(cmd, parsed.error, raw);
  const invocation: Invocation = {
    id: invocationId,
    surface: req.surface,
    command: cmd.name,
    options: raw,
    actor: req.actor,
    place: req.place ?? { channelId: req.surface },
    ...(req.uploads?.length ? { uploads: req.uploads } : {}),
  };
  return cmd.run({
    options: parsed.data,
    invocation,
    services: deps.services,
    log,
    progress: req.progress ?? (() => {}),
    ...(req.signal ? { signal: req.signal } : {}),
    registry: deps.registry,
  });
}

/**
 * What a failure that is not a UserError still says to the person, when it is not a bug: work
 * stopped on request (a command may have said more precisely what it kept), or a write whose
 * campaign or other row was deleted while the command ran. Anything else is returned as it is.
 */
function expected(caught: unknown, cmd: AnyCommand | undefined, aborted: boolean): unknown {
  if (isUserError(caught)) return caught;
  if (aborted) return new UserError("CANCELLED", `Stopped: ${cmd?.name ?? "the command"} was cancelled before it finished.`);
  const gone = vanishedReference(caught);
  if (!gone) return caught;
  const hint =
    gone.what !== "campaign"
      ? "Run the command again to see where things stand now."
      : cmd?.audience === "creator"
        ? "/campaigns lists the campaigns open now."
        : "/scout campaign list shows the campaigns there are now.";
  return new UserError("GONE_MEANWHILE", `The ${gone.what} this command refers to was deleted while it ran, so the command stopped.`, hint);
}

/** Bare words fill the declared positionals; key:value pairs must be known options. */
export function collectOptions(cmd: AnyCommand, positional: string[], options: Record<string, string>): Record<string, unknown> {
  const known = Object.keys(cmd.options.shape);
  const raw: Record<string, unknown> = {};
  for (const [given, v] of Object.entries(options)) {
    // `campaign:<slug>` names the campaign on every command, also those that take it as <slug>.
    const k = given === "campaign" && !known.includes("campaign") && known.includes("slug") ? "slug" : given;
    if (!known.includes(k)) {
      const near = closest(k, known);
      throw new UsageError(
        `unknown option ${k}:` +
          (near ? ` (did you mean ${near}:?)` : "") +
          (known.length ? `; ${cmd.name} takes ${known.map((o) => `${o}:`).join(", ")}` : `; ${cmd.name} takes no options`),
      );
    }
    raw[k] = v;
  }
  const slots = cmd.positional ?? [];
  let words = positional;
  if (cmd.greedy && slots.length && words.length > slots.length)
    words = [...words.slice(0, slots.length - 1), words.slice(slots.length - 1).join(" ")];
  if (words.length > slots.length)
    throw new UsageError(
      `${quoteInput(words.slice(slots.length).join(" "))} was not expected` + (slots.length ? "" : `: ${cmd.name} takes only key:value options`),
    );
  words.forEach((w, i) => {
    const key = slots[i]!;
    if (Object.hasOwn(raw, key)) throw new UsageError(`${key} is given twice`);
    raw[key] = w;
  });
  return raw;
}

function toUsageError(cmd: AnyCommand, err: z.ZodError, raw: Record<string, unknown>): UsageError {
  const fields: Record<string, string> = {};
  const problems = err.issues.map((i) => {
    const key = String(i.path[0] ?? "options");
    const pos = (cmd.positional ?? []).includes(key);
    const name = pos ? `<${key}>` : `${key}:`;
    const what = raw[key] === undefined ? "is required" : i.message;
    fields[key] ??= what;
    return `${name} ${what}`;
  });
  return new UsageError(joinClauses(problems), undefined, undefined, fields);
}
