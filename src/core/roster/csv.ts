// A small RFC 4180 CSV reader: quoted fields (with commas, quotes and line breaks inside),
// CRLF or LF, a byte-order mark, and comma, semicolon or tab delimiters (sniffed from the header).
import { UserError } from "../errors.ts";

export interface CsvTable {
  header: string[];
  /** Data records, each with the file line it starts on (the header is line 1). */
  records: { line: number; cells: string[] }[];
  delimiter: string;
}

/** Sniffs the delimiter from the first line: the most frequent of , ; and tab outside quotes. */
function sniffDelimiter(text: string): string {
  const end = text.indexOf("\n");
  const first = end === -1 ? text : text.slice(0, end);
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

/**
 * Parses CSV text. Throws UserError CSV_UNPARSEABLE when the file is not CSV at all (binary,
 * empty, an unterminated quote), so that nothing is imported from it.
 */
export function parseCsv(input: string, fileLabel = "the file"): CsvTable {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === "") throw new UserError("CSV_UNPARSEABLE", `${fileLabel} is empty.`, "Export the roster again as CSV with a header row.");
  if (text.includes("\u0000"))
    throw new UserError("CSV_UNPARSEABLE", `${fileLabel} is not a CSV text file (it holds binary data).`, "Export it as CSV (comma-separated values) and try again.");
  const delimiter = sniffDelimiter(text);
  const d = delimiter.charCodeAt(0);
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  let quoted = false;
  let quoteStartLine = 0;
  let fieldStart = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 34 /* " */) {
        if (text.charCodeAt(i + 1) === 34) {
          field += text.slice(fieldStart, i + 1);
          i += 2;
          fieldStart = i;
          continue;
        }
        field += text.slice(fieldStart, i);
        quoted = false;
        i++;
        fieldStart = i;
        continue;
      }
      if (c === 10) line++;
      i++;
      continue;
    }
    if (c === 34 && i === fieldStart && field === "") {
      quoted = true;
      quoteStartLine = line;
      i++;
      fieldStart = i;
      continue;
    }
    if (c === d || c === 10 || c === 13) {
      field += text.slice(fieldStart, i);
      cells.push(field);
      field = "";
      if (c !== d) {
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        if (!(cells.length === 1 && cells[0] === "")) rows.push({ line: recordLine, cells });
        cells = [];
        line++;
        recordLine = line;
      }
      i++;
      fieldStart = i;
      continue;
    }
    i++;
  }
  if (quoted)
    throw new UserError(
      "CSV_UNPARSEABLE",
      `${fileLabel} cannot be read: a quote opened on line ${quoteStartLine} is never closed.`,
      "Fix the quoting (a quote inside a value is written twice: \"\") and import again.",
    );
  field += text.slice(fieldStart, n);
  if (field !== "" || cells.length) {
    cells.push(field);
    if (!(cells.length === 1 && cells[0] === "")) rows.push({ line: recordLine, cells });
  }
  const head = rows.shift();
  if (!head) throw new UserError("CSV_UNPARSEABLE", `${fileLabel} has no header row.`);
  return { header: head.cells.map((h) => h.trim()), records: rows, delimiter };
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
