// For creators: send a draft for review before posting (campaigns with drafts:required). The
// attachment is checked on what Discord says of it (type, size) before anything is stored, and only
// its address and metadata are kept; the caption is checked at once for the disclosure, hashtags
// and mentions, so the creator sees what is missing before the brand does.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { UsageError } from "../src/core/errors.ts";
import { reply } from "../src/core/message.ts";
import { opt } from "../src/core/campaigns/fields.ts";
import { completeMyCampaigns } from "../src/core/creators/complete.ts";
import { asOption, campaignOption } from "../src/core/creators/fields.ts";
import { identityOf } from "../src/core/creators/identity.ts";
import { captionDiff, checkAttachment } from "../src/core/agreement/drafts.ts";
import { byOf } from "./campaign-common.ts";

/** A Discord attachment, as the Discord surface passes it: JSON of its url, name, content type and size. */
export const attachmentOption = z.string().transform((v, ctx) => {
  let raw: unknown;
  try {
    raw = JSON.parse(v);
  } catch {
    ctx.addIssue({ code: "custom", message: "is a file you attach in Discord; on the console give link: instead" });
    return z.NEVER;
  }
  const shape = z.object({ url: z.string().max(2000), name: z.string().max(300), contentType: z.string().max(200).nullish(), size: z.number(), limit: z.number().nullish() }).safeParse(raw);
  if (!shape.success) {
    ctx.addIssue({ code: "custom", message: "is not a file Discord sent: attach it again" });
    return z.NEVER;
  }
  const r = checkAttachment(shape.data);
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: r.reason });
    return z.NEVER;
  }
  return r.value;
});

const linkOption = z
  .string()
  .trim()
  .max(500, { message: "is too long (at most 500 characters)" })
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === "https:" || u.protocol === "http:";
    } catch {
      return false;
    }
  }, { message: "expects an http(s) link to the draft, e.g. https://drive.google.com/file/d/…" });

export default defineCommand({
  name: "draft",
  summary: "Send a draft for review before you post (image or video, or a link, with the caption)",
  description:
    "For campaigns that ask for drafts: attach the image or video (JPEG, PNG, GIF, WebP, HEIC, MP4, MOV or WebM, at most 100 MB) and/or give a link (e.g. a cloud-drive file), " +
    "and paste the caption. Scout checks the caption at once (disclosure such as #ad near the start, the campaign's hashtags and mentions) and the brand's team reviews it. " +
    "Each new draft is the next version (v1, v2, …); /deliver opens once a draft is approved. On the console, add as:@handle.",
  audience: "creator",
  options: z.object({
    campaign: campaignOption,
    caption: z.string({ message: "expects the caption you will post" }).trim().min(1, { message: "expects the caption you will post" }).max(2200, { message: "is too long (at most 2,200 characters, a full caption)" }).describe("<text> the caption you will post"),
    attachment: opt(attachmentOption).describe("<attachment> the image or video"),
    link: opt(linkOption).describe("<link> a link to the draft (e.g. a cloud-drive file)"),
    as: asOption,
  }),
  examples: ['/draft campaign:spring-launch link:https://drive.google.com/file/d/abc caption:"#ad Spring is here @brand #springlaunch"'],
  complete: { campaign: completeMyCampaigns },
  async run({ options, services, invocation }) {
    const identity = identityOf(invocation, options.as);
    if (options.attachment && invocation.surface !== "discord")
      throw new UsageError("attachment: is a file you attach in Discord; here give link: to the draft", undefined, undefined, { attachment: "attach files in Discord; give link: here" });
    const r = await services.agreement.submitDraft(identity, options.campaign, { caption: options.caption, link: options.link ?? null, attachment: options.attachment ?? null }, byOf(invocation));
    const d = r.draft;
    const lines = [
      r.added
        ? `Draft v${d.version} sent to ${r.campaign.name}'s team for review. You'll get a private message when they decide.`
        : `You already sent this draft (v${d.version}); it is waiting for review.`,
    ];
    if (r.added && r.previous) {
      const diff = captionDiff(r.previous.caption, d.caption);
      lines.push(r.previous.status === "submitted" ? `It replaces v${r.previous.version}, which was not reviewed yet.` : `v${r.previous.version} was ${r.previous.status.replace(/_/g, " ")}.`);
      if (diff) lines.push(`Caption changes: ${diff}`);
    }
    if (r.check.passed) lines.push(`Caption check: all good (${r.check.found ?? r.campaign.disclosure}).`);
    else lines.push("Caption check: please fix before you post:", ...r.check.issues.map((i) => `• ${i}`), `Send the fixed caption with /draft campaign:${r.campaign.slug} (it becomes v${d.version + 1}).`);
    if (r.check.reminders.length) lines.push(...r.check.reminders.map((x) => `Reminder: ${x}`));
    return reply(
      { title: r.added ? `Draft v${d.version} sent` : "Already sent", text: [...lines, ...r.warnings].join("\n"), tone: r.check.passed ? (r.added ? "success" : "info") : "warning", ephemeral: true },
      {
        outcome: r.added ? "done" : "already",
        campaign: r.campaign.slug,
        draft: { id: d.id, version: d.version, status: d.status, link: d.linkUrl, attachment: d.attachment },
        check: { passed: r.check.passed, issues: r.check.issues, found: r.check.found },
      },
    );
  },
});
