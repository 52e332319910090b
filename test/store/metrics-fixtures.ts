// Rows for the metrics and digest tests, written straight to the tables (the workflow that creates
// them is tested elsewhere): campaigns, creators, participations, deliverables, snapshots, clicks.
import type pg from "pg";

export interface Fixtures {
  campaign(c: { slug: string; status?: string; currency?: string; openedAt?: Date; draftDueAt?: Date | null; goLiveAt?: Date | null }): Promise<string>;
  creator(handle: string, platform?: string, followers?: number | null): Promise<{ creatorId: string; accountId: string }>;
  participation(
    campaignId: string,
    who: { creatorId: string; accountId: string },
    p?: { status?: string; fee?: number | null; productCost?: number | null; commission?: number | null },
  ): Promise<string>;
  deliverable(participationId: string, url: string, d?: { platform?: string; status?: string; dueAt?: Date | null }): Promise<string>;
  snapshot(deliverableId: string, source: "creator" | "import", takenAt: string, f: Record<string, number | null>): Promise<void>;
  link(participationId: string, code: string): Promise<string>;
  click(linkId: string, at: string, ip: string, bot?: boolean): Promise<void>;
  conversion(participationId: string, orderId: string, value: number, currency: string, at: string): Promise<void>;
  statusChange(participationId: string, to: string, at: Date): Promise<void>;
}

export function fixtures(pool: pg.Pool): Fixtures {
  const one = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows[0].id as string;
  return {
    campaign: (c) =>
      one(
        `INSERT INTO campaign (id, slug, name, status, currency, opened_at, draft_due_at, go_live_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, now()) RETURNING id`,
        [c.slug, `Campaign ${c.slug}`, c.status ?? "active", c.currency ?? "USD", c.openedAt ?? new Date("2026-11-01T00:00:00Z"), c.draftDueAt ?? null, c.goLiveAt ?? null],
      ),
    async creator(handle, platform = "instagram", followers = 10_000) {
      const creatorId = await one(`INSERT INTO creator (id, display_name, updated_at) VALUES (gen_random_uuid(), $1, now()) RETURNING id`, [handle]);
      const accountId = await one(
        `INSERT INTO account (id, creator_id, platform, handle, followers, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, $4, now()) RETURNING id`,
        [creatorId, platform, handle, followers],
      );
      return { creatorId, accountId };
    },
    participation: (campaignId, who, p = {}) =>
      one(
        `INSERT INTO participation (id, campaign_id, creator_id, account_id, status, fee, product_cost, commission, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, now()) RETURNING id`,
        [campaignId, who.creatorId, who.accountId, p.status ?? "approved", p.fee ?? null, p.productCost ?? null, p.commission ?? null],
      ),
    deliverable: (participationId, url, d = {}) =>
      one(
        `INSERT INTO deliverable (id, participation_id, url, platform, status, due_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, now()) RETURNING id`,
        [participationId, url, d.platform ?? "instagram", d.status ?? "live", d.dueAt ?? null],
      ),
    async snapshot(deliverableId, source, takenAt, f) {
      const cols = Object.keys(f);
      await pool.query(
        `INSERT INTO metric_snapshot (id, deliverable_id, source, taken_at${cols.map((c) => `, ${c}`).join("")})
         VALUES (gen_random_uuid(), $1, $2, $3${cols.map((_, i) => `, $${i + 4}`).join("")})`,
        [deliverableId, source, takenAt, ...cols.map((c) => f[c])],
      );
    },
    link: (participationId, code) => one(`INSERT INTO tracked_link (id, participation_id, code) VALUES (gen_random_uuid(), $1, $2) RETURNING id`, [participationId, code]),
    async click(linkId, at, ip, bot = false) {
      await pool.query(`INSERT INTO click (id, link_id, at, day, ip_hash, is_bot) VALUES (gen_random_uuid(), $1, $2, ($2::timestamptz AT TIME ZONE 'UTC')::date, $3, $4)`, [linkId, at, ip, bot]);
    },
    async conversion(participationId, orderId, value, currency, at) {
      await pool.query(
        `INSERT INTO conversion (id, participation_id, order_id, value, currency, attributed_by, occurred_at) VALUES (gen_random_uuid(), $1, $2, $3, $4, 'code', $5)`,
        [participationId, orderId, value, currency, at],
      );
    },
    async statusChange(participationId, to, at) {
      await pool.query(`INSERT INTO status_change (id, participation_id, to_status, actor_id, surface, at) VALUES (gen_random_uuid(), $1, $2, 'x', 'discord', $3)`, [participationId, to, at]);
    },
  };
}
