// Payables and payments in PostgreSQL (issue 17). A payable is inserted with ON CONFLICT DO NOTHING
// on (participation, milestone), so concurrent approvals or a retry make one; a payment is recorded
// under a row lock on its payable and a unique key (amount, date, reference), so a doubled click or
// two marketers at once record it once; nothing is half-written (one transaction each).
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { By } from "../core/campaigns/types.ts";
import { sqlMinor } from "../core/money.ts";
import { DEFAULT_TERMS, type Milestone, type Payable, type PaymentRecord, type PayoutStore, type PayoutTerms, type TaxFormStatus, type YearRow } from "../core/payouts/types.ts";

type Row = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const PAYABLE_SELECT = `
  SELECT y.id, y.participation_id, y.milestone, y.currency, y.fee_minor::text, y.commission_minor::text, y.paid_minor::text,
         to_char(y.due_on, 'YYYY-MM-DD') AS due_on,
         c.id AS campaign_id, c.slug, c.name AS campaign_name, c.status::text AS campaign_status,
         cr.id AS creator_id, cr.display_name, cr.discord_user_id, a.handle, a.platform::text AS platform,
         COALESCE((SELECT json_agg(json_build_object('id', m.id, 'amountMinor', m.amount_minor, 'currency', m.currency,
                   'paidOn', to_char(m.paid_on, 'YYYY-MM-DD'), 'method', m.method, 'reference', m.reference, 'recordedByName', m.recorded_by_name)
                   ORDER BY m.paid_on, m.created_at) FROM payment m WHERE m.payable_id = y.id), '[]') AS payments,
         (SELECT array_agg(DISTINCT upper(ac.country)) FROM account ac WHERE ac.creator_id = cr.id AND ac.country IS NOT NULL) AS countries,
         (SELECT tf.on_file FROM tax_form tf WHERE tf.creator_id = cr.id) AS tax_form_on_file
    FROM payable y
    JOIN participation p ON p.id = y.participation_id
    JOIN campaign c ON c.id = p.campaign_id
    JOIN creator cr ON cr.id = p.creator_id
    LEFT JOIN account a ON a.id = p.account_id`;

const toPayable = (r: Row): Payable => ({
  id: r.id as string,
  participationId: r.participation_id as string,
  campaignId: r.campaign_id as string,
  campaignSlug: r.slug as string,
  campaignName: r.campaign_name as string,
  campaignStatus: r.campaign_status as string,
  creatorId: r.creator_id as string,
  handle: (r.handle as string | null) ?? null,
  platform: (r.platform as string | null) ?? null,
  displayName: r.display_name as string,
  discordUserId: (r.discord_user_id as string | null) ?? null,
  milestone: r.milestone as Milestone,
  currency: r.currency as string,
  feeMinor: Number(r.fee_minor),
  commissionMinor: Number(r.commission_minor),
  paidMinor: Number(r.paid_minor),
  dueOn: r.due_on as string,
  payments: (r.payments as (PaymentRecord & { amountMinor: number | string })[]).map((m) => ({ ...m, amountMinor: Number(m.amountMinor) })),
  countries: (r.countries as string[] | null) ?? [],
  taxFormOnFile: (r.tax_form_on_file as boolean | null) ?? null,
});

const CURRENCY = "COALESCE(p.currency, c.currency)";

/** Fee (the participation's, else the campaign's) and commission, in minor units, from the spend recorded. */
export const SYNC_PAYABLE_SQL = `
  UPDATE payable y
     SET fee_minor = ${sqlMinor("COALESCE(p.fee, c.fee)", CURRENCY)},
         commission_minor = ${sqlMinor("p.commission", CURRENCY)},
         updated_at = now()
    FROM participation p JOIN campaign c ON c.id = p.campaign_id
   WHERE p.id = $1::uuid AND y.participation_id = p.id AND c.status <> 'closed' AND y.currency = ${CURRENCY}`;

const ENSURE_SQL = `
  WITH ctx AS (
    SELECT p.id, ${CURRENCY} AS currency, ${sqlMinor("COALESCE(p.fee, c.fee)", CURRENCY)} AS fee_minor, ${sqlMinor("p.commission", CURRENCY)} AS commission_minor,
           COALESCE(t.payout_on, 'approved') AS payout_on, COALESCE(t.net_days, 30) AS net_days
      FROM participation p JOIN campaign c ON c.id = p.campaign_id LEFT JOIN payout_terms t ON t.campaign_id = c.id
     WHERE p.id = $1::uuid
  )
  INSERT INTO payable (id, participation_id, milestone, deliverable_id, currency, fee_minor, commission_minor, due_on)
  SELECT $5::uuid, id, $2, $3::uuid, currency, fee_minor, commission_minor, (($4::timestamptz AT TIME ZONE 'UTC')::date + net_days)
    FROM ctx
   WHERE payout_on = $2 AND NOT EXISTS (SELECT 1 FROM payable WHERE participation_id = $1::uuid AND milestone <> $2)
  ON CONFLICT (participation_id, milestone) DO NOTHING
  RETURNING id`;

