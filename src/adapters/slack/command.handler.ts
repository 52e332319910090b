// /scout <command> key:value ...: acknowledged at once (with "Working on it…" for slow commands),
// then run through the dispatcher and answered through response_url, replacing the progress line.
import type { App } from "@slack/bolt";
import { responder, type Respond } from "./respond.ts";
import type { AnyCommand } from "../../core/command.ts";
import type { DispatchResult } from "../dispatch.ts";
import { describe } from "./auth.ts";
import { adapterFailure, commandOf, isPrivate, limitPages, respondOrDm, type SlackDeps } from "./context.ts";
import { uploadFile } from "./files.ts";
import { renderMessage } from "./render.ts";
import { formView } from "./views.ts";

export const PROGRESS_TEXT = "Working on it…";

export const SLASH_COMMAND = "/scout";

/**
 * What a command line is acknowledged with: "Working on it…" (private) when the command is slow,
 * so that the person sees it at once; nothing otherwise (the answer follows within moments). A
 * retry gets nothing: its first try already showed the progress line.
 */
export function commandAck(registry: readonly AnyCommand[], line: string, retry: boolean): { response_type: "ephemeral"; text: string } | undefined {
  return !retry && commandOf(registry, line)?.slow ? { response_type: "ephemeral", text: PROGRESS_TEXT } : undefined;
}

export function registerCommand(bolt: App, deps: SlackDeps, name = SLASH_COMMAND): void {
  bolt.command(name, async ({ command: c, ack, context }) => {
    const line = c.text ?? "";
    const retry = Number(context.retryNum ?? 0) > 0;
    const respond = responder(c.response_url);
    const progress = commandAck(deps.registry, line, retry);
    const slow = Boolean(progress);
    // In HTTP mode the receiver has already acknowledged with the same (receiver.ts): this ack() sends nothing.
    await ack(progress);
    // Slack does not retry slash commands today; if it ever sends one twice, it runs once.
    if (c.trigger_id && !(await deps.dedupe.claim(`slack:command:${c.trigger_id}`))) return;
    try {
      const actor = await deps.auth.actor(c.user_id, c.user_name);
      // The command and its answer wait for the acks of requests that arrived meanwhile (ack-gate.ts).
      await deps.afterAcks();
      const result = await deps.dispatch({ line, surface: "slack", actor, place: { channelId: c.channel_id } });
      await deps.afterAcks();
      await answer(deps, result, { respond, slow, trigger: c.trigger_id, channelId: c.channel_id, userId: c.user_id });
    } catch (err) {
      const text = adapterFailure(deps.log.child({ user: c.user_id }), err, "slack command failed");
      await respondOrDm(deps, respond, c.user_id, { response_type: "ephemeral", replace_original: slow, text }).catch(() => {});
    }
  });
}

async function answer(
  deps: SlackDeps,
  result: DispatchResult,
  o: { respond: Respond; slow: boolean; trigger: string; channelId: string; userId: string },
): Promise<void> {
  let m = result.reply.message;
  if (result.outcome === "ok" && m.form) {
    try {
      await deps.api.views.open({ trigger_id: o.trigger, view: formView(m.form, { channelId: o.channelId }) });
      if (o.slow) await respondOrDm(deps, o.respond, o.userId, { delete_original: true });
      return;
    } catch (err) {
      // A trigger lives 3 seconds; when it has gone, say how to give the values inline instead.
      deps.log.warn({ err: describe(err) }, "could not open the form");
      const f = m.form;
      m = {
        ...m,
        ephemeral: true,
        text: `${m.text ? m.text + "\n" : ""}The form could not open. Give the values inline instead:\n/scout ${f.command} ${f.fields.map((x) => `${x.key}:<${x.label.toLowerCase()}>`).join(" ")}`,
      };
    }
  }
  const priv = isPrivate(result) || Boolean(m.ephemeral);
  const pages = limitPages(renderMessage(m));
  // An ephemeral "Working on it…" can be replaced by a private answer, not by a public one:
  // for a public answer it is removed and the answer posted in the channel.
  if (o.slow && !priv) await respondOrDm(deps, o.respond, o.userId, { delete_original: true });
  for (const [i, p] of pages.entries())
    await respondOrDm(deps, o.respond, o.userId, {
      response_type: priv ? "ephemeral" : "in_channel",
      replace_original: i === 0 && o.slow && priv,
      text: p.text,
      blocks: p.blocks,
    });
  if (m.file && result.outcome === "ok") await uploadFile(deps.api, m.file, { channelId: o.channelId, userId: o.userId }, deps.log);
}
