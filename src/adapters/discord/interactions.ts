// Interactions: slash commands, buttons and modal submissions run a command line through the
// dispatcher as the person who sent them; autocomplete asks the command's `complete`. Each is
// handled once (Dedupe) and answered within Discord's 3 seconds: a quick answer directly (a modal
// must be shown directly), a slow one deferred and then edited. Every answer is private.
import { MessageFlags, type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction, type ModalSubmitInteraction } from "discord.js";
import { tokenize } from "../../core/command-line.ts";
import type { AnyCommand } from "../../core/command.ts";
import type { Actor } from "../../core/invocation.ts";
import type { Form } from "../../core/message.ts";
import type { Services } from "../../core/services.ts";
import type { Logger } from "../../logger.ts";
import { newInvocationId, type DispatchRequest, type DispatchResult } from "../dispatch.ts";
import { createLimiter } from "../limit.ts";
import { commandFor, optionKey, slashTokens } from "./commands.ts";
import type { CustomIds } from "./custom-id.ts";
import type { Dedupe } from "./dedupe.ts";
import { discordHelp } from "./help.ts";
import { formLine, formModal, submittedValues, visibleFields, type FormMemory } from "./modal.ts";
import { renderMessage, replyOptions, textMessage, type DiscordMessage } from "./render.ts";
import { after } from "../../core/timers.ts";

export interface InteractionDeps {
  dispatch(req: DispatchRequest): Promise<DispatchResult>;
  registry: readonly AnyCommand[];
  services: Services;
  ids: CustomIds;
  dedupe: Dedupe;
  forms: FormMemory;
  log: Logger;
  /** The person's roles in Scout: ["creator"] when they may act as a creator. */
  actorRoles(i: Interaction): Promise<string[]>;
  creatorRoleId?: string | undefined;
  /** Edits the deferred answer (outside discord.js's global request limit, which interaction webhooks are not under). */
  editOriginal(token: string, body: DiscordMessage): Promise<void>;
  /** How long a command may take before the answer is deferred (Discord allows 3 s in all). */
  budgetMs?: number;
  /** Commands running at once (default 4); more wait their turn, so a burst cannot starve new interactions of their prompt answer. */
  concurrency?: number;
}

const EPHEMERAL = MessageFlags.Ephemeral;
export const REFUSED_ID =
  "This button is out of date or was not made by Scout, so it was not run. Use the latest message, or type the command (try /help).";

const actorOf = (i: Interaction, roles: string[]): Actor => ({ id: i.user.id, name: i.user.globalName ?? i.user.username, roles });
const placeOf = (i: Interaction) => ({ channelId: i.channelId ?? `dm:${i.user.id}` });

