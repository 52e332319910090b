// Creators as they register themselves (Discord, or the console's as:@handle), in SQL over the pg
// pool. Registration is one transaction keyed on the unique columns: creator.discord_user_id and
// account (platform, handle), inserted with ON CONFLICT DO NOTHING, so two identical requests at
// once (a double press, a duplicate gateway delivery) create one creator and one account. A handle
// is not an identity: a roster account joins a Discord user only when its row carries their id;
// otherwise the handle becomes a claim (src/store/creator-claims.ts) that a marketer decides.
import type pg from "pg";
import type { CreatorProfile, CreatorRecords, IdentityClaim, MyDeliverable, MyParticipation, RegisterResult } from "../core/creators/types.ts";
import { createClaimRecords, declare, declaredJson, declaredOf, inTx, loadClaim, mergeCreator, Retry } from "./creator-claims.ts";
import type { Platform } from "../core/platform.ts";

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

/** The handle is someone else's: roll back everything this registration wrote. */
class Taken extends Error {
  constructor(readonly taken: { platform: Platform; handle: string }) {
    super("taken");
  }
}

async function loadProfiles(db: pg.Pool | pg.PoolClient, ids: string[]): Promise<CreatorProfile[]> {
  if (!ids.length) return [];
  const { rows } = await db.query(
    `SELECT c.id, c.display_name, c.source::text AS source, c.discord_user_id,
            a.id AS account_id, a.platform::text AS platform, a.handle, a.followers, a.rate, a.currency, a.country, a.language, a.categories,
            a.source::text AS account_source, a.declared
       FROM creator c LEFT JOIN account a ON a.creator_id = c.id
      WHERE c.id = ANY($1::uuid[])
      ORDER BY c.created_at, c.id, a.followers DESC NULLS LAST, a.platform, a.handle`,
    [ids],
  );
  const out = new Map<string, CreatorProfile>();
  for (const r of rows) {
    let c = out.get(r.id);
    if (!c) out.set(r.id, (c = { creatorId: r.id, displayName: r.display_name, source: r.source, discordUserId: r.discord_user_id, accounts: [] }));
    if (r.account_id)
      c.accounts.push({
        id: r.account_id,
        platform: r.platform,
        handle: r.handle,
        followers: r.followers,
        rate: num(r.rate),
        currency: r.currency,
        country: r.country,
        language: r.language,
        categories: r.categories ?? [],
        source: r.account_source,
        declared: r.declared && Object.keys(r.declared).length ? r.declared : null,
      });
  }
  return [...out.values()];
}

/** The creator this local identity (console, CLI) acts as: found by handle, or new. */
async function localCreator(db: pg.PoolClient, handle: string, name: string, at: Date) {
  const { rows } = await db.query(`SELECT DISTINCT creator_id FROM account WHERE handle = $1`, [handle]);
  if (rows.length) return { id: rows[0].creator_id as string, created: false };
  const ins = await db.query(`INSERT INTO creator (id, display_name, source, updated_at) VALUES (gen_random_uuid(), $1, 'community', $2) RETURNING id`, [name, at]);
  return { id: ins.rows[0].id as string, created: true };
}

/**
 * The creator linked to this Discord user: by creator.discord_user_id, or an unlinked roster creator
 * whose account row carries the id (the roster says it is them: linked now). Null when neither: a
 * handle alone never links anyone.
 */
async function discordCreator(db: pg.PoolClient, d: string, at: Date): Promise<{ id: string; created: boolean } | null> {
  const own = await db.query(`SELECT id FROM creator WHERE discord_user_id = $1`, [d]);
  if (own.rows.length) return { id: own.rows[0].id as string, created: false };
  const named = await db.query(
    `SELECT a.creator_id FROM account a JOIN creator c ON c.id = a.creator_id
      WHERE c.discord_user_id IS NULL AND a.discord_user_id = $1 ORDER BY c.created_at LIMIT 1`,
    [d],
  );
  if (!named.rows.length) return null;
  const id = named.rows[0].creator_id as string;
  const n = await db.query(`UPDATE creator SET discord_user_id = $1, updated_at = $3 WHERE id = $2 AND discord_user_id IS NULL`, [d, id, at]);
  if (n.rowCount !== 1) throw new Retry();
  return { id, created: false };
}

