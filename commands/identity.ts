// A handle is not an identity: a Discord member who names a roster creator's handle (a row without
// their discord_id) is linked only when a marketer confirms it. The buttons on the claim notice run
// these; each is done once (a repeat says who decided it, and when).
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { claimJson } from "../src/core/creators/claims.ts";
import type { Reply } from "../src/core/message.ts";
import { byOf, idOption } from "./campaign-common.ts";
import type { ClaimDecision } from "../src/core/creators/service.ts";

const id = idOption("identity claim", "/scout optins <campaign>");

/** Like a participation's outcome: a success, or an informational "already decided" (not an error). */
const decisionReply = (d: ClaimDecision): Reply => ({
  message: { text: [d.text, ...d.warnings].join("\n"), tone: d.warnings.length ? "warning" : d.outcome === "done" ? "success" : "info" },
  data: { outcome: d.outcome, message: d.text, claim: claimJson(d.claim), ...(d.warnings.length ? { warnings: d.warnings } : {}) },
});

export const identityConfirm = defineCommand({
  name: "identity confirm",
  summary: "Confirm that a Discord member is the roster creator whose handle they gave (links them; their held opt-ins go to the team)",
  audience: "marketer",
  options: z.object({ id }),
  examples: ["/scout identity confirm id:3f0c2a9e-8d1b-4c52-9a57-0b5d1e6f7a21"],
  async run({ options, services, invocation }) {
    return decisionReply(await services.creators.confirmClaim(options.id, byOf(invocation)));
  },
});

export const identityReject = defineCommand({
  name: "identity reject",
  summary: "Reject a Discord member's claim to a roster creator's handle (they stay unlinked and are told privately)",
  audience: "marketer",
  options: z.object({ id }),
  examples: ["/scout identity reject id:3f0c2a9e-8d1b-4c52-9a57-0b5d1e6f7a21"],
  async run({ options, services, invocation }) {
    return decisionReply(await services.creators.rejectClaim(options.id, byOf(invocation)));
  },
});
