// "Did you mean ...?" for a command line that names no known command: the closest command names
// by edit distance (subcommands included), or the commands of a group whose first word is right.

/** Edit distance (optimal string alignment): insertions, deletions, substitutions, and two
 *  neighbouring letters swapped each count as one edit. */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (!n) return m;
  if (!m) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

/** How many edits still count as a typo of a name this long. */
const tolerance = (length: number) => (length <= 4 ? 1 : length <= 9 ? 2 : 3);

export interface Suggestion {
  /** The words taken as the attempted command, as typed (lower case). */
  typed: string;
  /** Close command names, best first (empty when none is close). */
  suggestions: string[];
  /** Set when the first word names a group ("campaign") and the rest matches none of its commands. */
  group?: { word: string; names: string[] };
}

/**
 * The command names closest to the leading words of a line. `words` are the line's words before
 * any key:value option. A name of k words is compared with the first k words; at equal distance
 * a longer name wins ("campaign shwo" → "campaign show", not "campaigns").
 */
export function suggestCommands(words: readonly string[], names: readonly string[]): Suggestion {
  const lower = words.map((w) => w.toLowerCase());
  const first = lower[0] ?? "";
  const group = names.filter((n) => n.startsWith(first + " "));
  // "campaign frobnicate": the group's word is right, so only its commands are candidates.
  const candidates = group.length && lower.length > 1 ? group : names;
  let best: { d: number; k: number; names: string[] } | null = null;
  for (const name of candidates) {
    const k = name.split(" ").length;
    if (lower.length < k) continue;
    const typed = lower.slice(0, k).join(" ");
    const d = editDistance(typed, name);
    if (d > tolerance(name.length)) continue;
    if (!best || d < best.d || (d === best.d && k > best.k)) best = { d, k, names: [name] };
    else if (d === best.d && k === best.k) best.names.push(name);
  }
  if (group.length) {
    const typed = lower.slice(0, best && best.k > 1 ? best.k : 2).join(" ");
    return { typed, suggestions: best?.names.slice(0, 3) ?? [], ...(best && best.k > 1 ? {} : { group: { word: first, names: group } }) };
  }
  if (best) return { typed: lower.slice(0, best.k).join(" "), suggestions: best.names.slice(0, 3) };
  // The beginning of a one-word name ("deliv") is close too.
  const starts = first.length >= 3 ? names.filter((n) => !n.includes(" ") && n.startsWith(first)) : [];
  return { typed: lower.slice(0, 2).join(" "), suggestions: starts.slice(0, 3) };
}

/** The one candidate closest to `word` within typo distance ("contry" → "country"); undefined when none or a tie. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  let tie = false;
  for (const c of candidates) {
    const d = editDistance(w, c);
    if (d > tolerance(c.length)) continue;
    if (d < bestD) [best, bestD, tie] = [c, d, false];
    else if (d === bestD) tie = true;
  }
  return tie ? undefined : best;
}
