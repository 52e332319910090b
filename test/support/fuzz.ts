// Random and adversarial command lines from a seeded generator: the same seed gives the same lines,
// so a failure reproduces with FUZZ_SEED=<seed>. fuzz-checks.ts checks what each surface shows.

/** mulberry32: small, fast, good enough to pick test inputs. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
export type Rng = ReturnType<typeof prng>;

/** The seed: FUZZ_SEED when set, otherwise a fresh one (printed by the tests so it can be replayed). */
export const fuzzSeed = () => (process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31));

export const INJECTIONS = [
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<!subteam^S123|@team>",
  "@everyone",
  "@here",
  "@channel",
  "<@U123>",
  "<@U123|boss>",
  "<#C123>",
  "<#C123|general>",
  "<https://evil.example|ok>",
  "<https://evil.example>",
  "<mailto:a@evil.example|support>",
  "[ok](https://evil.example)",
  "[ok](<https://evil.example>)",
  "<@&123456789012345678>",
  "<@123456789012345678>",
  "<#123456789012345678>",
  "*bold*",
  "_it_",
  "~strike~",
  "`code`",
  "```block```",
  "> quoted",
  ">>> all quoted",
  "||spoiler||",
  "# Heading",
  "&amp;",
  "&lt;!channel&gt;",
  "<b>html</b>",
  "'; DROP TABLE creator; --",
  "1' OR '1'='1",
  "\"; DELETE FROM campaign; --",
  "$(rm -rf /)",
  "${process.exit()}",
  "%s%s%n",
  "../../etc/passwd",
  "__proto__",
  "constructor",
  "\u001b[31mred\u001b[0m",
  "\u001b]0;pwned\u0007",
  "\u001b[2J\u001b[H",
  "\u009b31m",
  "a\rb",
  // Object.prototype's own names, where code looks a typed word up in a table.
  "toString",
  "hasOwnProperty",
  "valueOf",
];

export const UNICODE = [
  "🚀",
  "👩‍👩‍👧‍👦",
  "🏳️‍🌈",
  "مرحبا بالعالم",
  "שלום",
  "\u202egnp.exe",
  "\u200b",
  "\u200d\u200c\ufeff",
  "e\u0301\u0301\u0301",
  "Z̸̢̛̛a̵͇̓l̶̛g̷o̴",
  "\ud800",
  "\udfff",
  "a\ud83d",
  "\ud83db",
  "\u0000",
  "\u0007\u0008\u000b\u000c",
  "\u007f",
  "\t",
  "\n",
  "ｆｕｌｌｗｉｄｔｈ",
  "İıß",
  "日本語のテキスト",
  "\u2028\u2029",
];

export const NUMBERS = [
  "0",
  "-1",
  "-0",
  "1e309",
  "-1e309",
  "1e-400",
  "NaN",
  "Infinity",
  "-Infinity",
  "0x1F",
  "1_000",
  "12,5",
  "99999999999999999999999999999999",
  "9".repeat(400),
  "2147483648",
  "-2147483649",
  "9007199254740993",
  "5k",
  "5k-50k",
  "-5k--1k",
  "50k-5k",
  "1.2.3",
  "3.",
  ".5",
  "100%",
  "2026-02-30",
  "2026-13-01",
  "0000-00-00",
  "9999-12-31",
  "1970-01-01T00:00:00Z",
  "yesterday",
];

const QUOTES = ['"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "`", '\\"'];

const WORDS = ["spring", "launch", "vegan", "creator", "sales", "awareness", "instagram", "tiktok", "x", "a b", "", " "];

/** Random characters from all over Unicode (including surrogates and controls). */
function noise(r: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) {
    const k = r.int(10);
    if (k < 4) s += String.fromCharCode(32 + r.int(95));
    else if (k < 5) s += String.fromCharCode(r.int(32));
    else if (k < 8) s += String.fromCharCode(r.int(0x10000));
    else s += String.fromCodePoint(0x10000 + r.int(0x10ffff - 0x10000));
  }
  return s;
}

/** A value: injection, unicode, numbers, words, noise, or several glued together; rarely very long.
 *  `known` values (a real campaign's slug, a real handle) make some lines reach the database. */
export function value(r: Rng, known: readonly string[] = []): string {
  if (known.length && r.chance(0.25)) return r.pick(known);
  const k = r.int(100);
  if (k < 2) return r.pick(["x", "é", "🚀", "<!channel>", "&", "@everyone "]).repeat(1 + r.int(10_000));
  if (k < 20) return r.pick(INJECTIONS);
  if (k < 35) return r.pick(UNICODE);
  if (k < 55) return r.pick(NUMBERS);
  if (k < 70) return r.pick(WORDS);
  if (k < 80) return noise(r, 1 + r.int(40));
  const parts = Array.from({ length: 2 + r.int(4) }, () => r.pick([...INJECTIONS, ...UNICODE, ...WORDS, ...NUMBERS]));
  return parts.join(r.pick(["", " ", "-", ":"]));
}

