// Promo codes and spend per participation, and the public address of tracked links. The store
// keeps promo codes unique (a taken code changes nothing) and records every change.
import { UserError, UsageError } from "../errors.ts";
import type { By } from "../campaigns/types.ts";
import { generatePromo, normalizePromo, trackedUrl } from "./code.ts";
import type { ParticipationTarget, PromoSpendRecords, Spend } from "./types.ts";

export interface CreatorRefInput {
  handle: string;
  platform?: string | undefined;
}

export interface SpendInput {
  fee?: number | undefined;
  productCost?: number | undefined;
  /** An amount in the campaign's currency, or a share of the attributed revenue. */
  commission?: { amount: number } | { rate: number } | undefined;
  /** Currencies typed with the amounts ("250 EUR"): each must be the campaign's. */
  currencies?: string[];
}

export interface LinkService {
  /** PUBLIC_BASE_URL (or http://localhost:PORT). */
  baseUrl: string;
  urlFor(code: string): string;
  setPromo(slug: string, who: CreatorRefInput, code: string, by: By): Promise<{ outcome: "done" | "already"; participation: ParticipationTarget; code: string }>;
  /** A new code only when the creator has none: an existing code is kept ("already"), since orders may already use it. */
  generatePromo(slug: string, who: CreatorRefInput, by: By): Promise<{ outcome: "done" | "already"; participation: ParticipationTarget; code: string }>;
  setSpend(slug: string, who: CreatorRefInput, spend: SpendInput, by: By): Promise<{ participation: ParticipationTarget; commissionRate: number | null }>;
}

const NO_PROMO = ["declined", "withdrawn"];

export function createLinkService(deps: { store: PromoSpendRecords; baseUrl: string; now(): Date }): LinkService {
  const { store } = deps;

  async function find(slug: string, who: CreatorRefInput): Promise<ParticipationTarget> {
    const handle = who.handle.replace(/^@+/, "").toLowerCase();
    const found = await store.findParticipations(slug, handle, who.platform);
    if (!found) throw new UserError("CAMPAIGN_NOT_FOUND", `No campaign named ${slug}.`, "Try /scout campaign list.");
    if (!found.length)
      throw new UserError("PARTICIPATION_NOT_FOUND", `@${handle} does not take part in ${slug}.`, `/scout optins ${slug} lists who does.`);
    if (found.length > 1) {
      const on = found.map((p) => p.platform ?? "?").sort();
      throw new UsageError(`@${handle} is on ${on.join(" and ")}; add platform:${on[0]} to choose`, undefined, undefined, { platform: "choose one" });
    }
    return found[0]!;
  }

  function promoAllowed(p: ParticipationTarget) {
    if (p.campaignStatus === "closed") throw new UserError("CAMPAIGN_CLOSED", `${p.campaignName} (${p.campaignSlug}) is closed; its promo codes no longer change.`);
    if (NO_PROMO.includes(p.status))
      throw new UserError("NOT_ALLOWED_TRANSITION", `@${p.handle} is ${p.status} on ${p.campaignSlug}; promo codes are for creators taking part.`);
  }

  const taken = (code: string) =>
    new UserError("PROMO_TAKEN", `The promo code ${code} is already used by another creator or campaign.`, "Choose another code, or use /scout promo generate for a unique one.");

  return {
    baseUrl: deps.baseUrl,
    urlFor: (code) => trackedUrl(deps.baseUrl, code),

    async setPromo(slug, who, raw, by) {
      const n = normalizePromo(raw);
      if (!n.ok) throw new UsageError(`code: ${n.reason}`, undefined, undefined, { code: n.reason });
      const p = await find(slug, who);
      promoAllowed(p);
      if (p.promoCode === n.code) return { outcome: "already", participation: p, code: n.code };
      const r = await store.setPromo(p.participationId, n.code, by, deps.now());
      if (r === "taken") throw taken(n.code);
      if (typeof r === "object") throw new Error("setPromo kept a code without onlyIfNone");
      return { outcome: r === "same" ? "already" : "done", participation: { ...p, promoCode: n.code }, code: n.code };
    },

    async generatePromo(slug, who, by) {
      const p = await find(slug, who);
      promoAllowed(p);
      if (p.promoCode) return { outcome: "already", participation: p, code: p.promoCode };
      for (let i = 0; i < 8; i++) {
        const code = generatePromo(p.handle ?? p.displayName, p.campaignSlug);
        const r = await store.setPromo(p.participationId, code, by, deps.now(), { onlyIfNone: true });
        // Another request gave the creator a code meanwhile: that one stays.
        if (typeof r === "object") return { outcome: "already", participation: { ...p, promoCode: r.kept }, code: r.kept };
        if (r !== "taken") return { outcome: "done", participation: { ...p, promoCode: code }, code };
      }
      throw new UserError("PROMO_TAKEN", "Could not find a free promo code after several tries.", "Set one yourself with /scout promo set.");
    },

    async setSpend(slug, who, spend, by) {
      const p = await find(slug, who);
      const other = (spend.currencies ?? []).find((c) => c !== p.currency);
      if (other)
        throw new UsageError(`spend is recorded in the campaign's currency, ${p.currency}; got ${other}`, undefined, undefined, { fee: `amounts are in ${p.currency}` });
      const patch: Partial<Spend> & { commissionRate?: number | null } = {};
      if (spend.fee !== undefined) patch.fee = spend.fee;
      if (spend.productCost !== undefined) patch.productCost = spend.productCost;
      let rate: number | null = null;
      if (spend.commission && "amount" in spend.commission) {
        patch.commission = spend.commission.amount;
        patch.commissionRate = null;
      } else if (spend.commission) {
        rate = spend.commission.rate;
        // A share of revenue: the amount follows the conversions (recomputed as they arrive).
        patch.commission = Math.round(rate * p.revenue * 100) / 100;
        patch.commissionRate = rate;
      }
      if (!Object.keys(patch).length) throw new UsageError("give at least one of fee:, product: or commission:", undefined, undefined, { fee: "give fee:, product: or commission:" });
      const after = await store.setSpend(p.participationId, patch, by, deps.now());
      return { participation: after, commissionRate: rate };
    },
  };
}

export const spendTotal = (s: Spend) => (s.fee ?? 0) + (s.productCost ?? 0) + (s.commission ?? 0);
