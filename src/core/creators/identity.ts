// Who a creator command acts for. On Discord the actor's id is their Discord user id. The console
// and the CLI have no creators of their own: `as:@handle` picks one to try Scout as (refused on
// every other surface, so nobody in a chat can act as someone else).
import { UsageError, UserError } from "../errors.ts";
import type { Invocation } from "../invocation.ts";
import { parseHandle } from "../roster/values.ts";
import type { CreatorIdentity } from "./types.ts";

export const LOCAL_SURFACES = ["console", "cli"] as const;

export function isLocal(surface: string): boolean {
  return (LOCAL_SURFACES as readonly string[]).includes(surface);
}

/** The identity, or a clear refusal. */
export function identityOf(inv: Pick<Invocation, "surface" | "actor">, as: string | undefined): CreatorIdentity {
  if (as !== undefined && !isLocal(inv.surface))
    throw new UserError("AS_NOT_ALLOWED", "as: works only on the local console and CLI; here Scout always acts as you.");
  if (isLocal(inv.surface)) {
    if (as === undefined)
      throw new UsageError("as: say which creator to act as on the console, e.g. as:@ana.cooks (a new handle registers a creator when you opt in or fill in your profile)", undefined, undefined, {
        as: "is required on the console",
      });
    const h = parseHandle(as);
    if (!h.ok || !h.value) throw new UsageError(`as: ${h.ok ? "is empty" : h.reason}`, undefined, undefined, { as: h.ok ? "is empty" : h.reason });
    return { kind: "local", handle: h.value, name: `@${h.value}` };
  }
  if (inv.surface !== "discord" || !/^[\w-]{1,64}$/.test(inv.actor.id))
    throw new UserError("CREATORS_ON_DISCORD", "Creator commands work in the brand's Discord server.", "Join the community server and run the command there.");
  return { kind: "discord", discordUserId: inv.actor.id, name: inv.actor.name };
}

/** Where an identity is written in text: "@ana.cooks" or the Discord name. */
export const identityLabel = (id: CreatorIdentity) => (id.kind === "local" ? `@${id.handle}` : id.name);

/** The `as:` option passed on in buttons and forms, so a local try-out keeps acting as the same creator. */
export const asSuffix = (id: CreatorIdentity) => (id.kind === "local" ? ` as:@${id.handle}` : "");
export const asHidden = (id: CreatorIdentity): Record<string, string> => (id.kind === "local" ? { as: `@${id.handle}` } : {});
