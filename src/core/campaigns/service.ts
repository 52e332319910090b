// The campaign workflow: create and edit briefs, the lifecycle, participations and deliverables.
// Every change is guarded by its state machine and done once by the store (a repeat says it was
// already done, by whom and when); notices go out through the notifier after the change commits.
import { UsageError, UserError } from "../errors.ts";
import type { Message } from "../message.ts";
import type { Notice, Notifier, Posted } from "../notifier.ts";
import type { Platform } from "../platform.ts";
import { briefMessage } from "./brief.ts";
import { dateOrderErrors, fieldError, isHttpUrl, newCampaignFields, validateFields } from "./fields.ts";
import { byWhen, clockText, DELIVERABLE_DONE_WORDS, sinceBy, statusWord } from "./format.ts";
import { CAMPAIGN_TRANSITIONS, campaignRefusal, missingEssentials, optInsClosed, TAKES_INVITES, TAKES_OPT_INS, TAKES_WORK, type CampaignAction } from "./lifecycle.ts";
import { DELIVERABLE_STEPS, deliverableRefusal, PARTICIPATION_STEPS, participationRefusal, type DeliverableAction, type ParticipationAction } from "./machines.ts";
import {
  approvedMessage,
  changesRequestedMessage,
  creatorLabel,
  declinedMessage,
  deliverableApprovedMessage,
  deliverableNotice,
  invitationMessage,
  optInNotice,
} from "./notices.ts";
import { nextFreeSlug, slugify, slugProblem } from "./slug.ts";
import {
  CAMPAIGN_STATUSES,
  isBlocked,
  type Blocked,
  type By,
  type Campaign,
  type CampaignCounts,
  type CampaignFields,
  type CampaignStatus,
  type CampaignStore,
  type CreatorLookup,
  type Deliverable,
  type Participation,
  type StepResult,
} from "./types.ts";

/** The result of a change: done now, or found already done (not an error). */
export interface Outcome<T> {
  outcome: "done" | "already";
  /** One sentence for people: "Approved @ana (instagram).", "Already approved by Mia at 10:02 UTC." */
  text: string;
  value: T;
  campaign: Campaign;
  /** What went wrong after the change was saved (a notice that could not be sent). */
  warnings: string[];
}

export interface BriefPostResult {
  campaign: Campaign;
  message: Message;
  /** Where it was posted, or null when no surface posts briefs. */
  posted: Posted | null;
  previous: Posted | null;
  /** The draft was opened by this post. */
  opened: boolean;
  warnings: string[];
}

export interface CampaignService {
  findBySlug(slug: string): Promise<Campaign | null>;
  /** The campaign, or CAMPAIGN_NOT_FOUND. */
  get(slug: string): Promise<Campaign>;
  create(fields: Partial<CampaignFields> & { name: string }, by: By, opts?: { slug?: string | undefined }): Promise<Campaign>;
  edit(slug: string, patch: Partial<CampaignFields>, by: By): Promise<{ campaign: Campaign; changed: (keyof CampaignFields)[] }>;
  list(statuses?: CampaignStatus[] | null): Promise<{ campaign: Campaign; counts: CampaignCounts }[]>;
  counts(campaign: Campaign): Promise<CampaignCounts>;
  /** What the campaign lacks before it can open (empty when nothing). */
  missing(campaign: Campaign): string[];
  open(slug: string, by: By): Promise<Outcome<Campaign>>;
  activate(slug: string, by: By): Promise<Outcome<Campaign>>;
  close(slug: string, by: By): Promise<Outcome<Campaign>>;
  remove(slug: string, by: By): Promise<{ outcome: "done" | "already"; text: string; slug: string }>;
  postBrief(slug: string, by: By): Promise<BriefPostResult>;

  inviteCreator(slug: string, who: CreatorLookup, by: By): Promise<Outcome<Participation>>;
  optIn(slug: string, who: CreatorLookup, terms: { rateAsk?: number | null; currency?: string | null; disclosureConfirmed?: boolean }, by: By): Promise<Outcome<Participation>>;
  withdraw(slug: string, who: CreatorLookup, by: By): Promise<Outcome<Participation>>;
  approveParticipation(participationId: string, by: By): Promise<Outcome<Participation>>;
  declineParticipation(participationId: string, by: By, note?: string | null): Promise<Outcome<Participation>>;
  participation(participationId: string): Promise<{ participation: Participation; campaign: Campaign }>;
  participations(slug: string): Promise<{ campaign: Campaign; participations: Participation[] }>;