/** One argument: key:value (known or unknown key), key: with no value, :value, a flag, a bare word, quotes. */
function argument(r: Rng, keys: readonly string[], known: readonly string[]): string {
  const key = keys.length && r.chance(0.7) ? r.pick(keys) : r.pick(["zz", "top", "id", "n", "a-b", "X", "_k", "1k", "k".repeat(60), "constructor", "toString", "hasOwnProperty"]);
  const v = value(r, known);
  switch (r.int(12)) {
    case 0:
      return `${key}:`;
    case 1:
      return `:${v}`;
    case 2:
      return `${key}:"${v}"`;
    case 3:
      return `${key}:${r.pick(QUOTES)}${v}${r.chance(0.5) ? r.pick(QUOTES) : ""}`;
    case 4:
      return r.pick(["--json", "--JSON", "--help", "--", "---", "-x", `--${v}`]);
    case 5:
      return r.pick(QUOTES) + v;
    case 6:
      return v;
    case 7:
      return `${key}:${v} ${key}:${value(r)}`;
    default:
      return `${key}:${v.replace(/\s/g, "")}`;
  }
}

export interface CommandShape {
  name: string;
  keys: readonly string[];
}

/** A command line: usually a real command with garbage options, sometimes pure garbage. */
export function commandLine(r: Rng, commands: readonly CommandShape[], known: readonly string[] = []): string {
  const k = r.int(100);
  if (k < 5) return value(r);
  if (k < 8) return noise(r, r.int(200));
  const cmd = k < 15 ? { name: value(r), keys: [] } : r.pick(commands);
  const prefix = r.pick(["", "", "", "/scout ", "scout ", "SCOUT ", "/Scout  "]);
  const name = r.chance(0.1) ? cmd.name.toUpperCase() : cmd.name;
  // A third of the lines are mild (known keys, plain or known values) so that they reach the database.
  const mild = r.chance(0.4);
  const keys = [...cmd.keys].sort(() => r.next() - 0.5).slice(0, r.int(3));
  const plainValue = () => r.pick([...known, ...WORDS.slice(0, 9), ...INJECTIONS.slice(0, 20).map((v) => `"${v}"`)]);
  const args = mild
    ? [...(r.chance(0.6) ? [plainValue()] : []), ...keys.map((k) => `${k}:${plainValue()}`)]
    : Array.from({ length: r.int(7) }, () => argument(r, cmd.keys, known));
  return [prefix + name, ...args].join(r.chance(0.9) ? " " : r.pick(["  ", "\t", " \u00a0", "\n"]));
}

/** `n` lines from `seed`, always starting with a fixed list of hostile lines. */
export function fuzzLines(seed: number, n: number, commands: readonly CommandShape[], known: readonly string[] = []): string[] {
  const r = prng(seed);
  const fixed = [
    "",
    " ",
    "\u0000",
    ":",
    "::::",
    '"',
    "\u201c",
    "help <!channel>",
    "campaign new name:<!channel> objective:sales",
    "campaign new name:\"<https://evil.example|click me> @everyone\" objective:awareness",
    "campaign show '; DROP TABLE creator; --",
    "shortlist niche: followers:",
    "shortlist :vegan",
    "shortlist niche:a niche:b",
    "creator @everyone",
    "x".repeat(10_000),
    `campaign new name:"${"y".repeat(10_000)}"`,
    `help ${"a".repeat(7_990)}`,
    `campaign new name:${"<!here>".repeat(1_100)} objective:sales`,
    "\ud800\udc00\ud800",
    "a:\"" + "\"".repeat(7_000),
    "\"".repeat(7_999),
    // An emoji exactly where a 32-, 75-, 150- or 256-character cut falls.
    `campaign show ${"a".repeat(30)}🚀b`,
    `campaign new name:${"a".repeat(74)}🚀 objective:sales`,
    `campaign new name:${"a".repeat(148)}🚀🚀 objective:sales`,
    `campaign show ${"a".repeat(254)}🚀🚀`,
    // Error messages that quote the first characters of a value (a cut made outside the renderers).
    `creator followers:${"🚀".repeat(40)}`,
    `shortlist followers:${"🚀".repeat(40)}-${"🚀".repeat(40)}`,
    // Typed words that are Object.prototype's names: as a platform, a key, a niche word.
    "roster refresh platform:constructor",
    "shortlist platform:toString niche:constructor",
    "shortlist constructor:x",
    "campaign new name:constructor objective:sales",
  ];
  const lines = fixed.slice(0, n);
  while (lines.length < n) lines.push(commandLine(r, commands, known));
  return lines;
}
