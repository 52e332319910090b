// Conversions posted by the shop: one INSERT ... ON CONFLICT (order_id) DO NOTHING that finds the
// participation by link code or promo code in the same statement, so an order is stored once or
// not at all. A commission set as a share of revenue follows in the same transaction.
import type pg from "pg";
import type { ConversionRecords, ConversionResult } from "../core/links/types.ts";
import { SYNC_PAYABLE_SQL } from "./payout.repo.ts";

const INSERT_SQL = (by: "code" | "promo") => `
  WITH target AS (
    ${
      by === "code"
        ? "SELECT p.id AS participation_id, c.slug, c.currency FROM tracked_link tl JOIN participation p ON p.id = tl.participation_id JOIN campaign c ON c.id = p.campaign_id WHERE tl.code = $1"
        : "SELECT p.id AS participation_id, c.slug, c.currency FROM participation p JOIN campaign c ON c.id = p.campaign_id WHERE p.promo_code = $1"
    }
  ), ins AS (
    INSERT INTO conversion (id, participation_id, order_id, value, currency, attributed_by, occurred_at)
    SELECT gen_random_uuid(), participation_id, $2, $3::numeric, $4, '${by}', $5 FROM target
    ON CONFLICT (order_id) DO NOTHING
    RETURNING id, participation_id, currency
  )
  SELECT t.participation_id, t.slug, t.currency AS campaign_currency, i.id AS inserted_id, i.currency
    FROM target t LEFT JOIN ins i ON i.participation_id = t.participation_id`;

const RECOMPUTE_COMMISSION = `
  UPDATE participation p
     SET commission = round((e.data->>'commissionRate')::numeric * (
           SELECT COALESCE(sum(v.value), 0) FROM conversion v JOIN campaign c ON c.id = p.campaign_id
            WHERE v.participation_id = p.id AND v.currency = c.currency), 2)
    FROM (SELECT data FROM audit_event
           WHERE entity = 'participation' AND entity_id = $1 AND action = 'participation.spend' AND data ? 'commissionRate'
           ORDER BY at DESC LIMIT 1) e
   WHERE p.id = $1::uuid AND jsonb_typeof(e.data->'commissionRate') = 'number'`;

export function createConversionRepo(pool: pg.Pool): ConversionRecords {
  return {
    async record(input): Promise<ConversionResult> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const key = input.by.kind === "code" ? input.by.code : input.by.promo;
        const { rows } = await client.query<{ participation_id: string; slug: string; campaign_currency: string; inserted_id: string | null; currency: string | null }>(
          INSERT_SQL(input.by.kind),
          [key, input.orderId, input.value.toFixed(2), input.currency, input.occurredAt],
        );
        const r = rows[0];
        if (!r) {
          await client.query("ROLLBACK");
          return { status: "unknown" };
        }
        if (r.inserted_id) {
          await client.query(RECOMPUTE_COMMISSION, [r.participation_id]);
          // The payable's commission follows, in the same transaction, until the campaign closes (issue 17).
          await client.query(SYNC_PAYABLE_SQL, [r.participation_id]);
          await client.query("COMMIT");
          return { status: "created", conversionId: r.inserted_id, participationId: r.participation_id, campaignSlug: r.slug, campaignCurrency: r.campaign_currency, currency: r.currency! };
        }
        await client.query("COMMIT");
        // Already stored (this or an earlier request): answer with the first one.
        // On the same connection: waiting for another from the pool while holding this one could starve it.
        const first = await client.query<{ id: string; participation_id: string; currency: string; slug: string; campaign_currency: string }>(
          `SELECT v.id, v.participation_id, v.currency, c.slug, c.currency AS campaign_currency
             FROM conversion v JOIN participation p ON p.id = v.participation_id JOIN campaign c ON c.id = p.campaign_id WHERE v.order_id = $1`,
          [input.orderId],
        );
        const f = first.rows[0]!;
        return { status: "duplicate", conversionId: f.id, participationId: f.participation_id, campaignSlug: f.slug, campaignCurrency: f.campaign_currency, currency: f.currency };
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
  };
}
