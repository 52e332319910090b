// What creators do, on top of the campaign workflow: register and update their profile, opt in
// and out, submit deliverables (link rules, disclosure check) and report their own metrics. A
// creator only ever reaches their own participations.
import type { CampaignService, Outcome } from "../campaigns/service.ts";
import type { By, Campaign, Deliverable, Participation } from "../campaigns/types.ts";
import { optInsClosed } from "../campaigns/lifecycle.ts";
import { longDate, statusWord } from "../campaigns/format.ts";
import { checkDisclosure, type DisclosureResult } from "../disclosure.ts";
import { checkDeliverableLink, normalizeLink } from "../deliverables/hosts.ts";
import { UsageError, UserError } from "../errors.ts";
import type { Platform } from "../platform.ts";
import { validateReport, type MetricKey } from "./report.ts";
import type { Notifier } from "../notifier.ts";
import { byWhen } from "../campaigns/format.ts";
import { claimConfirmedMessage, claimHandle, claimNotice, claimRejectedMessage } from "./claims.ts";
import type { AccountInput, CreatorIdentity, CreatorProfile, CreatorRecords, IdentityClaim, MetricValues, MyParticipation, ProfilePatch } from "./types.ts";

export interface CreatorServiceDeps {
  store: CreatorRecords;
  /** The campaign workflow (a function: the two services are built side by side). */
  campaigns(): CampaignService;
  /** Where claim notices (Confirm / Reject) and the member's private answers go. */
  notifier?: Notifier;
  now(): Date;
}

/** An opt-in held on a claim to a roster creator until the identity is confirmed. */
export interface HeldOptInOutcome {
  outcome: "held";
  /** True when this opt-in was held now (false: a repeat). */
  added: boolean;
  claim: IdentityClaim;
  campaign: Campaign;
  warnings: string[];
}

/** A marketer's decision on a claim: done now, or found decided already (by whom, when). */
export interface ClaimDecision {
  outcome: "done" | "already";
  text: string;
  claim: IdentityClaim;
  warnings: string[];
}

export interface OptInInput {
  handle: string;
  platform: Platform;
  followers?: number | undefined;
  rate?: { amount: number; currency: string | null } | undefined;
  disclose: boolean;
}

export type OptOutResult =
  | { kind: "withdrawn"; campaign: Campaign; outcome: Outcome<Participation> }
  | { kind: "nothing"; campaignName: string; status: string | null }
  | { kind: "confirm"; campaign: Campaign }
  /** An opt-in held as pending identity, let go before anyone confirmed who the member is. */
  | { kind: "released"; campaign: Campaign };

export interface CreatorService {
  /** The creator this identity is, or null when not registered yet. */
  me(identity: CreatorIdentity): Promise<CreatorProfile | null>;
  /** The creator, or NOT_REGISTERED with what to do. */
  requireMe(identity: CreatorIdentity): Promise<CreatorProfile>;
  /** Registers or updates; handles the roster holds for someone not linked to this member come back as claims (the team is asked). */
  saveProfile(identity: CreatorIdentity, accounts: AccountInput[], patch: ProfilePatch): Promise<{ creator: CreatorProfile | null; created: boolean; claims: IdentityClaim[] }>;
  /** The campaign if it takes opt-ins now, else a clear refusal. */
  openForOptIn(slug: string): Promise<Campaign>;
  /** The opt-in, or (a roster creator's handle not linked to this member) the opt-in held as pending identity. */
  optIn(identity: CreatorIdentity, slug: string, input: OptInInput, by: By): Promise<Outcome<Participation> | HeldOptInOutcome>;
  optOut(identity: CreatorIdentity, slug: string, confirmed: boolean, by: By): Promise<OptOutResult>;
  participations(identity: CreatorIdentity): Promise<{ creator: CreatorProfile | null; participations: MyParticipation[]; claims: IdentityClaim[] }>;
  /** Pending claims holding an opt-in to this campaign (shown in `optins <slug>`). */
  pendingIdentity(campaignId: string): Promise<IdentityClaim[]>;
  claim(id: string): Promise<IdentityClaim | null>;
  /** A marketer confirms a claim: the member is linked, and their held opt-ins go to the team as usual. */
  confirmClaim(id: string, by: By): Promise<ClaimDecision>;
  /** A marketer rejects a claim: the member stays unlinked and is told privately. */
  rejectClaim(id: string, by: By): Promise<ClaimDecision>;
  deliver(identity: CreatorIdentity, slug: string, d: { url: string; note?: string | undefined }, by: By): Promise<{ outcome: Outcome<Deliverable>; disclosure: DisclosureResult | null }>;
  report(identity: CreatorIdentity, slug: string, url: string | undefined, values: Partial<Record<MetricKey, number>>, by: By): Promise<{ deliverable: { id: string; url: string }; metrics: MetricValues; campaign: MyParticipation["campaign"]; created: boolean }>;
}

