// Payouts: payables made when a deliverable is approved (or goes live), payments recorded by a
// marketer (partial payments allowed; a repeat records nothing), the creator told in private,
// tax form on file, and the year's export. Scout records money; it moves none.
import type { By, Campaign } from "../campaigns/types.ts";
import type { CampaignService } from "../campaigns/service.ts";
import { UsageError, UserError } from "../errors.ts";
import type { Message } from "../message.ts";
import type { Notifier } from "../notifier.ts";
import { formatMoney, parseAmount } from "../money.ts";
import { paymentLine, payoutsMessage, who } from "./render.ts";
import { remainingMinor, type Milestone, type Payable, type PayoutStore, type PayoutTerms, type PaymentRecord } from "./types.ts";

export interface PayoutServiceDeps {
  store: PayoutStore;
  campaigns: () => CampaignService;
  notifier: Notifier;
  now(): Date;
}

export interface PayInput {
  id: string;
  amount: string;
  date?: string | undefined;
  method: string;
  reference?: string | undefined;
}

export const today = (d: Date) => d.toISOString().slice(0, 10);

/** "2026-01-12", "today", "yesterday" or "-3d" as a UTC day (the option has checked the form). */
export function resolveDay(v: string | undefined, now: Date): string {
  if (!v || v === "today") return today(now);
  if (v === "yesterday") return today(new Date(now.getTime() - 86_400_000));
  const rel = /^-(\d+)d$/.exec(v);
  return rel ? today(new Date(now.getTime() - Number(rel[1]) * 86_400_000)) : v;
}

