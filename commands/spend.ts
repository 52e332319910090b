// Spend per participation: fee, product cost and commission (an amount, or a share of the
// revenue attributed to the creator), in the campaign's currency.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { money } from "../src/core/campaigns/format.ts";
import { amountOption, opt } from "../src/core/campaigns/fields.ts";
import { spendTotal } from "../src/core/links/service.ts";
import { byOf, slugOption } from "./campaign-common.ts";
import { creatorOption, creatorRef, platformOption } from "./promo.ts";

type Commission = { rate: number; currency: null } | { amount: number; currency: string | null };

const commissionOption = z.string().transform((v, ctx): Commission => {
  const pct = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
  if (pct) {
    const n = Number(pct[1]);
    if (n > 100) {
      ctx.addIssue({ code: "custom", message: `a share of revenue must be 100% or less (got ${v.trim()})` });
      return z.NEVER;
    }
    return { rate: n / 100, currency: null };
  }
  const a = amountOption.safeParse(v);
  if (!a.success) {
    ctx.addIssue({ code: "custom", message: `expects an amount such as 15 or a share of revenue such as 10% (got ${v.trim()})` });
    return z.NEVER;
  }
  return { amount: a.data.amount, currency: a.data.currency };
});

export default defineCommand({
  name: "spend",
  summary: "Record what a creator costs on a campaign: fee, product cost, commission",
  description:
    "Amounts are in the campaign's currency; fields left out keep their value. commission:10% is a share of the revenue attributed to the " +
    "creator (their link and promo code) and follows the conversions as they arrive; commission:15 is a fixed amount. Spend = fee + product + commission.",
  audience: "marketer",
  options: z.object({
    campaign: slugOption,
    creator: creatorOption,
    fee: opt(amountOption).describe("<amount> the creator's fee, e.g. 250"),
    product: opt(amountOption).describe("<amount> the cost of the product sent, e.g. 40"),
    commission: opt(commissionOption).describe("<amount|n%> a fixed commission (15) or a share of attributed revenue (10%)"),
    platform: platformOption,
  }),
  examples: ["/scout spend campaign:spring-launch creator:@ana.cooks fee:250 product:40 commission:10%", "/scout spend campaign:spring-launch creator:@ana.cooks commission:15"],
  async run({ options, services, invocation }) {
    const c = options.commission;
    const r = await services.links.setSpend(
      options.campaign,
      creatorRef(options),
      {
        fee: options.fee?.amount,
        productCost: options.product?.amount,
        commission: c ? ("rate" in c ? { rate: c.rate } : { amount: c.amount }) : undefined,
        currencies: [options.fee?.currency, options.product?.currency, c?.currency].filter((x): x is string => Boolean(x)),
      },
      byOf(invocation),
    );
    const p = r.participation;
    const cur = p.currency;
    const commission =
      r.commissionRate !== null
        ? `${money(p.commission, cur)} (${Math.round(r.commissionRate * 10000) / 100}% of ${money(p.revenue, cur)} attributed revenue so far; updated as conversions arrive)`
        : money(p.commission, cur);
    return {
      message: {
        text: `Spend recorded for @${p.handle} on ${p.campaignSlug}: fee ${money(p.fee, cur)}, product ${money(p.productCost, cur)}, commission ${commission}. Total ${money(spendTotal(p), cur)}.`,
        tone: "success",
      },
      data: {
        campaign: p.campaignSlug,
        participationId: p.participationId,
        handle: p.handle,
        currency: cur,
        fee: p.fee,
        productCost: p.productCost,
        commission: p.commission,
        commissionRate: r.commissionRate,
        total: spendTotal(p),
      },
    };
  },
});
