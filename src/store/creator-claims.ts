// Identity claims in SQL (a Discord member's claim to a roster account whose row does not carry
// their Discord id: held until a marketer decides), and what registration shares with them: the
// retried transaction, declared figures kept apart from the roster's, and merging two creators.
import type pg from "pg";
import type { AccountInput, CreatorRecords, Declared, IdentityClaim, ProfilePatch } from "../core/creators/types.ts";

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

/** Another transaction got there first (a unique key or a conditional update): run again. */
export class Retry extends Error {}

export async function inTx<T>(pool: pg.Pool, fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const db = await pool.connect();
    try {
      await db.query("BEGIN");
      const r = await fn(db);
      await db.query("COMMIT");
      return r;
    } catch (e) {
      await db.query("ROLLBACK").catch(() => {});
      const again = e instanceof Retry || (e as { code?: string }).code === "23505";
      if (!again || attempt >= 4) throw e;
    } finally {
      db.release();
    }
  }
}

/**
 * Moves `from`'s accounts and participations to `into`, then deletes `from`. Where both take part in
 * the same campaign, `into`'s participation is kept (the other goes with `from`).
 */
export async function mergeCreator(db: pg.PoolClient, from: string, into: string, at: Date) {
  if (from === into) return;
  await db.query(
    `UPDATE participation p SET creator_id = $2, updated_at = $3 WHERE p.creator_id = $1
        AND NOT EXISTS (SELECT 1 FROM participation q WHERE q.creator_id = $2 AND q.campaign_id = p.campaign_id)`,
    [from, into, at],
  );
  await db.query(`UPDATE account SET creator_id = $2, updated_at = $3 WHERE creator_id = $1`, [from, into, at]);
  await db.query(`DELETE FROM creator WHERE id = $1`, [from]);
}

export const declaredJson = (d: Declared) => JSON.stringify(Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined && v !== null)));

/** What a registration declares for one account: its followers and rate, and the profile's fields. */
export function declaredOf(a: AccountInput | null, p: ProfilePatch): Declared {
  const d: Declared = {};
  if (a?.followers != null) d.followers = a.followers;
  if (a?.rateIfUnknown) Object.assign(d, { rate: a.rateIfUnknown.amount, currency: a.rateIfUnknown.currency });
  if (p.rate !== undefined) Object.assign(d, { rate: p.rate, ...(p.currency ? { currency: p.currency } : {}) });
  if (p.country) d.country = p.country;
  if (p.language) d.language = p.language;
  if (p.categories) d.categories = p.categories;
  return d;
}

/**
 * Stores what a creator declared for roster accounts (`which`: one account id, or all of a creator's
 * non-community accounts) apart from the roster's figures, in `declared`. The one exception: a
 * declared rate fills a roster rate that is unknown (so scores can cost with it), and `declared.filled`
 * remembers it, so the rate is shown as self-declared.
 */
export async function declare(db: pg.PoolClient, which: { accountId: string } | { creatorId: string }, d: Declared, at: Date) {
  if (!Object.keys(d).length) return;
  const where = "accountId" in which ? "id = $1" : "creator_id = $1 AND source <> 'community'";
  await db.query(
    `UPDATE account SET
       declared = coalesce(declared, '{}'::jsonb) || $2::jsonb
                  || CASE WHEN rate IS NULL AND $2::jsonb ? 'rate'
                          THEN jsonb_build_object('filled', jsonb_build_object('rate', $2::jsonb->'rate', 'currency', coalesce($2::jsonb->>'currency', currency, 'USD')))
                          ELSE '{}'::jsonb END,
       currency = CASE WHEN rate IS NULL AND $2::jsonb ? 'rate' THEN coalesce($2::jsonb->>'currency', currency, 'USD') ELSE currency END,
       rate = CASE WHEN rate IS NULL AND $2::jsonb ? 'rate' THEN ($2::jsonb->>'rate')::numeric ELSE rate END,
       updated_at = $3
     WHERE ${where}`,
    ["accountId" in which ? which.accountId : which.creatorId, declaredJson(d), at],
  );
}

const CLAIM_SELECT = `SELECT ic.id, ic.status, ic.discord_user_id, ic.claimant_name, ic.declared, ic.held_optins, ic.decided_by, ic.decided_by_name, ic.decided_at, ic.created_at,
       a.id AS account_id, a.creator_id, a.platform::text AS platform, a.handle, a.followers, a.rate, a.currency, a.country
  FROM identity_claim ic JOIN account a ON a.id = ic.account_id`;

function toClaim(r: any): IdentityClaim {
  return {
    id: r.id,
    status: r.status,
    discordUserId: r.discord_user_id,
    claimantName: r.claimant_name,
    account: { id: r.account_id, creatorId: r.creator_id, platform: r.platform, handle: r.handle, followers: r.followers, rate: num(r.rate), currency: r.currency, country: r.country },
    declared: r.declared ?? {},
    held: r.held_optins ?? [],
    decidedBy: r.decided_by,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
  };
}

