// Tracked links, clicks, promo codes and spend in PostgreSQL. The redirect path (resolve a code,
// record a click) is plain SQL on the pg pool: a short-lived cache of codes, and clicks written by
// group commit (requests that arrive while a write is in flight share the next INSERT), so 200
// clicks at once cost a handful of round trips instead of 200.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import type { ClickRecord, LinkRecords, LinkTarget, ParticipationTarget, PromoSpendRecords } from "../core/links/types.ts";
import { utcDay } from "../core/links/ip.ts";
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
const BATCH_MAX = 500;

type Pending = { click: ClickRecord; done: (e?: unknown) => void };

function clickWriter(pool: pg.Pool) {
  let queue: Pending[] = [];
  let running: Promise<void> | null = null;
  async function drain() {
    while (queue.length) {
      const batch = queue.slice(0, BATCH_MAX);
      queue = queue.slice(BATCH_MAX);
      const values: unknown[] = [];
      const rows = batch.map(({ click: c }, i) => {
        values.push(c.linkId, c.at, utcDay(c.at), c.ipHash, c.userAgent, c.isBot);
        const o = i * 6;
        return `(gen_random_uuid(), $${o + 1}::uuid, $${o + 2}, $${o + 3}::date, $${o + 4}, $${o + 5}, $${o + 6})`;
      });
      try {
        await pool.query(`INSERT INTO click (id, link_id, at, day, ip_hash, user_agent, is_bot) VALUES ${rows.join(",")}`, values);
        for (const p of batch) p.done();
      } catch (e) {
        for (const p of batch) p.done(e);
      }
    }
  }
  return {
    add(click: ClickRecord): Promise<void> {
      return new Promise((resolve, reject) => {
        queue.push({ click, done: (e) => (e ? reject(e) : resolve()) });
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

export function createLinkRepo(db: { pool: pg.Pool; prisma: PrismaClient }, opts: { salt?: string | undefined } = {}): LinkRecords & PromoSpendRecords {
  const { pool, prisma } = db;
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
    cache.set(code, { at: Date.now(), target: t });
    return t;
  }

  async function target(id: string): Promise<ParticipationTarget> {
    const { rows } = await pool.query<TargetRow>(`${TARGET_SQL} WHERE p.id = $1::uuid ORDER BY p.id, (a.id = p.account_id) DESC NULLS LAST, a.followers DESC NULLS LAST`, [id]);
    return toTarget(rows[0]!);
  }

  return {
    resolve(code) {
      const hit = cache.get(code);
      const age = hit ? Date.now() - hit.at : Infinity;
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
      return q;
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

