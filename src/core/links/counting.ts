// How tracked-link requests become counted clicks: people, not requests.
// - A person's click counts once per address, link and 30 minutes: a request from the same address on
//   the same link less than 30 minutes after its counted click is a repeat, folded into that click's
//   row (its `requests` grows), never a row of its own nor a second click.
// - More than 60 requests a minute from one address are a flood: still redirected, stored as suspect
//   (folded the same way: a flood is a few rows, not one per request) and never counted.
// - Bots (bots.ts) are stored apart and never counted.
// The store applies foldClicks under a lock per (link, address), so every process agrees.

export const REPEAT_WINDOW_MS = 30 * 60_000;
export const FLOOD_LIMIT = 60;
export const FLOOD_WINDOW_MS = 60_000;

/** The counting rule in words, for metrics explain and the README. */
export const COUNTING_RULE =
  "A click counts once per address, link and 30 minutes (a repeat within 30 minutes of the counted click is not counted again); " +
  "more than 60 a minute from one address are still redirected but stored as suspect and never counted; bots and link previews are never counted.";

export type ClickKind = "person" | "bot" | "suspect";

/** One request to a tracked link, as the redirect saw it. */
export interface ClickRequest {
  linkId: string;
  at: Date;
  ipHash: string;
  userAgent: string | null;
  isBot: boolean;
  /** Over FLOOD_LIMIT requests in the minute from this address. */
  suspect: boolean;
}

export const kindOf = (c: { isBot: boolean; suspect: boolean }): ClickKind => (c.isBot ? "bot" : c.suspect ? "suspect" : "person");

/** A stored row that later requests may fold into. */
export interface ClickRow {
  id: string;
  linkId: string;
  ipHash: string;
  kind: ClickKind;
  at: Date;
}

export interface NewClickRow extends ClickRow {
  userAgent: string | null;
  requests: number;
  lastAt: Date;
}

export interface FoldPlan {
  /** Rows to add, with every request folded into them already counted in `requests`. */
  inserts: NewClickRow[];
  /** Existing rows that gained requests. */
  updates: { id: string; requests: number; lastAt: Date }[];
}

const keyOf = (c: { linkId: string; ipHash: string; kind: ClickKind }) => `${c.linkId}\u0000${c.ipHash}\u0000${c.kind}`;

/**
 * Folds requests into rows: each request joins the latest row of its link, address and kind that
 * started at most 30 minutes before it, else starts a row of its own (for a person: a counted click).
 * `existing`: the stored rows of those keys that started in the 30 minutes before the first request
 * or later. `newId` names new rows.
 */
export function foldClicks(existing: ClickRow[], requests: ClickRequest[], newId: () => string, windowMs = REPEAT_WINDOW_MS): FoldPlan {
  const rows = new Map<string, (ClickRow & { added?: NewClickRow })[]>();
  for (const r of existing) {
    const k = keyOf(r);
    const list = rows.get(k) ?? [];
    list.push({ ...r });
    rows.set(k, list);
  }
  for (const list of rows.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime());
  const inserts: NewClickRow[] = [];
  const updates = new Map<string, { id: string; requests: number; lastAt: Date }>();
  const sorted = [...requests].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const req of sorted) {
    const kind = kindOf(req);
    const k = keyOf({ linkId: req.linkId, ipHash: req.ipHash, kind });
    const list = rows.get(k) ?? [];
    rows.set(k, list);
    const t = req.at.getTime();
    // The latest row that started at or before this request.
    let open: (typeof list)[number] | undefined;
    for (let i = list.length - 1; i >= 0; i--)
      if (list[i]!.at.getTime() <= t) {
        open = list[i];
        break;
      }
    if (open && t - open.at.getTime() < windowMs) {
      if (open.added) {
        open.added.requests++;
        if (t > open.added.lastAt.getTime()) open.added.lastAt = req.at;
      } else {
        const u = updates.get(open.id) ?? { id: open.id, requests: 0, lastAt: req.at };
        u.requests++;
        if (t > u.lastAt.getTime()) u.lastAt = req.at;
        updates.set(open.id, u);
      }
      continue;
    }
    const added: NewClickRow = { id: newId(), linkId: req.linkId, ipHash: req.ipHash, kind, at: req.at, userAgent: req.userAgent, requests: 1, lastAt: req.at };
    inserts.push(added);
    list.push({ ...added, added });
    list.sort((a, b) => a.at.getTime() - b.at.getTime());
  }
  return { inserts, updates: [...updates.values()] };
}

/**
 * Requests per address over the last minute, in memory and bounded: `hit` says whether a request is
 * over the limit (more than `limit` within `windowMs`, this one included). At most `maxAddresses`
 * addresses are remembered (the least recently seen are forgotten first; an address quiet for a
 * minute has nothing worth keeping). Addresses are kept only here, never stored.
 */
export function createFloodGuard(opts: { limit?: number; windowMs?: number; maxAddresses?: number } = {}) {
  const limit = opts.limit ?? FLOOD_LIMIT;
  const windowMs = opts.windowMs ?? FLOOD_WINDOW_MS;
  const max = opts.maxAddresses ?? 20_000;
  // Per address, the times of its last `limit` requests, oldest first.
  const seen = new Map<string, number[]>();
  return {
    hit(address: string, at: number): boolean {
      const times = seen.get(address) ?? [];
      seen.delete(address); // re-inserted last: the map's order is least recently seen first
      const over = times.length >= limit && at - times[times.length - limit]! < windowMs;
      times.push(at);
      if (times.length > limit) times.splice(0, times.length - limit);
      seen.set(address, times);
      if (seen.size > max) for (const k of seen.keys()) {
        seen.delete(k);
        if (seen.size <= max) break;
      }
      return over;
    },
    get size() {
      return seen.size;
    },
  };
}
