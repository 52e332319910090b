// The README's examples as data: every `npm run scout -- ...` line of its ```sh blocks and every
// `/scout ...` line (with or without a `scout>` prompt) of its plain ``` blocks, in order, with the
// README line each starts on. A block right after `<!-- readme-test: skip (reason) -->` is skipped
// for that reason (it needs something a test cannot have: Slack, ../shared, a running server).

export interface ReadmeExample {
  /** 1-based line in README.md where the command starts. */
  line: number;
  /** The nearest heading above it. */
  section: string;
  /** `cli`: a shell line (`npm run scout -- ...`), run as argv; `console`: a line typed at the prompt. */
  kind: "cli" | "console";
  /** The line as written (continuation lines joined). */
  source: string;
  /** What Scout receives: argv after `--` (cli), or the typed line (console). */
  argv: string[];
  consoleLine: string;
  /** Why it is not run, from the block's marker. */
  skip?: string;
}

export interface ReadmeBlock {
  line: number;
  lang: string;
  section: string;
  skip?: string;
  lines: { line: number; text: string }[];
}

const SKIP = /^<!--\s*readme-test:\s*skip\s*\((.+)\)\s*-->$/;
const CLI = /^npm run (?:-s |--silent )?scout --(?:\s+(.*))?$/;
const PROMPT = /^(?:scout>\s*)?(\/scout(?:\s.*)?)$/;

export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: ReadmeBlock[] = [];
  let section = "";
  let lastText = "";
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const heading = /^#{1,6}\s+(.*)$/.exec(text);
    if (heading) section = heading[1]!.trim();
    const fence = /^```\s*([\w-]*)\s*$/.exec(text);
    if (!fence) {
      if (text.trim()) lastText = text.trim();
      continue;
    }
    const block: ReadmeBlock = { line: i + 1, lang: fence[1]!.toLowerCase(), section, lines: [] };
    const marker = SKIP.exec(lastText);
    if (marker) block.skip = marker[1]!.trim();
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) block.lines.push({ line: i + 1, text: lines[i]! });
    blocks.push(block);
    lastText = "";
  }
  return blocks;
}

export function readmeExamples(markdown: string): ReadmeExample[] {
  const out: ReadmeExample[] = [];
  for (const b of readmeBlocks(markdown)) {
    const base = { section: b.section, ...(b.skip ? { skip: b.skip } : {}) };
    if (b.lang === "sh" || b.lang === "bash" || b.lang === "shell") {
      const before = out.length;
      for (const { line, text } of joinContinuations(b.lines)) {
        const m = CLI.exec(text.trim());
        if (!m) continue;
        out.push({ ...base, line, kind: "cli", source: text.trim(), argv: b.skip ? [] : shellWords(m[1] ?? ""), consoleLine: "" });
      }
      // A skipped block of other commands (curl to a running server...) is still listed by its first line.
      const first = b.lines.find((l) => l.text.trim());
      if (b.skip && out.length === before && first) out.push({ ...base, line: first.line, kind: "cli", source: first.text.trim(), argv: [], consoleLine: "" });
    } else if (b.lang === "" || b.lang === "console" || b.lang === "text") {
      for (const { line, text } of b.lines) {
        const m = PROMPT.exec(text.trim());
        if (m) out.push({ ...base, line, kind: "console", source: text.trim(), argv: [], consoleLine: m[1]! });
      }
    }
  }
  return out;
}

/** Lines ending in `\` go on with the next one, as in a shell. */
function joinContinuations(lines: { line: number; text: string }[]): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let cur: { line: number; text: string } | null = null;
  for (const l of lines) {
    const start: number = cur ? cur.line : l.line;
    const piece: string = cur ? cur.text + " " + l.text.trimStart() : l.text;
    if (piece.endsWith("\\")) cur = { line: start, text: piece.slice(0, -1).trimEnd() };
    else {
      out.push({ line: start, text: piece });
      cur = null;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Splits a line into words as sh does for simple commands: spaces, '...', "..." and backslashes;
 * an unquoted # starting a word begins a comment. Anything that needs a real shell (variables,
 * $(...), pipes, redirections, ; or &) is refused, so an example is never run differently from
 * how a shell would run it.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (ch === "#" && !inWord) {
      break;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in: ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '"') {
      inWord = true;
      for (i++; ; i++) {
        if (i >= line.length) throw new Error(`unclosed " in: ${line}`);
        const c = line[i]!;
        if (c === '"') break;
        if (c === "$" || c === "`") throw new Error(`a shell expansion (${c}) in: ${line}`);
        if (c === "\\" && /["\\$`]/.test(line[i + 1] ?? "")) word += line[++i];
        else word += c;
      }
    } else if (ch === "\\") {
      word += line[++i] ?? "";
      inWord = true;
    } else if (/[$`|;&<>()]/.test(ch)) {
      throw new Error(`shell syntax (${ch}) the README test cannot run: ${line}`);
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** A short test name: README line, then the command. */
export const exampleName = (e: ReadmeExample) =>
  `README line ${e.line} (${e.section}): ${e.skip ? e.source : e.kind === "cli" ? `npm run scout -- ${e.argv.join(" ")}` : e.consoleLine}`.slice(0, 200);
