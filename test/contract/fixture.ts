// The campaign states a contract row starts from, built the same way on every surface's database,
// and the domain effect of a row read the same way afterwards (no ids, no times: comparable).
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import type { App } from "../../src/app.ts";
import type { Database } from "../../src/store/db.ts";
import { CREATOR } from "../fakes/discord-harness.ts";

/** The roster creator every creator row acts as: @ana.cooks on Instagram, known on Discord as CREATOR. */
export const HANDLE = "ana.cooks";

/** "drafted": approved on a campaign with terms v1, drafts required and 90 days of usage rights, with draft v1 sent; "extension": that, and 30 more days of rights asked of the creator. */
export type State = "none" | "draft" | "open" | "claimed" | "opted-in" | "approved" | "submitted" | "delivered" | "drafted" | "extension" | "picked" | "shipped";

/** What a row's invocation may refer to: the campaign's slug, the participation and deliverable ids. */
export interface Built {
  slug: string;
  participationId?: string;
  deliverableId?: string;
  /** A pending identity claim (state "claimed"). */
  claimId?: string;
  /** The deliverable's post URL (states "submitted" and "delivered"). */
  url?: string;
  /** Draft v1 (states "drafted", "extension"). */
  draftId?: string;
  /** The rights extension asked of the creator (state "extension"). */
  extensionId?: string;
  /** The payable made when the deliverable was approved (state "delivered"; issue 17). */
  payableId?: string;
  /** The creator's pick of the campaign's product (states "picked", "shipped"; issue 17). */
  shipmentId?: string;
}

const marketer = { id: "fixture", name: "Fixture", roles: ["marketer"] };

async function run(app: App, line: string): Promise<any> {
  const r = await app.dispatch({ line, surface: "console", actor: marketer });
  if (r.outcome !== "ok") throw new Error(`fixture: ${line}: ${r.reply.message.text}`);
  return r.reply.data;
}

/** Once per database: the roster (one creator, linked to the Discord test user). */
export async function seedRoster(db: Database) {
  const csv = `handle,platform,followers,country,language,niche,rate,discord\n${HANDLE},instagram,12000,US,en,vegan food,250,${CREATOR}\n`;
  await importRoster({ creators: { label: "roster.csv", text: csv } }, { platform: "instagram" }, createRosterRepo(db.pool));
}

/** Builds `state` on a campaign of its own (named after the row), through the dispatcher as the marketer and the creator. */
export async function buildState(app: App, db: Database, key: string, state: State): Promise<Built> {
  const slug = `k-${key}`;
  if (state === "none") return { slug };
  await run(
    app,
    `campaign new name:"K ${key}" slug:${slug} objective:sales deliverables:"1 Reel" compensation:"flat fee" budget:5000 landing-url:https://example.com/k opt-in-closes:+90d go-live:+104d`,
  );
  const got = (await db.pool.query("SELECT slug FROM campaign WHERE name = $1", [`K ${key}`])).rows[0];
  if (!got) throw new Error(`fixture: campaign K ${key} was not created`);
  const built: Built = { slug: got.slug };
  if (state === "draft") return built;
  await run(app, `brief post ${built.slug}`);
  if (state === "open") return built;
  if (state === "claimed") {
    // A Discord member names a roster handle that has no Discord id: the opt-in is held until a
    // marketer confirms the handle is theirs. Handle and member are the row's own.
    const n = [...key].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 10_000, 7);
    const handle = `claim.${key.replace(/\W/g, "")}`;
    await importRoster({ creators: { label: "claim.csv", text: `handle,platform,followers\n${handle},instagram,5000\n` } }, { platform: "instagram" }, createRosterRepo(db.pool));
    const member = { id: `130000000000000${String(n).padStart(4, "0")}`, name: `Member ${key}`, roles: ["creator"] };
    const r = await app.dispatch({ line: `optin ${built.slug} handle:@${handle} platform:instagram followers:5000 disclose:yes`, surface: "discord", actor: member });
    if (r.outcome !== "ok") throw new Error(`fixture: claim: ${r.reply.message.text}`);
    built.claimId = (await db.pool.query("SELECT id FROM identity_claim WHERE discord_user_id = $1 AND status = 'pending'", [member.id])).rows[0]?.id;
    if (!built.claimId) throw new Error(`fixture: no pending claim for ${handle}`);
    return built;
  }
  const creatorRun = (line: string) =>
    app.dispatch({ line: `${line} as:@${HANDLE}`, surface: "console", actor: { id: "fixture", name: "Fixture", roles: ["creator"] } }).then((r) => {
      if (r.outcome !== "ok") throw new Error(`fixture: ${line}: ${r.reply.message.text}`);
    });
  const agreed = state === "drafted" || state === "extension";
  if (agreed) await run(app, `campaign edit ${built.slug} terms:"Post within 7 days. The brand may repost for 90 days." drafts:required rights-days:90 rights-channels:organic`);
  await creatorRun(`optin ${built.slug} handle:@${HANDLE} platform:instagram followers:12000 disclose:yes${agreed ? " accept-terms:yes" : ""}`);
  built.participationId = (await db.pool.query("SELECT p.id FROM participation p JOIN campaign c ON c.id = p.campaign_id WHERE c.slug = $1", [built.slug])).rows[0].id;
  if (state === "opted-in") return built;
  await run(app, `optins approve id:${built.participationId}`);
  if (state === "approved") return built;
  if (state === "picked" || state === "shipped") {
    await run(app, `products add ${built.slug} name:Serum variants:"30ml,50ml" value:40`);
    await creatorRun(`pick campaign:${built.slug} variant:30ml`);
    built.shipmentId = (await db.pool.query("SELECT id FROM shipment WHERE participation_id = $1", [built.participationId])).rows[0].id;
    if (state === "shipped") await run(app, `products ship id:${built.shipmentId} carrier:DHL tracking:JD0146000038`);
    return built;
  }
  if (agreed) {
    await creatorRun(`draft campaign:${built.slug} link:https://drive.example.com/k-${key} caption:"Spring is here"`);
    built.draftId = (await db.pool.query("SELECT id FROM draft WHERE participation_id = $1", [built.participationId])).rows[0].id;
    if (state === "extension") {
      await run(app, `rights extend ${built.slug} creator:@${HANDLE} days:30`);
      built.extensionId = (await db.pool.query("SELECT id FROM rights_extension WHERE participation_id = $1", [built.participationId])).rows[0].id;
    }
    return built;
  }
  built.url = `https://www.instagram.com/p/Ck${key.replace(/\W/g, "")}/`;
  await creatorRun(`deliver campaign:${built.slug} url:${built.url} note:"#ad loving it"`);
  built.deliverableId = (await db.pool.query("SELECT id FROM deliverable WHERE participation_id = $1", [built.participationId])).rows[0].id;
  if (state === "submitted") return built;
  await run(app, `deliverables approve id:${built.deliverableId}`);
  built.payableId = (await db.pool.query("SELECT id FROM payable WHERE participation_id = $1", [built.participationId])).rows[0]?.id;
  return built;
}

