// Errors that mean "the database cannot be reached right now" (a restart, a network cut), as pg,
// the Prisma adapter and Node report them. They are not bugs in a command: the person is told to
// try again, and the pool reconnects by itself on the next query.
// Prisma's own: P1001 can't reach the server, P1002 timed out reaching it, P1017 the server closed
// the connection (its driver adapter's ConnectionClosed, as a restart leaves a pooled connection).
const CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004",
  "P1001", "P1002", "P1017",
]);
const TEXT = /Connection terminated|terminating connection due to administrator command|the database system is (starting up|shutting down)|Can't reach database server|connect ECONNREFUSED|Client has encountered a connection error|Server has closed the connection/i;

export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 4) return false;
  const x = e as { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
  if (typeof x.code === "string" && CODES.has(x.code)) return true;
  if (typeof x.originalCode === "string" && CODES.has(x.originalCode)) return true;
  if (typeof x.message === "string" && TEXT.test(x.message)) return true;
  return isDatabaseUnavailable(x.cause, depth + 1);
}

/**
 * A write that referred to a row deleted meanwhile (a draft campaign deleted while another command
 * on it ran): PostgreSQL's foreign-key violation 23503 on insert or update, as pg reports it or as
 * Prisma wraps it (P2003). The statement failed, so its transaction wrote nothing; the person is
 * told what vanished, not "something went wrong". What vanished is named from the key's column
 * (`payout_terms_campaign_id_fkey` → campaign). Null for any other error (a delete still referenced
 * elsewhere stays a bug: it would be a missing cascade).
 */
export function vanishedReference(e: unknown, depth = 0): { what: string } | null {
  if (!e || typeof e !== "object" || depth > 4) return null;
  const x = e as { code?: unknown; originalCode?: unknown; detail?: unknown; constraint?: unknown; message?: unknown; meta?: unknown; cause?: unknown };
  const fk = x.code === "23503" || x.originalCode === "23503" || x.code === "P2003";
  const text = [x.detail, x.constraint, x.message, JSON.stringify(x.meta ?? null)].filter((s) => typeof s === "string").join(" ");
  if (fk && !/still referenced/.test(text)) {
    const column = /([a-z]+)_id_fkey\b/.exec(text)?.[1] ?? /is not present in table "([a-z_]+)"/.exec(text)?.[1];
    return { what: column ? column.replace(/_/g, " ") : "record" };
  }
  return vanishedReference(x.cause, depth + 1);
}
