// A command is declared once, as data: name, summary, audience, options (a zod schema), examples
// and a handler. Slack, Discord and the console all serve the same declarations.
import { z } from "zod";
import type { Actor, Invocation, ProgressFn, Surface } from "./invocation.ts";
import type { Reply } from "./message.ts";
import type { Services } from "./services.ts";

export type Audience = "marketer" | "creator";

/** The logger a command may use (pino's, without tying core to pino). */
export interface CommandLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface CommandContext<O> {
  options: O;
  invocation: Invocation;
  services: Services;
  log: CommandLog;
  /** Reports progress of slow work; the surface shows it as it can. */
  progress: ProgressFn;
  /** Aborted when the person cancels (Ctrl+C on the console or the CLI). Long work checks it between
   *  steps and stops, leaving nothing half-written (an import rolls back its transaction). */
  signal?: AbortSignal;
  /** The registry, for help. */
  registry: readonly AnyCommand[];
}

export interface CommandSpec<S extends z.ZodObject = z.ZodObject> {
  /** One or more words: "help", "roster import". */
  name: string;
  summary: string;
  /** Longer help, shown by `help <command>`. */
  description?: string;
  audience: Audience;
  /** Surfaces that serve it (default: all). */
  surfaces?: Surface[];
  /** Bare arguments, in order, fill these option keys: `roster import <file>` → file. */
  positional?: string[];
  /** The last positional takes all remaining bare words, joined by spaces (`help roster import`). */
  greedy?: boolean;
  options: S;
  examples: string[];
  /** Slow work: surfaces acknowledge at once and update the message when done. */
  slow?: boolean;
  run(ctx: CommandContext<z.output<S>>): Promise<Reply>;
  /** Suggestions for an option while the person types (Discord autocomplete), by option key.
   *  At most 25 are shown; `value` is what fills the option. */
  complete?: Record<string, (ctx: CompleteContext) => Promise<Choice[]>>;
}

export interface Choice {
  value: string;
  label: string;
}

export interface CompleteContext {
  actor: Actor;
  surface: Surface;
  services: Services;
  /** What the person has typed so far in that option. */
  typed: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandSpec<any>;

export function defineCommand<S extends z.ZodObject>(spec: CommandSpec<S>): CommandSpec<S> {
  return spec;
}

/** Describes one option for usage lines and help: its key, whether required, and its hint. */
export interface OptionInfo {
  key: string;
  required: boolean;
  positional: boolean;
  description: string;
  placeholder: string;
}

// A command's options never change once declared, and working out which are required runs each
// schema (costly in zod: a failed parse builds an error): worked out once per command.
const optionInfoCache = new WeakMap<AnyCommand, readonly OptionInfo[]>();

export function optionInfo(cmd: AnyCommand): readonly OptionInfo[] {
  let info = optionInfoCache.get(cmd);
  if (!info) optionInfoCache.set(cmd, (info = Object.freeze(readOptionInfo(cmd).map((o) => Object.freeze(o)))));
  return info;
}

function readOptionInfo(cmd: AnyCommand): OptionInfo[] {
  const shape = cmd.options.shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([key, schema]) => {
    const description = schema.description ?? "";
    // "<path> the CSV file" → placeholder "<path>"; otherwise <key>.
    const ph = /^(<[^>]+>)\s*/.exec(description);
    return {
      key,
      required: !schema.safeParse(undefined).success,
      positional: (cmd.positional ?? []).includes(key),
      description: ph ? description.slice(ph[0].length) : description,
      placeholder: ph ? ph[1]! : `<${key}>`,
    };
  });
}

/** The usage line: `/scout roster import <file> [posts:<file>] [platform:<name>]`. */
export function usageLine(cmd: AnyCommand, prefix = "/scout"): string {
  const parts = optionInfo(cmd).map((o) => {
    const body = o.positional ? o.placeholder : `${o.key}:${o.placeholder}`;
    return o.required ? body : `[${body}]`;
  });
  return [prefix, cmd.name, ...parts].join(" ");
}