export function createPayoutService(deps: PayoutServiceDeps) {
  const { store } = deps;
  const todayNow = () => today(deps.now());

  async function payable(id: string): Promise<Payable> {
    const p = await store.payable(id);
    if (!p) throw new UserError("PAYABLE_NOT_FOUND", `No payable with id ${id}.`, "Ids are in /scout payouts <campaign> --json.");
    return p;
  }

  async function tellCreator(p: Payable, m: Message): Promise<string | null> {
    if (!deps.notifier.toCreator) return null;
    try {
      const ok = await deps.notifier.toCreator({ creatorId: p.creatorId, discordUserId: p.discordUserId, handle: p.handle, platform: p.platform, name: p.displayName }, m);
      return ok ? null : `${who(p)} has no linked Discord account, so they were not messaged; they see it in /mystatus.`;
    } catch (e) {
      return `Saved, but the message to ${who(p)} could not be sent (${(e as Error).message}).`;
    }
  }

  return {
    payable,

    /** After a deliverable moved to `milestone`: the payable, once (null when the campaign pays on the other milestone). */
    async onMilestone(participationId: string, deliverableId: string, milestone: Milestone, at: Date) {
      return store.ensurePayable({ participationId, milestone, deliverableId, at });
    },

    syncAmounts: (participationId: string) => store.syncAmounts(participationId),

    async list(slug: string) {
      const c = await deps.campaigns().get(slug);
      const [terms, list] = await Promise.all([store.terms(c.id), store.payables(c.id)]);
      return { campaign: c, terms, payables: list, message: payoutsMessage(c, terms, list, todayNow()) };
    },

    async setTerms(slug: string, t: Partial<PayoutTerms>, by: By): Promise<{ campaign: Campaign; terms: PayoutTerms }> {
      const c = await deps.campaigns().get(slug);
      return { campaign: c, terms: await store.setTerms(c.id, t, by, deps.now()) };
    },

    /** Records a payment. Refuses a bad amount, another currency, more than is due, a future date; a repeat is "already". */
    async pay(input: PayInput, by: By): Promise<{ outcome: "done" | "already"; text: string; payable: Payable; payment: PaymentRecord; warnings: string[] }> {
      const p = await payable(input.id);
      const amount = parseAmount(input.amount, p.currency);
      if (!amount.ok) throw new UsageError(`amount ${amount.error}`, undefined, undefined, { amount: amount.error });
      if (amount.minor <= 0) throw new UsageError("amount must be more than zero", undefined, undefined, { amount: "must be more than zero" });
      const paidOn = resolveDay(input.date, deps.now());
      if (paidOn > todayNow()) throw new UsageError(`date ${paidOn} is in the future; record a payment once it is made`, undefined, undefined, { date: "is in the future" });
      const r = await store.pay({ payableId: p.id, amountMinor: amount.minor, currency: p.currency, paidOn, method: input.method, reference: input.reference ?? "", by, at: deps.now() });
      const t = todayNow();
      if (r.status === "not_found") throw new UserError("PAYABLE_NOT_FOUND", `No payable with id ${input.id}.`);
      if (r.status === "currency") throw new UsageError(`this payable is in ${r.payable.currency}`, undefined, undefined, { amount: `give it in ${r.payable.currency}` });
      if (r.status === "nothing_due")
        throw new UserError("NOTHING_DUE", `${who(r.payable)} is already paid in full on ${r.payable.campaignSlug} (${formatMoney(r.payable.paidMinor, r.payable.currency)}); nothing was recorded.`, `See /scout payouts ${r.payable.campaignSlug}.`);
      if (r.status === "too_much") {
        const rest = formatMoney(remainingMinor(r.payable), r.payable.currency);
        throw new UsageError(`amount ${formatMoney(amount.minor, r.payable.currency)} is more than the ${rest} still due to ${who(r.payable)}; nothing was recorded`, undefined, undefined, {
          amount: `is more than the ${rest} still due`,
        });
      }
      const line = paymentLine(r.payment, t);
      const rest = remainingMinor(r.payable);
      const restText = rest ? `${formatMoney(rest, r.payable.currency)} is still due by ${r.payable.dueOn}.` : "Paid in full.";
      if (r.status === "duplicate")
        return { outcome: "already", text: `That payment to ${who(r.payable)} was already recorded: ${line}. ${restText}`, payable: r.payable, payment: r.payment, warnings: [] };
      const warning = await tellCreator(r.payable, {
        title: `Payment from ${r.payable.campaignName}`,
        text: `${line} for ${r.payable.campaignName}. ${rest ? `${formatMoney(rest, r.payable.currency)} is still to come (due ${r.payable.dueOn}).` : "You are paid in full for this campaign."} Ask /mystatus at any time.`,
        ephemeral: true,
        tone: "success",
      });
      return { outcome: "done", text: `Recorded for ${who(r.payable)} on ${r.payable.campaignSlug}: ${line}. ${restText}`, payable: r.payable, payment: r.payment, warnings: warning ? [warning] : [] };
    },

    forCreator: (creatorId: string) => store.forCreator(creatorId),
    /** Payables with something still to pay, due before today (or `at`'s day). */
    overdue: (at?: Date) => store.overdue(today(at ?? deps.now())),
    /** Records whether a tax form is on file (never the form): the creator is found by handle. */
    async setTaxForm(handle: string, platform: string | undefined, onFile: boolean, on: string | undefined, by: By) {
      const found = await store.creatorsByHandle(handle, platform);
      const name = `@${handle.replace(/^@+/, "")}`;
      if (!found.length) throw new UserError("CREATOR_NOT_FOUND", `No creator ${name} in the roster.`, "Check the spelling, or import them with /scout roster import.");
      const creators = new Set(found.map((f) => f.creatorId));
      if (creators.size > 1)
        throw new UsageError(`${name} is on ${found.map((f) => f.platform).join(" and ")} as different creators; add platform:${found[0]!.platform} (or another) to choose`, undefined, undefined, {
          platform: "choose the platform",
        });
      const date = resolveDay(on, deps.now());
      if (date > todayNow()) throw new UsageError(`date ${date} is in the future`, undefined, undefined, { date: "is in the future" });
      const status = await store.setTaxForm(found[0]!.creatorId, onFile, date, by, deps.now());
      return { creator: found[0]!, status };
    },
    year: (year: number) => store.year(year),
    today: todayNow,
  };
}

export type PayoutService = ReturnType<typeof createPayoutService>;