export function createInteractionHandler(deps: InteractionDeps) {
  const budget = deps.budgetMs ?? 1500;
  const limit = createLimiter(deps.concurrency ?? 4);
  const dispatch = (req: DispatchRequest) => limit(() => deps.dispatch(req));

  function failure(err: unknown, what: string): DiscordMessage {
    const ref = newInvocationId();
    deps.log.error({ err, reference: ref }, what);
    return textMessage(`Something went wrong on our side. The team can look it up with reference ${ref}.`);
  }

  /** The answer to show for a result; a refusal for lack of the creator role is said kindly. */
  function answerOf(r: DispatchResult, roles: string[], submitted?: { command: string; userId: string }): DiscordMessage {
    const m = r.reply.message;
    if (r.code === "NOT_ALLOWED" && !roles.includes("creator"))
      return textMessage(
        deps.creatorRoleId
          ? "Scout's campaigns are open to members with the creator role, and you do not have it yet. Ask a moderator of this server if you would like to take part."
          : "This command is not available to you.",
      );
    const fields = (r.reply.data as { error?: { fields?: Record<string, string> } } | undefined)?.error?.fields;
    if (submitted && (r.outcome === "usage" || r.outcome === "user")) {
      // Modals cannot stay open with errors on Discord: say what to fix, and offer the form again, filled in.
      const kept = deps.forms.get(submitted.userId, submitted.command);
      const lines = fields ? Object.entries(fields).map(([k, v]) => `• ${kept?.labels[k] ?? k}: ${v}`) : [];
      const text = [lines.length ? "Please fix:" : m.text ?? "That did not work.", ...lines].join("\n");
      const again = kept?.origin ?? submitted.command;
      return renderMessage({ title: "Not saved yet", text, tone: "error", actions: [{ id: "again", label: "Open the form again", style: "primary", value: again }] }, deps.ids);
    }
    return renderMessage(m, deps.ids);
  }

  /** Runs a line; a quick result is answered directly (a form as a modal), a slow one deferred, then edited. */
  async function runAndAnswer(i: ChatInputCommandInteraction | ButtonInteraction, line: string | string[], roles: string[]) {
    const origin = Array.isArray(line) ? line.join(" ") : line;
    const run = dispatch({ line, surface: "discord", actor: actorOf(i, roles), place: placeOf(i) });
    const formOf = (r: DispatchResult) => (r.outcome === "ok" ? r.reply.message.form : undefined);
    // Without a modal, a form with a field to fill in is a button that opens it; anything else is answered as it is.
    const answer = (r: DispatchResult) => {
      const form = formOf(r);
      return form && visibleFields(form).length ? formButton(form, origin) : answerOf(r, roles);
    };
    const early = await Promise.race([run, after(budget, null)]);
    if (early) {
      const form = formOf(early);
      const modal = form && formModal(form, deps.ids, deps.forms.get(i.user.id, form.command)?.values);
      if (form && modal) {
        deps.forms.shown(i.user.id, form, origin);
        await i.showModal(modal as never);
        return;
      }
      await i.reply({ ...replyOptions(answer(early)), flags: EPHEMERAL });
      return;
    }
    await i.deferReply({ flags: EPHEMERAL });
    // A modal can only answer the interaction itself: past the budget, a button opens it.
    await deps.editOriginal(i.token, answer(await run));
  }

  function formButton(form: Form, origin: string): DiscordMessage {
    return renderMessage({ text: `${form.title}: press the button to open the form.`, actions: [{ id: "form", label: "Open the form", style: "primary", value: origin }] }, deps.ids);
  }

  async function onModal(i: ModalSubmitInteraction, roles: string[]) {
    const read = deps.ids.read(i.customId);
    if ("refused" in read || read.kind !== "m") return void (await i.reply({ ...replyOptions(textMessage(REFUSED_ID)), flags: EPHEMERAL }));
    const base = tokenize(read.line);
    const given = new Set(base.map((t) => /^([A-Za-z][\w-]*):/.exec(t)?.[1]?.toLowerCase()).filter(Boolean));
    const values = submittedValues(i.fields.fields as never);
    const tokens = [...base, ...Object.entries(values).filter(([k]) => !given.has(k.toLowerCase())).map(([k, v]) => `${k}:${v}`)];
    deps.forms.typed(i.user.id, read.line, values);
    // Deferred at once: a submission's work (an account, a participation, a notice) may queue
    // behind others in a burst, and the answer must reach Discord within 3 s.
    await i.deferReply({ flags: EPHEMERAL });
    if (!(await deps.dedupe.claim(`discord:interaction:${i.id}`))) return void (await deps.editOriginal(i.token, textMessage("This was already handled.")));
    const submitted = { command: read.line, userId: i.user.id };
    const r = await dispatch({ line: tokens, surface: "discord", actor: actorOf(i, roles), place: placeOf(i) });
    if (r.outcome === "ok") deps.forms.forget(i.user.id, read.line);
    const form = r.outcome === "ok" ? r.reply.message.form : undefined;
    await deps.editOriginal(i.token, form ? formButton(form, formLine(form)) : answerOf(r, roles, submitted));
  }

  async function onAutocomplete(i: AutocompleteInteraction, roles: string[]) {
    const cmd = commandFor(deps.registry, i.commandName, i.options.getSubcommand(false));
    const focused = i.options.getFocused(true);
    const key = cmd ? optionKey(cmd, focused.name) : undefined;
    const complete = key ? cmd?.complete?.[key] : undefined;
    let choices: { name: string; value: string }[] = [];
    if (complete && roles.includes(cmd!.audience)) {
      const found = await complete({ actor: actorOf(i, roles), surface: "discord", services: deps.services, typed: String(focused.value ?? "") });
      choices = found.slice(0, 25).map((c) => ({ name: c.label.slice(0, 100) || c.value.slice(0, 100), value: c.value.slice(0, 100) }));
    }
    await i.respond(choices);
  }

  return async function handle(i: Interaction): Promise<void> {
    const key = `discord:interaction:${i.id}`;
    if (!deps.dedupe.first(key)) {
      deps.log.info({ interaction: i.id }, "duplicate interaction ignored");
      return;
    }
    try {
      const roles = await deps.actorRoles(i);
      if (i.isAutocomplete()) return await onAutocomplete(i, roles);
      if (i.isModalSubmit()) return await onModal(i, roles);
      if (!(await deps.dedupe.claim(key))) {
        deps.log.info({ interaction: i.id }, "interaction already handled by another process");
        return;
      }
      if (i.isChatInputCommand()) {
        const cmd = commandFor(deps.registry, i.commandName, i.options.getSubcommand(false));
        if (!cmd) return void (await i.reply({ ...replyOptions(textMessage("Scout does not know this command any more. Try /help.")), flags: EPHEMERAL }));
        // An attachment is passed on as what Discord says of it (address, name, type, size): the command checks it; Scout never downloads it.
        const opts = (i.options.data[0]?.type === 1 ? i.options.data[0].options ?? [] : i.options.data).map((o) => ({
          name: o.name,
          value: o.attachment
            ? JSON.stringify({ url: o.attachment.url, name: o.attachment.name, contentType: o.attachment.contentType, size: o.attachment.size, limit: i.attachmentSizeLimit ?? null })
            : o.value,
        }));
        if (cmd.name === "help" && !roles.includes(cmd.audience))
          return void (await i.reply({ ...replyOptions(renderMessage(discordHelp(deps.registry, String(opts[0]?.value ?? "")), deps.ids)), flags: EPHEMERAL }));
        return await runAndAnswer(i, slashTokens(cmd, opts), roles);
      }
      if (i.isButton()) {
        const read = deps.ids.read(i.customId);
        if ("refused" in read || read.kind !== "s") {
          deps.log.warn({ interaction: i.id, refused: "refused" in read ? read.refused : "kind" }, "a button with a custom id Scout did not make");
          return void (await i.reply({ ...replyOptions(textMessage(REFUSED_ID)), flags: EPHEMERAL }));
        }
        return await runAndAnswer(i, read.line, roles);
      }
    } catch (err) {
      const msg = failure(err, "discord interaction failed");
      if (!i.isRepliable()) return;
      try {
        if (i.deferred || i.replied) await deps.editOriginal(i.token, msg);
        else await i.reply({ ...replyOptions(msg), flags: EPHEMERAL });
      } catch (e) {
        deps.log.warn({ err: e }, "could not tell the person that their interaction failed");
      }
    }
  };
}