  submitDeliverable(
    participationId: string,
    d: { url: string; platform: Platform; kind?: string | null; note?: string | null },
    by: By,
  ): Promise<Outcome<Deliverable>>;
  reviewDeliverable(deliverableId: string, decision: { approve: true } | { approve: false; note: string }, by: By): Promise<Outcome<Deliverable>>;
  markLive(deliverableId: string, by: By): Promise<Outcome<Deliverable>>;
  deliverable(deliverableId: string): Promise<{ deliverable: Deliverable; participation: Participation; campaign: Campaign }>;
  deliverables(slug: string): Promise<{ campaign: Campaign; deliverables: (Deliverable & { participation: Participation })[] }>;
}

export interface CampaignServiceDeps {
  store: CampaignStore;
  notifier: Notifier;
  now(): Date;
}

const notFound = (slug: string) => new UserError("CAMPAIGN_NOT_FOUND", `No campaign named ${slug}.`, "Try /scout campaign list.");
const closed = (c: Campaign, what: string) =>
  new UserError("CAMPAIGN_CLOSED", `${c.name} (${c.slug}) is closed${c.closedAt ? ` since ${c.closedAt.toISOString().slice(0, 10)}` : ""}; it takes no ${what}.`, "A closed campaign is kept for reporting only.");
const label = (c: { name: string; slug: string }) => `${c.name} (${c.slug})`;
const refused = (r: { reason: string; hint?: string }) => new UserError("NOT_ALLOWED_TRANSITION", r.reason, r.hint);

const PARTICIPATION_DONE: Record<ParticipationAction, string> = {
  invite: "Invited",
  optIn: "Opted in",
  approve: "Approved",
  decline: "Declined",
  withdraw: "Withdrew",
};
const PARTICIPATION_AUDIT: Record<ParticipationAction, string> = {
  invite: "participation.invite",
  optIn: "participation.opt_in",
  approve: "participation.approve",
  decline: "participation.decline",
  withdraw: "participation.withdraw",
};
const DELIVERABLE_AUDIT: Record<DeliverableAction, string> = {
  submit: "deliverable.submit",
  approve: "deliverable.approve",
  requestChanges: "deliverable.request_changes",
  markLive: "deliverable.live",
};