const notRegistered = () =>
  new UserError("NOT_REGISTERED", "Scout doesn't know you yet.", "Opt in to a campaign (/campaigns lists the open ones) or fill in your profile with /profile.");

const notYours = (slug: string) =>
  new UserError("NOT_YOUR_CAMPAIGN", `You don't take part in ${slug}.`, "/mystatus lists the campaigns you take part in.");

const fieldError = (key: string, message: string) => new UsageError(`${key}: ${message}`, undefined, undefined, { [key]: message });

export function createCreatorService(deps: CreatorServiceDeps): CreatorService {
  const { store } = deps;
  const campaigns = {
    get: (slug: string) => deps.campaigns().get(slug),
    findBySlug: (slug: string) => deps.campaigns().findBySlug(slug),
    optIn: (...a: Parameters<CampaignService["optIn"]>) => deps.campaigns().optIn(...a),
    withdraw: (...a: Parameters<CampaignService["withdraw"]>) => deps.campaigns().withdraw(...a),
    submitDeliverable: (...a: Parameters<CampaignService["submitDeliverable"]>) => deps.campaigns().submitDeliverable(...a),
  };

  async function me(identity: CreatorIdentity) {
    if (identity.kind === "discord") return store.byDiscordUser(identity.discordUserId);
    const found = await store.byHandle(identity.handle);
    if (found.length > 1)
      throw new UserError("AMBIGUOUS_HANDLE", `@${identity.handle} belongs to ${found.length} creators (on ${found.flatMap((c) => c.accounts.filter((a) => a.handle === identity.handle).map((a) => a.platform)).join(" and ")}).`, "Try another of the creator's handles with as:.");
    return found[0] ?? null;
  }

  async function requireMe(identity: CreatorIdentity) {
    const c = await me(identity);
    if (!c) throw notRegistered();
    return c;
  }

  async function register(identity: CreatorIdentity, accounts: AccountInput[], patch: ProfilePatch) {
    if (identity.kind === "local" && !accounts.some((a) => a.handle === identity.handle) && !(await me(identity)))
      throw fieldError("handles", `must include @${identity.handle} (the creator you act as) to register them`);
    const displayName = identity.kind === "local" ? identity.handle : identity.name || accounts[0]?.handle || "creator";
    const r = await store.register({ identity, displayName, accounts, patch, at: deps.now() });
    if (!r.ok)
      throw new UserError(
        "HANDLE_TAKEN",
        `@${r.taken.handle} on ${r.taken.platform} is already linked to someone else in Scout.`,
        "If it is yours, ask the brand's team to link it to you; otherwise check the spelling.",
      );
    const rejected = r.claims.find((c) => c.status === "rejected");
    if (rejected) {
      const when = byWhen({ fromStatus: "pending", toStatus: "rejected", actorId: rejected.decidedBy ?? "", actorName: rejected.decidedByName, surface: "", note: null, at: rejected.decidedAt ?? deps.now() }, deps.now());
      throw new UserError(
        "IDENTITY_REJECTED",
        `The brand's team did not confirm that ${claimHandle(rejected)} is yours${when}; it is not linked to you.`,
        "If it is yours, write to the brand's team; otherwise use your own handle.",
      );
    }
    return r;
  }

  /** Tells the marketers about a claim; a notice that cannot be sent is a warning (the claim is saved). */
  async function askTeam(c: IdentityClaim, campaign: Campaign | undefined, warnings: string[]) {
    if (!deps.notifier) return;
    try {
      await deps.notifier.toMarketers(claimNotice(c, campaign));
    } catch (e) {
      warnings.push(`Saved, but the notice to the team could not be sent (${(e as Error).message}).`);
    }
  }

  async function saveProfile(identity: CreatorIdentity, accounts: AccountInput[], patch: ProfilePatch) {
    const r = await register(identity, accounts, patch);
    for (const c of r.claims) if (c.created) await askTeam(c, undefined, []);
    return { creator: r.creator, created: r.created, claims: r.claims };
  }

  async function decide(id: string, to: "confirmed" | "rejected", by: By): Promise<ClaimDecision> {
    const r = await store.decideClaim({ id, to, by: { id: by.id, name: by.name }, at: deps.now() });
    if (!r) throw new UserError("CLAIM_NOT_FOUND", `No identity claim with id ${id}.`, "Claims are listed in /scout optins <campaign>.");
    const c = r.claim;
    const who = `${c.claimantName} (Discord)`;
    if (r.taken)
      throw new UserError("HANDLE_TAKEN", `${claimHandle(c)} is now linked to someone else in Scout; ${who} cannot be linked to it.`, "Reject this claim to tell the member.");
    if (!r.changed) {
      const when = byWhen({ fromStatus: "pending", toStatus: c.status, actorId: c.decidedBy ?? "", actorName: c.decidedByName, surface: "", note: null, at: c.decidedAt ?? deps.now() }, deps.now());
      return { outcome: "already", text: `Already ${c.status}${when}: ${who} ${c.status === "confirmed" ? "is" : "is not"} ${claimHandle(c)}.`, claim: c, warnings: [] };
    }
    const warnings: string[] = [];
    const address = { creatorId: c.account.creatorId, discordUserId: c.discordUserId, name: c.claimantName };
    if (to === "rejected") {
      if (deps.notifier?.toCreator)
        await deps.notifier.toCreator({ ...address, creatorId: "" }, claimRejectedMessage(c)).catch((e: Error) => warnings.push(`Saved, but the message to the member could not be sent (${e.message}).`));
      return { outcome: "done", text: `Rejected: ${who} is not linked to ${claimHandle(c)}; they are told privately.`, claim: c, warnings };
    }
    // The held opt-ins now go to the team as the member's own, each with its usual notice (Approve / Decline).
    const member: By = { id: c.discordUserId, name: c.claimantName, surface: "discord" };
    const sent: string[] = [];
    for (const h of c.held) {
      try {
        const o = await campaigns.optIn(h.slug, { accountId: c.account.id }, { rateAsk: h.rateAsk, currency: h.currency, disclosureConfirmed: h.disclosureConfirmed }, member);
        sent.push(h.name);
        warnings.push(...o.warnings);
      } catch (e) {
        warnings.push(`The opt-in to ${h.name} could not be recorded: ${(e as Error).message}`);
      }
    }
    const me_ = await store.byDiscordUser(c.discordUserId);
    if (deps.notifier?.toCreator)
      await deps.notifier.toCreator({ ...address, creatorId: me_?.creatorId ?? c.account.creatorId }, claimConfirmedMessage(c)).catch((e: Error) => warnings.push(`Saved, but the message to the member could not be sent (${e.message}).`));
    return {
      outcome: "done",
      text: `Confirmed: ${who} is ${claimHandle(c)}, now linked.${sent.length ? ` Their opt-in to ${sent.join(", ")} now waits for your decision.` : ""}`,
      claim: c,
      warnings,
    };
  }

  async function openForOptIn(slug: string) {
    const c = await campaigns.get(slug);
    if (c.status === "closed") throw new UserError("CAMPAIGN_CLOSED", `${c.name} is closed and takes no more opt-ins.`, "/campaigns lists the campaigns open now.");
    if (c.status === "draft") throw new UserError("CAMPAIGN_NOT_OPEN", `${c.name} is not open for opt-ins yet.`, "/campaigns lists the campaigns open now.");
    if (optInsClosed(c, deps.now()))
      throw new UserError("OPTIN_CLOSED", `Opt-ins for ${c.name} closed on ${longDate(c.optInClosesAt)}.`, "/campaigns lists the campaigns open now.");
    return c;
  }

  async function mine(identity: CreatorIdentity, slug: string) {
    const creator = await requireMe(identity);
    const all = await store.participationsOf(creator.creatorId);
    const p = all.find((x) => x.campaign.slug === slug);
    if (!p) throw notYours(slug);
    return { creator, p };
  }

  return {
    me,
    requireMe,
    saveProfile,
    openForOptIn,

    async optIn(identity, slug, input, by) {
      const c = await openForOptIn(slug);
      if (!input.disclose)
        throw fieldError("disclose", `Scout needs your yes: every post for ${c.name} must be disclosed with ${c.disclosure}. Without it the brand cannot take you on.`);
      if (input.rate?.currency && input.rate.currency !== c.currency)
        throw fieldError("rate", `is in ${input.rate.currency}; ${c.name} pays in ${c.currency}. Give your rate in ${c.currency}`);
      const rate = input.rate ? { amount: input.rate.amount, currency: c.currency } : null;
      const r = await register(identity, [{ platform: input.platform, handle: input.handle, followers: input.followers ?? null, rateIfUnknown: rate }], {});
      const claim = r.claims[0];
      if (claim) {
        // A roster creator's handle, not linked to this member: the opt-in waits for the team to confirm who they are.
        const added = await store.holdOptIn(
          claim.id,
          { campaignId: c.id, slug: c.slug, name: c.name, rateAsk: rate?.amount ?? null, currency: rate ? c.currency : null, disclosureConfirmed: true, at: deps.now().toISOString() },
          deps.now(),
        );
        const held = (await store.claim(claim.id)) ?? claim;
        const warnings: string[] = [];
        if (added || claim.created) await askTeam(held, c, warnings);
        return { outcome: "held", added, claim: held, campaign: c, warnings };
      }
      const creator = r.creator!;
      const account = creator.accounts.find((a) => a.platform === input.platform && a.handle === input.handle);
      return campaigns.optIn(
        slug,
        account ? { accountId: account.id } : { creatorId: creator.creatorId },
        { ...(input.rate ? { rateAsk: input.rate.amount, currency: c.currency } : {}), disclosureConfirmed: true },
        by,
      );
    },

    async optOut(identity, slug, confirmed, by) {
      const c = await campaigns.findBySlug(slug);
      if (!c) throw new UserError("CAMPAIGN_NOT_FOUND", `There is no campaign ${slug}.`, "/mystatus lists the campaigns you take part in; /campaigns the ones open now.");
      if (identity.kind === "discord")
        for (const claim of await store.claimsOf(identity.discordUserId))
          if (claim.status === "pending" && (await store.releaseOptIn(claim.id, c.id, deps.now()))) return { kind: "released", campaign: c };
      const creator = await me(identity);
      if (!creator) return { kind: "nothing", campaignName: c.name, status: null };
      const p = (await store.participationsOf(creator.creatorId)).find((x) => x.campaign.id === c.id);
      if (!p || c.status === "closed" || !["invited", "opted_in", "approved"].includes(p.status)) return { kind: "nothing", campaignName: c.name, status: p?.status ?? null };
      if (p.status === "approved" && !confirmed) return { kind: "confirm", campaign: c };
      const outcome = await campaigns.withdraw(slug, { creatorId: creator.creatorId }, by);
      return { kind: "withdrawn", campaign: c, outcome };
    },

    async participations(identity) {
      const creator = await me(identity);
      const claims = identity.kind === "discord" ? await store.claimsOf(identity.discordUserId) : [];
      return { creator, participations: creator ? await store.participationsOf(creator.creatorId) : [], claims };
    },

    pendingIdentity: (campaignId) => store.pendingClaimsFor(campaignId),
    claim: (id) => store.claim(id),
    confirmClaim: (id, by) => decide(id, "confirmed", by),
    rejectClaim: (id, by) => decide(id, "rejected", by),

    async deliver(identity, slug, d, by) {
      const { p } = await mine(identity, slug);
      const c = p.campaign;
      if (c.status === "closed") throw new UserError("CAMPAIGN_CLOSED", `${c.name} is closed; it takes no more deliverables.`);
      if (p.status !== "approved") {
        const why: Record<string, string> = {
          invited: `You're invited to ${c.name} but have not opted in yet.`,
          opted_in: `Your opt-in to ${c.name} is waiting for the brand's decision; you can submit once you're approved.`,
          declined: `The brand did not go ahead with you on ${c.name}.`,
          withdrawn: `You withdrew from ${c.name}.`,
          paid: `Your part in ${c.name} is complete and paid.`,
        };
        throw new UserError("NOT_APPROVED", why[p.status] ?? `You are ${statusWord(p.status)} on ${c.name}.`, "Only approved creators submit deliverables.");
      }
      const link = checkDeliverableLink(d.url, { platform: p.account?.platform ?? null, allowedHosts: c.allowedHosts });
      if (!link.ok) throw fieldError("url", link.reason);
      const same = p.deliverables.find((x) => x.url === link.url);
      if (same && same.status !== "changes_requested")
        throw new UserError("ALREADY_SUBMITTED", `You already submitted this link for ${c.name} (${statusWord(same.status)}).`, "/mystatus shows where each of your deliverables stands.");
      if (await store.urlTakenElsewhere(link.url, p.id))
        throw new UserError("LINK_TAKEN", "This link was already submitted to Scout by someone else.", "If the post is yours, ask the brand's team.");
      const note = d.note?.trim() || null;
      const disclosure = note ? checkDisclosure(note, c) : null;
      const outcome = await campaigns.submitDeliverable(p.id, { url: link.url, platform: link.platform, note, disclosureIssues: disclosure ? disclosure.issues : null }, by);
      return { outcome, disclosure };
    },

    async report(identity, slug, url, values, by) {
      const { p } = await mine(identity, slug);
      if (!p.deliverables.length)
        throw new UserError("NO_DELIVERABLE", `You have not submitted anything for ${p.campaign.name} yet.`, `Submit the post with /deliver campaign:${slug} url:<link>, then report its numbers.`);
      let d = p.deliverables[0]!;
      if (url !== undefined) {
        let key: string;
        try {
          key = normalizeLink(url);
        } catch {
          throw fieldError("url", "is not a link; paste the link you submitted");
        }
        const found = p.deliverables.find((x) => x.url === key || x.url === url.trim());
        if (!found) throw fieldError("url", `is not one of your deliverables for ${p.campaign.name}; /mystatus lists them`);
        d = found;
      } else if (p.deliverables.length > 1) throw fieldError("url", `is required: you have ${p.deliverables.length} deliverables for ${p.campaign.name}; say which one`);
      const check = validateReport(values);
      if (!check.ok) throw new UsageError(check.message, undefined, undefined, check.fields);
      const saved = await store.saveReport({ deliverableId: d.id, metrics: check.metrics, reportedBy: by.id, takenAt: deps.now() });
      return { deliverable: { id: d.id, url: d.url }, metrics: check.metrics, campaign: p.campaign, created: saved.created };
    },
  };
}
