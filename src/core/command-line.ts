// One parser for every surface: `roster import ./a.csv posts:"my posts.csv" platform:instagram --json`
// → the command, its options as an object (validated later by the command's zod schema), and flags.
import { UsageError } from "./errors.ts";
import { MAX_LINE } from "./text.ts";

const QUOTES: Record<string, string> = { '"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb" };

/** Splits a line into tokens. Quotes group spaces ("a b", key:"a b", “smart quotes”); \" escapes a quote. */
export function tokenize(line: string): string[] {
  if (line.length > MAX_LINE)
    throw new UsageError(`that line is ${line.length.toLocaleString("en-US")} characters long; Scout reads at most ${MAX_LINE.toLocaleString("en-US")}. Shorten it, or put long text in a file`);
  const tokens: string[] = [];
  let cur = "";
  let inToken = false;
  let close: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (close) {
      if (ch === "\\" && line[i + 1] === close) {
        cur += close;
        i++;
      } else if (ch === close) close = null;
      else cur += ch;
      continue;
    }
    const closer = QUOTES[ch];
    // A quote opens a group at a token's start or right after "key:".
    if (closer && (!inToken || (cur.length <= 41 && cur.endsWith(":") && /^[A-Za-z][\w-]*:$/.test(cur)))) {
      close = closer;
      inToken = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inToken) tokens.push(cur);
      cur = "";
      inToken = false;
      continue;
    }
    cur += ch;
    inToken = true;
  }
  if (close) throw new UsageError(`a quote (${close}) is never closed; close it or remove it`);
  if (inToken) tokens.push(cur);
  return tokens;
}

export interface ParsedLine {
  /** The matched command name ("roster import"), or null when no command matched. */
  command: string | null;
  /** Words that were not a known command (for "unknown command" messages). */
  unknown: string[];
  positional: string[];
  options: Record<string, string>;
  flags: Set<string>;
}

const KEY = /^([A-Za-z][\w-]{0,39}):(.*)$/s;

// Every request parses its line (Slack's acks wait for it), and a surface passes the same few lists
// of names each time: their words, longest names first, are worked out once per list.
const orderedNames = new Map<string, { name: string; parts: string[] }[]>();

function longestFirst(commandNames: readonly string[]): { name: string; parts: string[] }[] {
  const key = commandNames.join("\n");
  let ordered = orderedNames.get(key);
  if (!ordered) {
    ordered = commandNames.map((name) => ({ name, parts: name.split(" ") })).sort((a, b) => b.parts.length - a.parts.length);
    if (orderedNames.size > 50) orderedNames.clear();
    orderedNames.set(key, ordered);
  }
  return ordered;
}

/** Matches the longest known command name at the start, then reads key:value pairs, flags and bare words. */
export function parseTokens(tokens: string[], commandNames: readonly string[]): ParsedLine {
  const rest = [...tokens];
  if (/^\/?scout$/i.test(rest[0] ?? "")) rest.shift();
  const flags = new Set<string>();
  const words = rest.filter((t) => {
    if (/^--[a-z][\w-]*$/i.test(t)) {
      flags.add(t.slice(2).toLowerCase());
      return false;
    }
    return true;
  });
  let command: string | null = null;
  let used = 0;
  const names = longestFirst(commandNames);
  const lower = words.slice(0, names[0]?.parts.length ?? 0).map((w) => w.toLowerCase());
  for (const { name, parts } of names) {
    if (parts.every((p, i) => lower[i] === p)) {
      command = name;
      used = parts.length;
      break;
    }
  }
  const positional: string[] = [];
  const options: Record<string, string> = {};
  const remaining = words.slice(used);
  if (!command) {
    // The words before the first key:value option, for "did you mean" (at most three).
    const lead = remaining.findIndex((t) => KEY.test(t) && !t.slice(t.indexOf(":") + 1).startsWith("//"));
    return { command, unknown: remaining.slice(0, Math.min(3, lead === -1 ? remaining.length : Math.max(lead, 1))), positional, options, flags };
  }
  for (const t of remaining) {
    const m = KEY.exec(t);
    // "https://..." is a bare word, not key "https".
    if (m && !m[2]!.startsWith("//")) {
      const key = m[1]!.toLowerCase();
      const value = m[2]!;
      if (value === "") throw new UsageError(`${key}: has no value; write ${key}:<value> (quotes for spaces: ${key}:"two words")`);
      if (Object.hasOwn(options, key)) throw new UsageError(`${key}: is given twice; give it once`);
      options[key] = value;
    } else positional.push(t);
  }
  return { command, unknown: [], positional, options, flags };
}