/** The domain effect of a row: its campaign, participations and deliverables, and the roster's size. */
export interface Effect {
  campaign: { status: string } | null;
  participations: { handle: string; status: string }[];
  deliverables: string[];
  creators: number;
  /** Daily digests scheduled and enabled (any channel). */
  digests: { at: string; timezone: string }[];
  /** The status of the row's identity claim (state "claimed"), else null. */
  claim: string | null;
  /** Roster accounts a row imported: handles named after its campaign (k-roster-import-ok → k_roster_import_ok.*). */
  imported: { handle: string; followers: number | null }[];
  /** Metric snapshots of the campaign's deliverables. */
  snapshots: { source: string; reach: number | null; likes: number | null }[];
  /** The campaign's drafts, "v<version> <status>", and its terms acceptances, "v<version>" (issue 16). */
  drafts: string[];
  accepted: string[];
  /** Days of usage rights granted, and extensions by status. */
  rights: number[];
  extensions: string[];
}

export async function readEffect(db: Database, slug: string, claimId?: string): Promise<Effect> {
  const q = async (sql: string, args: unknown[] = []) => (await db.pool.query(sql, args)).rows;
  const [campaign] = await q("SELECT status::text AS status FROM campaign WHERE slug = $1", [slug]);
  const participations = await q(
    `SELECT a.handle, p.status::text AS status FROM participation p JOIN campaign c ON c.id = p.campaign_id
       LEFT JOIN LATERAL (SELECT handle FROM account WHERE creator_id = p.creator_id ORDER BY handle LIMIT 1) a ON true
      WHERE c.slug = $1 ORDER BY a.handle`,
    [slug],
  );
  const deliverables = await q(
    "SELECT d.status::text AS status FROM deliverable d JOIN participation p ON p.id = d.participation_id JOIN campaign c ON c.id = p.campaign_id WHERE c.slug = $1 ORDER BY 1",
    [slug],
  );
  const [{ n }] = await q("SELECT count(*)::int AS n FROM creator");
  const digests = await q("SELECT at, timezone FROM digest_schedule WHERE enabled ORDER BY at, timezone");
  const claim = claimId ? (await q("SELECT status FROM identity_claim WHERE id = $1", [claimId]))[0]?.status ?? null : null;
  const imported = await q("SELECT handle, followers FROM account WHERE handle LIKE $1 ORDER BY handle", [`${slug.replace(/\W/g, "_")}.%`]);
  const snapshots = await q(
    `SELECT m.source::text AS source, m.reach, m.likes FROM metric_snapshot m JOIN deliverable d ON d.id = m.deliverable_id
       JOIN participation p ON p.id = d.participation_id JOIN campaign c ON c.id = p.campaign_id WHERE c.slug = $1 ORDER BY m.taken_at`,
    [slug],
  );
  const drafts = await q("SELECT 'v' || d.version || ' ' || d.status AS s FROM draft d JOIN participation p ON p.id = d.participation_id JOIN campaign c ON c.id = p.campaign_id WHERE c.slug = $1 ORDER BY d.version", [slug]);
  const accepted = await q("SELECT 'v' || t.version AS s FROM terms_acceptance t JOIN campaign c ON c.id = t.campaign_id WHERE c.slug = $1 ORDER BY t.version", [slug]);
  const rights = await q("SELECT r.days FROM usage_rights r JOIN participation p ON p.id = r.participation_id JOIN campaign c ON c.id = p.campaign_id WHERE c.slug = $1", [slug]);
  const extensions = await q("SELECT e.status AS s FROM rights_extension e JOIN participation p ON p.id = e.participation_id JOIN campaign c ON c.id = p.campaign_id WHERE c.slug = $1 ORDER BY e.requested_at", [slug]);
  return {
    campaign: campaign ?? null,
    participations,
    deliverables: deliverables.map((d) => d.status),
    creators: n,
    digests,
    claim,
    imported,
    snapshots,
    drafts: drafts.map((d) => d.s),
    accepted: accepted.map((a) => a.s),
    rights: rights.map((r) => r.days),
    extensions: extensions.map((e) => e.s),
  };
}
