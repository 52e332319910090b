// Button clicks: acknowledged at once, run once (a retry of the same click is recognised by its
// action ts), the button's command line run as the person who clicked, and the original message
// updated in place with the result and who decided.
import type { App, ButtonAction } from "@slack/bolt";
import type { KnownBlock } from "./blocks.ts";
import { describe } from "./auth.ts";
import { adapterFailure, isPrivate, limitPages, respondOrDm, type SlackDeps } from "./context.ts";
import { uploadFile } from "./files.ts";
import { ACTION_PREFIX, decidedLine, renderMessage, updatedAfterClick } from "./render.ts";
import { formView } from "./views.ts";
import { responder } from "./respond.ts";

interface ClickBody {
  type: "block_actions";
  user: { id: string; name?: string; username?: string };
  trigger_id?: string;
  channel?: { id: string };
  container?: { type?: string; message_ts?: string; channel_id?: string; is_ephemeral?: boolean };
  message?: { ts?: string; thread_ts?: string; blocks?: KnownBlock[] };
  response_url?: string;
}

export function registerActions(bolt: App, deps: SlackDeps): void {
  bolt.action(new RegExp(`^${ACTION_PREFIX}:`), async ({ ack, body, action }) => {
    await ack();
    if (body.type !== "block_actions" || action.type !== "button") return;
    const a = action as ButtonAction;
    if (!a.value) return;
    const b = body as unknown as ClickBody;
    const userId = b.user.id;
    const key = `slack:action:${userId}:${a.action_ts}`;
    // A child logger costs a little on every click; it is made only when there is something to log.
    const log = () => deps.log.child({ user: userId, action: a.action_id });
    if (!(await deps.dedupe.claim(key))) {
      log().info({ key }, "repeated click ignored");
      return;
    }
    const respond = b.response_url ? responder(b.response_url) : undefined;
    const reply = (text: string) => respondOrDm(deps, respond, userId, { response_type: "ephemeral", replace_original: false, text });
    try {
      const actor = await deps.auth.actor(userId, b.user.username ?? b.user.name);
      const channelId = b.channel?.id ?? b.container?.channel_id ?? userId;
      const threadId = b.message?.thread_ts;
      await deps.afterAcks();
      const result = await deps.dispatch({ line: a.value, surface: "slack", actor, place: { channelId, ...(threadId ? { threadId } : {}) } });
      await deps.dedupe.settle(key, { outcome: result.outcome, command: result.command, reference: result.invocationId });
      const m = result.reply.message;
      if (result.outcome === "ok" && m.form && b.trigger_id) {
        try {
          await deps.api.views.open({ trigger_id: b.trigger_id, view: formView(m.form, { channelId }) });
          return;
        } catch (err) {
          log().warn({ err: describe(err) }, "could not open the form");
        }
      }
      const canRespond = Boolean(respond);
      if (isPrivate(result) || !canRespond) {
        // Errors and private answers go to the clicker only; the shared message stays as it was.
        for (const p of limitPages(renderMessage(m)))
          await respondOrDm(deps, respond, userId, { response_type: "ephemeral", replace_original: false, text: p.text, blocks: p.blocks });
      } else {
        const page = updatedAfterClick({
          original: b.message?.blocks,
          clickedBlockId: a.block_id,
          result: m,
          decided: decidedLine(a.text.text, userId, new Date()),
        });
        await respondOrDm(deps, respond, userId, { replace_original: true, text: page.text, blocks: page.blocks });
      }
      if (m.file && result.outcome === "ok") await uploadFile(deps.api, m.file, { channelId, userId }, deps.log);
    } catch (err) {
      await reply(adapterFailure(log(), err, "slack button failed")).catch(() => {});
    }
  });
}
