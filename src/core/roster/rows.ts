// Validates roster and post rows. Bad rows are reported with their line and reason; good rows go on.
// Rows are read one at a time as the file streams in (AccountRows, PostRows); readAccountRows and
// readPostRows read a whole table.
import { PLATFORMS, type Platform } from "../platform.ts";
import { UsageError } from "../errors.ts";
import { joinClauses } from "../text.ts";
import type { CsvTable } from "./csv.ts";
import { mapCreatorColumns, mapPostColumns } from "./columns.ts";
import {
  parseCount,
  parseCountry,
  parseDate,
  parseEmail,
  parseFlag,
  parseHandle,
  parseHashtags,
  parseLanguage,
  parseList,
  parseMoney,
  parsePlatform,
  plainText,
  type Parsed,
} from "./values.ts";

/** One account, as read from a roster file. Null means "not in the file": keep what is stored. */
export interface AccountRow {
  line: number;
  platform: Platform;
  handle: string;
  displayName: string | null;
  bio: string | null;
  followers: number | null;
  following: number | null;
  postsCount: number | null;
  categories: string[];
  hashtags: string[];
  country: string | null;
  language: string | null;
  email: string | null;
  rate: number | null;
  currency: string | null;
  discordUserId: string | null;
}

/** One post's metrics, as read from a posts file. */
export interface PostRow {
  line: number;
  platform: Platform;
  handle: string;
  externalId: string;
  /** Milliseconds since 1970 (a number, not a Date: an import holds one per post). */
  postedAt: number | null;
  likes: number | null;
  comments: number | null;
  views: number | null;
  shares: number | null;
  saves: number | null;
  isVideo: boolean;
  isSponsored: boolean;
  sponsorTags: number;
  /** Distinct, in lower case, without "#" (parseHashtags). */
  hashtags: string[];
  caption: string | null;
}

/** Rows read from one file; identical repeated lines are counted once, as duplicates. */
export interface ReadResult<R> {
  rows: R[];
  problems: RowProblem[];
  duplicates: number;
}

export interface RowProblem {
  file: string;
  line: number;
  handle?: string;
  reason: string;
}

class RowReader {
  problems: string[] = [];
  constructor(private readonly cells: string[]) {}
  cell(idx: number | undefined): string | undefined {
    return idx === undefined ? undefined : this.cells[idx];
  }
  take<T>(p: Parsed<T>): T | null {
    if (!p.ok) {
      this.problems.push(p.reason);
      return null;
    }
    return p.value;
  }
}

/** A line's cells as a number (FNV-1a): enough to tell an identical repeat of a line with the same
 *  key, without keeping the line (an import holds a number per row, not its cells). */
function digestOf(cells: string[]): number {
  let h = 0x811c9dc5;
  for (const c of cells) {
    for (let i = 0; i < c.length; i++) h = Math.imul(h ^ c.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x1f, 0x01000193); // the cell boundary
  }
  return (h >>> 0) * 64 + (cells.length & 63);
}

/** Rows by key: an identical repeated line counts as a duplicate; a repeat with other values
 *  replaces the earlier line, which is reported. */
class Dedup<R extends { line: number }> {
  private readonly byKey = new Map<string, { row: R; digest: number }>();
  duplicates = 0;
  constructor(
    private readonly file: string,
    private readonly problems: RowProblem[],
    private readonly what: string,
  ) {}
  add(key: string, handle: string, cells: string[], row: R): void {
    const previous = this.byKey.get(key);
    const digest = digestOf(cells);
    if (previous) {
      if (previous.digest === digest) {
        this.duplicates++;
        return;
      }
      this.problems.push({ file: this.file, line: previous.row.line, handle, reason: `the same ${this.what} appears again on line ${row.line} with other values; the later line was used` });
    }
    this.byKey.set(key, { row, digest });
  }
  result(): ReadResult<R> {
    return { rows: Array.from(this.byKey.values(), (e) => e.row), problems: this.problems, duplicates: this.duplicates };
  }
}

const text = (s: string | undefined, max: number) => {
  const t = plainText(s ?? "").trim();
  return t === "" ? null : t.slice(0, max);
};

/** A file without a platform column, imported without platform: (a usage error: the option fixes it). */
const noPlatform = (file: string, why = "") =>
  new UsageError(`${file} has no platform column${why}; add platform:instagram (or ${PLATFORMS.filter((p) => p !== "instagram").join(", ")}) to the command. Nothing was imported`);

/** A file with a header and no rows: said once, and nothing is imported. */
export const noRows = (file: string) => new UsageError(`${file} has a header row but no rows below it; nothing was imported`);

/** Reads a creators table. `platform` applies to files without a platform column (or empty cells). */
export function readAccountRows(table: CsvTable, opts: { file: string; platform?: Platform | undefined }): ReadResult<AccountRow> {
  const reader = accountRows(table.header, opts);
  for (const { line, cells } of table.records) reader.add(line, cells);
  return reader.result();
}

