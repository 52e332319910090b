// Discord interaction payloads for the journey-load benchmark, as the gateway delivers them: a
// creator (guild member with the creator role) clicking a button, submitting the opt-in modal or
// running a slash command in the creators' channel.
import { clickParts, interactionPayload, slashData, submitData } from "../../test/fakes/discord-interactions.ts";

export type Payload = Record<string, unknown> & { id: string; token: string };

/** The Discord user id of bench creator i. */
export const discordUser = (i: number) => String(1300000000000000000n + BigInt(i));

function interaction(type: 2 | 3 | 5, i: number, data: Record<string, unknown>, extra: Record<string, unknown> = {}): Payload {
  const { payload } = interactionPayload(type, data, { user: discordUser(i), name: `creator${i}` }, extra);
  return payload as Payload;
}

export function click(i: number, customId: string): Payload {
  const { data, extra } = clickParts(customId);
  return interaction(3, i, data, extra);
}

/** The opt-in form filled in by creator i, who is @handle on Instagram. */
export function optInSubmit(i: number, modal: string, handle: string): Payload {
  return interaction(5, i, submitData(modal, { handle: `@${handle}`, platform: ["instagram"], followers: String(5000 + i), rate: String(100 + (i % 50) * 5), disclose: ["yes"] }));
}

export function slash(i: number, name: string, options: Record<string, string> = {}): Payload {
  return interaction(2, i, slashData(name, options));
}
