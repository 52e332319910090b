// Errors that mean "the database cannot be reached right now" (a restart, a network cut), as pg,
// the Prisma adapter and Node report them. They are not bugs in a command: the person is told to
// try again, and the pool reconnects by itself on the next query.
const CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004"]);
const TEXT = /Connection terminated|terminating connection due to administrator command|the database system is (starting up|shutting down)|Can't reach database server|connect ECONNREFUSED|Client has encountered a connection error/i;

export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 4) return false;
  const x = e as { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
  if (typeof x.code === "string" && CODES.has(x.code)) return true;
  if (typeof x.originalCode === "string" && CODES.has(x.originalCode)) return true;
  if (typeof x.message === "string" && TEXT.test(x.message)) return true;
  return isDatabaseUnavailable(x.cause, depth + 1);
}