export function createCreatorRepo(pool: pg.Pool): CreatorRecords {
  return {
    async byDiscordUser(discordUserId) {
      const { rows } = await pool.query(
        `SELECT id FROM creator WHERE discord_user_id = $1
         UNION ALL
         (SELECT a.creator_id FROM account a JOIN creator c ON c.id = a.creator_id
           WHERE a.discord_user_id = $1 AND c.discord_user_id IS NULL ORDER BY c.created_at LIMIT 1)
         LIMIT 1`,
        [discordUserId],
      );
      return rows.length ? ((await loadProfiles(pool, [rows[0].id]))[0] ?? null) : null;
    },

    async byHandle(handle, platform) {
      const { rows } = await pool.query(`SELECT DISTINCT creator_id FROM account WHERE handle = $1 AND ($2::text IS NULL OR platform::text = $2)`, [handle, platform ?? null]);
      return loadProfiles(pool, rows.map((r) => r.creator_id));
    },

    async register(req): Promise<RegisterResult> {
      const d = req.identity.kind === "discord" ? req.identity.discordUserId : null;
      return inTx(pool, async (db): Promise<RegisterResult> => {
        let me = req.identity.kind === "local" ? await localCreator(db, req.identity.handle, req.displayName, req.at) : await discordCreator(db, d!, req.at);
        // A Discord member gets a creator of their own only when something is theirs to keep.
        const ensureMe = async () => {
          if (me) return me;
          // ON CONFLICT (discord_user_id): the second of two identical requests waits, then inserts nothing.
          const ins = await db.query(
            `INSERT INTO creator (id, display_name, source, discord_user_id, updated_at) VALUES (gen_random_uuid(), $1, 'community', $2, $3)
             ON CONFLICT (discord_user_id) DO NOTHING RETURNING id`,
            [req.displayName, d, req.at],
          );
          if (!ins.rows.length) throw new Retry();
          return (me = { id: ins.rows[0].id as string, created: true });
        };
        const accountIds: Record<string, string> = {};
        const claims: (IdentityClaim & { created: boolean })[] = [];
        for (const a of req.accounts) {
          const key = `${a.platform}:${a.handle}`;
          const { rows } = await db.query(
            `SELECT a.id, a.creator_id, a.discord_user_id, a.source::text AS source, c.discord_user_id AS owner_discord
               FROM account a JOIN creator c ON c.id = a.creator_id WHERE a.platform = $1::platform AND a.handle = $2 FOR UPDATE OF a`,
            [a.platform, a.handle],
          );
          const row = rows[0];
          if (!row) {
            const owner = await ensureMe();
            const rate = a.rateIfUnknown ?? null;
            const ins = await db.query(
              `INSERT INTO account (id, creator_id, platform, handle, followers, discord_user_id, source, updated_at, rate, currency)
               VALUES (gen_random_uuid(), $1, $2::platform, $3, $4, $5, 'community', $6, $7::numeric, $8)
               ON CONFLICT (platform, handle) DO NOTHING RETURNING id`,
              [owner.id, a.platform, a.handle, a.followers ?? null, d, req.at, rate?.amount ?? null, rate?.currency ?? null],
            );
            // Inserted meanwhile by a concurrent request: run again and find it.
            if (!ins.rows.length) throw new Retry();
            accountIds[key] = ins.rows[0].id;
            continue;
          }
          if (row.creator_id !== me?.id) {
            // Created just now by a concurrent request for the same person: run again and find it.
            if (me?.created && req.identity.kind === "local") throw new Retry();
            const others = (row.owner_discord !== null && row.owner_discord !== d) || (row.discord_user_id !== null && row.discord_user_id !== d);
            if (!d || others) throw new Taken({ platform: a.platform, handle: a.handle });
            if (row.discord_user_id === d || row.owner_discord === d) {
              // The roster row names this member: theirs without asking.
              if (me) await mergeCreator(db, row.creator_id, me.id, req.at);
              else {
                const n = await db.query(`UPDATE creator SET discord_user_id = $1, updated_at = $3 WHERE id = $2 AND discord_user_id IS NULL`, [d, row.creator_id, req.at]);
                if (n.rowCount !== 1) throw new Retry();
                me = { id: row.creator_id, created: false };
              }
            } else {
              // The roster holds this handle for someone not linked yet: a claim, never a link.
              const ins = await db.query(
                `INSERT INTO identity_claim (id, account_id, discord_user_id, claimant_name, declared, created_at, updated_at)
                 VALUES (gen_random_uuid(), $1, $2, $3, $4::jsonb, $5, $5) ON CONFLICT (account_id, discord_user_id) DO NOTHING RETURNING id`,
                [row.id, d, req.identity.name || req.displayName, declaredJson(declaredOf(a, req.patch)), req.at],
              );
              let id = ins.rows[0]?.id as string | undefined;
              if (!id) {
                const found = await db.query(
                  `UPDATE identity_claim SET declared = declared || $3::jsonb, updated_at = $4 WHERE account_id = $1 AND discord_user_id = $2 RETURNING id`,
                  [row.id, d, declaredJson(declaredOf(a, req.patch)), req.at],
                );
                id = found.rows[0]!.id as string;
              }
              claims.push({ ...(await loadClaim(db, id))!, created: ins.rows.length > 0 });
              continue;
            }
          }
          if (row.source === "community") {
            // The creator's own account: their figures are the account's (a rate only where none is known).
            const rate = a.rateIfUnknown ?? null;
            await db.query(
              `UPDATE account SET followers = coalesce($2, followers), updated_at = $3,
                      rate = coalesce(rate, $4::numeric), currency = CASE WHEN rate IS NULL AND $4::numeric IS NOT NULL THEN $5 ELSE currency END
                WHERE id = $1`,
              [row.id, a.followers ?? null, req.at, rate?.amount ?? null, rate?.currency ?? null],
            );
          } else {
            // A roster account: what the creator says is kept apart, the roster's figures stay.
            await declare(db, { accountId: row.id }, declaredOf(a, {}), req.at);
          }
          accountIds[key] = row.id;
        }
        const p = req.patch;
        if (me && Object.keys(p).length) {
          await db.query(
            `UPDATE account SET
               categories = coalesce($2::text[], categories), niche_key = CASE WHEN $2::text[] IS NULL THEN niche_key ELSE $3 END,
               country = coalesce($4, country), language = coalesce($5, language),
               rate = coalesce($6::numeric, rate), currency = CASE WHEN $6::numeric IS NULL THEN currency ELSE coalesce($7, currency, 'USD') END,
               updated_at = $8
             WHERE creator_id = $1 AND source = 'community'`,
            [me.id, p.categories ?? null, p.nicheKey ?? null, p.country ?? null, p.language ?? null, p.rate ?? null, p.currency ?? null, req.at],
          );
          await declare(db, { creatorId: me.id }, declaredOf(null, p), req.at);
        }
        // Notices to the creator go to the Discord id on their accounts: keep every account in step.
        if (d && me) await db.query(`UPDATE account SET discord_user_id = $2 WHERE creator_id = $1 AND discord_user_id IS DISTINCT FROM $2`, [me.id, d]);
        const profile = me ? (await loadProfiles(db, [me.id]))[0]! : null;
        return { ok: true as const, creator: profile, created: me?.created ?? false, accountIds, claims };
      }).catch((e: unknown) => {
        if (e instanceof Taken) return { ok: false as const, taken: e.taken };
        throw e;
      });
    },

    async participationsOf(creatorId) {
      const [ps, ds] = await Promise.all([
        pool.query(
          `SELECT p.id, p.status::text AS status, p.rate_ask, p.currency, p.promo_code, p.created_at, p.updated_at,
                  a.platform::text AS platform, a.handle,
                  c.id AS campaign_id, c.slug, c.name, c.brand, c.status::text AS campaign_status, c.disclosure, c.hashtags, c.mentions,
                  c.allowed_hosts, c.deliverables, c.opt_in_closes_at, c.draft_due_at, c.go_live_at, c.ends_at
             FROM participation p JOIN campaign c ON c.id = p.campaign_id LEFT JOIN account a ON a.id = p.account_id
            WHERE p.creator_id = $1 ORDER BY p.updated_at DESC, p.id`,
          [creatorId],
        ),
        pool.query(
          `SELECT d.id, d.participation_id, d.url, d.platform::text AS platform, d.status::text AS status, d.submitted_at, d.review_notes,
                  d.disclosure_checked, d.disclosure_issues,
                  (SELECT max(m.taken_at) FROM metric_snapshot m WHERE m.deliverable_id = d.id AND m.source = 'creator') AS last_report_at
             FROM deliverable d JOIN participation p ON p.id = d.participation_id
            WHERE p.creator_id = $1 ORDER BY d.submitted_at, d.id`,
          [creatorId],
        ),
      ]);
      const byP = new Map<string, MyDeliverable[]>();
      for (const r of ds.rows) {
        const list = byP.get(r.participation_id) ?? [];
        list.push({
          id: r.id,
          url: r.url,
          platform: r.platform,
          status: r.status,
          submittedAt: r.submitted_at,
          reviewNotes: r.review_notes,
          disclosureChecked: r.disclosure_checked,
          disclosureIssues: r.disclosure_issues ?? [],
          lastReportAt: r.last_report_at,
        });
        byP.set(r.participation_id, list);
      }
      return ps.rows.map(
        (r): MyParticipation => ({
          id: r.id,
          status: r.status,
          account: r.platform ? { platform: r.platform, handle: r.handle } : null,
          rateAsk: num(r.rate_ask),
          currency: r.currency,
          promoCode: r.promo_code,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
          campaign: {
            id: r.campaign_id,
            slug: r.slug,
            name: r.name,
            brand: r.brand,
            status: r.campaign_status,
            disclosure: r.disclosure,
            hashtags: r.hashtags ?? [],
            mentions: r.mentions ?? [],
            allowedHosts: r.allowed_hosts ?? [],
            deliverables: r.deliverables ?? [],
            optInClosesAt: r.opt_in_closes_at,
            draftDueAt: r.draft_due_at,
            goLiveAt: r.go_live_at,
            endsAt: r.ends_at,
          },
          deliverables: byP.get(r.id) ?? [],
        }),
      );
    },

    async saveReport(req) {
      const m = req.metrics;
      const { rows } = await pool.query(
        `INSERT INTO metric_snapshot (id, deliverable_id, source, taken_at, views, likes, comments, shares, saves, reach, clicks, reported_by)
         VALUES (gen_random_uuid(), $1, 'creator', $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (deliverable_id, source, taken_at) DO NOTHING RETURNING id`,
        [req.deliverableId, req.takenAt, m.views ?? null, m.likes ?? null, m.comments ?? null, m.shares ?? null, m.saves ?? null, m.reach ?? null, m.clicks ?? null, req.reportedBy],
      );
      if (rows.length) return { id: rows[0].id, created: true };
      const found = await pool.query(`SELECT id FROM metric_snapshot WHERE deliverable_id = $1 AND source = 'creator' AND taken_at = $2`, [req.deliverableId, req.takenAt]);
      return { id: found.rows[0]?.id ?? "", created: false };
    },

    async urlTakenElsewhere(url, participationId) {
      const { rows } = await pool.query(`SELECT 1 FROM deliverable WHERE url = $1 AND participation_id <> $2::uuid LIMIT 1`, [url, participationId]);
      return rows.length > 0;
    },

    ...createClaimRecords(pool),
  };
}
