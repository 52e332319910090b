// A campaign's target criteria in words, for `campaign show` and the edit answers: never the JSON
// they are stored as ("niche: vegan, food; 2,000–80,000 followers; countries: DE").

const n = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });
const pct = (x: number) => `${n(Math.round(x * 10_000) / 100)}%`;
const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.map((v) => (typeof v === "string" ? v : valueText(v))) : []);

/** Past this, an upper bound means "no upper bound" (followers:10k+ is stored as 10,000–2,000,000,000). */
const OPEN_ENDED = 1_000_000_000;

function rangeText(r: unknown, unit: string): string {
  const o = (r ?? {}) as { min?: unknown; max?: unknown };
  const min = isNum(o.min) ? o.min : 0;
  const max = isNum(o.max) && o.max < OPEN_ENDED ? o.max : null;
  if (max === null) return min > 0 ? `at least ${n(min)} ${unit}` : `any number of ${unit}`;
  return min > 0 ? `${n(min)}–${n(max)} ${unit}` : `at most ${n(max)} ${unit}`;
}

/** Any other value, in words: lists joined, objects as "key value" pairs. */
function valueText(v: unknown): string {
  if (v === null || v === undefined) return "none";
  if (Array.isArray(v)) return v.map(valueText).join(", ");
  if (typeof v === "object")
    return Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${k} ${valueText(x)}`)
      .join(", ");
  return isNum(v) ? n(v) : String(v);
}

const WEIGHT_WORDS: Record<string, string> = {
  tierFit: "tier fit",
  brandSafety: "brand safety",
};

/** Each known key in words, in the order a marketer thinks of them; unknown keys last, as "key: value". */
export function criteriaText(criteria: Record<string, unknown>): string {
  const c = criteria;
  const currency = typeof c.currency === "string" ? ` ${c.currency}` : "";
  const parts: string[] = [];
  const add = (key: string, text: (v: unknown) => string | null) => {
    if (c[key] === undefined) return;
    const t = text(c[key]);
    if (t) parts.push(t);
  };
  add("objective", (v) => `objective ${valueText(v)}`);
  add("niche", (v) => (strings(v).length ? `niche: ${strings(v).join(", ")}` : null));
  add("synonyms", (v) =>
    v && typeof v === "object"
      ? `also counts: ${Object.entries(v as Record<string, unknown>)
          .map(([term, words]) => `${strings(words).join(", ")} as ${term}`)
          .join("; ")}`
      : null,
  );
  add("followers", (v) => rangeText(v, "followers"));
  add("platforms", (v) => `platforms: ${strings(v).join(", ")}`);
  add("countries", (v) => `countries: ${strings(v).join(", ")}`);
  add("languages", (v) => `languages: ${strings(v).join(", ")}`);
  add("minEr", (v) => (isNum(v) ? `engagement rate at least ${pct(v)}` : null));
  add("maxRate", (v) => (isNum(v) ? `rate at most ${n(v)}${currency}` : null));
  add("budget", (v) => (isNum(v) ? `budget ${n(v)}${currency}` : null));
  add("currency", (v) => (c.maxRate === undefined && c.budget === undefined ? `currency ${valueText(v)}` : null));
  add("competitors", (v) => `competitors: ${strings(v).join(", ")}`);
  add("requiredDisclosure", (v) => `disclosure words: ${strings(v).join(", ")}`);
  add("weights", (v) =>
    v && typeof v === "object"
      ? `weights: ${Object.entries(v as Record<string, unknown>)
          .filter(([, w]) => w !== undefined)
          .map(([k, w]) => `${WEIGHT_WORDS[k] ?? k} ${valueText(w)}`)
          .join(", ")}`
      : null,
  );
  add("benchmarkVersion", (v) => `benchmarks ${valueText(v)}`);
  const known = new Set(["objective", "niche", "synonyms", "followers", "platforms", "countries", "languages", "minEr", "maxRate", "budget", "currency", "competitors", "requiredDisclosure", "weights", "benchmarkVersion"]);
  for (const [k, v] of Object.entries(c)) if (!known.has(k) && v !== undefined) parts.push(`${k}: ${valueText(v)}`);
  return parts.join("; ");
}