async function tx<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const r = await fn(client);
    await client.query("COMMIT");
    return r;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

const audit = (c: pg.PoolClient | pg.Pool, by: By, at: Date, action: string, entity: string, id: string, data: object) =>
  c.query(`INSERT INTO audit_event (id, at, actor_id, actor_name, surface, action, entity, entity_id, data) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8)`, [
    at,
    by.id,
    by.name ?? null,
    by.surface,
    action,
    entity,
    id,
    JSON.stringify(data),
  ]);

export function createPayoutRepo(pool: pg.Pool): PayoutStore {
  async function payable(id: string, c: pg.Pool | pg.PoolClient = pool): Promise<Payable | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await c.query(`${PAYABLE_SELECT} WHERE y.id = $1::uuid`, [id]);
    return rows[0] ? toPayable(rows[0]) : null;
  }

  return {
    async terms(campaignId) {
      const { rows } = await pool.query(`SELECT payout_on, net_days FROM payout_terms WHERE campaign_id = $1::uuid`, [campaignId]);
      return rows[0] ? { payoutOn: rows[0].payout_on, netDays: rows[0].net_days } : { ...DEFAULT_TERMS };
    },

    async setTerms(campaignId, t, by, at) {
      const { rows } = await pool.query(
        `INSERT INTO payout_terms (campaign_id, payout_on, net_days, updated_by, updated_at) VALUES ($1::uuid, COALESCE($2, 'approved'), COALESCE($3::int, 30), $4, $5)
         ON CONFLICT (campaign_id) DO UPDATE SET payout_on = COALESCE($2, payout_terms.payout_on), net_days = COALESCE($3::int, payout_terms.net_days), updated_by = $4, updated_at = $5
         RETURNING payout_on, net_days`,
        [campaignId, t.payoutOn ?? null, t.netDays ?? null, by.id, at],
      );
      await audit(pool, by, at, "payout.terms", "campaign", campaignId, t);
      return { payoutOn: rows[0].payout_on, netDays: rows[0].net_days } as PayoutTerms;
    },

    async ensurePayable({ participationId, milestone, deliverableId, at }) {
      const { rows } = await pool.query(ENSURE_SQL, [participationId, milestone, deliverableId, at, randomUUID()]);
      const { rows: found } = await pool.query(`${PAYABLE_SELECT} WHERE y.participation_id = $1::uuid AND y.milestone = $2`, [participationId, milestone]);
      return found[0] ? { created: rows.length === 1, payable: toPayable(found[0]) } : null;
    },

    async syncAmounts(participationId) {
      await pool.query(SYNC_PAYABLE_SQL, [participationId]);
    },

    async payables(campaignId) {
      const { rows } = await pool.query(`${PAYABLE_SELECT} WHERE c.id = $1::uuid ORDER BY y.due_on, a.handle NULLS LAST, y.created_at`, [campaignId]);
      return rows.map(toPayable);
    },

    payable: (id) => payable(id),

    async forCreator(creatorId) {
      const { rows } = await pool.query(`${PAYABLE_SELECT} WHERE cr.id = $1::uuid ORDER BY y.due_on DESC`, [creatorId]);
      return rows.map(toPayable);
    },

    async overdue(today) {
      const { rows } = await pool.query(
        `${PAYABLE_SELECT} WHERE y.due_on < $1::date AND y.fee_minor + y.commission_minor > y.paid_minor ORDER BY y.due_on, c.slug`,
        [today],
      );
      return rows.map(toPayable);
    },

    async pay(input) {
      if (!UUID.test(input.payableId)) return { status: "not_found" };
      return tx(pool, async (c) => {
        const lock = await c.query(`SELECT id FROM payable WHERE id = $1::uuid FOR UPDATE`, [input.payableId]);
        if (!lock.rows.length) return { status: "not_found" as const };
        const p = (await payable(input.payableId, c))!;
        if (p.currency !== input.currency) return { status: "currency" as const, payable: p };
        const same = p.payments.find((m) => m.amountMinor === input.amountMinor && m.paidOn === input.paidOn && m.reference === input.reference);
        if (same) return { status: "duplicate" as const, payable: p, payment: same };
        const remaining = Math.max(0, p.feeMinor + p.commissionMinor - p.paidMinor);
        if (remaining === 0) return { status: "nothing_due" as const, payable: p };
        if (input.amountMinor > remaining) return { status: "too_much" as const, payable: p };
        const id = randomUUID();
        const ins = await c.query(
          `INSERT INTO payment (id, payable_id, amount_minor, currency, paid_on, method, reference, recorded_by, recorded_by_name, created_at)
           VALUES ($1::uuid, $2::uuid, $3, $4, $5::date, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
          [id, p.id, input.amountMinor, input.currency, input.paidOn, input.method, input.reference, input.by.id, input.by.name ?? null, input.at],
        );
        if (!ins.rows.length) throw new Error("payment conflict under the payable's lock");
        await c.query(`UPDATE payable SET paid_minor = paid_minor + $2, updated_at = $3 WHERE id = $1::uuid`, [p.id, input.amountMinor, input.at]);
        await audit(c, input.by, input.at, "payout.paid", "payable", p.id, { amountMinor: input.amountMinor, currency: input.currency, paidOn: input.paidOn, method: input.method, reference: input.reference });
        const after = (await payable(p.id, c))!;
        return { status: "recorded" as const, payable: after, payment: after.payments.find((m) => m.id === id)! };
      });
    },

    async setTaxForm(creatorId, onFile, recordedOn, by, at) {
      const { rows } = await pool.query(
        `INSERT INTO tax_form (creator_id, on_file, recorded_on, recorded_by, updated_at) VALUES ($1::uuid, $2, $3::date, $4, $5)
         ON CONFLICT (creator_id) DO UPDATE SET on_file = $2, recorded_on = $3::date, recorded_by = $4, updated_at = $5
         RETURNING on_file, to_char(recorded_on, 'YYYY-MM-DD') AS recorded_on, recorded_by`,
        [creatorId, onFile, recordedOn, by.name ?? by.id, at],
      );
      await audit(pool, by, at, "payout.tax_form", "creator", creatorId, { onFile, recordedOn });
      return { onFile: rows[0].on_file, recordedOn: rows[0].recorded_on, recordedBy: rows[0].recorded_by } as TaxFormStatus;
    },

    async creatorsByHandle(handle, platform) {
      const { rows } = await pool.query(
        `SELECT a.creator_id, cr.display_name, a.handle, a.platform::text AS platform FROM account a JOIN creator cr ON cr.id = a.creator_id
          WHERE lower(a.handle) = lower($1) AND ($2::text IS NULL OR a.platform::text = $2) ORDER BY a.platform`,
        [handle.replace(/^@+/, ""), platform ?? null],
      );
      return rows.map((r) => ({ creatorId: r.creator_id, displayName: r.display_name, handle: r.handle, platform: r.platform }));
    },

    async year(year) {
      const { rows } = await pool.query(
        `SELECT cr.id AS creator_id, cr.display_name, m.currency, sum(m.amount_minor)::text AS paid_minor, count(*)::int AS payments,
                (SELECT array_agg(DISTINCT a.handle ORDER BY a.handle) FROM account a WHERE a.creator_id = cr.id) AS handles,
                (SELECT array_agg(DISTINCT upper(a.country) ORDER BY upper(a.country)) FROM account a WHERE a.creator_id = cr.id AND a.country IS NOT NULL) AS countries,
                t.on_file, to_char(t.recorded_on, 'YYYY-MM-DD') AS recorded_on, t.recorded_by
           FROM payment m JOIN payable y ON y.id = m.payable_id JOIN participation p ON p.id = y.participation_id JOIN creator cr ON cr.id = p.creator_id
           LEFT JOIN tax_form t ON t.creator_id = cr.id
          WHERE m.paid_on >= make_date($1, 1, 1) AND m.paid_on < make_date($1 + 1, 1, 1)
          GROUP BY cr.id, cr.display_name, m.currency, t.on_file, t.recorded_on, t.recorded_by
          ORDER BY cr.display_name, cr.id, m.currency`,
        [year],
      );
      return rows.map(
        (r): YearRow => ({
          creatorId: r.creator_id,
          displayName: r.display_name,
          handles: r.handles ?? [],
          countries: r.countries ?? [],
          currency: r.currency,
          paidMinor: Number(r.paid_minor),
          payments: r.payments,
          taxForm: r.on_file === null || r.on_file === undefined ? null : { onFile: r.on_file, recordedOn: r.recorded_on, recordedBy: r.recorded_by },
        }),
      );
    },
  };
}

