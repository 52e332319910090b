import { describe, expect, it } from "vitest";
import { parseCsv } from "../../../src/core/roster/csv.ts";
import { importDay, readSnapshotRows } from "../../../src/core/metrics/import.ts";

const NOW = new Date("2026-11-20T15:30:00Z");
const read = (csv: string) => readSnapshotRows(parseCsv(csv, "m.csv"), "m.csv", NOW);

describe("metrics import rows", () => {
  it("reads links or deliverable ids, an optional time and the numbers people export", () => {
    const r = read(
      "URL,Taken At,Reach,Impressions,Likes,Comments,Shares,Saves,Link Clicks\n" +
        "https://instagram.com/p/abc,2026-11-19,12k,20000,900,60,20,20,30\n" +
        "https://instagram.com/p/def,,1,200,,,,,,\n",
    );
    expect(r.problems).toEqual([]);
    expect(r.rows[0]).toMatchObject({ line: 2, url: "https://instagram.com/p/abc", deliverableId: null, reach: 12_000, impressions: 20_000, likes: 900, comments: 60, shares: 20, saves: 20, clicks: 30 });
    expect(r.rows[0]!.takenAt!.toISOString()).toBe("2026-11-19T00:00:00.000Z");
    expect(r.rows[1]).toMatchObject({ takenAt: null, reach: 1, impressions: 200, likes: null });
  });

  it("reports each bad row with its line and reason, and keeps the good rows", () => {
    const r = read(
      "deliverable_id,url,taken_at,reach,likes\n" +
        "not-an-id,,,10,1\n" +
        ",,,10,1\n" +
        ",https://x.com/a/status/1,2027-01-01,10,1\n" +
        ",https://x.com/a/status/2,,-4,1\n" +
        ",https://x.com/a/status/3,,,\n" +
        ",ftp://nope,,5,\n" +
        "3F0C2A9E-8D1B-4C52-9A57-0B5D1E6F7A21,,,5,\n",
    );
    expect(r.problems.map((p) => [p.line, p.reason])).toEqual([
      [2, 'deliverable id "not-an-id" is not an id (a UUID, as /scout deliverables <campaign> lists them)'],
      [3, "the row has neither a link nor a deliverable id"],
      [4, "taken_at 2027-01-01 is in the future"],
      [5, "reach cannot be negative (got -4)"],
      [6, "the row has no numbers"],
      [7, '"ftp://nope" is not a link (https://...)'],
    ]);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ line: 8, deliverableId: "3f0c2a9e-8d1b-4c52-9a57-0b5d1e6f7a21", url: null, reach: 5 });
  });

  it("refuses a file without a link column or without any metric column", () => {
    expect(() => read("handle,reach\nana,5\n")).toThrow(/no url or deliverable_id column/);
    expect(() => read("url,caption\nhttps://x.com/1,hi\n")).toThrow(/no metric column/);
  });

  it("rows without a time count as taken at the start of the import's UTC day", () => {
    expect(importDay(NOW).toISOString()).toBe("2026-11-20T00:00:00.000Z");
  });
});
