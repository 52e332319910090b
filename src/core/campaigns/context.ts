// What the campaign operations share: the store, the notifier, the clock, look-ups that refuse
// clearly, notices that never undo a saved change, and how a guarded change becomes an outcome.
import { UsageError, UserError } from "../errors.ts";
import type { Message } from "../message.ts";
import type { Notice, Notifier, Posted } from "../notifier.ts";
import { trackedUrl } from "../links/code.ts";
import { byWhen, statusWord } from "./format.ts";
import type { Blocked, Campaign, CampaignStore, CreatorLookup, Participation, StepResult } from "./types.ts";

/** The result of a change: done now, or found already done (not an error). */
export interface Outcome<T> {
  outcome: "done" | "already";
  /** One sentence for people: "Approved @ana (instagram).", "Already approved by Mia at 10:02 UTC." */
  text: string;
  value: T;
  campaign: Campaign;
  /** What went wrong after the change was saved (a notice that could not be sent). */
  warnings: string[];
}

export interface CampaignServiceDeps {
  store: CampaignStore;
  notifier: Notifier;
  now(): Date;
  /** Where tracked links point: PUBLIC_BASE_URL (default http://localhost:3000). */
  publicBaseUrl?: string | undefined;
}

export const notFound = (slug: string) => new UserError("CAMPAIGN_NOT_FOUND", `No campaign named ${slug}.`, "Try /scout campaign list.");
export const closed = (c: Campaign, what: string) =>
  new UserError("CAMPAIGN_CLOSED", `${c.name} (${c.slug}) is closed${c.closedAt ? ` since ${c.closedAt.toISOString().slice(0, 10)}` : ""}; it takes no ${what}.`, "A closed campaign is kept for reporting only.");
export const label = (c: { name: string; slug: string }) => `${c.name} (${c.slug})`;
export const refused = (r: { reason: string; hint?: string }) => new UserError("NOT_ALLOWED_TRANSITION", r.reason, r.hint);

export type Ctx = ReturnType<typeof createContext>;

export function createContext(deps: CampaignServiceDeps) {
  const { store, notifier } = deps;
  const now = () => deps.now();
  const linkUrl = (code: string) => trackedUrl(deps.publicBaseUrl ?? "http://localhost:3000", code);

  async function get(slug: string): Promise<Campaign> {
    const c = await store.findBySlug(slug);
    if (!c) throw notFound(slug);
    return c;
  }

  /** Sends a notice; a failure is reported as a warning, since the change itself is saved. */
  async function send<T>(what: string, fn: () => Promise<T>, warnings: string[]): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      warnings.push(`Saved, but ${what} could not be sent (${(e as Error).message}).`);
      return undefined;
    }
  }

  async function toMarketers(n: Notice, save: (p: Posted) => Promise<void>, warnings: string[]) {
    const posted = await send("the notice to the team", () => notifier.toMarketers(n), warnings);
    if (posted) await save(posted);
  }

  async function toCreator(p: Participation, m: Message, warnings: string[]) {
    if (!notifier.toCreator) return;
    await send("the message to the creator", () => notifier.toCreator!(
        {
          creatorId: p.creator.creatorId,
          discordUserId: p.creator.discordUserId,
          handle: p.creator.account?.handle ?? null,
          platform: p.creator.account?.platform ?? null,
          name: p.creator.displayName,
        },
        m,
      ), warnings);
  }

  async function findCreator(who: CreatorLookup) {
    const found = await store.findAccounts(who);
    const whoText = "handle" in who ? `@${who.handle.replace(/^@+/, "")}${who.platform ? ` on ${who.platform}` : ""}` : "that creator";
    if (!found.length) throw new UserError("CREATOR_NOT_FOUND", `No creator ${whoText} in the roster.`, "Import them with /scout roster import, or check the spelling.");
    const creators = new Set(found.map((a) => a.creatorId));
    if (creators.size > 1) {
      const on = [...new Set(found.map((a) => a.platform))].sort();
      throw new UsageError(`${whoText} is on ${on.join(" and ")}; add platform:${on[0]} (or another) to choose`, undefined, undefined, {
        platform: `${whoText} is on ${on.join(" and ")}; choose one`,
      });
    }
    return found[0]!;
  }

  async function participation(id: string) {
    const p = await store.participation(id);
    if (!p) throw new UserError("PARTICIPATION_NOT_FOUND", `No participation with id ${id}.`, "Ids are in /scout optins <campaign> --json.");
    const c = await store.findById(p.campaignId);
    if (!c) throw new UserError("PARTICIPATION_NOT_FOUND", `No participation with id ${id}.`);
    return { participation: p, campaign: c };
  }

  function interpret<T>(
    r: StepResult<T>,
    status: string,
    step: { done: string[] },
    campaign: Campaign,
    doneText: string,
    alreadyText: (when: string) => string,
    refusal: (when: string) => { reason: string; hint?: string },
  ): Outcome<T> {
    const when = byWhen(r.last, now());
    if (r.changed) return { outcome: "done", text: doneText, value: r.row, campaign, warnings: [] };
    if (step.done.includes(status)) return { outcome: "already", text: alreadyText(when), value: r.row, campaign, warnings: [] };
    throw refused(refusal(when));
  }

  function blockedError(b: Blocked, c: Campaign, what: string): UserError {
    if (b.blocked.of === "campaign") {
      if (b.blocked.status === "closed") return closed({ ...c, status: "closed" }, what);
      if (b.blocked.status === "deleted") return notFound(c.slug);
      return new UserError("CAMPAIGN_NOT_OPEN", `${c.name} (${c.slug}) is still a draft; it takes no ${what} until it opens.`, `Open it with /scout brief post ${c.slug}.`);
    }
    return refused({ reason: `This creator is ${statusWord(b.blocked.status)} on ${c.slug}, not approved; only approved creators submit deliverables.` });
  }

  return { store, notifier, now, linkUrl, get, send, toMarketers, toCreator, findCreator, participation, interpret, blockedError };
}
