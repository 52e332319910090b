// Imported post metrics (source "import"), in one transaction. The unique key (deliverable, source,
// taken_at) makes a re-import update in place; numbers equal to the deliverable's latest import
// snapshot are not stored again, so importing the same file twice (any day) adds nothing.
import type pg from "pg";
import type { SnapshotRow, SnapshotWriteResult } from "../core/metrics/types.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELDS = ["reach", "impressions", "views", "likes", "comments", "shares", "saves", "clicks"] as const;
const normUrl = (u: string) => u.trim().replace(/\/+$/, "").toLowerCase();

/** Deliverable ids for each row, by id or by link; rows matching none or several are unresolved. */
async function resolve(client: pg.PoolClient, rows: SnapshotRow[], campaignId: string | null) {
  const ids = [...new Set(rows.map((r) => r.deliverableId).filter((x): x is string => x !== null && UUID.test(x)))];
  const urls = [...new Set(rows.filter((r) => !r.deliverableId && r.url).map((r) => normUrl(r.url!)))];
  const scope = campaignId ? "AND p.campaign_id = $2" : "";
  const byId = new Map<string, string>();
  const byUrl = new Map<string, { id: string; slug: string }[]>();
  if (ids.length) {
    const r = await client.query(
      `SELECT dl.id FROM deliverable dl JOIN participation p ON p.id = dl.participation_id WHERE dl.id = ANY($1::uuid[]) ${scope}`,
      campaignId ? [ids, campaignId] : [ids],
    );
    for (const x of r.rows) byId.set(x.id, x.id);
  }
  if (urls.length) {
    const r = await client.query(
      `SELECT dl.id, u.url, c.slug FROM unnest($1::text[]) AS u(url)
         JOIN deliverable dl ON lower(rtrim(trim(dl.url), '/')) = u.url
         JOIN participation p ON p.id = dl.participation_id
         JOIN campaign c ON c.id = p.campaign_id
        WHERE true ${scope}`,
      campaignId ? [urls, campaignId] : [urls],
    );
    for (const x of r.rows) byUrl.set(x.url, [...(byUrl.get(x.url) ?? []), { id: x.id, slug: x.slug }]);
  }
  const where = campaignId ? " in this campaign" : "";
  return rows.map((r): { row: SnapshotRow; id: string } | { line: number; reason: string } => {
    if (r.deliverableId) {
      const id = byId.get(r.deliverableId.toLowerCase());
      return id ? { row: r, id } : { line: r.line, reason: `no deliverable with id ${r.deliverableId}${where}` };
    }
    const found = byUrl.get(normUrl(r.url!)) ?? [];
    if (found.length === 1) return { row: r, id: found[0]!.id };
    const slugs = [...new Set(found.map((f) => f.slug))].sort();
    return {
      line: r.line,
      reason: found.length
        ? `the link ${r.url} is a deliverable in ${slugs.length} campaigns (${slugs.join(", ")}): add ${slugs.map((x) => `campaign:${x}`).join(" or ")} to the command, or use the deliverable id`
        : `no deliverable with the link ${r.url}${where} (deliverables are listed by /scout deliverables <campaign>)`,
    };
  });
}

const INSERT = `
WITH input AS (
  SELECT * FROM json_to_recordset($1::json) AS t(deliverable_id uuid, taken_at timestamptz, reach int, impressions int,
         views int, likes int, comments int, shares int, saves int, clicks int)
),
last AS (
  SELECT DISTINCT ON (s.deliverable_id) s.*
    FROM metric_snapshot s
   WHERE s.deliverable_id IN (SELECT deliverable_id FROM input) AND s.source = 'import'
   ORDER BY s.deliverable_id, s.taken_at DESC
),
fresh AS (
  SELECT i.* FROM input i LEFT JOIN last l ON l.deliverable_id = i.deliverable_id
   WHERE l.deliverable_id IS NULL OR l.taken_at = i.taken_at
      OR (i.reach, i.impressions, i.views, i.likes, i.comments, i.shares, i.saves, i.clicks)
         IS DISTINCT FROM (l.reach, l.impressions, l.views, l.likes, l.comments, l.shares, l.saves, l.clicks)
)
INSERT INTO metric_snapshot AS m (id, deliverable_id, source, taken_at, reach, impressions, views, likes, comments, shares, saves, clicks, reported_by)
SELECT gen_random_uuid(), deliverable_id, 'import', taken_at, reach, impressions, views, likes, comments, shares, saves, clicks, $2
  FROM fresh
ON CONFLICT (deliverable_id, source, taken_at) DO UPDATE SET
  reach = EXCLUDED.reach, impressions = EXCLUDED.impressions, views = EXCLUDED.views, likes = EXCLUDED.likes,
  comments = EXCLUDED.comments, shares = EXCLUDED.shares, saves = EXCLUDED.saves, clicks = EXCLUDED.clicks,
  reported_by = EXCLUDED.reported_by
WHERE (m.reach, m.impressions, m.views, m.likes, m.comments, m.shares, m.saves, m.clicks)
      IS DISTINCT FROM (EXCLUDED.reach, EXCLUDED.impressions, EXCLUDED.views, EXCLUDED.likes, EXCLUDED.comments,
                        EXCLUDED.shares, EXCLUDED.saves, EXCLUDED.clicks)
RETURNING (xmax = 0) AS inserted`;

export async function writeImport(
  pool: pg.Pool,
  rows: SnapshotRow[],
  opts: { campaignId: string | null; defaultTakenAt: Date; by: { id: string; name: string | null; surface: string } },
): Promise<SnapshotWriteResult> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const resolved = await resolve(client, rows, opts.campaignId);
    const unresolved: { line: number; reason: string }[] = [];
    // One row per deliverable and time: a later line for the same pair replaces an earlier one.
    const byKey = new Map<string, { row: SnapshotRow; id: string }>();
    for (const r of resolved) {
      if (!("id" in r)) {
        unresolved.push(r);
        continue;
      }
      const key = `${r.id}|${(r.row.takenAt ?? opts.defaultTakenAt).toISOString()}`;
      const earlier = byKey.get(key);
      if (earlier) unresolved.push({ line: earlier.row.line, reason: `the same deliverable and time appear again on line ${r.row.line}; the later line was used` });
      byKey.set(key, r);
    }
    const input = [...byKey.values()].map(({ row, id }) => ({
      deliverable_id: id,
      taken_at: (row.takenAt ?? opts.defaultTakenAt).toISOString(),
      ...Object.fromEntries(FIELDS.map((f) => [f, row[f]])),
    }));
    let created = 0;
    let updated = 0;
    if (input.length) {
      const r = await client.query(INSERT, [JSON.stringify(input), opts.by.id]);
      created = r.rows.filter((x) => x.inserted).length;
      updated = r.rowCount! - created;
      await client.query(
        `INSERT INTO audit_event (id, actor_id, actor_name, surface, action, entity, entity_id, data)
         VALUES (gen_random_uuid(), $1, $2, $3, 'metrics.import', 'campaign', $4, $5::jsonb)`,
        [opts.by.id, opts.by.name, opts.by.surface, opts.campaignId, JSON.stringify({ rows: input.length, created, updated })],
      );
    }
    await client.query("COMMIT");
    return { created, updated, unchanged: input.length - created - updated, unresolved: unresolved.sort((a, b) => a.line - b.line) };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
