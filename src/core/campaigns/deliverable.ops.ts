// Deliverable operations: submit (or resubmit), approve, ask for changes, mark live.
import { closed, type Ctx, type Outcome } from "./context.ts";
import { fieldError, isHttpUrl } from "./fields.ts";
import { DELIVERABLE_DONE_WORDS } from "./format.ts";
import { TAKES_WORK } from "./lifecycle.ts";
import { DELIVERABLE_STEPS, deliverableRefusal, type DeliverableAction } from "./machines.ts";
import { changesRequestedMessage, creatorLabel, deliverableApprovedMessage, deliverableNotice } from "./notices.ts";
import type { CampaignService } from "./service.ts";
import { isBlocked, type By, type Deliverable, type Participation } from "./types.ts";
import { UserError } from "../errors.ts";

type DeliverableOps = Pick<CampaignService, "submitDeliverable" | "reviewDeliverable" | "markLive" | "deliverable" | "deliverables">;

const DELIVERABLE_AUDIT: Record<DeliverableAction, string> = {
  submit: "deliverable.submit",
  approve: "deliverable.approve",
  requestChanges: "deliverable.request_changes",
  markLive: "deliverable.live",
};

export function createDeliverableOps(ctx: Ctx): DeliverableOps {
  const { store, now, get, toMarketers, toCreator, participation, interpret, blockedError } = ctx;

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
        disclosureIssues: d.disclosureIssues ?? null,
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
        await toMarketers(deliverableNotice(c, p, o.value, resubmitted, d.disclosureIssues ?? null), (posted) => store.saveDeliverablePosted(o.value.id, posted), o.warnings);
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
