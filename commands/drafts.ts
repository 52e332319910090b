// For marketers: the drafts of a campaign, and the decision on one version: Approve, Approve with
// notes, Request changes (without a note, a form asks for it). Each decision is made once per
// version and recorded with who and when.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply, type Form } from "../src/core/message.ts";
import { clockText } from "../src/core/campaigns/format.ts";
import { creatorLabel } from "../src/core/campaigns/notices.ts";
import { opt } from "../src/core/campaigns/fields.ts";
import { DECISION_WORDS, draftActions } from "../src/core/agreement/service.ts";
import type { DraftDecision } from "../src/core/agreement/types.ts";
import type { Services } from "../src/core/services.ts";
import type { Invocation } from "../src/core/invocation.ts";
import { byOf, idOption, slugOption } from "./campaign-common.ts";

const id = idOption("draft", "/scout drafts <campaign>");
const note = opt(z.string().trim().max(2000, { message: "is too long (at most 2000 characters)" })).describe("<text> what the creator should know or change; they read it");

export const draftsList = defineCommand({
  name: "drafts",
  summary: "A campaign's drafts: those waiting for review first, each with its versions and decisions",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption }),
  examples: ["/scout drafts spring-launch", "/scout drafts spring-launch --json"],
  async run({ options, services }) {
    const { campaign, participations } = await services.campaigns.participations(options.slug);
    const drafts = await services.agreement.drafts(participations.map((p) => p.id));
    const now = services.now();
    const byP = participations
      .map((p) => ({ p, ds: drafts.filter((d) => d.participationId === p.id) }))
      .filter((x) => x.ds.length)
      .sort((a, b) => Number(b.ds.at(-1)!.status === "submitted") - Number(a.ds.at(-1)!.status === "submitted"));
    const waiting = byP.filter((x) => x.ds.at(-1)!.status === "submitted").length;
    return reply(
      {
        title: `Drafts for ${campaign.name}`,
        text: byP.length ? `${waiting} waiting for review.` : "No drafts yet.",
        sections: byP.map(({ p, ds }) => {
          const last = ds.at(-1)!;
          return {
            title: `${creatorLabel(p)}: v${last.version} ${DECISION_WORDS[last.status]}`,
            text: ds
              .map((d) => `v${d.version} ${clockText(d.submittedAt, now)}: ${DECISION_WORDS[d.status]}${d.decidedAt ? ` by ${d.decidedByName ?? d.decidedBy} at ${clockText(d.decidedAt, now)}` : ""}${d.decisionNote ? ` (“${d.decisionNote.slice(0, 300)}”)` : ""}${d.checkIssues.length ? `; checks: ${d.checkIssues.length} missing` : ""}`)
              .join("\n"),
            ...(last.status === "submitted" ? { actions: draftActions(last.id) } : {}),
          };
        }),
      },
      {
        campaign: campaign.slug,
        waiting,
        drafts: drafts.map((d) => ({ id: d.id, participation: d.participationId, version: d.version, status: d.status, caption: d.caption, link: d.linkUrl, attachment: d.attachment, checkIssues: d.checkIssues, decidedBy: d.decidedByName ?? d.decidedBy, decidedAt: d.decidedAt?.toISOString() ?? null, note: d.decisionNote })),
      },
    );
  },
});

async function decide(services: Services, inv: Invocation, draftId: string, decision: DraftDecision, text: string | undefined, title: string) {
  if (decision !== "approved" && !text) {
    const { draft: d, participation: p } = await services.agreement.draftWithContext(draftId);
    const form: Form = {
      title,
      submitLabel: "Send",
      command: decision === "approved_with_notes" ? "drafts approve-with-notes" : "drafts request-changes",
      hidden: { id: draftId },
      fields: [{ key: "note", label: decision === "approved_with_notes" ? "Notes for the creator" : "What should change?", kind: "textarea", required: true, hint: `${creatorLabel(p)} reads this about draft v${d.version}` }],
    };
    return reply({ title, text: `Write the note, e.g. /scout ${form.command} id:${draftId} note:"Put #ad at the start"`, form, ephemeral: true }, { form, draft: { id: d.id, version: d.version } });
  }
  const o = await services.agreement.decide(draftId, decision, text ?? null, byOf(inv));
  return reply(
    { text: [o.text, ...o.warnings].join("\n"), tone: o.outcome === "done" ? "success" : "info", ephemeral: o.outcome !== "done" },
    { outcome: o.outcome, campaign: o.campaign.slug, draft: { id: o.draft.id, version: o.draft.version, status: o.draft.status, decidedBy: o.draft.decidedByName ?? o.draft.decidedBy, note: o.draft.decisionNote } },
  );
}

export const draftsApprove = defineCommand({
  name: "drafts approve",
  summary: "Approve a draft version: the creator may post it",
  audience: "marketer",
  options: z.object({ id }),
  examples: ["/scout drafts approve id:7b1e4f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b"],
  run: ({ options, services, invocation }) => decide(services, invocation, options.id, "approved", undefined, "Approve"),
});

export const draftsApproveWithNotes = defineCommand({
  name: "drafts approve-with-notes",
  summary: "Approve a draft version with notes for the creator (without a note: a form asks for it)",
  audience: "marketer",
  options: z.object({ id, note }),
  examples: ['/scout drafts approve-with-notes id:7b1e4f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b note:"Tag us in the first line"'],
  run: ({ options, services, invocation }) => decide(services, invocation, options.id, "approved_with_notes", options.note, "Approve with notes"),
});

export const draftsRequestChanges = defineCommand({
  name: "drafts request-changes",
  summary: "Send a draft version back with what to change (without a note: a form asks for it)",
  audience: "marketer",
  options: z.object({ id, note }),
  examples: ['/scout drafts request-changes id:7b1e4f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b note:"Put #ad at the start of the caption"'],
  run: ({ options, services, invocation }) => decide(services, invocation, options.id, "changes_requested", options.note, "Request changes"),
});
