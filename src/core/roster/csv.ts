// CSV reading with csv-parse (RFC 4180: quoted fields with commas, quotes and line breaks inside,
// CRLF, LF or CR, a byte-order mark), comma, semicolon or tab delimiters sniffed from the header.
// Imports read files as a stream (readCsv): memory stays bounded whatever the file's size, and a
// file with more rows than allowed is refused as soon as the row after the limit is read.
import { parse as parseStream, type Options } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { finished } from "node:stream/promises";
import { UserError } from "../errors.ts";

export interface CsvTable {
  header: string[];
  /** Data records, each with the file line it starts on (the header is line 1). */
  records: { line: number; cells: string[] }[];
  delimiter: string;
}

/** A file to import: its text (tests, small inputs) or its bytes as a stream of chunks. */
export type CsvInput = { label: string; text: string } | { label: string; chunks(): AsyncIterable<Uint8Array | string> };

/** One record above this is not CSV (an unterminated quote swallowing the file, or binary data). */
const MAX_RECORD_BYTES = 1024 * 1024;
/** The header is looked for in the first this many bytes. */
const HEADER_WINDOW = 64 * 1024;

/** Sniffs the delimiter from the first line: the most frequent of , ; and tab outside quotes. */
function sniffDelimiter(first: string): string {
  let best = ",";
  let bestCount = 0;
  for (const d of [",", ";", "\t"]) {
    let count = 0;
    let quoted = false;
    for (const ch of first) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

const options = (delimiter: string): Options => ({
  delimiter,
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  record_delimiter: ["\r\n", "\n", "\r"],
  max_record_size: MAX_RECORD_BYTES,
});

const notText = (label: string) =>
  new UserError("CSV_UNPARSEABLE", `${label} is not a CSV text file (it holds binary data).`, "Export it as CSV (comma-separated values) and try again.");
const empty = (label: string) => new UserError("CSV_UNPARSEABLE", `${label} is empty.`, "Export the roster again as CSV with a header row.");

/** csv-parse's errors in words; never with the file's content. `recordLine`: where the failing record starts. */
function parseError(e: unknown, label: string, recordLine: number): unknown {
  const code = (e as { code?: string }).code;
  if (e instanceof UserError || typeof code !== "string" || !code.startsWith("CSV_")) return e;
  if (code === "CSV_QUOTE_NOT_CLOSED")
    return new UserError(
      "CSV_UNPARSEABLE",
      `${label} cannot be read: a quote opened on line ${recordLine} is never closed.`,
      'Fix the quoting (a quote inside a value is written twice: "") and import again.',
    );
  if (code === "CSV_MAX_RECORD_SIZE")
    return new UserError("CSV_UNPARSEABLE", `${label} cannot be read as CSV: the record starting on line ${recordLine} is over ${MAX_RECORD_BYTES / 1048576} MB.`, "Export it as CSV (comma-separated values) and try again.");
  return new UserError("CSV_UNPARSEABLE", `${label} cannot be read as CSV (near line ${recordLine}).`, 'Check the quoting on that line (a quote inside a value is written twice: "") and import again.');
}

/** The first line of a file, decoded, to sniff the delimiter; or why the file is not CSV text. */
function firstLine(head: Buffer, label: string): string {
  if (head.includes(0)) throw notText(label);
  let text = head.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw empty(label);
  const end = text.search(/[\r\n]/);
  return end === -1 ? text : text.slice(0, end);
}

/** The header as cells, or why it is not the header of a CSV text file (control characters, bytes that are not UTF-8). */
function headerOf(cells: string[], label: string): string[] {
  const header = cells.map((h) => h.trim());
  // eslint-disable-next-line no-control-regex
  if (header.some((h) => /[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/.test(h))) throw notText(label);
  return header;
}

/**
 * The header as shown in an error: at most its first 64 characters. Only a header that was read as
 * CSV text gets here (binary files are refused before), so nothing else of a file is ever quoted.
 */
export function shownHeader(header: string[]): string {
  const line = header.join(", ");
  return line.length > 64 ? `${line.slice(0, 63)}…` : line;
}

/** Limits of one read; `maxRows` counts data rows (not the header). */
export interface CsvReadOptions {
  maxRows?: number | undefined;
  signal?: AbortSignal | undefined;
}

export const tooManyRows = (label: string, maxRows: number) =>
  new UserError(
    "FILE_TOO_LARGE",
    `The file is too large: at most ${maxRows.toLocaleString("en-US")} rows (${label} has more). Nothing was imported.`,
    "Split it into smaller files and import each (re-importing updates rows already there).",
  );

/**
 * What both readers do inside csv-parse's on_record, with the line each record ended on: blank
 * lines are skipped, the first record is the header, then `onRecord` gets each data record with the
 * line it starts on, within `maxRows`. Nothing is queued (it returns null), so there is no object
 * stream and no promise per record; what it throws (the row limit, a refused header, a
 * cancellation) ends the parse with that error. `lastGood` is where the last complete record ended,
 * seen as the parser reads it: a record that fails starts on the next line.
 */
function recordHandler(label: string, onHeader: (header: string[]) => void, onRecord: (line: number, cells: string[]) => void, opts: CsvReadOptions) {
  const state = { lastGood: 0, records: 0, header: null as string[] | null };
  const handle = (r: string[], info: { lines: number }): null => {
    const line = state.lastGood + 1;
    state.lastGood = info.lines;
    if (r.length === 1 && r[0] === "") return null;
    if (!state.header) {
      state.header = headerOf(r, label);
      onHeader(state.header);
      return null;
    }
    if (opts.maxRows !== undefined && state.records >= opts.maxRows) throw tooManyRows(label, opts.maxRows);
    state.records++;
    if (state.records % 2000 === 0) opts.signal?.throwIfAborted();
    onRecord(line, r);
    return null;
  };
  return {
    state,
    onRecord: handle as unknown as Options["on_record"],
    /** The header, once the whole file is read; a file with none is refused. */
    header(): string[] {
      if (!state.header) throw new UserError("CSV_UNPARSEABLE", `${label} has no header row.`);
      return state.header;
    },
  };
}

/**
 * csv-parse builds a new info object for every record it hands to on_record (its running counters
 * copied twice over), about 0.15 s for the real roster's 73,000 records, of which recordHandler
 * reads one counter, `lines`. The running counters themselves are as good for that: they are read
 * at once, before the next record changes them. Where a later csv-parse has no such method, this
 * does nothing and the parser works as it is.
 */
function lightRecordInfo(parser: object): void {
  const api = (parser as { api?: { info?: unknown; __infoRecord?: unknown } }).api;
  if (api && typeof api.__infoRecord === "function" && typeof api.info === "object" && api.info !== null) {
    const info = api.info;
    api.__infoRecord = () => info;
  }
}

async function* chunksOf(input: CsvInput): AsyncIterable<Buffer> {
  if ("text" in input) {
    yield Buffer.from(input.text, "utf8");
    return;
  }
  for await (const c of input.chunks()) yield typeof c === "string" ? Buffer.from(c, "utf8") : Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

/**
 * The start of a file: its chunks up to its first line end (or 64 kB of them), which decide the
 * delimiter and whether this is text at all, and whether the file ended there. A file that is
 * empty or not text is refused, and closed.
 */
async function openCsv(it: AsyncIterator<Buffer>, label: string): Promise<{ start: Buffer; delimiter: string; done: boolean }> {
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < HEADER_WINDOW) {
    const n = await it.next();
    if (n.done) {
      done = true;
      break;
    }
    head.push(n.value);
    headBytes += n.value.length;
    if (n.value.includes(10) || n.value.includes(13)) break;
  }
  const start = Buffer.concat(head);
  try {
    return { start, delimiter: sniffDelimiter(firstLine(start, label)), done };
  } catch (e) {
    await it.return?.();
    throw e;
  }
}

/**
 * Reads a CSV file as a stream: `onHeader` gets the header (it may throw to refuse the file), then
 * `onRecord` each data record with the line it starts on. Blank lines are skipped. Throws UserError
 * CSV_UNPARSEABLE when the file is not CSV at all (binary, empty, an unterminated quote) and
 * FILE_TOO_LARGE past `maxRows`. Returns the number of data records and the delimiter.
 */
export async function readCsv(
  input: CsvInput,
  onHeader: (header: string[]) => void,
  onRecord: (line: number, cells: string[]) => void,
  opts: CsvReadOptions = {},
): Promise<{ records: number; delimiter: string }> {
  const label = input.label;
  const it = chunksOf(input)[Symbol.asyncIterator]();
  const { start, delimiter, done } = await openCsv(it, label);
  const reader = recordHandler(label, onHeader, onRecord, opts);
  const parser = parseStream({ ...options(delimiter), on_record: reader.onRecord });
  lightRecordInfo(parser);
  parser.resume();
  const ended = finished(parser);
  ended.catch(() => {});
  try {
    const write = async (b: Buffer) => {
      if (b.includes(0)) throw notText(label);
      if (!parser.write(b)) await new Promise<void>((resolve, reject) => {
        const off = () => (parser.off("drain", ok), parser.off("close", closed));
        const ok = () => (off(), resolve());
        const closed = () => (off(), reject(new Error("closed")));
        parser.on("drain", ok);
        parser.on("close", closed);
      });
      if (parser.destroyed) await ended;
    };
    await write(start);
    if (!done) for (let n = await it.next(); !n.done; n = await it.next()) await write(n.value);
    parser.end();
    await ended;
  } catch (e) {
    // The parser's own error, when it stopped (a write then only sees "closed").
    const failure = parser.errored ?? e;
    parser.destroy();
    await it.return?.().catch(() => {});
    throw parseError(failure, label, reader.state.lastGood + 1);
  }
  reader.header();
  return { records: reader.state.records, delimiter };
}

/**
 * Counts a CSV file's data records the way readCsv's parser splits them (csv-parse with the options
 * above), without parsing cells: one pass over the bytes that follows only quotes, delimiters and
 * line ends. A quote opens a quoted field only at a field's start; inside one, a doubled quote is a
 * quote and any other quote closes it (csv-parse's relax_quotes); CR, LF and CRLF end a record
 * outside quotes; a record that is empty (no delimiter, nothing in its one field) is a blank line,
 * skipped; the first record is the header. On a file csv-parse cannot read (an unclosed quote) the
 * count is whatever it is: readCsv refuses that file anyway.
 */
export function recordCounter(delimiter: string) {
  const QUOTE = 0x22;
  const CR = 0x0d;
  const LF = 0x0a;
  const DELIM = delimiter.charCodeAt(0);
  let quoting = false;
  let quoteSeen = false; // inside a quoted field, a quote whose next byte decides: doubled or closing
  let fieldStart = true;
  let blank = true;
  let records = 0;
  const BOM = [0xef, 0xbb, 0xbf];
  // The file's first bytes, until it is clear whether they start with a UTF-8 byte-order mark,
  // which csv-parse drops (bom: true): a quote after it opens the first field.
  let head: Buffer | null = Buffer.alloc(0);
  const scan = (buf: Uint8Array, from: number): void => {
    for (let i = from, n = buf.length; i < n; i++) {
      const b = buf[i]!;
      if (quoteSeen) {
        quoteSeen = false;
        if (b === QUOTE) {
          blank = false;
          continue;
        }
        quoting = false;
        fieldStart = false;
      } else if (quoting) {
        if (b === QUOTE) quoteSeen = true;
        else blank = false;
        continue;
      }
      if (b === QUOTE && fieldStart) {
        quoting = true;
        fieldStart = false;
      } else if (b === DELIM) {
        blank = false;
        fieldStart = true;
      } else if (b === LF || b === CR) {
        if (!blank) records++;
        blank = true;
        fieldStart = true;
      } else {
        blank = false;
        fieldStart = false;
      }
    }
  };
  return {
    add(buf: Uint8Array): void {
      if (head === null) return scan(buf, 0);
      const h: Buffer = Buffer.concat([head, buf]);
      const bomPrefix = h.subarray(0, 3).every((b, i) => b === BOM[i]);
      if (h.length < 3 && bomPrefix) {
        head = h;
        return;
      }
      head = null;
      scan(h, bomPrefix ? 3 : 0);
    },
    /** Data records so far (the header not counted), as if the file ended here. */
    count(): number {
      // Bytes still held as the start of a byte-order mark are at most the header's.
      return head === null ? Math.max(0, records + (blank ? 0 : 1) - 1) : 0;
    },
  };
}

/**
 * Checks a file before it is read for real: that it is text, and has at most `maxRows` data rows,
 * counted as readCsv counts them (recordCounter) without parsing a cell. It keeps nothing, so a
 * file far over the limit (a million rows) is refused in bounded memory, before any of its rows is
 * held; the count costs a few hundredths of what reading the rows does.
 */
export async function checkCsv(input: CsvInput, opts: CsvReadOptions): Promise<void> {
  const label = input.label;
  const it = chunksOf(input)[Symbol.asyncIterator]();
  const { start, delimiter, done } = await openCsv(it, label);
  const counter = recordCounter(delimiter);
  const add = (b: Buffer) => {
    if (b.includes(0)) throw notText(label);
    opts.signal?.throwIfAborted();
    counter.add(b);
    if (opts.maxRows !== undefined && counter.count() > opts.maxRows) throw tooManyRows(label, opts.maxRows);
  };
  try {
    add(start);
    if (!done) for (let n = await it.next(); !n.done; n = await it.next()) add(n.value);
  } catch (e) {
    await it.return?.().catch(() => {});
    throw e;
  }
}

/** Reads a whole CSV text (small inputs and tests) into a table, with the same parser and rules. */
export function parseCsv(input: string, fileLabel = "the file"): CsvTable {
  const buf = Buffer.from(input, "utf8");
  const delimiter = sniffDelimiter(firstLine(buf, fileLabel));
  const records: CsvTable["records"] = [];
  const reader = recordHandler(fileLabel, () => {}, (line, cells) => void records.push({ line, cells }), {});
  try {
    parseSync(buf, { ...options(delimiter), on_record: reader.onRecord });
  } catch (e) {
    throw parseError(e, fileLabel, reader.state.lastGood + 1);
  }
  return { header: reader.header(), records, delimiter };
}

const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Quotes one CSV cell when needed (for exports). */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  // Cells starting with = + - @, tab or CR are formulas to spreadsheets: prefix a quote so they stay
  // text, unless the whole cell is a plain number ("-2.5", "+3"). "-2+3+cmd|..." is not one.
  const safe = /^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
