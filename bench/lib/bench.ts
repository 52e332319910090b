// The shape of a benchmark file: default export one Bench, or an array of them.
export interface Bench {
  name: string;
  unit: "ms";
  runs: number;
  /** Once before the runs (not timed). */
  setup?(): Promise<void>;
  /** Before each run (not timed). */
  beforeEach?(): Promise<void>;
  /** One timed run; may return extra figures for the record (counts, ratios). */
  run(): Promise<void | Record<string, unknown>>;
  /** After each run (not timed); may return figures measured on what the run left (a floor), added to the record. */
  afterEach?(): Promise<void | Record<string, unknown>>;
  teardown?(): Promise<void>;
  /** Returns a reason to skip (e.g. the shared dataset is absent), or nothing. */
  skip?(): string | undefined;
  notes?: string;
  /** Another benchmark's name: the runner adds `ratio` = this median / that median. */
  relativeTo?: string;
}

export interface BenchRecord {
  name: string;
  unit: "ms";
  median: number | null;
  p95: number | null;
  runs: number;
  notes: string;
  [extra: string]: unknown;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}
