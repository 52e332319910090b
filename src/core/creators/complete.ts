// Autocomplete for creator commands (Discord): the actor's own campaigns and deliverable links,
// never anyone else's. Failing look-ups suggest nothing rather than erroring while someone types.
import type { Choice, CompleteContext } from "../command.ts";
import type { MyParticipation } from "./types.ts";

const MAX_CHOICES = 25;

async function mine(ctx: CompleteContext): Promise<MyParticipation[]> {
  if (ctx.surface !== "discord") return [];
  try {
    return (await ctx.services.creators.participations({ kind: "discord", discordUserId: ctx.actor.id, name: ctx.actor.name })).participations;
  } catch {
    return [];
  }
}

const matches = (typed: string, ...texts: string[]) => {
  const t = typed.trim().toLowerCase();
  return !t || texts.some((x) => x.toLowerCase().includes(t));
};

/** The actor's approved campaigns (those that take deliverables) matching what they typed. */
export async function completeMyCampaigns(ctx: CompleteContext): Promise<Choice[]> {
  return (await mine(ctx))
    .filter((p) => p.status === "approved" && p.campaign.status !== "closed" && matches(ctx.typed, p.campaign.slug, p.campaign.name))
    .slice(0, MAX_CHOICES)
    .map((p) => ({ value: p.campaign.slug, label: `${p.campaign.name} (${p.campaign.slug})`.slice(0, 100) }));
}

/** The actor's deliverable links matching what they typed. */
export async function completeMyLinks(ctx: CompleteContext): Promise<Choice[]> {
  return (await mine(ctx))
    .flatMap((p) => p.deliverables.map((d) => ({ d, p })))
    .filter(({ d, p }) => d.url.length <= 100 && matches(ctx.typed, d.url, p.campaign.slug))
    .slice(0, MAX_CHOICES)
    .map(({ d, p }) => ({ value: d.url, label: `${p.campaign.slug}: ${d.url}`.slice(0, 100) }));
}
