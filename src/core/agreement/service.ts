// The agreement workflow (issue 16): terms set and accepted, drafts submitted and decided, usage
// rights granted on approval and extended with the creator's consent. Each change is done once by
// the store; notices go out after it is saved, and a notice that fails never undoes it.
import { UsageError, UserError } from "../errors.ts";
import type { Message } from "../message.ts";
import type { Notifier } from "../notifier.ts";
import type { CampaignService } from "../campaigns/service.ts";
import type { By, Campaign, Participation } from "../campaigns/types.ts";
import { clockText, longDate } from "../campaigns/format.ts";
import { creatorLabel } from "../campaigns/notices.ts";
import { checkDisclosure, type DisclosureResult } from "../disclosure.ts";
import type { CreatorService } from "../creators/service.ts";
import type { CreatorIdentity } from "../creators/types.ts";
import { captionDiff } from "./drafts.ts";
import { normaliseTerms, TERMS_MAX_CHARS, termsHash, termsLabel } from "./terms.ts";
import {
  RIGHTS_CHANNEL_WORDS,
  type AgreementSettings,
  type AgreementStore,
  type Draft,
  type DraftAttachment,
  type DraftDecision,
  type RightsExtension,
  type RightsGrant,
  type Terms,
  type TermsAcceptance,
} from "./types.ts";

export interface AgreementDeps {
  store: AgreementStore;
  campaigns(): CampaignService;
  creators(): CreatorService;
  notifier: Notifier;
  now(): Date;
}

/** Participations that have agreed to take part: they are asked to accept new terms. */
const AGREED = new Set(["opted_in", "approved", "paid"]);
const DAY = 86_400_000;

export const DECISION_WORDS: Record<string, string> = {
  submitted: "waiting for review",
  approved: "approved",
  approved_with_notes: "approved with notes",
  changes_requested: "changes requested",
  superseded: "replaced by a newer version",
};

export const rightsText = (s: { rightsDays?: number | null; days?: number; rightsChannels?: string[]; channels?: string[]; rightsHandleAds?: boolean; handleAds?: boolean }) => {
  const days = s.rightsDays ?? s.days ?? null;
  if (days === null) return "none";
  const ch = (s.rightsChannels ?? s.channels ?? []).map((c) => RIGHTS_CHANNEL_WORDS[c as keyof typeof RIGHTS_CHANNEL_WORDS] ?? c);
  return `${days} days${ch.length ? `: ${ch.join(", ")}` : ""}${(s.rightsHandleAds ?? s.handleAds) ? "; ads may run from the creator's handle" : ""}`;
};

const acceptButton = (slug: string, version: number, as = "") => ({ id: `terms.accept.${slug}.${version}`, label: `I accept terms v${version}`, style: "primary" as const, value: `terms accept ${slug} version:${version}${as}` });
const readButton = (slug: string, as = "") => ({ id: `terms.read.${slug}`, label: "Read the terms", value: `terms show ${slug}${as}` });

export function draftActions(id: string) {
  return [
    { id: `draft.approve.${id}`, label: "Approve", style: "primary" as const, value: `drafts approve id:${id}` },
    { id: `draft.notes.${id}`, label: "Approve with notes", value: `drafts approve-with-notes id:${id}` },
    { id: `draft.changes.${id}`, label: "Request changes", style: "danger" as const, value: `drafts request-changes id:${id}` },
  ];
}

const mediaText = (d: { linkUrl: string | null; attachment: DraftAttachment | null }) =>
  [d.attachment ? `${d.attachment.name} (${d.attachment.contentType}, ${(d.attachment.size / 1024 / 1024).toFixed(1)} MB): ${d.attachment.url}` : null, d.linkUrl].filter(Boolean).join("\n") || "caption only";

export type AgreementService = ReturnType<typeof createAgreementService>;

