// Product seeding in PostgreSQL (issue 17). A pick is one row per participation and product
// (ON CONFLICT updates the variant only while not shipped); shipping and receipt are conditional
// updates (WHERE status = ...), so a doubled click changes nothing twice. Recording a shipment sets
// the participation's product cost to the value of what was shipped to it, in the same transaction.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { By } from "../core/campaigns/types.ts";
import { exponent } from "../core/money.ts";
import type { OfferTarget, Product, SeedingStore, Shipment } from "../core/seeding/types.ts";

type Row = Record<string, any>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toProduct = (r: Row, prefix = ""): Product => ({
  id: r[`${prefix}id`],
  campaignId: r[`${prefix}campaign_id`],
  name: r[`${prefix}name`],
  variants: r[`${prefix}variants`] ?? [],
  valueMinor: Number(r[`${prefix}value_minor`]),
  currency: r[`${prefix}currency`],
});

const SHIPMENT_SELECT = `
  SELECT s.*, cp.id AS p_id, cp.campaign_id AS p_campaign_id, cp.name AS p_name, cp.variants AS p_variants, cp.value_minor::text AS p_value_minor, cp.currency AS p_currency,
         c.slug, c.name AS campaign_name, cr.id AS creator_id, cr.display_name, cr.discord_user_id, a.handle, a.platform::text AS platform
    FROM shipment s JOIN campaign_product cp ON cp.id = s.product_id JOIN participation p ON p.id = s.participation_id
    JOIN campaign c ON c.id = p.campaign_id JOIN creator cr ON cr.id = p.creator_id LEFT JOIN account a ON a.id = p.account_id`;

const toShipment = (r: Row): Shipment => ({
  id: r.id,
  participationId: r.participation_id,
  product: toProduct(r, "p_"),
  campaignSlug: r.slug,
  campaignName: r.campaign_name,
  creatorId: r.creator_id,
  handle: r.handle ?? null,
  platform: r.platform ?? null,
  displayName: r.display_name,
  discordUserId: r.discord_user_id ?? null,
  variant: r.variant,
  status: r.status,
  carrier: r.carrier ?? null,
  tracking: r.tracking ?? null,
  chosenAt: r.chosen_at,
  shippedAt: r.shipped_at ?? null,
  shippedBy: r.shipped_by ?? null,
  receivedAt: r.received_at ?? null,
});

const audit = (c: pg.PoolClient | pg.Pool, by: By, at: Date, action: string, entity: string, id: string, data: object) =>
  c.query(`INSERT INTO audit_event (id, at, actor_id, actor_name, surface, action, entity, entity_id, data) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8)`, [
    at, by.id, by.name ?? null, by.surface, action, entity, id, JSON.stringify(data),
  ]);

