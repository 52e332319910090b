// Tracked links, clicks, promo codes and spend in PostgreSQL. The redirect path (resolve a code,
// record a click) is plain SQL on the pg pool: a short-lived cache of codes, and clicks written by
// group commit (requests that arrive while a write is in flight share the next transaction), so 200
// clicks at once cost a handful of round trips instead of 200. Requests are folded into counted
// clicks there (src/core/links/counting.ts): a repeat or a flood adds to a row, not a row each.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type pg from "pg";
import type { ClickRecord, LinkRecords, LinkTarget, ParticipationTarget, PromoSpendRecords } from "../core/links/types.ts";
import { foldClicks, kindOf, REPEAT_WINDOW_MS, type ClickRequest, type ClickRow } from "../core/links/counting.ts";
import { audit, runTx, UUID, type Tx } from "./campaign-rows.ts";
import type { PrismaClient } from "./db.ts";

/** Creates the participation's tracked link once (ON CONFLICT DO NOTHING); a code clash draws again. */
export async function ensureTrackedLink(tx: Tx, participationId: string, newCode: () => string, at: Date): Promise<void> {
  if (await tx.trackedLink.findUnique({ where: { participationId }, select: { id: true } })) return;
  for (let i = 0; i < 5; i++) {
    const r = await tx.trackedLink.createMany({ data: [{ participationId, code: newCode(), createdAt: at }], skipDuplicates: true });
    if (r.count === 1) return;
    if (await tx.trackedLink.findUnique({ where: { participationId }, select: { id: true } })) return;
  }
  throw new Error("could not draw a free tracked link code");
}

const SALT_KEY = "scout:click-ip-salt";
/** A code's target is fresh for 30 s; up to 10 min it is still served while a refresh runs behind. */
const CACHE_FRESH_MS = 30_000;
const CACHE_STALE_MS = 600_000;
const CACHE_MAX = 10_000;
const LOOKUP_TIMEOUT_MS = 3_000;
const BATCH_MAX = 2_000;
/** Requests waiting to be written, at most: past it (a database that cannot keep up, or is down) new ones are not recorded. */
const QUEUE_MAX = 50_000;

type Pending = { click: ClickRequest; done: (e?: unknown) => void };

/** One advisory lock per (link, address), as a signed 64-bit number: every process folds a key's requests in turn. */
const lockKey = (linkId: string, ipHash: string) => BigInt.asIntN(64, BigInt("0x" + createHash("sha256").update(linkId).update("\0").update(ipHash).digest("hex").slice(0, 16))).toString();

/** Writes one batch: under the keys' locks, reads the rows the requests may fold into, then updates and inserts. */
async function writeBatch(pool: pg.Pool, batch: ClickRequest[]): Promise<void> {
  const keys = new Map<string, [string, string]>();
  for (const c of batch) keys.set(`${c.linkId}\0${c.ipHash}`, [c.linkId, c.ipHash]);
  const pairs = [...keys.values()];
  const locks = [...new Set(pairs.map(([l, h]) => lockKey(l, h)))].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  let from = Infinity;
  let to = -Infinity;
  for (const c of batch) {
    from = Math.min(from, c.at.getTime());
    to = Math.max(to, c.at.getTime());
  }
  const client = await pool.connect();
  // Between two queries of the transaction nothing else listens: a connection the server ends then
  // (a database restarting) would be an unhandled 'error' event, which ends the process.
  let broken: Error | undefined;
  const onError = (e: Error) => (broken = e);
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    // In ascending order, so two processes never wait on each other's locks.
    await client.query(`SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) WITH ORDINALITY AS u(k, i) ORDER BY i`, [locks]);
    const found = await client.query<{ id: string; link_id: string; ip_hash: string; at: Date; is_bot: boolean; suspect: boolean }>(
      `SELECT c.id, c.link_id, c.ip_hash, c.at, c.is_bot, c.suspect
         FROM unnest($1::uuid[], $2::text[]) AS k(link_id, ip_hash)
         JOIN click c ON c.link_id = k.link_id AND c.ip_hash = k.ip_hash AND c.at > $3 AND c.at <= $4`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1]), new Date(from - REPEAT_WINDOW_MS), new Date(to)],
    );
    const existing: ClickRow[] = found.rows.map((r) => ({ id: r.id, linkId: r.link_id, ipHash: r.ip_hash, at: r.at, kind: kindOf({ isBot: r.is_bot, suspect: r.suspect }) }));
    const plan = foldClicks(existing, batch, randomUUID);
    if (plan.updates.length)
      await client.query(
        `UPDATE click c SET requests = c.requests + u.n, last_at = greatest(coalesce(c.last_at, c.at), u.last_at)
           FROM unnest($1::uuid[], $2::int[], $3::timestamptz[]) AS u(id, n, last_at) WHERE c.id = u.id`,
        [plan.updates.map((u) => u.id), plan.updates.map((u) => u.requests), plan.updates.map((u) => u.lastAt)],
      );
    if (plan.inserts.length) {
      const r = plan.inserts;
      await client.query(
        `INSERT INTO click (id, link_id, at, day, ip_hash, user_agent, is_bot, suspect, requests, last_at)
         SELECT id, link_id, at, (at AT TIME ZONE 'UTC')::date, ip_hash, user_agent, kind = 'bot', kind = 'suspect', requests, last_at
           FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::int[], $8::timestamptz[])
                AS n(id, link_id, at, ip_hash, user_agent, kind, requests, last_at)`,
        [r.map((x) => x.id), r.map((x) => x.linkId), r.map((x) => x.at), r.map((x) => x.ipHash), r.map((x) => x.userAgent), r.map((x) => x.kind), r.map((x) => x.requests), r.map((x) => x.lastAt)],
      );
    }
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.removeListener("error", onError);
    client.release(broken); // a broken connection is closed, not reused
  }
}

