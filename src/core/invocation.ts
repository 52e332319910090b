// What an adapter turns a platform payload into.

export type Surface = "slack" | "discord" | "console" | "cli";

export interface Actor {
  id: string;
  name: string;
  roles: string[];
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
}

/** Progress of slow work (an import, a large shortlist); surfaces render it as they can. */
export type ProgressFn = (p: { phase: string; done: number; total: number }) => void;
