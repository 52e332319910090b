// What an adapter turns a platform payload into.

export type Surface = "slack" | "discord" | "console" | "cli";

export interface Actor {
  id: string;
  name: string;
  roles: string[];
}

/** A file the person uploaded through their chat surface (a Slack file share), saved by the adapter. */
export interface Upload {
  /** The file's name as the person sees it; commands name uploads by it. */
  name: string;
  /** Where the adapter saved it (never shown). */
  path: string;
}

export interface Invocation {
  /** Reference id, shown to the user when something goes wrong. */
  id: string;
  surface: Surface;
  command: string;
  /** Raw options; the command's zod schema validates them. */
  options: Record<string, unknown>;
  actor: Actor;
  place: { channelId: string; threadId?: string };
  /** Files uploaded with this command (chat surfaces); the only files a chat command may read. */
  uploads?: Upload[];
}

/** Progress of slow work (an import, a large shortlist); surfaces render it as they can. */
export type ProgressFn = (p: { phase: string; done: number; total: number }) => void;
