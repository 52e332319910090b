// Roster import: read the files as streams, validating each row as it comes (bad rows are reported,
// good rows go on; a file that cannot be parsed changes nothing), then write everything in one
// transaction. Only the validated rows are kept in memory, never the file or its cells.
import type { Platform } from "../platform.ts";
import type { ProgressFn } from "../invocation.ts";
import { checkCsv, readCsv, type CsvInput } from "./csv.ts";
import { accountRows, noRows, postRows, type AccountRow, type PostRow, type ReadResult, type RowProblem } from "./rows.ts";

export type { AccountRow, PostRow, RowProblem } from "./rows.ts";

/** The store's side of an import (implemented in src/store). Writes all or nothing. */
export interface RosterWriter {
  /** All or nothing; when `signal` aborts, it stops between steps, rolls back and throws. */
  writeRoster(
    input: { accounts: AccountRow[]; posts: PostRow[] },
    progress?: ProgressFn,
    signal?: AbortSignal,
  ): Promise<{
    accounts: { created: number; updated: number };
    /** `unchanged`: posts stored before with the same figures, left as they are. */
    posts: { created: number; updated: number; unchanged: number };
    /** Post rows whose account is neither in the file nor in the roster. */
    orphanPosts: PostRow[];
    /** Accounts that now have a median ER computed from their posts. */
    accountsWithEr: number;
  }>;
  /** Recomputes the niche keys (the shortlist's SQL pre-filter) of accounts whose text changed; returns how many. */
  refreshNicheKeys(progress?: ProgressFn): Promise<number>;
}

/** A file to import: `label` is shown in messages (the file name); its text, or its bytes as a stream. */
export type ImportFile = CsvInput;

export interface ImportSummary {
  accounts: { created: number; updated: number };
  posts: { created: number; updated: number; unchanged: number };
  accountsWithEr: number;
  rows: { creators: number; posts: number };
  /** Lines repeated identically in a file, imported once. */
  duplicates: number;
  skipped: RowProblem[];
}

/** Imports a creators file and, optionally, a per-post metrics file. */
export async function importRoster(
  files: { creators: ImportFile; posts?: ImportFile | undefined },
  opts: { platform?: Platform | undefined; /** Data rows allowed per file. */ maxRows?: number | undefined },
  writer: RosterWriter,
  progress?: ProgressFn,
  signal?: AbortSignal,
): Promise<ImportSummary> {
  // Read and check everything before writing anything; first, without keeping a row, that each file
  // is CSV within the row limit.
  if (opts.maxRows !== undefined) for (const f of [files.creators, files.posts]) if (f) await checkCsv(f, { maxRows: opts.maxRows, signal });
  let accountReader: ReturnType<typeof accountRows> | undefined;
  const creatorsRead = await readCsv(
    files.creators,
    (header) => void (accountReader = accountRows(header, { file: files.creators.label, platform: opts.platform })),
    (line, cells) => accountReader!.add(line, cells),
    { maxRows: opts.maxRows, signal },
  );
  if (!creatorsRead.records) throw noRows(files.creators.label);
  const accounts = accountReader!.result();
  // Posts without a platform column belong to the platform given, or to the creators file's only platform.
  const filePlatforms = new Set(accounts.rows.map((r) => r.platform));
  const onlyPlatform = filePlatforms.size === 1 ? [...filePlatforms][0] : undefined;
  let posts: ReadResult<PostRow> = { rows: [], problems: [], duplicates: 0 };
  let postRecords = 0;
  if (files.posts) {
    const postsFile = files.posts;
    let postReader: ReturnType<typeof postRows> | undefined;
    const read = await readCsv(
      postsFile,
      (header) => void (postReader = postRows(header, { file: postsFile.label, platform: opts.platform, defaultPlatform: onlyPlatform })),
      (line, cells) => postReader!.add(line, cells),
      { maxRows: opts.maxRows, signal },
    );
    if (!read.records) throw noRows(postsFile.label);
    posts = postReader!.result();
    postRecords = read.records;
  }

  signal?.throwIfAborted();
  const written = await writer.writeRoster({ accounts: accounts.rows, posts: posts.rows }, progress, signal);
  const skipped = [
    ...accounts.problems,
    ...posts.problems,
    ...written.orphanPosts.map((p) => ({
      file: files.posts?.label ?? "posts",
      line: p.line,
      handle: p.handle,
      reason: `no account "${p.handle}" on ${p.platform} in the roster or in the creators file`,
    })),
  ].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return {
    accounts: written.accounts,
    posts: written.posts,
    accountsWithEr: written.accountsWithEr,
    rows: { creators: creatorsRead.records, posts: postRecords },
    duplicates: accounts.duplicates + posts.duplicates,
    skipped,
  };
}

