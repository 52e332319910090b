// Roster import: read the files whole (a file that cannot be parsed changes nothing), validate
// each row (bad rows are reported, good rows go on), then write everything in one transaction.
import type { Platform } from "../platform.ts";
import type { ProgressFn } from "../invocation.ts";
import { parseCsv } from "./csv.ts";
import { noRows, readAccountRows, readPostRows, type AccountRow, type PostRow, type RowProblem } from "./rows.ts";

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
    posts: { created: number; updated: number };
    /** Post rows whose account is neither in the file nor in the roster. */
    orphanPosts: PostRow[];
    /** Accounts that now have a median ER computed from their posts. */
    accountsWithEr: number;
  }>;
  /** Recomputes the niche keys (the shortlist's SQL pre-filter) of accounts whose text changed; returns how many. */
  refreshNicheKeys(progress?: ProgressFn): Promise<number>;
}

export interface ImportFile {
  /** Shown in messages, e.g. the file name. */
  label: string;
  text: string;
}

export interface ImportSummary {
  accounts: { created: number; updated: number };
  posts: { created: number; updated: number };
  accountsWithEr: number;
  rows: { creators: number; posts: number };
  /** Lines repeated identically in a file, imported once. */
  duplicates: number;
  skipped: RowProblem[];
}

/** Imports a creators file and, optionally, a per-post metrics file. */
export async function importRoster(
  files: { creators: ImportFile; posts?: ImportFile | undefined },
  opts: { platform?: Platform | undefined },
  writer: RosterWriter,
  progress?: ProgressFn,
  signal?: AbortSignal,
): Promise<ImportSummary> {
  // Parse everything before writing anything.
  const creatorsTable = parseCsv(files.creators.text, files.creators.label);
  const postsTable = files.posts ? parseCsv(files.posts.text, files.posts.label) : undefined;
  if (!creatorsTable.records.length) throw noRows(files.creators.label);
  if (postsTable && files.posts && !postsTable.records.length) throw noRows(files.posts.label);
  const accounts = readAccountRows(creatorsTable, { file: files.creators.label, platform: opts.platform });
  // Posts without a platform column belong to the platform given, or to the creators file's only platform.
  const filePlatforms = new Set(accounts.rows.map((r) => r.platform));
  const onlyPlatform = filePlatforms.size === 1 ? [...filePlatforms][0] : undefined;
  const posts =
    postsTable && files.posts
      ? readPostRows(postsTable, { file: files.posts.label, platform: opts.platform, defaultPlatform: onlyPlatform })
      : { rows: [] as PostRow[], problems: [] as RowProblem[], duplicates: 0 };

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
    rows: { creators: creatorsTable.records.length, posts: postsTable?.records.length ?? 0 },
    duplicates: accounts.duplicates + posts.duplicates,
    skipped,
  };
}