export function createAgreementService(deps: AgreementDeps) {
  const { store } = deps;
  const now = () => deps.now();

  async function toCreator(p: Participation, m: Message, warnings: string[]) {
    if (!deps.notifier.toCreator) return;
    try {
      await deps.notifier.toCreator(
        { creatorId: p.creator.creatorId, discordUserId: p.creator.discordUserId, handle: p.creator.account?.handle ?? null, platform: p.creator.account?.platform ?? null, name: p.creator.displayName },
        m,
      );
    } catch (e) {
      warnings.push(`Saved, but the message to ${creatorLabel(p)} could not be sent (${(e as Error).message}).`);
    }
  }

  /** The creator's participation in a campaign, or a clear refusal. */
  async function mine(identity: CreatorIdentity, slug: string) {
    const { creator, participations } = await deps.creators().participations(identity);
    if (!creator) throw new UserError("NOT_REGISTERED", "Scout doesn't know you yet.", "/campaigns lists the campaigns open now; opt in to one.");
    const mp = participations.find((x) => x.campaign.slug === slug);
    if (!mp) {
      await deps.campaigns().get(slug); // CAMPAIGN_NOT_FOUND when there is none
      throw new UserError("NOT_YOUR_CAMPAIGN", `You don't take part in ${slug}.`, "/mystatus lists the campaigns you take part in.");
    }
    const { participation, campaign } = await deps.campaigns().participation(mp.id);
    return { creatorId: creator.creatorId, participation, campaign };
  }

  // ---- Terms -------------------------------------------------------------------------------

  /** Sets the terms: a new version when the text differs; every creator who agreed to take part is asked to accept it. */
  async function setTerms(campaign: Campaign, raw: string, by: By) {
    const text = normaliseTerms(raw);
    if (!text) throw new UsageError("terms: are empty; write the terms (Markdown), or give a file on the console with terms:@terms.md", undefined, undefined, { terms: "are empty" });
    if (text.length > TERMS_MAX_CHARS)
      throw new UsageError(`terms: are ${text.length.toLocaleString("en-US")} characters; at most ${TERMS_MAX_CHARS.toLocaleString("en-US")}`, undefined, undefined, { terms: `at most ${TERMS_MAX_CHARS} characters` });
    if (campaign.status === "closed") throw new UserError("CAMPAIGN_CLOSED", `${campaign.name} (${campaign.slug}) is closed; its terms stay as they were.`);
    const r = await store.addTerms(campaign.id, text, termsHash(text), by, now());
    const warnings: string[] = [];
    let asked = 0;
    if (r.added) {
      const { participations } = await deps.campaigns().participations(campaign.slug);
      for (const p of participations.filter((x) => AGREED.has(x.status))) {
        asked++;
        await toCreator(
          p,
          {
            title: `${campaign.name}: the terms changed (v${r.terms.version})`,
            text: `The brand changed the terms of ${campaign.name}. Please read them and accept v${r.terms.version}; until you do, your status shows "terms v${r.terms.version} pending".`,
            actions: [readButton(campaign.slug), acceptButton(campaign.slug, r.terms.version)],
            ephemeral: true,
          },
          warnings,
        );
      }
    }
    return { outcome: r.added ? ("done" as const) : ("already" as const), terms: r.terms, asked, warnings };
  }

  /** Records that the creator accepts `version` (the one they saw). A version not current is recorded, and the answer asks for the current one. */
  async function acceptTerms(campaign: Campaign, creatorId: string, version: number, by: By) {
    const seen = await store.terms(campaign.id, version);
    const current = await store.currentTerms(campaign.id);
    if (!current) throw new UserError("NO_TERMS", `${campaign.name} has no terms to accept.`);
    if (!seen) throw new UsageError(`version: ${campaign.name} has no terms v${version}; the current terms are v${current.version}`, undefined, undefined, { version: `the current terms are v${current.version}` });
    const r = await store.accept({ campaignId: campaign.id, creatorId, version: seen.version, sha256: seen.sha256, actorId: by.id, actorName: by.name, surface: by.surface }, now());
    return { added: r.added, acceptance: r.acceptance, terms: seen, current, outdated: current.version > seen.version };
  }

  /** Where a creator stands with the campaign's terms: null when the campaign has none. */
  async function termsStatus(campaignId: string, creatorId: string) {
    const current = await store.currentTerms(campaignId);
    if (!current) return null;
    const accepted = await store.latestAccepted(campaignId, creatorId);
    return { current, accepted, pending: !accepted || accepted.version < current.version };
  }

  /** Per creator of the campaign: the latest version they accepted, and whether the current one is pending. */
  async function acceptanceRows(campaign: Campaign, participations: Participation[]) {
    const current = await store.currentTerms(campaign.id);
    if (!current) return { current: null, rows: [] as { participation: Participation; accepted: TermsAcceptance | null; pending: boolean }[] };
    const all = await store.acceptances(campaign.id);
    const rows = participations
      .filter((p) => AGREED.has(p.status))
      .map((p) => {
        const mineAll = all.filter((a) => a.creatorId === p.creator.creatorId).sort((a, b) => b.version - a.version);
        const accepted = mineAll[0] ?? null;
        return { participation: p, accepted, pending: !accepted || accepted.version < current.version };
      });
    return { current, rows };
  }

  const acceptedText = (a: TermsAcceptance | null, current: Terms, at: Date) =>
    a ? `accepted v${a.version} ${clockText(a.acceptedAt, at)} (${a.surface})${a.version < current.version ? `; terms v${current.version} pending` : ""}` : `terms v${current.version} pending`;

  /** After a marketer confirms who a member is, their held opt-ins arrive: each campaign with terms
   *  they have not accepted (an acceptance is bound to a confirmed identity) asks them in a DM. */
  async function askHeldTerms(creator: { creatorId: string; discordUserId: string; handle: string | null; platform: string | null; name: string }, campaigns: { campaignId: string; slug: string; name: string }[]) {
    const warnings: string[] = [];
    for (const c of campaigns) {
      const t = await termsStatus(c.campaignId, creator.creatorId);
      if (!t?.pending || !deps.notifier.toCreator) continue;
      try {
        await deps.notifier.toCreator(creator, {
          title: `${c.name}: please accept terms v${t.current.version}`,
          text: `The brand's team confirmed who you are, and your opt-in to ${c.name} reached them. Please read the terms and accept v${t.current.version}; until you do, your status shows "terms v${t.current.version} pending".`,
          actions: [readButton(c.slug), acceptButton(c.slug, t.current.version)],
          ephemeral: true,
        });
      } catch (e) {
        warnings.push(`The request to accept ${c.name}'s terms could not be sent (${(e as Error).message}).`);
      }
    }
    return warnings;
  }

  // ---- Drafts ------------------------------------------------------------------------------

  async function submitDraft(identity: CreatorIdentity, slug: string, input: { caption: string; link: string | null; attachment: DraftAttachment | null }, by: By) {
    const { creatorId, participation: p, campaign: c } = await mine(identity, slug);
    const settings = await store.settings(c.id);
    if (!settings.draftsRequired)
      throw new UserError("DRAFTS_NOT_REQUIRED", `${c.name} does not ask for drafts: post when you're ready and submit the link.`, `/deliver campaign:${c.slug} url:<link> once it's live.`);
    if (c.status === "closed") throw new UserError("CAMPAIGN_CLOSED", `${c.name} is closed; it takes no more drafts.`);
    if (p.status !== "approved")
      throw new UserError("NOT_APPROVED", p.status === "opted_in" ? `Your opt-in to ${c.name} is waiting for the brand's decision; drafts come once you're approved.` : `You are not approved on ${c.name}.`, "Only approved creators submit drafts.");
    const terms = await termsStatus(c.id, creatorId);
    if (terms?.pending)
      throw new UserError("TERMS_PENDING", `Please accept ${c.name}'s terms v${terms.current.version} before you send a draft.`, `/terms show campaign:${c.slug} shows them, with the button to accept.`);
    if (!input.link && !input.attachment)
      throw new UsageError("attachment: or link: is required: attach the image or video, or give a link to it (e.g. a cloud-drive file)", undefined, undefined, { attachment: "attach the draft, or give link:" });
    const check = checkDisclosure(input.caption, c);
    const r = await store.addDraft({ participationId: p.id, caption: input.caption, linkUrl: input.link, attachment: input.attachment, checkIssues: check.issues, by, at: now() });
    const warnings: string[] = [];
    if (r.added) {
      const diff = r.previous ? captionDiff(r.previous.caption, r.draft.caption) : null;
      const posted = await deps.notifier
        .toMarketers({ kind: "deliverable", campaign: { id: c.id, slug: c.slug, name: c.name, slackChannelId: c.slackChannelId }, message: draftNotice(c, p, r.draft, check, r.previous, diff) })
        .catch((e: Error) => void warnings.push(`Saved, but the notice to the team could not be sent (${e.message}).`));
      if (posted && posted.surface === "slack") await store.saveDraftPosted(r.draft.id, posted.channelId, posted.messageId);
    }
    return { added: r.added, draft: r.draft, previous: r.previous, check, campaign: c, warnings };
  }

  function draftNotice(c: Campaign, p: Participation, d: Draft, check: DisclosureResult, previous: Draft | null, diff: string | null): Message {
    return {
      title: `Draft v${d.version} from ${creatorLabel(p)} for ${c.name}`,
      text: `Review it before it is posted.${previous ? ` v${previous.version} was ${DECISION_WORDS[previous.status === "submitted" ? "superseded" : previous.status]}.` : ""}`,
      sections: [
        { title: "Caption", text: d.caption || "(none)" },
        ...(previous ? [{ title: `What changed since v${previous.version}`, text: diff ?? "The caption is the same; the media changed." }] : []),
        { title: "Media", text: mediaText(d) },
        { title: "Checks", text: check.passed ? `All good: ${check.found ?? c.disclosure}, hashtags and mentions present.` : check.issues.map((i) => `• ${i}`).join("\n") },
      ],
      actions: draftActions(d.id),
    };
  }

  async function draftWithContext(id: string) {
    const d = await store.draft(id);
    if (!d) throw new UserError("DRAFT_NOT_FOUND", `No draft with id ${id}.`, "Ids are in /scout drafts <campaign> --json.");
    const { participation, campaign } = await deps.campaigns().participation(d.participationId);
    return { draft: d, participation, campaign };
  }

  async function decide(id: string, decision: DraftDecision, note: string | null, by: By) {
    const { draft: d, participation: p, campaign: c } = await draftWithContext(id);
    if (decision !== "approved" && !note?.trim()) throw new UsageError("note: is required: say what to change (the creator reads it)", undefined, undefined, { note: "is required" });
    const decided = await store.decideDraft(id, decision, note?.trim() || null, by, now());
    if (!decided) {
      const cur = (await store.draft(id))!;
      const when = cur.decidedAt ? ` by ${cur.decidedByName ?? cur.decidedBy} at ${clockText(cur.decidedAt, now())}` : "";
      if (cur.status === "superseded") {
        const newer = (await store.drafts([p.id])).at(-1)!;
        throw new UserError("DRAFT_SUPERSEDED", `v${cur.version} of ${creatorLabel(p)}'s draft was replaced by v${newer.version}; nothing was decided.`, `Review v${newer.version}: /scout drafts approve id:${newer.id}`);
      }
      if (cur.status === decision) return { outcome: "already" as const, text: `v${cur.version} of ${creatorLabel(p)}'s draft was already ${DECISION_WORDS[cur.status]}${when}.`, draft: cur, campaign: c, warnings: [] as string[] };
      throw new UserError("DRAFT_DECIDED", `v${cur.version} of ${creatorLabel(p)}'s draft was already ${DECISION_WORDS[cur.status]}${when}; nothing changed.`, "A new version from the creator can be decided again.");
    }
    const warnings: string[] = [];
    const words = { approved: "approved", approved_with_notes: "approved, with notes", changes_requested: "sent back for changes" }[decision];
    await toCreator(
      p,
      {
        title: `${c.name}: draft v${d.version} ${words}`,
        text:
          decision === "changes_requested"
            ? `The brand asks for changes to your draft v${d.version}:\n${decided.decisionNote}\nSend the new version with /draft campaign:${c.slug}.`
            : `Your draft v${d.version} is approved${decided.decisionNote ? `, with notes:\n${decided.decisionNote}` : "."}\nPost it${c.goLiveAt ? ` on ${longDate(c.goLiveAt)}` : ""}, then submit the link with /deliver campaign:${c.slug} url:<link>.`,
        tone: decision === "changes_requested" ? "warning" : "success",
        ephemeral: true,
      },
      warnings,
    );
    const verb = { approved: "Approved", approved_with_notes: "Approved with notes", changes_requested: "Asked for changes to" }[decision];
    return { outcome: "done" as const, text: `${verb} v${d.version} of ${creatorLabel(p)}'s draft for ${c.name}.`, draft: decided, campaign: c, warnings };
  }

  /** /deliver is refused on a campaign that asks for drafts until one is approved. */
  async function assertMayDeliver(identity: CreatorIdentity, slug: string) {
    const c = await deps.campaigns().findBySlug(slug);
    if (!c) return;
    const settings = await store.settings(c.id);
    if (!settings.draftsRequired) return;
    const { creator, participations } = await deps.creators().participations(identity);
    const mp = creator && participations.find((x) => x.campaign.id === c.id);
    if (!mp || mp.status !== "approved") return; // deliver itself says why
    const drafts = await store.drafts([mp.id]);
    if (drafts.some((d) => d.status === "approved" || d.status === "approved_with_notes")) return;
    const last = drafts.at(-1);
    throw new UserError(
      "DRAFT_NOT_APPROVED",
      last
        ? `${c.name} needs an approved draft before you post: your draft v${last.version} is ${DECISION_WORDS[last.status]}.`
        : `${c.name} needs an approved draft before you post, and you haven't sent one yet.`,
      `Send it with /draft campaign:${c.slug} (attach the image or video, and paste the caption).`,
    );
  }

  // ---- Usage rights --------------------------------------------------------------------------

  /** Records the rights an approved participation grants (once; a later approval changes nothing). */
  async function grantOnApproval(p: Participation, c: Campaign): Promise<RightsGrant | null> {
    const s = await store.settings(c.id);
    if (s.rightsDays === null) return null;
    const at = p.decidedAt ?? now();
    return store.grant({ participationId: p.id, channels: s.rightsChannels, handleAds: s.rightsHandleAds, days: s.rightsDays, grantedAt: at, expiresAt: new Date(at.getTime() + s.rightsDays * DAY) });
  }

  async function rightsOf(slug: string) {
    const { campaign, participations } = await deps.campaigns().participations(slug);
    const ids = participations.map((p) => p.id);
    const [settings, grants, extensions] = await Promise.all([store.settings(campaign.id), store.grants(ids), store.extensions(ids)]);
    return { campaign, settings, rows: grants.map((g) => ({ grant: g, participation: participations.find((p) => p.id === g.participationId)!, pending: extensions.filter((e) => e.participationId === g.participationId && e.status === "pending") })) };
  }

  /** Rights expiring within `days` from now, with their participation and campaign (digest, App Home). */
  async function expiring(days = 14, at = now()) {
    const grants = await store.expiring(at, new Date(at.getTime() + days * DAY));
    const out: { grant: RightsGrant; participation: Participation; campaign: Campaign }[] = [];
    for (const g of grants) {
      const { participation, campaign } = await deps.campaigns().participation(g.participationId);
      out.push({ grant: g, participation, campaign });
    }
    return out;
  }

  async function requestExtension(slug: string, participationId: string, days: number, by: By) {
    const { participation: p, campaign: c } = await deps.campaigns().participation(participationId);
    if (c.slug !== slug) throw new UserError("PARTICIPATION_NOT_FOUND", `That participation is not on ${slug}.`, `Ids are in /scout rights ${slug} --json.`);
    const [grant] = await store.grants([p.id]);
    if (!grant) throw new UserError("NO_RIGHTS", `${creatorLabel(p)} has granted no usage rights on ${c.name}.`, "Rights are recorded when a creator is approved on a campaign that states them (campaign edit rights-days:).");
    const r = await store.requestExtension(p.id, days, by, now());
    const warnings: string[] = [];
    if (r.added)
      await toCreator(
        p,
        {
          title: `${c.name}: may the brand use your content ${days} days longer?`,
          text: `The brand asks to extend the usage rights on your content for ${c.name} by ${days} days (${rightsText(grant)}; now until ${longDate(grant.expiresAt)}). Accept only if you agreed this with them.`,
          actions: [{ id: `rights.accept.${r.extension.id}`, label: `I accept ${days} more days`, style: "primary", value: `rights accept id:${r.extension.id}` }],
          ephemeral: true,
        },
        warnings,
      );
    return { added: r.added, extension: r.extension, grant, participation: p, campaign: c, warnings };
  }

  async function acceptExtension(identity: CreatorIdentity, id: string, by: By) {
    const e = await store.extension(id);
    if (!e) throw new UserError("EXTENSION_NOT_FOUND", `No rights extension with id ${id}.`);
    const { participation: p, campaign: c } = await deps.campaigns().participation(e.participationId);
    const { creator } = await deps.creators().participations(identity);
    if (!creator || creator.creatorId !== p.creator.creatorId) throw new UserError("NOT_YOURS", "This extension is for another creator.");
    if (e.status === "accepted") return { outcome: "already" as const, extension: e, grant: (await store.grants([p.id]))[0]!, campaign: c, participation: p, warnings: [] as string[] };
    const r = await store.acceptExtension(id, by, now());
    if (!r) {
      const again = (await store.extension(id))!;
      return { outcome: "already" as const, extension: again, grant: (await store.grants([p.id]))[0]!, campaign: c, participation: p, warnings: [] as string[] };
    }
    const warnings: string[] = [];
    await deps.notifier
      .toMarketers({
        kind: "info",
        campaign: { id: c.id, slug: c.slug, name: c.name, slackChannelId: c.slackChannelId },
        message: { title: `${creatorLabel(p)} accepted ${e.days} more days of usage rights`, text: `On ${c.name}: rights now run until ${longDate(r.grant.expiresAt)} (were until ${longDate(r.extension.expiresBefore)}).` },
      })
      .catch((err: Error) => void warnings.push(`Saved, but the notice to the team could not be sent (${err.message}).`));
    return { outcome: "done" as const, extension: r.extension, grant: r.grant, campaign: c, participation: p, warnings };
  }

  return {
    settings: (campaignId: string) => store.settings(campaignId),
    saveSettings: (campaignId: string, patch: Partial<Omit<AgreementSettings, "campaignId">>) => store.saveSettings(campaignId, patch, now()),
    currentTerms: (campaignId: string) => store.currentTerms(campaignId),
    terms: (campaignId: string, version: number) => store.terms(campaignId, version),
    setTerms,
    acceptTerms,
    askHeldTerms,
    termsStatus,
    acceptanceRows,
    acceptedText,
    mine,
    submitDraft,
    draftWithContext,
    drafts: (participationIds: string[]) => store.drafts(participationIds),
    decide,
    assertMayDeliver,
    grantOnApproval,
    rightsOf,
    expiring,
    requestExtension,
    acceptExtension,
    extensions: (ids: string[]) => store.extensions(ids),
    acceptButton,
    readButton,
  };
}

export type { RightsExtension };
