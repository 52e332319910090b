// Participation operations: invite, opt in, withdraw, approve and decline; each done once, with
// the marketers or the creator told afterwards.
import { UserError } from "../errors.ts";
import { newLinkCode } from "../links/code.ts";
import { closed, type Ctx, type Outcome } from "./context.ts";
import { statusWord } from "./format.ts";
import { optInsClosed, TAKES_INVITES, TAKES_OPT_INS } from "./lifecycle.ts";
import { PARTICIPATION_STEPS, participationRefusal, type ParticipationAction } from "./machines.ts";
import { approvedMessage, creatorLabel, declinedMessage, invitationMessage, optInNotice, withdrawnNotice } from "./notices.ts";
import type { CampaignService } from "./service.ts";
import { isBlocked, type By, type CreatorLookup, type Participation } from "./types.ts";

type ParticipationOps = Pick<
  CampaignService,
  "inviteCreator" | "optIn" | "withdraw" | "approveParticipation" | "declineParticipation" | "participation" | "participations" | "linkUrl"
>;

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

export function createParticipationOps(ctx: Ctx): ParticipationOps {
  const { store, now, linkUrl, get, toMarketers, toCreator, findCreator, participation, interpret, blockedError } = ctx;

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
      // An approved participation gets its tracked link in the same transaction (once, even when retried).
      ...(action === "approve" ? { link: { newCode: newLinkCode } } : {}),
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

  return {
    inviteCreator,
    optIn,

    async withdraw(slug, who, by) {
      const c = await get(slug);
      const account = await findCreator(who);
      const p = await store.participationOf(c.id, account.creatorId);
      if (!p) throw new UserError("PARTICIPATION_NOT_FOUND", `@${account.handle} does not take part in ${c.slug}.`);
      const o = await moveParticipation(p.id, "withdraw", by);
      if (o.outcome === "done") await toMarketers(withdrawnNotice(o.campaign, o.value), async () => {}, o.warnings);
      return o;
    },

    async approveParticipation(id, by) {
      const o = await moveParticipation(id, "approve", by);
      if (o.outcome === "done") await toCreator(o.value, approvedMessage(o.campaign, o.value, o.value.trackedCode ? linkUrl(o.value.trackedCode) : null), o.warnings);
      return o;
    },

    async declineParticipation(id, by, note) {
      const o = await moveParticipation(id, "decline", by, note);
      if (o.outcome === "done") await toCreator(o.value, declinedMessage(o.campaign, note ?? null), o.warnings);
      return o;
    },

    participation,
    linkUrl,

    async participations(slug) {
      const campaign = await get(slug);
      return { campaign, participations: await store.participations(campaign.id) };
    },

  };
}
