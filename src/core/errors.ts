// Two kinds of error: a UserError is an expected outcome the user sees (privately, with what to
// do next); anything else is a bug, logged with a reference id and never shown in chat.

/** An expected outcome with a stable code, e.g. CAMPAIGN_CLOSED. Its message is safe to show. */
export class UserError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    /** What the user can do next. */
    public readonly hint?: string,
    /** Per option: what is wrong with it (forms show these next to the field). */
    public readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** Bad options or arguments: shows the command's usage line and an example. */
export class UsageError extends UserError {
  constructor(
    message: string,
    public readonly usage?: string,
    public readonly example?: string,
    fields?: Record<string, string>,
  ) {
    super("USAGE", message, example ? `Example: ${example}` : undefined, fields);
    this.name = "UsageError";
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
