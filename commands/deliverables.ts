// Deliverables: list what waits for review, approve, ask for changes (a form asks for the note
// when none is given), mark live, and record one a creator sent another way.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply } from "../src/core/message.ts";
import { PLATFORMS, type Platform } from "../src/core/platform.ts";
import { opt } from "../src/core/campaigns/fields.ts";
import { deliverableJson, deliverablesMessage } from "../src/core/campaigns/render.ts";
import { byOf, idOption, outcomeReply, slugOption } from "./campaign-common.ts";

const id = idOption("deliverable", "/scout deliverables <campaign>");

export const deliverablesList = defineCommand({
  name: "deliverables",
  summary: "List a campaign's deliverables: those to review first, then the others",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption }),
  examples: ["/scout deliverables spring-launch", "/scout deliverables spring-launch --json"],
  async run({ options, services }) {
    const { campaign, deliverables } = await services.campaigns.deliverables(options.slug);
    // With a platform configured, each deliverable says whether Scout checked it there (issue 15).
    const hasClient = services.platforms.configured().length ? (p: Platform) => services.platforms.client(p) !== null : undefined;
    return reply(deliverablesMessage(campaign, deliverables, hasClient), {
      campaign: campaign.slug,
      toReview: deliverables.filter((d) => d.status === "submitted").length,
      deliverables: deliverables.map(deliverableJson),
    });
  },
});

export const deliverablesApprove = defineCommand({
  name: "deliverables approve",
  summary: "Approve a submitted deliverable (the creator is told to publish it)",
  audience: "marketer",
  options: z.object({ id }),
  examples: ["/scout deliverables approve id:7b1e4f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b"],
  async run({ options, services, invocation }) {
    const o = await services.campaigns.reviewDeliverable(options.id, { approve: true }, byOf(invocation));
    return outcomeReply(o, { campaign: o.campaign.slug, deliverable: deliverableJson(o.value) });
  },
});

export const deliverablesRequestChanges = defineCommand({
  name: "deliverables request-changes",
  summary: "Ask the creator for changes, with a note (without one: a form asks for it)",
  audience: "marketer",
  options: z.object({
    id,
    note: opt(z.string().trim().max(2000, { message: "is too long (at most 2000 characters)" })).describe("<text> what to change; the creator reads it"),
  }),
  examples: ['/scout deliverables request-changes id:7b1e4f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b note:"Put #ad at the start of the caption"'],
  async run({ options, services, invocation }) {
    if (!options.note) {
      const { deliverable: d } = await services.campaigns.deliverable(options.id);
      const form = {
        title: "Request changes",
        submitLabel: "Send",
        command: "deliverables request-changes",
        hidden: { id: options.id },
        fields: [{ key: "note", label: "What should change?", kind: "textarea" as const, required: true, hint: `The creator reads this note about ${d.url}` }],
      };
      return reply(
        { title: "Request changes", text: `Say what should change, e.g. /scout deliverables request-changes id:${options.id} note:"Put #ad at the start"`, form, ephemeral: true },
        { form, deliverable: deliverableJson(d) },
      );
    }
    const o = await services.campaigns.reviewDeliverable(options.id, { approve: false, note: options.note }, byOf(invocation));
    return outcomeReply(o, { campaign: o.campaign.slug, deliverable: deliverableJson(o.value) });
  },
});

export const deliverablesLive = defineCommand({
  name: "deliverables live",
  summary: "Mark an approved deliverable as live (published)",
  audience: "marketer",
  options: z.object({ id }),
  examples: ["/scout deliverables live id:7b1e4f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b"],
  async run({ options, services, invocation }) {
    const o = await services.campaigns.markLive(options.id, byOf(invocation));
    return outcomeReply(o, { campaign: o.campaign.slug, deliverable: deliverableJson(o.value) });
  },
});

export const deliverablesAdd = defineCommand({
  name: "deliverables add",
  summary: "Record a deliverable a creator sent another way (e-mail, DM); the team gets the usual notice",
  audience: "marketer",
  options: z.object({
    participation: idOption("participation", "/scout optins <campaign>"),
    url: z.string({ message: "expects the link to the post or draft" }).trim().min(1).describe("<url> the link to the post or draft"),
    platform: z.enum(PLATFORMS as [Platform, ...Platform[]], { message: `expects one of ${PLATFORMS.join(", ")}` }).describe("<platform> where it is (or will be) published"),
    kind: opt(z.string().trim().max(50)).describe("<kind> e.g. Reel, Story, Video"),
    note: opt(z.string().trim().max(2000)).describe("<text> the creator's note (often the caption)"),
  }),
  examples: ["/scout deliverables add participation:3f0c2a9e-8d1b-4c52-9a57-0b5d1e6f7a21 url:https://instagram.com/p/abc platform:instagram kind:Reel"],
  async run({ options, services, invocation }) {
    const o = await services.campaigns.submitDeliverable(
      options.participation,
      { url: options.url, platform: options.platform, kind: options.kind ?? null, note: options.note ?? null },
      byOf(invocation),
    );
    return outcomeReply(o, { campaign: o.campaign.slug, deliverable: deliverableJson(o.value) });
  },
});

export default deliverablesList;
