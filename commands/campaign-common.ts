// Pieces the campaign workflow commands share: who is acting, ids and slugs as options, and a
// change's outcome (done, or already done) as a reply.
import { z } from "zod";
import type { Invocation } from "../src/core/invocation.ts";
import type { By, Outcome } from "../src/core/campaigns/index.ts";
import type { Reply } from "../src/core/message.ts";

export const byOf = (inv: Invocation): By => ({ id: inv.actor.id, name: inv.actor.name, surface: inv.surface, invocationId: inv.id });

export const slugOption = z
  .string({ message: "expects a campaign slug, e.g. spring-launch" })
  .trim()
  .min(1, { message: "expects a campaign slug, e.g. spring-launch" })
  .transform((s) => s.toLowerCase())
  .describe("<slug> the campaign, e.g. spring-launch");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const idOption = (what: string, listedBy: string) =>
  z
    .string({ message: `expects the ${what} id` })
    .trim()
    .regex(UUID, { message: `expects the ${what} id (a UUID, as listed by ${listedBy})` })
    .transform((s) => s.toLowerCase())
    .describe(`<id> the ${what} id (${listedBy} lists them)`);

/** A change as a reply: a success, or an informational "already done" (not an error). */
export function outcomeReply<T>(o: Outcome<T>, data: Record<string, unknown>, extra?: string): Reply {
  const text = [o.text, extra, ...o.warnings].filter(Boolean).join("\n");
  return {
    message: { text, tone: o.warnings.length ? "warning" : o.outcome === "done" ? "success" : "info" },
    data: { outcome: o.outcome, message: o.text, ...data, ...(o.warnings.length ? { warnings: o.warnings } : {}) },
  };
}
