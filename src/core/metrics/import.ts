// `/scout metrics import <file>`: a CSV of post metrics (one row per deliverable and time), read
// with the roster's CSV reader and value parsers. The file is read as a stream and checked row by
// row before anything is written (an unreadable file changes nothing); bad rows are listed with their line and reason, good rows are stored with
// source "import". Without a taken_at column a row counts as taken today (UTC): re-importing a file
// the same day replaces its numbers, and the same numbers are never stored twice.
import { UserError } from "../errors.ts";
import { joinClauses } from "../text.ts";
import { checkCsv, readCsv, shownHeader, type CsvInput, type CsvTable } from "../roster/csv.ts";
import { headerKey } from "../roster/columns.ts";
import { parseCount, parseDate } from "../roster/values.ts";
import { noRows, type RowProblem } from "../roster/rows.ts";
import type { MetricsStore, SnapshotRow } from "./types.ts";

const COLUMNS = {
  id: ["deliverableid", "deliverable", "id"],
  url: ["url", "link", "deliverableurl", "posturl", "permalink", "postlink"],
  takenAt: ["takenat", "date", "asof", "measuredat", "timestamp", "time"],
  reach: ["reach", "accountsreached", "uniqueviewers"],
  impressions: ["impressions", "impression"],
  views: ["views", "videoviews", "plays", "viewcount", "playcount"],
  likes: ["likes", "likecount", "hearts"],
  comments: ["comments", "commentcount", "replies"],
  shares: ["shares", "sharecount", "reposts", "sends"],
  saves: ["saves", "savecount", "saved", "bookmarks"],
  clicks: ["clicks", "linkclicks", "linktaps", "stickertaps", "websitetaps"],
} as const;
type Column = keyof typeof COLUMNS;
const METRIC_COLUMNS = ["reach", "impressions", "views", "likes", "comments", "shares", "saves", "clicks"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function mapMetricColumns(header: string[], file: string): Partial<Record<Column, number>> {
  const keys = header.map(headerKey);
  const out: Partial<Record<Column, number>> = {};
  for (const col of Object.keys(COLUMNS) as Column[])
    for (const alias of COLUMNS[col]) {
      const idx = keys.indexOf(alias);
      if (idx !== -1 && !Object.values(out).includes(idx)) {
        out[col] = idx;
        break;
      }
    }
  const shown = shownHeader(header);
  if (out.id === undefined && out.url === undefined)
    throw new UserError("CSV_METRICS_COLUMNS", `${file} has no url or deliverable_id column. Its header is: ${shown}.`, "Name the column with each post's link \"url\" (or give the deliverable ids in \"deliverable_id\") and import again.");
  if (!METRIC_COLUMNS.some((c) => out[c] !== undefined))
    throw new UserError("CSV_METRICS_COLUMNS", `${file} has no metric column (reach, impressions, views, likes, comments, shares, saves, clicks). Its header is: ${shown}.`);
  return out;
}

/** Validates each row; bad rows come back as problems, good rows as snapshots. */
export function readSnapshotRows(table: CsvTable, file: string, now: Date): { rows: SnapshotRow[]; problems: RowProblem[] } {
  const reader = snapshotRows(table.header, file, now);
  for (const { line, cells } of table.records) reader.add(line, cells);
  return reader.result();
}

/** Reads a metrics file row by row as it streams in: `add` each record, then `result`. Throws on a header it cannot use. */
export function snapshotRows(header: string[], file: string, now: Date) {
  const cols = mapMetricColumns(header, file);
  const rows: SnapshotRow[] = [];
  const problems: RowProblem[] = [];
  const add = (line: number, cells: string[]): void => {
    const cell = (c: Column) => (cols[c] === undefined ? undefined : cells[cols[c]!]);
    const reasons: string[] = [];
    const id = cell("id")?.trim() || null;
    const url = cell("url")?.trim() || null;
    if (id && !UUID.test(id)) reasons.push(`deliverable id "${id.slice(0, 40)}" is not an id (a UUID, as /scout deliverables <campaign> lists them)`);
    if (!id && !url) reasons.push("the row has neither a link nor a deliverable id");
    if (url && !id && !/^https?:\/\/\S+$/i.test(url)) reasons.push(`"${url.slice(0, 60)}" is not a link (https://...)`);
    const taken = parseDate(cell("takenAt"), "taken_at");
    if (!taken.ok) reasons.push(taken.reason);
    else if (taken.value && taken.value.getTime() > now.getTime() + 5 * 60_000) reasons.push(`taken_at ${cell("takenAt")!.trim()} is in the future`);
    const figures: Partial<Record<(typeof METRIC_COLUMNS)[number], number | null>> = {};
    for (const c of METRIC_COLUMNS) {
      const p = parseCount(cell(c), c);
      if (!p.ok) reasons.push(p.reason);
      else figures[c] = p.value;
    }
    if (!reasons.length && METRIC_COLUMNS.every((c) => figures[c] === null || figures[c] === undefined)) reasons.push("the row has no numbers");
    if (reasons.length) {
      problems.push({ file, line, ...(url || id ? { handle: (id ?? url)! } : {}), reason: joinClauses(reasons) });
      return;
    }
    rows.push({
      line,
      deliverableId: id ? id.toLowerCase() : null,
      url: id ? null : url,
      takenAt: taken.ok ? taken.value : null,
      ...(Object.fromEntries(METRIC_COLUMNS.map((c) => [c, figures[c] ?? null])) as Record<(typeof METRIC_COLUMNS)[number], number | null>),
    });
  };
  return { add, result: () => ({ rows, problems }) };
}

export interface MetricsImportSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: RowProblem[];
  takenAt: string;
}

/** Start of the UTC day: the time of rows without taken_at. */
export const importDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

export async function importMetrics(
  file: CsvInput,
  opts: { campaignId: string | null; now: Date; by: { id: string; name: string | null; surface: string }; maxRows?: number | undefined; signal?: AbortSignal | undefined },
  store: Pick<MetricsStore, "writeImport">,
): Promise<MetricsImportSummary> {
  // A file over the row limit is refused before any of its rows is held.
  if (opts.maxRows !== undefined) await checkCsv(file, { maxRows: opts.maxRows, signal: opts.signal });
  let reader: ReturnType<typeof snapshotRows> | undefined;
  const read = await readCsv(
    file,
    (header) => void (reader = snapshotRows(header, file.label, opts.now)),
    (line, cells) => reader!.add(line, cells),
    { maxRows: opts.maxRows, signal: opts.signal },
  );
  if (!read.records) throw noRows(file.label);
  const { rows, problems } = reader!.result();
  const defaultTakenAt = importDay(opts.now);
  opts.signal?.throwIfAborted();
  const w = await store.writeImport(rows, { campaignId: opts.campaignId, defaultTakenAt, by: opts.by });
  const skipped = [...problems, ...w.unresolved.map((u) => ({ file: file.label, line: u.line, reason: u.reason }))].sort((a, b) => a.line - b.line);
  return { rows: read.records, created: w.created, updated: w.updated, unchanged: w.unchanged, skipped, takenAt: defaultTakenAt.toISOString() };
}