/** Reads a creators file row by row: `add` each record as it is read, then `result`. Throws on a header it cannot use. */
export function accountRows(header: string[], opts: { file: string; platform?: Platform | undefined }) {
  const cols = mapCreatorColumns(header, opts.file);
  // A file-level problem is said once (not on every row) and nothing is imported.
  if (cols.platform === undefined && !opts.platform) throw noPlatform(opts.file);
  const problems: RowProblem[] = [];
  const rows = new Dedup<AccountRow>(opts.file, problems, "account");
  const add = (line: number, cells: string[]): void => {
    const r = new RowReader(cells);
    const handleCell = r.cell(cols.handle);
    const handle = r.take(parseHandle(handleCell));
    let platform = r.take(parsePlatform(r.cell(cols.platform))) ?? null;
    if (platform === null && cols.platform !== undefined && !r.problems.length && !opts.platform)
      r.problems.push("the platform is empty");
    platform ??= opts.platform ?? null;
    const followers = r.take(parseCount(r.cell(cols.followers), "followers"));
    const following = r.take(parseCount(r.cell(cols.following), "following"));
    const postsCount = r.take(parseCount(r.cell(cols.posts), "posts"));
    const country = r.take(parseCountry(r.cell(cols.country)));
    const language = r.take(parseLanguage(r.cell(cols.language)));
    const email = r.take(parseEmail(r.cell(cols.email)));
    const money = r.take(parseMoney(r.cell(cols.rate), "rate"));
    const currencyCell = text(r.cell(cols.currency), 3);
    const currency = money ? (money.currency ?? currencyCell?.toUpperCase() ?? null) : null;
    if (currencyCell && !/^[A-Za-z]{3}$/.test(currencyCell)) r.problems.push(`currency "${currencyCell}" is not a code such as USD or EUR`);
    const discord = text(r.cell(cols.discord), 30);
    if (discord && !/^\d{15,22}$/.test(discord)) r.problems.push(`Discord id "${discord}" is not a Discord user id (digits)`);
    if (r.problems.length || handle === null || platform === null) {
      problems.push({ file: opts.file, line, ...(handleCell?.trim() ? { handle: handleCell.trim() } : {}), reason: joinClauses(r.problems) });
      return;
    }
    rows.add(`${platform}:${handle}`, handle, cells, {
      line,
      platform,
      handle,
      displayName: text(r.cell(cols.name), 200),
      bio: text(r.cell(cols.bio), 2000),
      followers,
      following,
      postsCount,
      categories: parseList(r.cell(cols.category)),
      hashtags: parseHashtags(r.cell(cols.hashtags)),
      country,
      language,
      email,
      rate: money?.amount ?? null,
      currency,
      discordUserId: discord,
    });
  };
  return { add, result: () => rows.result() };
}

type PostOpts = { file: string; platform?: Platform | undefined; defaultPlatform?: Platform | undefined };

/** Reads a posts table. Posts take their platform from a column, or from `platform`. */
export function readPostRows(table: CsvTable, opts: PostOpts): ReadResult<PostRow> {
  const reader = postRows(table.header, opts);
  for (const { line, cells } of table.records) reader.add(line, cells);
  return reader.result();
}

/** Reads a posts file row by row, like accountRows. */
export function postRows(header: string[], opts: PostOpts) {
  const cols = mapPostColumns(header, opts.file);
  if (cols.platform === undefined && !opts.platform && !opts.defaultPlatform) throw noPlatform(opts.file, " and the creators file does not have one platform only");
  const problems: RowProblem[] = [];
  const rows = new Dedup<PostRow>(opts.file, problems, "post");
  // A posts file repeats each handle and hashtag on many lines: one copy of each is kept.
  const interned = new Map<string, string>();
  const intern = (x: string) => {
    const had = interned.get(x);
    if (had !== undefined) return had;
    if (interned.size < 200_000) interned.set(x, x);
    return x;
  };
  const add = (line: number, cells: string[]): void => {
    const r = new RowReader(cells);
    const handleCell = r.cell(cols.account);
    const parsedHandle = r.take(parseHandle(handleCell));
    const handle = parsedHandle === null ? null : intern(parsedHandle);
    const platform = r.take(parsePlatform(r.cell(cols.platform))) ?? opts.platform ?? opts.defaultPlatform ?? null;
    if (platform === null && !r.problems.length) r.problems.push("no platform: add platform:instagram (or tiktok, youtube...) to the command");
    const externalId = text(r.cell(cols.postId), 300);
    if (!externalId) r.problems.push("the post id is empty");
    const postedAt = r.take(parseDate(r.cell(cols.date), "date"));
    const likes = r.take(parseCount(r.cell(cols.likes), "likes"));
    const comments = r.take(parseCount(r.cell(cols.comments), "comments"));
    const views = r.take(parseCount(r.cell(cols.views), "views"));
    const shares = r.take(parseCount(r.cell(cols.shares), "shares"));
    const saves = r.take(parseCount(r.cell(cols.saves), "saves"));
    const isVideo = r.take(parseFlag(r.cell(cols.isVideo), "is_video"));
    const isAd = r.take(parseFlag(r.cell(cols.isAd), "is_ad"));
    const sponsorTags = r.take(parseCount(r.cell(cols.sponsorTagged), "sponsor_tagged"));
    if (r.problems.length || handle === null || platform === null || !externalId) {
      problems.push({ file: opts.file, line, ...(handleCell?.trim() ? { handle: handleCell.trim() } : {}), reason: joinClauses(r.problems) });
      return;
    }
    rows.add([platform, handle, externalId].join("\u0000"), handle, cells, {
      line,
      platform,
      handle,
      externalId,
      postedAt: postedAt === null ? null : postedAt.getTime(),
      likes,
      comments,
      views,
      shares,
      saves,
      isVideo: isVideo ?? (views !== null && views > 0),
      isSponsored: Boolean(isAd) || (sponsorTags ?? 0) > 0,
      sponsorTags: sponsorTags ?? 0,
      hashtags: parseHashtags(r.cell(cols.hashtags)).map(intern),
      caption: text(r.cell(cols.caption), 5000),
    });
  };
  return { add, result: () => rows.result() };
}
