import { describe, expect, it } from "vitest";
import { csvCell, parseCsv, readCsv } from "../../../src/core/roster/csv.ts";
import { UserError } from "../../../src/core/errors.ts";

describe("CSV reader", () => {
  it("reads quoted fields with commas, quotes and line breaks, and keeps each record's line", () => {
    const t = parseCsv('handle,bio\r\nana,"loves food, travel"\r\nbo,"says ""hi""\nand more"\r\ncy,plain\r\n');
    expect(t.header).toEqual(["handle", "bio"]);
    expect(t.records.map((r) => r.cells)).toEqual([
      ["ana", "loves food, travel"],
      ["bo", 'says "hi"\nand more'],
      ["cy", "plain"],
    ]);
    expect(t.records.map((r) => r.line)).toEqual([2, 3, 5]);
  });

  it("streams the same records, each with the line it starts on, as the whole-text reader, in chunks of any size", async () => {
    const text = 'handle,bio\r\nana,"loves food, travel"\r\n\r\nbo,"says ""hi""\nand\r\nmore"\r\ncy,plain\n\ndee,"x"\rend,last\n';
    const whole = parseCsv(text);
    // As csv-parse counts them (a line break inside quotes counts too).
    expect(whole.records.map((r) => r.line)).toEqual([2, 4, 8, 10, 11]);
    for (const size of [1, 2, 7, 64]) {
      const got: { line: number; cells: string[] }[] = [];
      const bytes = Buffer.from(text);
      const chunks = async function* () {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
      };
      await readCsv({ label: "t.csv", chunks }, () => {}, (line, cells) => void got.push({ line, cells }));
      expect(got, `chunks of ${size}`).toEqual(whole.records);
    }
  });

  it("strips a byte-order mark and sniffs semicolons and tabs", () => {
    expect(parseCsv("\ufeffhandle;followers\nana;12\n").records[0]!.cells).toEqual(["ana", "12"]);
    expect(parseCsv("handle\tfollowers\nana\t12\n").delimiter).toBe("\t");
  });

  it("skips blank lines", () => {
    expect(parseCsv("handle\n\nana\n\n").records).toHaveLength(1);
  });

  it("refuses an unterminated quote, an empty file and binary data as unparseable", () => {
    for (const bad of ['handle\n"ana\n', "", "\u0000\u0001PK"]) {
      try {
        parseCsv(bad, "x.csv");
        throw new Error("should have thrown");
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        expect((e as UserError).code).toBe("CSV_UNPARSEABLE");
      }
    }
  });

  it("quotes export cells and defuses spreadsheet formulas", () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(-5)).toBe("-5");
  });

  it("defuses every cell starting with = + - @, tab or CR unless the whole cell is a plain number", () => {
    // A leading minus and digit used to pass as a number: this went out as a formula.
    expect(csvCell("-2+3+cmd|'/c calc'!z0")).toBe("'-2+3+cmd|'/c calc'!z0");
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-1e3*A1")).toBe("'-1e3*A1");
    expect(csvCell("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(csvCell("\t=1+1")).toBe("'\t=1+1");
    expect(csvCell("\r=1+1")).toBe("\"'\r=1+1\"");
    expect(csvCell("-")).toBe("'-");
    expect(csvCell("- 5")).toBe("'- 5");
    // Plain numbers stay numbers.
    for (const n of ["-2.5", "+3", "-5", "0.25", "12", "-0", "+0.5", "-.5"]) expect(csvCell(n), n).toBe(n);
    expect(csvCell(-2.5)).toBe("-2.5");
    expect(csvCell("text-2")).toBe("text-2");
  });
});
