// Campaign operations: create and edit the brief, the lifecycle, delete a draft, post the brief.
import { UsageError, UserError } from "../errors.ts";
import type { Posted } from "../notifier.ts";
import { briefMessage, briefTags } from "./brief.ts";
import { closed, label, notFound, refused, type Ctx, type Outcome } from "./context.ts";
import { dateOrderErrors, fieldError, newCampaignFields, validateFields } from "./fields.ts";
import { clockText, sinceBy } from "./format.ts";
import { CAMPAIGN_TRANSITIONS, campaignRefusal, missingEssentials, type CampaignAction } from "./lifecycle.ts";
import type { CampaignService } from "./service.ts";
import { nameKey, nextFreeSlug, slugify, slugProblem } from "./slug.ts";
import type { By, Campaign, CampaignCounts, CampaignFields } from "./types.ts";

type CampaignOps = Pick<
  CampaignService,
  "findBySlug" | "get" | "create" | "edit" | "list" | "counts" | "missing" | "open" | "activate" | "close" | "remove" | "postBrief"
>;

const emptyCounts = (): CampaignCounts => ({ pendingOptIns: 0, approved: 0, toReview: 0, overdue: 0, invited: 0, live: 0 });

const STATUS_PHRASE: Record<string, string> = { draft: "a draft", open: "open for opt-ins", active: "active", closed: "closed" };

function nameTaken(name: string, c: { slug: string; name: string; status: string }): UserError {
  const what = `${c.name} (${c.slug})`;
  return new UserError(
    "CAMPAIGN_NAME_TAKEN",
    `There is already a campaign named "${name}": ${what}, ${STATUS_PHRASE[c.status] ?? c.status}.`,
    `Pick another name, or see that one with /scout campaign show ${c.slug}.`,
    { name: `is taken by ${what}; pick another name, or see it with /scout campaign show ${c.slug}` },
  );
}

/** Equal values as a field holds them: dates by time, lists and objects (criteria) by content. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const o = a as Record<string, unknown>, p = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(o), ...Object.keys(p)].filter((k) => o[k] !== undefined || p[k] !== undefined));
    return [...keys].every((k) => sameValue(o[k], p[k]));
  }
  return a === b || (a == null && b == null);
}

/** Why a new campaign's slug is not the one made from its name. */
function slugNote(slug: string, base: string, holder: { name: string; status: string } | undefined): string {
  const why = !holder ? `${base} is taken` : holder.status === "closed" ? `the closed campaign ${holder.name} keeps ${base}` : `${holder.name} has ${base}`;
  return `Its slug is ${slug}, not ${base}: ${why}.`;
}