function clickWriter(pool: pg.Pool) {
  let queue: Pending[] = [];
  let running: Promise<void> | null = null;
  async function drain() {
    while (queue.length) {
      const batch = queue.slice(0, BATCH_MAX);
      queue = queue.slice(BATCH_MAX);
      try {
        await writeBatch(pool, batch.map((p) => p.click));
        for (const p of batch) p.done();
      } catch (e) {
        for (const p of batch) p.done(e);
      }
    }
  }
  return {
    add(click: ClickRecord): Promise<void> {
      if (queue.length >= QUEUE_MAX) return Promise.reject(new Error(`${QUEUE_MAX} clicks wait to be written already; this one is not recorded`));
      return new Promise((resolve, reject) => {
        queue.push({ click: { ...click, suspect: click.suspect ?? false }, done: (e) => (e ? reject(e) : resolve()) });
        running ??= drain().finally(() => (running = null));
      });
    },
  };
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

const TARGET_SQL = `
  SELECT DISTINCT ON (p.id) p.id, p.status::text AS status, c.id AS campaign_id, c.slug, c.name, c.status::text AS campaign_status, c.currency,
         a.handle, a.platform::text AS platform, cr.display_name, p.promo_code, tl.code, p.fee::text, p.product_cost::text, p.commission::text,
         COALESCE((SELECT sum(v.value) FROM conversion v WHERE v.participation_id = p.id AND v.currency = c.currency), 0)::text AS revenue
    FROM campaign c
    JOIN participation p ON p.campaign_id = c.id
    JOIN creator cr ON cr.id = p.creator_id
    JOIN account a ON a.creator_id = p.creator_id
    LEFT JOIN tracked_link tl ON tl.participation_id = p.id`;

type TargetRow = {
  id: string; status: string; campaign_id: string; slug: string; name: string; campaign_status: string; currency: string; handle: string; platform: string;
  display_name: string; promo_code: string | null; code: string | null; fee: string | null; product_cost: string | null; commission: string | null; revenue: string;
};

const toTarget = (r: TargetRow): ParticipationTarget => ({
  participationId: r.id,
  status: r.status,
  campaignId: r.campaign_id,
  campaignSlug: r.slug,
  campaignName: r.name,
  campaignStatus: r.campaign_status,
  currency: r.currency,
  handle: r.handle,
  platform: r.platform,
  displayName: r.display_name,
  promoCode: r.promo_code,
  trackedCode: r.code,
  fee: num(r.fee),
  productCost: num(r.product_cost),
  commission: num(r.commission),
  revenue: Number(r.revenue),
});

export function createLinkRepo(
  db: { pool: pg.Pool; prisma: PrismaClient },
  opts: { salt?: string | undefined; clock?: () => number } = {},
): LinkRecords & PromoSpendRecords {
  const { pool, prisma } = db;
  const clock = opts.clock ?? Date.now;
  const cache = new Map<string, { at: number; target: LinkTarget }>();
  const writer = clickWriter(pool);
  let salt: Promise<string> | null = opts.salt ? Promise.resolve(opts.salt) : null;
  const inflight = new Map<string, Promise<LinkTarget | null>>();

  async function lookup(code: string): Promise<LinkTarget | null> {
    const { rows } = await pool.query<{ id: string; landing_url: string | null; slug: string; status: string; platform: string | null; handle: string | null }>(
      `SELECT tl.id, c.landing_url, c.slug, c.status::text AS status, a.platform::text AS platform, a.handle
         FROM tracked_link tl
         JOIN participation p ON p.id = tl.participation_id
         JOIN campaign c ON c.id = p.campaign_id
         LEFT JOIN LATERAL (SELECT platform, handle FROM account WHERE id = p.account_id OR (p.account_id IS NULL AND creator_id = p.creator_id)
                             ORDER BY (id = p.account_id) DESC NULLS LAST, followers DESC NULLS LAST LIMIT 1) a ON true
        WHERE tl.code = $1`,
      [code],
    );
    const r = rows[0];
    if (!r) {
      cache.delete(code);
      return null;
    }
    const t: LinkTarget = { linkId: r.id, code, landingUrl: r.landing_url, campaignSlug: r.slug, campaignStatus: r.status, platform: r.platform, handle: r.handle };
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(code, { at: clock(), target: t });
    return t;
  }

  async function target(id: string): Promise<ParticipationTarget> {
    const { rows } = await pool.query<TargetRow>(`${TARGET_SQL} WHERE p.id = $1::uuid ORDER BY p.id, (a.id = p.account_id) DESC NULLS LAST, a.followers DESC NULLS LAST`, [id]);
    return toTarget(rows[0]!);
  }

  return {
    resolve(code) {
      const hit = cache.get(code);
      const age = hit ? clock() - hit.at : Infinity;
      if (hit && age < CACHE_FRESH_MS) return Promise.resolve(hit.target);
      // One query per code at a time, however many clicks wait for it.
      let q = inflight.get(code);
      if (!q) {
        q = lookup(code).finally(() => inflight.delete(code));
        inflight.set(code, q);
      }
      if (hit && age < CACHE_STALE_MS) {
        q.catch(() => {});
        return Promise.resolve(hit.target);
      }
      // The database cannot answer (or not within LOOKUP_TIMEOUT_MS): a target seen before still
      // redirects, however old.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the database did not answer within ${LOOKUP_TIMEOUT_MS} ms`)), LOOKUP_TIMEOUT_MS);
        timer.unref();
      });
      return Promise.race([q, late]).finally(() => clearTimeout(timer)).catch((e: unknown) => {
        const last = cache.get(code);
        if (last) return last.target;
        throw e;
      });
    },

    recordClick: (click) => writer.add(click),

    clickSalt() {
      salt ??= (async () => {
        // Per install: created once in the database, so every process (and restart) hashes alike.
        await pool.query(`INSERT INTO processed_request (key, surface, result) VALUES ($1, 'system', $2::jsonb) ON CONFLICT (key) DO NOTHING`, [
          SALT_KEY,
          JSON.stringify({ salt: randomBytes(32).toString("hex") }),
        ]);
        const { rows } = await pool.query<{ salt: string }>(`SELECT result->>'salt' AS salt FROM processed_request WHERE key = $1`, [SALT_KEY]);
        return rows[0]!.salt;
      })().catch((e: unknown) => {
        salt = null;
        throw e;
      });
      return salt;
    },

    async findParticipations(slug, handle, platform) {
      const { rows } = await pool.query<TargetRow>(
        `${TARGET_SQL} WHERE c.slug = $1 AND a.handle = $2 AND ($3::text IS NULL OR a.platform::text = $3)
          ORDER BY p.id, (a.id = p.account_id) DESC NULLS LAST`,
        [slug, handle, platform ?? null],
      );
      if (rows.length) return rows.map(toTarget);
      const c = await pool.query(`SELECT 1 FROM campaign WHERE slug = $1`, [slug]);
      return c.rowCount ? [] : null;
    },

    async setPromo(id, code, by, at, opts = {}) {
      if (!UUID.test(id)) return "taken";
      try {
        return await runTx(prisma, async (tx): Promise<"set" | "same" | { kept: string }> => {
          // onlyIfNone: the row condition decides, so two at once cannot both replace a code.
          const where = opts.onlyIfNone ? { id, promoCode: null } : { id, OR: [{ promoCode: null }, { promoCode: { not: code } }] };
          const n = await tx.participation.updateMany({ where, data: { promoCode: code, updatedAt: at } });
          if (n.count === 0) {
            if (!opts.onlyIfNone) return "same";
            const p = await tx.participation.findUnique({ where: { id }, select: { promoCode: true } });
            return p?.promoCode ? { kept: p.promoCode } : "same";
          }
          await audit(tx, by, at, "participation.promo", "participation", id, { promoCode: code });
          return "set" as const;
        });
      } catch (e) {
        if (isUniqueViolation(e)) return "taken";
        throw e;
      }
    },

    async setSpend(id, spend, by, at) {
      await runTx(prisma, async (tx) => {
        await tx.participation.update({
          where: { id },
          data: {
            ...(spend.fee !== undefined ? { fee: spend.fee } : {}),
            ...(spend.productCost !== undefined ? { productCost: spend.productCost } : {}),
            ...(spend.commission !== undefined ? { commission: spend.commission } : {}),
            updatedAt: at,
          },
        });
        await audit(tx, by, at, "participation.spend", "participation", id, spend);
      });
      return target(id);
    },
  };
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } }; message?: string };
  return (
    err.code === "P2002" ||
    err.code === "23505" ||
    err.meta?.code === "23505" ||
    err.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation" ||
    /unique constraint/i.test(err.message ?? "")
  );
}