export function createSeedingRepo(pool: pg.Pool): SeedingStore {
  async function shipment(id: string, c: pg.Pool | pg.PoolClient = pool): Promise<Shipment | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await c.query(`${SHIPMENT_SELECT} WHERE s.id = $1::uuid`, [id]);
    return rows[0] ? toShipment(rows[0]) : null;
  }

  return {
    async addProduct(campaignId, p, by, at) {
      const { rows } = await pool.query(
        `INSERT INTO campaign_product (id, campaign_id, name, variants, value_minor, currency, created_at) VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7)
         ON CONFLICT (campaign_id, name) DO NOTHING RETURNING *`,
        [randomUUID(), campaignId, p.name, p.variants, p.valueMinor, p.currency, at],
      );
      if (rows[0]) {
        await audit(pool, by, at, "seeding.product", "campaign", campaignId, p);
        return { created: true, product: toProduct(rows[0]) };
      }
      const found = await pool.query(`SELECT * FROM campaign_product WHERE campaign_id = $1::uuid AND name = $2`, [campaignId, p.name]);
      return { created: false, product: toProduct(found.rows[0]) };
    },

    async products(campaignId) {
      const { rows } = await pool.query(`SELECT * FROM campaign_product WHERE campaign_id = $1::uuid ORDER BY created_at, name`, [campaignId]);
      return rows.map((r) => toProduct(r));
    },

    async pick(participationId, productId, variant, by, at) {
      const { rows } = await pool.query(
        `INSERT INTO shipment (id, participation_id, product_id, variant, status, chosen_at) VALUES ($1::uuid, $2::uuid, $3::uuid, $4, 'chosen', $5)
         ON CONFLICT (participation_id, product_id) DO UPDATE SET variant = EXCLUDED.variant, chosen_at = EXCLUDED.chosen_at
           WHERE shipment.status = 'chosen' AND shipment.variant <> EXCLUDED.variant
         RETURNING id, (xmax = 0) AS inserted`,
        [randomUUID(), participationId, productId, variant, at],
      );
      const { rows: found } = await pool.query(`${SHIPMENT_SELECT} WHERE s.participation_id = $1::uuid AND s.product_id = $2::uuid`, [participationId, productId]);
      const s = toShipment(found[0]);
      if (rows[0]) {
        await audit(pool, by, at, "seeding.pick", "shipment", s.id, { variant });
        return { status: rows[0].inserted ? "created" : "changed", shipment: s };
      }
      return s.status === "chosen" ? { status: "same", shipment: s } : { status: "shipped", shipment: s };
    },

    async ship(id, carrier, tracking, by, at) {
      if (!UUID.test(id)) return { status: "not_found" };
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const upd = await client.query(
          `UPDATE shipment SET status = 'shipped', carrier = $2, tracking = $3, shipped_at = $4, shipped_by = $5 WHERE id = $1::uuid AND status = 'chosen' RETURNING participation_id`,
          [id, carrier, tracking, at, by.name ?? by.id],
        );
        if (upd.rows[0]) {
          // Product cost in spend = the value of the products shipped to this participation (issue 17).
          await client.query(
            `UPDATE participation p SET product_cost = (
               SELECT COALESCE(sum(cp.value_minor), 0)::numeric / CASE $2::int WHEN 0 THEN 1 WHEN 3 THEN 1000 ELSE 100 END
                 FROM shipment s JOIN campaign_product cp ON cp.id = s.product_id
                WHERE s.participation_id = p.id AND s.status IN ('shipped', 'received')), currency = COALESCE(p.currency, c.currency)
               FROM campaign c WHERE c.id = p.campaign_id AND p.id = $1::uuid`,
            [upd.rows[0].participation_id, exponent((await client.query(`SELECT c.currency FROM participation p JOIN campaign c ON c.id = p.campaign_id WHERE p.id = $1::uuid`, [upd.rows[0].participation_id])).rows[0].currency)],
          );
          await audit(client, by, at, "seeding.ship", "shipment", id, { carrier, tracking });
        }
        const s = await shipment(id, client);
        await client.query("COMMIT");
        if (!s) return { status: "not_found" };
        if (upd.rows[0]) return { status: "shipped", shipment: s };
        return s.status !== "chosen" && s.carrier === carrier && s.tracking === tracking ? { status: "same", shipment: s } : { status: "conflict", shipment: s };
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },

    async receive(id, by, at) {
      if (!UUID.test(id)) return { status: "not_found" };
      const upd = await pool.query(`UPDATE shipment SET status = 'received', received_at = $2 WHERE id = $1::uuid AND status = 'shipped' RETURNING id`, [id, at]);
      if (upd.rows[0]) await audit(pool, by, at, "seeding.received", "shipment", id, {});
      const s = await shipment(id);
      if (!s) return { status: "not_found" };
      if (upd.rows[0]) return { status: "received", shipment: s };
      return s.status === "received" ? { status: "already", shipment: s } : { status: "not_shipped", shipment: s };
    },

    shipment: (id) => shipment(id),

    async shipments(campaignId) {
      const { rows } = await pool.query(`${SHIPMENT_SELECT} WHERE c.id = $1::uuid ORDER BY s.status, a.handle NULLS LAST, cp.name`, [campaignId]);
      return rows.map(toShipment);
    },

    async forCreator(creatorId) {
      const { rows } = await pool.query(`${SHIPMENT_SELECT} WHERE cr.id = $1::uuid ORDER BY s.chosen_at DESC`, [creatorId]);
      return rows.map(toShipment);
    },

    async toOffer(where) {
      const byOne = "participationId" in where;
      const { rows } = await pool.query(
        `SELECT p.id AS participation_id, cr.id AS creator_id, cr.discord_user_id, cr.display_name, a.handle, a.platform::text AS platform, c.slug, c.name AS campaign_name,
                cp.id, cp.campaign_id, cp.name, cp.variants, cp.value_minor::text AS value_minor, cp.currency
           FROM participation p JOIN campaign c ON c.id = p.campaign_id JOIN campaign_product cp ON cp.campaign_id = c.id
           JOIN creator cr ON cr.id = p.creator_id LEFT JOIN account a ON a.id = p.account_id
          WHERE p.status = 'approved' AND c.status <> 'closed' AND ${byOne ? "p.id = $1::uuid" : "c.id = $1::uuid AND cp.id = $2::uuid"}
            AND NOT EXISTS (SELECT 1 FROM shipment s WHERE s.participation_id = p.id AND s.product_id = cp.id)
          ORDER BY a.handle NULLS LAST, cp.created_at`,
        byOne ? [where.participationId] : [where.campaignId, where.productId],
      );
      return rows.map(
        (r): OfferTarget => ({
          participationId: r.participation_id,
          creatorId: r.creator_id,
          discordUserId: r.discord_user_id ?? null,
          handle: r.handle ?? null,
          platform: r.platform ?? null,
          displayName: r.display_name,
          campaignSlug: r.slug,
          campaignName: r.campaign_name,
          product: toProduct(r),
        }),
      );
    },

    async unconfirmed(before) {
      const { rows } = await pool.query(`${SHIPMENT_SELECT} WHERE s.status = 'shipped' AND s.shipped_at < $1 AND c.status <> 'closed' ORDER BY s.shipped_at`, [before]);
      return rows.map(toShipment);
    },
  };
}
