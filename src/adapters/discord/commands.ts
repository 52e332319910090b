// Guild slash commands generated from the registry: every creator command the Discord surface
// serves (and help). One word → `/word`; several words → `/first` with subcommands. Option types
// come from the zod schemas (integer, number, string, with choices for small enums), required per
// schema, autocomplete where the command completes that option. And back: an interaction's command
// and options → the registry command and its options as `key:value` tokens.
import type { z } from "zod";
import type { AnyCommand } from "../../core/command.ts";
import { optionInfo } from "../../core/command.ts";
import { clip } from "./render.ts";

/** Discord's application command option types used here. */
export const OPTION = { SUB_COMMAND: 1, STRING: 3, INTEGER: 4, NUMBER: 10, ATTACHMENT: 11 } as const;

export interface OptionJson {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string }[];
  options?: OptionJson[];
}
export interface CommandJson {
  name: string;
  description: string;
  type: 1;
  options?: OptionJson[];
  /** 0 guild, 1 bot DM, 2 private channel. */
  contexts?: number[];
  integration_types?: number[];
  dm_permission?: boolean;
}

/** Commands that make sense in a DM with the bot (they are about the creator only). */
export const DM_COMMANDS = new Set(["mystatus", "help"]);

/** Which registry commands Discord serves: creator commands for Discord, and help. */
export function discordCommands(registry: readonly AnyCommand[]): AnyCommand[] {
  return registry.filter((c) => (!c.surfaces || c.surfaces.includes("discord")) && (c.audience === "creator" || c.name === "help"));
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "catch", "readonly", "nonoptional"]);

/** The schema under optional/default/preprocess wrappers: what the person actually types. */
function core(schema: z.ZodType): { type: string; isInt?: boolean; options?: unknown[] } {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let t: any = schema;
  for (let i = 0; i < 12; i++) {
    const d = t?._zod?.def;
    if (!d) break;
    if (WRAPPERS.has(d.type)) t = d.innerType;
    else if (d.type === "pipe") t = d.in?._zod?.def?.type === "transform" ? d.out : d.in;
    else return { type: d.type, isInt: t.isInt, options: t.options };
  }
  return { type: "unknown" };
}

export const optionName = (key: string) => key.toLowerCase().replace(/[^\p{Ll}\p{N}_-]+/gu, "-").slice(0, 32);
export const commandWord = (w: string) => optionName(w);

/** Options that only the local console takes (`as:` acts as another creator: refused on Discord, so not offered). */
export const LOCAL_ONLY_OPTIONS = new Set(["as"]);

function optionsOf(cmd: AnyCommand): OptionJson[] {
  const shape = cmd.options.shape as Record<string, z.ZodType>;
  const info = optionInfo(cmd).filter((o) => !LOCAL_ONLY_OPTIONS.has(o.key));
  const out = info.map((o): OptionJson => {
    const t = core(shape[o.key]!);
    // An option described "<attachment> ..." is a file the person attaches (the draft's image or video).
    const type = o.placeholder === "<attachment>" ? OPTION.ATTACHMENT : t.type === "number" ? (t.isInt ? OPTION.INTEGER : OPTION.NUMBER) : OPTION.STRING;
    const choices =
      type === OPTION.STRING && t.type === "enum" && Array.isArray(t.options) && t.options.length <= 25 && !cmd.complete?.[o.key]
        ? t.options.map((v) => ({ name: String(v), value: String(v) }))
        : undefined;
    return {
      type,
      name: optionName(o.key),
      description: clip(o.description || o.key, 100),
      ...(o.required ? { required: true } : {}),
      ...(cmd.complete?.[o.key] ? { autocomplete: true } : {}),
      ...(choices ? { choices } : {}),
    };
  });
  // Discord wants required options first; 25 at most.
  return [...out.filter((o) => o.required), ...out.filter((o) => !o.required)].slice(0, 25);
}

/** The slash commands for the registry (names lowercase ≤ 32, descriptions ≤ 100). */
export function commandPayloads(registry: readonly AnyCommand[]): CommandJson[] {
  const served = discordCommands(registry);
  const groups = new Map<string, AnyCommand[]>();
  for (const c of served) {
    const first = commandWord(c.name.split(" ")[0]!);
    groups.set(first, [...(groups.get(first) ?? []), c]);
  }
  const out: CommandJson[] = [];
  for (const [name, cmds] of groups) {
    const dm = cmds.every((c) => DM_COMMANDS.has(c.name));
    const where = dm ? { contexts: [0, 1], dm_permission: true } : { contexts: [0], dm_permission: false };
    const single = cmds.length === 1 && !cmds[0]!.name.includes(" ") ? cmds[0] : undefined;
    if (single) {
      out.push({ name, description: clip(single.summary, 100), type: 1, options: optionsOf(single), ...where });
      continue;
    }
    out.push({
      name,
      description: clip(`${name} commands`, 100),
      type: 1,
      options: cmds.slice(0, 25).map((c) => ({
        type: OPTION.SUB_COMMAND,
        name: commandWord(c.name.split(" ").slice(1).join("-") || "show"),
        description: clip(c.summary, 100),
        options: optionsOf(c),
      })),
      ...where,
    });
  }
  return out;
}

/** The registry command a slash command (and subcommand) names. */
export function commandFor(registry: readonly AnyCommand[], name: string, sub?: string | null): AnyCommand | undefined {
  return discordCommands(registry).find((c) => {
    const words = c.name.split(" ");
    if (commandWord(words[0]!) !== name) return false;
    const rest = words.slice(1).join("-");
    return sub ? commandWord(rest || "show") === sub : words.length === 1;
  });
}

/** The interaction's options as command-line tokens: the command's words, then key:value. */
export function slashTokens(cmd: AnyCommand, options: { name: string; value?: unknown }[]): string[] {
  const keys = new Map(Object.keys(cmd.options.shape).map((k) => [optionName(k), k]));
  const tokens = cmd.name.split(" ");
  for (const o of options) {
    const key = keys.get(o.name);
    if (!key || o.value === undefined || o.value === null || String(o.value).trim() === "") continue;
    tokens.push(`${key}:${String(o.value)}`);
  }
  return tokens;
}

/** The registry option key a Discord option name stands for. */
export function optionKey(cmd: AnyCommand, name: string): string | undefined {
  return Object.keys(cmd.options.shape).find((k) => optionName(k) === name);
}
