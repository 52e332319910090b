// Modal submissions: the form's command runs with the values as options. Field errors keep the
// modal open with each message on its own block; success closes it and posts the result.
// A submission is claimed once (like commands and clicks): the same view, in the same version, with
// the same values, by the same person, runs once however often it arrives (a double click on Submit,
// a replayed request). A submission refused on its fields changed nothing: its claim is given back,
// so that submitting it again is answered again.
import { createHash } from "node:crypto";
import type { App } from "@slack/bolt";
import type { DispatchResult } from "../dispatch.ts";
import { describe } from "./auth.ts";
import { adapterFailure, isPrivate, limitPages, type SlackDeps } from "./context.ts";
import { uploadFile } from "./files.ts";
import { renderMessage, textPage, type SlackPage } from "./render.ts";
import { FORM_CALLBACK, fieldErrors, formTokens, formValues, formView, parseFormMeta } from "./views.ts";
import { after } from "../../core/timers.ts";

/** Slack closes a modal with an error after 3 s: past this, close it and post the answer when ready. */
const SUBMIT_BUDGET_MS = 2500;

/** The claim key of a submission: the view's id and version (hash), who submitted and the values. */
export function submissionKey(view: { id: string; hash?: string; state: { values: unknown } }, userId: string): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([view.hash ?? "", userId, view.state.values]))
    .digest("base64url")
    .slice(0, 32);
  return `slack:view:${view.id}:${digest}`;
}

export function registerViews(bolt: App, deps: SlackDeps): void {
  bolt.view(FORM_CALLBACK, async ({ ack, view, body }) => {
    const userId = body.user.id;
    const log = deps.log.child({ user: userId, view: FORM_CALLBACK });
    const meta = parseFormMeta(view.private_metadata);
    if (!meta) {
      await ack();
      log.warn("a Scout modal came back without its command");
      return;
    }
    const key = submissionKey(view, userId);
    // Slack's 3 seconds include the claim: a database slower than this does not hold the answer up.
    if (!(await deps.dedupe.claim(key, { budgetMs: 500 }))) {
      // Handled already (or being handled): the first one answers; this one only closes the modal.
      log.info({ key }, "repeated form submission ignored");
      await ack();
      return;
    }
    const blockIds = view.blocks.map((b) => b.block_id).filter((x): x is string => Boolean(x));
    let run: Promise<DispatchResult>;
    try {
      const actor = await deps.auth.actor(userId, body.user.name);
      run = deps.dispatch({ line: formTokens(meta, formValues(view.state.values)), surface: "slack", actor, place: { channelId: meta.ch ?? userId } });
    } catch (err) {
      await deps.dedupe.release(key);
      await ack();
      await post(deps, userId, undefined, [textPage(adapterFailure(log, err, "slack form failed"))]);
      return;
    }
    const early = await Promise.race([run, after(SUBMIT_BUDGET_MS, null)]);
    if (!early) {
      await ack();
      const late = await run;
      void deps.dedupe.settle(key, { outcome: late.outcome, command: late.command, reference: late.invocationId });
      return deliver(deps, late, meta.ch, userId);
    }
    const r = early;
    if (r.outcome === "usage" || r.outcome === "user") {
      await deps.dedupe.release(key);
      const data = r.reply.data as { error?: { fields?: Record<string, string>; message?: string } } | undefined;
      await ack({ response_action: "errors", errors: fieldErrors(blockIds, data?.error?.fields, data?.error?.message ?? r.reply.message.text ?? "Check this value") });
      return;
    }
    void deps.dedupe.settle(key, { outcome: r.outcome, command: r.command, reference: r.invocationId });
    if (r.outcome === "ok" && r.reply.message.form) {
      await ack({ response_action: "update", view: formView(r.reply.message.form, { channelId: meta.ch }) });
      return;
    }
    await ack();
    await deliver(deps, r, meta.ch, userId);
  });
}

async function deliver(deps: SlackDeps, r: DispatchResult, channelId: string | undefined, userId: string): Promise<void> {
  const pages = limitPages(renderMessage(r.reply.message));
  // Public results go to the channel the form was opened from; private ones to the person's DM.
  await post(deps, userId, isPrivate(r) ? undefined : channelId, pages);
  const file = r.reply.message.file;
  if (file && r.outcome === "ok") await uploadFile(deps.api, file, { channelId, userId }, deps.log);
}

async function post(deps: SlackDeps, userId: string, channelId: string | undefined, pages: SlackPage[]): Promise<void> {
  let channel = channelId ?? userId;
  for (const p of pages) {
    try {
      await deps.api.chat.postMessage({ channel, text: p.text, blocks: p.blocks });
    } catch (err) {
      if (channel === userId) throw err;
      // Not in that channel (or it is gone): the person still gets the answer, privately.
      deps.log.info({ err: describe(err), channel }, "could not post in the channel; sending a direct message");
      channel = userId;
      await deps.api.chat.postMessage({ channel, text: p.text, blocks: p.blocks });
    }
  }
}