export async function loadClaim(db: pg.Pool | pg.PoolClient, id: string): Promise<IdentityClaim | null> {
  const { rows } = await db.query(`${CLAIM_SELECT} WHERE ic.id = $1`, [id]);
  return rows[0] ? toClaim(rows[0]) : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type ClaimRecords = Pick<CreatorRecords, "claim" | "claimsOf" | "pendingClaimsFor" | "holdOptIn" | "releaseOptIn" | "decideClaim">;

export function createClaimRecords(pool: pg.Pool): ClaimRecords {
  return {
    claim: (id) => (UUID.test(id) ? loadClaim(pool, id) : Promise.resolve(null)),

    async claimsOf(discordUserId) {
      const { rows } = await pool.query(`${CLAIM_SELECT} WHERE ic.discord_user_id = $1 ORDER BY ic.created_at DESC, ic.id`, [discordUserId]);
      return rows.map(toClaim);
    },

    async pendingClaimsFor(campaignId) {
      const { rows } = await pool.query(`${CLAIM_SELECT} WHERE ic.status = 'pending' AND ic.held_optins @> $1::jsonb ORDER BY ic.created_at, ic.id`, [
        JSON.stringify([{ campaignId }]),
      ]);
      return rows.map(toClaim);
    },

    async holdOptIn(claimId, held, at) {
      // Conditional: a second identical opt-in (a double press) finds the campaign already held.
      const { rowCount } = await pool.query(
        `UPDATE identity_claim SET held_optins = held_optins || $2::jsonb, updated_at = $4
          WHERE id = $1 AND status = 'pending' AND NOT held_optins @> $3::jsonb`,
        [claimId, JSON.stringify([held]), JSON.stringify([{ campaignId: held.campaignId }]), at],
      );
      return rowCount === 1;
    },

    async releaseOptIn(claimId, campaignId, at) {
      const { rowCount } = await pool.query(
        `UPDATE identity_claim SET updated_at = $4,
                held_optins = (SELECT coalesce(jsonb_agg(h), '[]'::jsonb) FROM jsonb_array_elements(held_optins) h WHERE h->>'campaignId' <> $2)
          WHERE id = $1 AND status = 'pending' AND held_optins @> $3::jsonb`,
        [claimId, campaignId, JSON.stringify([{ campaignId }]), at],
      );
      return rowCount === 1;
    },

    async decideClaim(req) {
      if (!UUID.test(req.id)) return null;
      return inTx(pool, async (db) => {
        const head = await db.query(`SELECT id, status, account_id, discord_user_id, declared FROM identity_claim WHERE id = $1 FOR UPDATE`, [req.id]);
        const c = head.rows[0];
        if (!c) return null;
        // Decided already (a doubled or retried click): nothing changes twice.
        if (c.status !== "pending") return { changed: false, claim: (await loadClaim(db, req.id))! };
        const d = c.discord_user_id as string;
        if (req.to === "confirmed") {
          const acc = await db.query(
            `SELECT a.creator_id, a.discord_user_id, c.discord_user_id AS owner_discord FROM account a JOIN creator c ON c.id = a.creator_id WHERE a.id = $1 FOR UPDATE OF a, c`,
            [c.account_id],
          );
          const row = acc.rows[0];
          if ((row.owner_discord && row.owner_discord !== d) || (row.discord_user_id && row.discord_user_id !== d))
            return { changed: false, taken: true, claim: (await loadClaim(db, req.id))! };
          const own = await db.query(`SELECT id FROM creator WHERE discord_user_id = $1 FOR UPDATE`, [d]);
          let creatorId = row.creator_id as string;
          if (own.rows.length) {
            // The member had a profile of their own: the roster creator joins it.
            creatorId = own.rows[0].id;
            await mergeCreator(db, row.creator_id, creatorId, req.at);
          } else await db.query(`UPDATE creator SET discord_user_id = $1, updated_at = $3 WHERE id = $2`, [d, creatorId, req.at]);
          await db.query(`UPDATE account SET discord_user_id = $2 WHERE creator_id = $1 AND discord_user_id IS DISTINCT FROM $2`, [creatorId, d]);
          const src = await db.query(`SELECT source::text AS source FROM account WHERE id = $1`, [c.account_id]);
          if (src.rows[0]?.source !== "community") await declare(db, { accountId: c.account_id }, (c.declared ?? {}) as Declared, req.at);
        }
        await db.query(`UPDATE identity_claim SET status = $2, decided_by = $3, decided_by_name = $4, decided_at = $5, updated_at = $5 WHERE id = $1 AND status = 'pending'`, [
          req.id,
          req.to,
          req.by.id,
          req.by.name,
          req.at,
        ]);
        return { changed: true, claim: (await loadClaim(db, req.id))! };
      });
    },
  };
}
