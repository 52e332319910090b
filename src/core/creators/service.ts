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
import type { AccountInput, CreatorIdentity, CreatorProfile, CreatorRecords, MetricValues, MyParticipation, ProfilePatch } from "./types.ts";

export interface CreatorServiceDeps {
  store: CreatorRecords;
  /** The campaign workflow (a function: the two services are built side by side). */
  campaigns(): CampaignService;
  now(): Date;
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
  | { kind: "confirm"; campaign: Campaign };

export interface CreatorService {
  /** The creator this identity is, or null when not registered yet. */
  me(identity: CreatorIdentity): Promise<CreatorProfile | null>;
  /** The creator, or NOT_REGISTERED with what to do. */
  requireMe(identity: CreatorIdentity): Promise<CreatorProfile>;
  saveProfile(identity: CreatorIdentity, accounts: AccountInput[], patch: ProfilePatch): Promise<{ creator: CreatorProfile; created: boolean }>;
  /** The campaign if it takes opt-ins now, else a clear refusal. */
  openForOptIn(slug: string): Promise<Campaign>;
  optIn(identity: CreatorIdentity, slug: string, input: OptInInput, by: By): Promise<Outcome<Participation>>;
  optOut(identity: CreatorIdentity, slug: string, confirmed: boolean, by: By): Promise<OptOutResult>;
  participations(identity: CreatorIdentity): Promise<{ creator: CreatorProfile | null; participations: MyParticipation[] }>;
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

  async function saveProfile(identity: CreatorIdentity, accounts: AccountInput[], patch: ProfilePatch) {
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
    return { creator: r.creator, created: r.created };
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
      const { creator } = await saveProfile(
        identity,
        [{ platform: input.platform, handle: input.handle, followers: input.followers ?? null, rateIfUnknown: input.rate ? { amount: input.rate.amount, currency: c.currency } : null }],
        {},
      );
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
      if (!c) return { kind: "nothing", campaignName: slug, status: null };
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
      return { creator, participations: creator ? await store.participationsOf(creator.creatorId) : [] };
    },

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
