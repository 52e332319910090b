// Who may run marketer commands from Slack. SLACK_MARKETER_IDS and SLACK_MARKETER_GROUP grant the
// "marketer" role; with neither set, every full member of the workspace has it, but never a guest
// (single- or multi-channel), a bot, or a deactivated account. Slack answers are cached a few minutes.
import type { webApi } from "@slack/bolt";
import type { Actor } from "../../core/invocation.ts";
import type { Logger } from "../../logger.ts";

export type AuthMode = "ids" | "group" | "ids+group" | "workspace";

export interface Authoriser {
  mode: AuthMode;
  /** The actor for a Slack user, with roles ["marketer"] when allowed, [] otherwise. */
  actor(userId: string, name?: string): Promise<Actor>;
  isMarketer(userId: string): Promise<boolean>;
}

export interface AuthOptions {
  ids: readonly string[];
  group?: string | undefined;
  api: webApi.WebClient;
  log: Logger;
  ttlMs?: number;
  now?: () => number;
}

export function authMode(ids: readonly string[], group?: string): AuthMode {
  return ids.length && group ? "ids+group" : ids.length ? "ids" : group ? "group" : "workspace";
}

export function createAuthoriser(o: AuthOptions): Authoriser {
  const ttl = o.ttlMs ?? 5 * 60_000;
  const now = o.now ?? Date.now;
  const ids = new Set(o.ids);
  const mode = authMode(o.ids, o.group);
  let group: { users: Set<string>; at: number } | undefined;
  let groupLoading: Promise<Set<string>> | undefined;
  const members = new Map<string, { ok: boolean; at: number }>();

  async function groupUsers(): Promise<Set<string>> {
    if (group && now() - group.at < ttl) return group.users;
    groupLoading ??= (async () => {
      try {
        const r = await o.api.usergroups.users.list({ usergroup: o.group! });
        group = { users: new Set(r.users ?? []), at: now() };
        return group.users;
      } catch (err) {
        // Keep the last known list rather than lock everyone out; with none, nobody passes.
        o.log.warn({ err: describe(err), usergroup: o.group }, "could not read the marketers' user group; using the last known list");
        return group?.users ?? new Set<string>();
      } finally {
        groupLoading = undefined;
      }
    })();
    return groupLoading;
  }

  async function fullMember(userId: string): Promise<boolean> {
    const hit = members.get(userId);
    if (hit && now() - hit.at < ttl) return hit.ok;
    try {
      const r = await o.api.users.info({ user: userId });
      const u = r.user;
      const ok = Boolean(u && !u.deleted && !u.is_bot && !u.is_restricted && !u.is_ultra_restricted);
      members.set(userId, { ok, at: now() });
      return ok;
    } catch (err) {
      o.log.warn({ err: describe(err), userId }, "could not look up a Slack member; treating them as not a marketer");
      return false;
    }
  }

  async function isMarketer(userId: string): Promise<boolean> {
    if (ids.has(userId)) return true;
    if (o.group) return (await groupUsers()).has(userId);
    if (mode === "workspace") return fullMember(userId);
    return false;
  }

  return {
    mode,
    isMarketer,
    async actor(userId, name) {
      return { id: userId, name: name || userId, roles: (await isMarketer(userId)) ? ["marketer"] : [] };
    },
  };
}

/** A short, token-free description of a Web API failure for logs. */
export function describe(err: unknown): string {
  type E = { code?: string; data?: { error?: string }; statusCode?: number; original?: E; cause?: E; message?: string };
  const e = err as E;
  if (e?.data?.error) return `${e.code ?? "slack_error"}: ${e.data.error}`;
  if (e?.statusCode) return `HTTP ${e.statusCode}`;
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND...) is in its cause.
  const inner = e?.original ?? e;
  const cause = inner?.cause;
  const reason = cause?.code ?? cause?.message;
  return [inner?.message ?? String(err), reason].filter(Boolean).join(": ");
}