export function createCampaignOps(ctx: Ctx): CampaignOps {
  const { store, notifier, now, get, send } = ctx;

  async function create(fields: Partial<CampaignFields> & { name: string }, by: By, opts: { slug?: string | undefined } = {}) {
    const checked = validateFields(fields) as Partial<CampaignFields> & { name: string };
    const full = newCampaignFields(checked);
    const order = dateOrderErrors(full, new Set(Object.keys(checked) as (keyof CampaignFields)[]));
    if (Object.keys(order).length) throw fieldError(order);
    if (opts.slug !== undefined) {
      const slug = opts.slug.trim().toLowerCase();
      const problem = slugProblem(slug);
      if (problem) throw fieldError({ slug: problem });
      const made = await store.create(slug, full, by, now());
      if (!made) {
        const free = nextFreeSlug(slug, (await store.slugsLike(slug)).map((x) => x.slug));
        throw fieldError({ slug: `${slug} is taken by another campaign; try ${free}` });
      }
      return { campaign: made, slugNote: null };
    }
    const base = slugify(full.name);
    // A slug taken between the look-up and the insert (two creations at once): look again, so a
    // campaign of the same name created meanwhile is refused too.
    for (let i = 0; i < 20; i++) {
      const like = await store.slugsLike(base);
      const same = like.find((x) => x.status !== "closed" && nameKey(x.name) === nameKey(full.name));
      if (same) throw nameTaken(full.name, same);
      const slug = nextFreeSlug(base, like.map((x) => x.slug));
      const made = await store.create(slug, full, by, now());
      if (made) return { campaign: made, slugNote: slug === base ? null : slugNote(slug, base, like.find((x) => x.slug === base)) };
    }
    throw new Error(`could not find a free slug for ${base}`);
  }

  async function edit(slug: string, patch: Partial<CampaignFields>, by: By) {
    const c = await get(slug);
    if (c.status === "closed") throw closed(c, "changes");
    const checked = validateFields(patch);
    const given = Object.keys(checked) as (keyof CampaignFields)[];
    if (!given.length) throw new UsageError("give at least one field to change, e.g. budget:5000");
    // A field given with the value it already has is not a change (nothing stored, nothing recorded).
    const changed = given.filter((k) => !sameValue(checked[k], c[k]));
    const unchanged = given.filter((k) => !changed.includes(k));
    if (!changed.length) return { campaign: c, changed, unchanged };
    const merged = { ...c, ...checked };
    const order = dateOrderErrors(merged, new Set(changed));
    if (Object.keys(order).length) throw fieldError(order);
    if (c.status !== "draft") {
      const missing = missingEssentials(merged, new Date(0));
      if (missing.length) throw new UserError("CAMPAIGN_INCOMPLETE", `${label(c)} is ${c.status}; it cannot lose ${missing.join(", ")}.`);
    }
    const updated = await store.update(c.id, Object.fromEntries(changed.map((k) => [k, checked[k]])) as Partial<CampaignFields>, by, now());
    if (!updated) throw closed(c, "changes");
    return { campaign: updated, changed, unchanged };
  }

  async function transition(slug: string, action: CampaignAction, by: By): Promise<Outcome<Campaign>> {
    const c = await get(slug);
    const step = CAMPAIGN_TRANSITIONS[action];
    if (action === "open" && c.status === "draft") {
      const missing = missingEssentials(c, now());
      if (missing.length) throw new UserError("CAMPAIGN_INCOMPLETE", `${label(c)} cannot open yet: it needs ${missing.join("; ")}.`, `Add them with /scout campaign edit ${c.slug} ...`);
    }
    const r = await store.setStatus(c.id, step.from, step.to, by, now());
    if (!r) throw notFound(slug);
    if (r.changed) return { outcome: "done", text: `${label(r.row)} is now ${step.to}.`, value: r.row, campaign: r.row, warnings: [] };
    if (r.row.status === step.to) return { outcome: "already", text: `${label(r.row)} is already ${step.to}${sinceBy(r.last, now())}.`, value: r.row, campaign: r.row, warnings: [] };
    throw refused(campaignRefusal(action, r.row.status, r.row));
  }

  return {
    findBySlug: (slug) => store.findBySlug(slug),
    get,
    create,
    edit,

    async list(statuses) {
      const campaigns = await store.list(statuses ?? null);
      const counts = await store.counts(campaigns.map((c) => c.id), now());
      return campaigns.map((c) => ({ campaign: c, counts: counts.get(c.id) ?? emptyCounts() }));
    },

    async counts(c) {
      return (await store.counts([c.id], now())).get(c.id) ?? emptyCounts();
    },

    missing: (c) => (c.status === "draft" ? missingEssentials(c, now()) : []),
    open: (slug, by) => transition(slug, "open", by),
    activate: (slug, by) => transition(slug, "activate", by),
    async close(slug, by) {
      const o = await transition(slug, "close", by);
      // The posted brief stays, with its buttons disabled.
      if (o.outcome === "done" && o.campaign.brief && notifier.postBrief) {
        const c = o.campaign;
        await send("the update to the posted brief", () => notifier.postBrief!({ campaignId: c.id, message: briefMessage(c), previous: c.brief, tags: briefTags(c) }), o.warnings);
      }
      return o;
    },

    async remove(slug, by) {
      const c = await store.findBySlug(slug);
      if (!c) {
        const gone = await store.lastEvent("campaign.delete", { slug: slug.toLowerCase() });
        if (gone) return { outcome: "already", text: `The campaign ${slug} was already deleted by ${gone.actorName ?? gone.actorId} at ${clockText(gone.at, now())}.`, slug };
        throw notFound(slug);
      }
      if (c.status !== "draft" || !(await store.deleteDraft(c.id, by, now()))) {
        const status = (await store.findById(c.id))?.status ?? c.status;
        throw refused({
          reason: `Only a draft can be deleted; ${c.slug} is ${status}.`,
          hint: status === "closed" ? "A closed campaign is kept for reporting." : `Close it instead with /scout campaign close ${c.slug}.`,
        });
      }
      return { outcome: "done", text: `Deleted the draft ${c.name} (${c.slug}).`, slug: c.slug };
    },

    async postBrief(slug, by) {
      let c = await get(slug);
      if (c.status === "closed") throw closed(c, "new creators; its brief is not posted again");
      let opened = false;
      if (c.status === "draft") {
        const missing = missingEssentials(c, now());
        if (missing.length)
          throw new UserError("CAMPAIGN_INCOMPLETE", `${label(c)} cannot open yet: it needs ${missing.join("; ")}.`, `Add them with /scout campaign edit ${c.slug} ..., then post the brief again.`);
        const o = await transition(slug, "open", by);
        opened = o.outcome === "done";
        c = o.campaign;
      }
      const message = briefMessage(c);
      const previous = c.brief;
      const warnings: string[] = [];
      let posted: Posted | null = null;
      if (notifier.postBrief) posted = (await send("the brief", () => notifier.postBrief!({ campaignId: c.id, message, previous, tags: briefTags(c) }), warnings)) || null;
      if (posted) c = await store.saveBriefPosted(c.id, posted, now(), by);
      return { campaign: c, message, posted, previous, opened, warnings };
    },

  };
}
