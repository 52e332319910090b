// The row limit's count (checkCsv, recordCounter) against the parser that reads the rows: on any
// text the parser reads, the count is the number of records it gives, however the bytes arrive.
import { describe, expect, it } from "vitest";
import { checkCsv, parseCsv, recordCounter } from "../../../src/core/roster/csv.ts";
import { UserError } from "../../../src/core/errors.ts";

/** mulberry32: a small seeded generator, so a failure replays. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Weighted toward what changes where records end: quotes, delimiters, line ends, blanks.
const PIECES = ['"', '"', '""', ",", ",", ";", "\t", "\n", "\n", "\r\n", "\r", "a", "bc", " ", "é", "日本", "\n\n"];

function randomText(next: () => number): string {
  const n = 1 + Math.floor(next() * 40);
  let s = next() < 0.1 ? "\ufeff" : "";
  if (next() < 0.2) s += '"';
  s += "h,i\n";
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

function count(text: string, delimiter: string, next: () => number): number {
  const bytes = Buffer.from(text, "utf8");
  const c = recordCounter(delimiter);
  // Cut anywhere, inside a character, between a quote and the next one, or between CR and LF.
  for (let at = 0; at < bytes.length; ) {
    const len = 1 + Math.floor(next() * 6);
    c.add(bytes.subarray(at, at + len));
    at += len;
  }
  return c.count();
}

const chunks = (text: string, size: number) => ({
  label: "roster.csv",
  async *chunks() {
    const b = Buffer.from(text, "utf8");
    for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
  },
});

describe("the row limit's count", () => {
  it("equals the parser's number of records on 5,000 random texts cut into random pieces", () => {
    const next = rng(20261205);
    let read = 0;
    const wrong: string[] = [];
    for (let k = 0; k < 5000; k++) {
      const text = randomText(next);
      let parsed;
      try {
        parsed = parseCsv(text);
      } catch {
        continue; // the parser refuses it (an unclosed quote): the import refuses it whatever the count
      }
      read++;
      const got = count(text, parsed.delimiter, next);
      if (got !== parsed.records.length) wrong.push(`${JSON.stringify(text)}: counted ${got}, parsed ${parsed.records.length}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    // Both kinds of text were generated: many the parser reads, with records of every kind.
    expect(read).toBeGreaterThan(1000);
  });

  it("counts quoted line breaks, doubled quotes, a quote inside a field and blank lines as the parser does", () => {
    const text = 'h,bio\n\nana,"two\nlines"\r\nbo,"say ""hi""\r\nthere"\ncy,5"2 tall\n"",\n""\n\r\n';
    expect(parseCsv(text).records).toHaveLength(4);
    expect(count(text, ",", rng(1))).toBe(4);
  });

  it("refuses one row over the limit and takes a file at the limit, however its rows span lines", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `c${i},"bio\nof ${i}"`);
    const text = `handle,bio\n${rows.join("\n")}\n`;
    await expect(checkCsv(chunks(text, 7), { maxRows: 50 })).resolves.toBeUndefined();
    const over = checkCsv(chunks(text, 7), { maxRows: 49 });
    await expect(over).rejects.toBeInstanceOf(UserError);
    await expect(over).rejects.toMatchObject({ code: "FILE_TOO_LARGE" });
  });

  it("refuses binary data and an empty file before counting", async () => {
    await expect(checkCsv(chunks("handle\nana\u0000\n", 4), { maxRows: 10 })).rejects.toMatchObject({ code: "CSV_UNPARSEABLE" });
    await expect(checkCsv(chunks("", 4), { maxRows: 10 })).rejects.toMatchObject({ code: "CSV_UNPARSEABLE" });
  });
});