export function createCampaignService(deps: CampaignServiceDeps): CampaignService {
  const { store, notifier } = deps;
  const now = () => deps.now();

  async function get(slug: string): Promise<Campaign> {
    const c = await store.findBySlug(slug);
    if (!c) throw notFound(slug);
    return c;
  }

  /** Sends a notice; a failure is reported as a warning, since the change itself is saved. */
  async function send<T>(what: string, fn: () => Promise<T>, warnings: string[]): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      warnings.push(`Saved, but ${what} could not be sent (${(e as Error).message}).`);
      return undefined;
    }
  }

  async function toMarketers(n: Notice, save: (p: Posted) => Promise<void>, warnings: string[]) {
    const posted = await send("the notice to the team", () => notifier.toMarketers(n), warnings);
    if (posted) await save(posted);
  }

  async function toCreator(p: Participation, m: Message, warnings: string[]) {
    if (!notifier.toCreator) return;
    await send("the message to the creator", () => notifier.toCreator!({ creatorId: p.creator.creatorId, discordUserId: p.creator.discordUserId }, m), warnings);
  }

  async function findCreator(who: CreatorLookup) {
    const found = await store.findAccounts(who);
    const whoText = "handle" in who ? `@${who.handle.replace(/^@+/, "")}${who.platform ? ` on ${who.platform}` : ""}` : "that creator";
    if (!found.length) throw new UserError("CREATOR_NOT_FOUND", `No creator ${whoText} in the roster.`, "Import them with /scout roster import, or check the spelling.");
    const creators = new Set(found.map((a) => a.creatorId));
    if (creators.size > 1) {
      const on = [...new Set(found.map((a) => a.platform))].sort();
      throw new UsageError(`${whoText} is on ${on.join(" and ")}; add platform:${on[0]} (or another) to choose`, undefined, undefined, {
        platform: `${whoText} is on ${on.join(" and ")}; choose one`,
      });
    }
    return found[0]!;
  }

  // ---- Campaigns ------------------------------------------------------------------------------

  async function create(fields: Partial<CampaignFields> & { name: string }, by: By, opts: { slug?: string | undefined } = {}): Promise<Campaign> {
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
        const free = nextFreeSlug(slug, await store.slugsLike(slug));
        throw fieldError({ slug: `${slug} is taken by another campaign; try ${free}` });
      }
      return made;
    }
    const base = slugify(full.name);
    const taken = await store.slugsLike(base);
    // A slug taken between the look-up and the insert (two creations at once) moves on to the next.
    for (let i = 0; i < 20; i++) {
      const slug = nextFreeSlug(base, taken);
      const made = await store.create(slug, full, by, now());
      if (made) return made;
      taken.push(slug);
    }
    throw new Error(`could not find a free slug for ${base}`);
  }

  async function edit(slug: string, patch: Partial<CampaignFields>, by: By) {
    const c = await get(slug);
    if (c.status === "closed") throw closed(c, "changes");
    const checked = validateFields(patch);
    const changed = Object.keys(checked) as (keyof CampaignFields)[];
    if (!changed.length) throw new UsageError("give at least one field to change, e.g. budget:5000");
    const merged = { ...c, ...checked };
    const order = dateOrderErrors(merged, new Set(changed));
    if (Object.keys(order).length) throw fieldError(order);
    if (c.status !== "draft") {
      const missing = missingEssentials(merged, new Date(0));
      if (missing.length) throw new UserError("CAMPAIGN_INCOMPLETE", `${label(c)} is ${c.status}; it cannot lose ${missing.join(", ")}.`);
    }
    const updated = await store.update(c.id, checked, by, now());
    if (!updated) throw closed(c, "changes");
    return { campaign: updated, changed };
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

  // ---- Participations -------------------------------------------------------------------------

  function interpret<T>(
    r: StepResult<T>,
    status: string,
    step: { done: string[] },
    campaign: Campaign,
    doneText: string,
    alreadyText: (when: string) => string,
    refusal: (when: string) => { reason: string; hint?: string },
  ): Outcome<T> {
    const when = byWhen(r.last, now());
    if (r.changed) return { outcome: "done", text: doneText, value: r.row, campaign, warnings: [] };
    if (step.done.includes(status)) return { outcome: "already", text: alreadyText(when), value: r.row, campaign, warnings: [] };
    throw refused(refusal(when));
  }

  function blockedError(b: Blocked, c: Campaign, what: string): UserError {
    if (b.blocked.of === "campaign") {
      if (b.blocked.status === "closed") return closed({ ...c, status: "closed" }, what);
      if (b.blocked.status === "deleted") return notFound(c.slug);
      return new UserError("CAMPAIGN_NOT_OPEN", `${c.name} (${c.slug}) is still a draft; it takes no ${what} until it opens.`, `Open it with /scout brief post ${c.slug}.`);
    }
    return refused({ reason: `This creator is ${statusWord(b.blocked.status)} on ${c.slug}, not approved; only approved creators submit deliverables.` });
  }

  async function enter(slug: string, who: CreatorLookup, action: "invite" | "optIn", by: By, set?: { rateAsk?: number | null; currency?: string | null; disclosureConfirmed?: boolean }) {
    const c = await get(slug);
    const allowed = action === "invite" ? TAKES_INVITES : TAKES_OPT_INS;
    const what = action === "invite" ? "invitations" : "opt-ins";
    if (c.status === "closed") throw closed(c, what);
    if (action === "optIn" && optInsClosed(c, now()))
      throw new UserError("OPTIN_CLOSED", `Opt-ins for ${c.name} closed on ${c.optInClosesAt!.toISOString().slice(0, 10)}.`, "Ask the brand's team if you still want to take part.");
    const account = await findCreator(who);
    const step = PARTICIPATION_STEPS[action];
    const r = await store.enter({
      campaignId: c.id,
      creatorId: account.creatorId,
      accountId: account.accountId,
      to: step.to as "invited" | "opted_in",
      from: step.from,
      campaignStatusIn: allowed,
      ...(set ? { set } : {}),
      by,
      at: now(),
      action: PARTICIPATION_AUDIT[action],
    });
    if (isBlocked(r)) throw blockedError(r, c, what);
    const who_ = creatorLabel(r.row);
    const outcome = interpret(
      r,
      r.row.status,
      step,
      c,
      action === "invite" ? `Invited ${who_} to ${c.name}.` : `${who_} opted in to ${c.name}.`,
      (when) => `${who_} is already ${statusWord(r.row.status)} on ${c.slug}${when}.`,
      (when) => participationRefusal(action, r.row.status, who_, when),
    );
    return outcome;
  }

  async function inviteCreator(slug: string, who: CreatorLookup, by: By) {
    const o = await enter(slug, who, "invite", by);
    if (o.outcome === "done") await toCreator(o.value, invitationMessage(o.campaign), o.warnings);
    return o;
  }

  async function optIn(slug: string, who: CreatorLookup, terms: { rateAsk?: number | null; currency?: string | null; disclosureConfirmed?: boolean }, by: By) {
    const o = await enter(slug, who, "optIn", by, {
      ...(terms.rateAsk !== undefined ? { rateAsk: terms.rateAsk } : {}),
      ...(terms.currency !== undefined ? { currency: terms.currency } : {}),
      ...(terms.disclosureConfirmed !== undefined ? { disclosureConfirmed: terms.disclosureConfirmed } : {}),
    });
    if (o.outcome === "done")
      await toMarketers(optInNotice(o.campaign, o.value), (p) => store.saveParticipationPosted(o.value.id, p), o.warnings);
    return o;
  }

  async function participation(id: string) {
    const p = await store.participation(id);
    if (!p) throw new UserError("PARTICIPATION_NOT_FOUND", `No participation with id ${id}.`, "Ids are in /scout optins <campaign> --json.");
    const c = await store.findById(p.campaignId);
    if (!c) throw new UserError("PARTICIPATION_NOT_FOUND", `No participation with id ${id}.`);
    return { participation: p, campaign: c };
  }

  async function moveParticipation(id: string, action: "approve" | "decline" | "withdraw", by: By, note?: string | null): Promise<Outcome<Participation>> {
    const { campaign: c } = await participation(id);
    if (c.status === "closed") throw closed(c, "changes");
    const step = PARTICIPATION_STEPS[action];
    const r = await store.move({
      id,
      from: step.from,
      to: step.to,
      campaignStatusIn: ["draft", "open", "active"],
      decided: action !== "withdraw",
      note: note ?? null,
      by,
      at: now(),
      action: PARTICIPATION_AUDIT[action],
    });
    if (!r) throw new UserError("PARTICIPATION_NOT_FOUND", `No participation with id ${id}.`);
    if (isBlocked(r)) throw blockedError(r, c, "changes");
    const who = creatorLabel(r.row);
    return interpret(
      r,
      r.row.status,
      step,
      c,
      action === "withdraw" ? `${who} withdrew from ${c.name}.` : `${PARTICIPATION_DONE[action]} ${who} for ${c.name}.`,
      (when) => `${who} was already ${statusWord(r.row.status)}${when}.`,
      (when) => participationRefusal(action, r.row.status, who, when),
    );
  }

  // ---- Deliverables ---------------------------------------------------------------------------

  async function deliverable(id: string) {
    const d = await store.deliverable(id);
    if (!d) throw new UserError("DELIVERABLE_NOT_FOUND", `No deliverable with id ${id}.`, "Ids are in /scout deliverables <campaign> --json.");
    const { participation: p, campaign } = await participation(d.participationId);
    return { deliverable: d, participation: p, campaign };
  }

  async function moveDeliverable(id: string, action: Exclude<DeliverableAction, "submit">, by: By, note?: string): Promise<Outcome<Deliverable> & { participation: Participation }> {
    const { participation: p, campaign: c } = await deliverable(id);
    if (c.status === "closed") throw closed(c, "changes");
    const step = DELIVERABLE_STEPS[action];
    const r = await store.moveDeliverable({
      id,
      from: step.from,
      to: step.to,
      campaignStatusIn: TAKES_WORK,
      reviewed: action === "approve" || action === "requestChanges",
      reviewNote: note ?? null,
      live: action === "markLive",
      by,
      at: now(),
      action: DELIVERABLE_AUDIT[action],
    });
    if (!r) throw new UserError("DELIVERABLE_NOT_FOUND", `No deliverable with id ${id}.`);
    if (isBlocked(r)) throw blockedError(r, c, "changes");
    const who = creatorLabel(p);
    const doneText = { approve: `Approved ${who}'s deliverable`, requestChanges: `Asked ${who} for changes to`, markLive: `Marked live: ${who}'s deliverable` }[action];
    const o = interpret(
      r,
      r.row.status,
      step,
      c,
      `${doneText} ${r.row.url}.`,
      (when) => `${who}'s deliverable ${r.row.url} was already ${DELIVERABLE_DONE_WORDS[r.row.status] ?? r.row.status}${when}.`,
      (when) => deliverableRefusal(action, r.row.status, id, when),
    );
    return { ...o, participation: p };
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
    close: (slug, by) => transition(slug, "close", by),

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
      if (notifier.postBrief) posted = (await send("the brief", () => notifier.postBrief!({ campaignId: c.id, message, previous }), warnings)) || null;
      if (posted) c = await store.saveBriefPosted(c.id, posted, now(), by);
      return { campaign: c, message, posted, previous, opened, warnings };
    },

    inviteCreator,
    optIn,

    async withdraw(slug, who, by) {
      const c = await get(slug);
      const account = await findCreator(who);
      const p = await store.participationOf(c.id, account.creatorId);
      if (!p) throw new UserError("PARTICIPATION_NOT_FOUND", `@${account.handle} does not take part in ${c.slug}.`);
      return moveParticipation(p.id, "withdraw", by);
    },

    async approveParticipation(id, by) {
      const o = await moveParticipation(id, "approve", by);
      if (o.outcome === "done") await toCreator(o.value, approvedMessage(o.campaign, o.value), o.warnings);
      return o;
    },

    async declineParticipation(id, by, note) {
      const o = await moveParticipation(id, "decline", by, note);
      if (o.outcome === "done") await toCreator(o.value, declinedMessage(o.campaign, note ?? null), o.warnings);
      return o;
    },

    participation,

    async participations(slug) {
      const campaign = await get(slug);
      return { campaign, participations: await store.participations(campaign.id) };
    },

    async submitDeliverable(participationId, d, by) {
      const { participation: p, campaign: c } = await participation(participationId);
      const url = d.url.trim();
      if (!isHttpUrl(url)) throw fieldError({ url: "expects an http(s) link to the post or draft" });
      if (d.platform === "blog" && c.allowedHosts.length) {
        const host = new URL(url).hostname.toLowerCase().replace(/^www\./, "");
        if (!c.allowedHosts.some((h) => host === h || host.endsWith(`.${h}`)))
          throw fieldError({ url: `is on ${host}; blog links for ${c.slug} must be on ${c.allowedHosts.join(", ")}` });
      }
      if (c.status === "closed") throw closed(c, "deliverables");
      const r = await store.submit({
        participationId,
        url,
        platform: d.platform,
        kind: d.kind ?? null,
        note: d.note ?? null,
        dueAt: c.draftDueAt ?? c.goLiveAt,
        campaignStatusIn: TAKES_WORK,
        participationStatusIn: ["approved"],
        by,
        at: now(),
      });
      if (isBlocked(r)) throw blockedError(r, c, "deliverables");
      const who = creatorLabel(p);
      const resubmitted = r.changed && !r.created;
      const o = interpret(
        r,
        r.row.status,
        DELIVERABLE_STEPS.submit,
        c,
        `${who} ${resubmitted ? "resubmitted" : "submitted"} ${url} for ${c.name}.`,
        (when) => `${url} was already ${DELIVERABLE_DONE_WORDS[r.row.status] ?? r.row.status}${when}.`,
        (when) => deliverableRefusal("submit", r.row.status, r.row.id, when),
      );
      if (o.outcome === "done")
        await toMarketers(deliverableNotice(c, p, o.value, resubmitted), (posted) => store.saveDeliverablePosted(o.value.id, posted), o.warnings);
      return o;
    },

    async reviewDeliverable(id, decision, by) {
      if (decision.approve) {
        const o = await moveDeliverable(id, "approve", by);
        if (o.outcome === "done") await toCreator(o.participation, deliverableApprovedMessage(o.campaign, o.value), o.warnings);
        return o;
      }
      const note = decision.note.trim();
      if (!note) throw fieldError({ note: "is required: say what to change" });
      const o = await moveDeliverable(id, "requestChanges", by, note);
      if (o.outcome === "done") await toCreator(o.participation, changesRequestedMessage(o.campaign, o.value, note), o.warnings);
      return o;
    },

    markLive: (id, by) => moveDeliverable(id, "markLive", by),
    deliverable,

    async deliverables(slug) {
      const campaign = await get(slug);
      return { campaign, deliverables: await store.deliverables(campaign.id) };
    },
  };
}

const emptyCounts = (): CampaignCounts => ({ pendingOptIns: 0, approved: 0, toReview: 0, overdue: 0, invited: 0, live: 0 });

export const isCampaignStatus = (s: string): s is CampaignStatus => (CAMPAIGN_STATUSES as readonly string[]).includes(s);
