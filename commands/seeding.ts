// Product seeding (issue 17): the marketer lists a campaign's products and records shipments in
// Slack; the creator picks a variant and confirms receipt in Discord. Scout stores no shipping
// address (the team's shop or 3PL holds it); a product's value counts as product cost in spend.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply, type Section } from "../src/core/message.ts";
import { opt } from "../src/core/campaigns/fields.ts";
import { asOption, campaignOption } from "../src/core/creators/fields.ts";
import { identityOf } from "../src/core/creators/identity.ts";
import { completeMyCampaigns } from "../src/core/creators/complete.ts";
import { parseAmount, formatMoney } from "../src/core/money.ts";
import { productLine, UNCONFIRMED_AFTER_DAYS, whoShip } from "../src/core/seeding/service.ts";
import type { Shipment } from "../src/core/seeding/types.ts";
import { UsageError } from "../src/core/errors.ts";
import { byOf, idOption, slugOption } from "./campaign-common.ts";

const shipmentId = idOption("shipment", "/scout products <campaign>");
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export const shipmentJson = (s: Shipment) => ({
  id: s.id,
  campaign: s.campaignSlug,
  handle: s.handle,
  product: s.product.name,
  variant: s.variant,
  status: s.status,
  carrier: s.carrier,
  tracking: s.tracking,
  shippedAt: s.shippedAt?.toISOString() ?? null,
  receivedAt: s.receivedAt?.toISOString() ?? null,
});

export const productsList = defineCommand({
  name: "products",
  summary: "A campaign's products, who picked which variant, what was shipped and received (with Record shipment buttons)",
  description:
    "Scout stores no shipping address: ship from your shop or 3PL, then record the carrier and tracking number here. The creator gets the tracking " +
    `number in a private message and confirms receipt; shipments not confirmed ${UNCONFIRMED_AFTER_DAYS} days after shipping appear in the digest.`,
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption }),
  examples: ["/scout products spring-launch"],
  async run({ options, services }) {
    const { campaign, products, shipments } = await services.seeding.list(options.slug);
    const now = services.now().getTime();
    const late = (s: Shipment) => s.status === "shipped" && s.shippedAt && now - s.shippedAt.getTime() > UNCONFIRMED_AFTER_DAYS * 86_400_000;
    const sections: Section[] = shipments.map((s) => ({
      title: `${whoShip(s)}: ${s.product.name} (${s.variant})`,
      text:
        s.status === "chosen"
          ? "picked, not shipped yet"
          : s.status === "shipped"
            ? `shipped ${day(s.shippedAt)} with ${s.carrier}, tracking ${s.tracking}${late(s) ? ` — NOT CONFIRMED after ${UNCONFIRMED_AFTER_DAYS} days` : ", waiting for the creator to confirm receipt"}`
            : `received ${day(s.receivedAt)} (shipped ${day(s.shippedAt)} with ${s.carrier}, tracking ${s.tracking})`,
      ...(s.status === "chosen" ? { actions: [{ id: `ship-${s.id}`, label: "Record shipment", style: "primary" as const, value: `products ship id:${s.id}` }] } : {}),
    }));
    const text = products.length
      ? `Products: ${products.map(productLine).join("; ")}. Creators pick a variant with /pick in Discord. Scout stores no shipping addresses. ` +
        `Product cost in spend is the value of the products shipped to each creator.`
      : `${campaign.name} offers no products yet: add one with /scout products add ${campaign.slug} name:"Glow serum" variants:"30ml,50ml" value:40`;
    return reply({ title: `Products for ${campaign.name}`, text, sections }, { campaign: campaign.slug, products, shipments: shipments.map(shipmentJson) });
  },
});

export const productsAdd = defineCommand({
  name: "products add",
  summary: "Offer a product on a campaign: its name, variants (sizes, shades) and value (counted as product cost)",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({
    slug: slugOption,
    name: z.string({ message: 'expects the product\'s name, e.g. name:"Glow serum"' }).trim().min(1, { message: "is empty" }).max(100, { message: "is too long (at most 100 characters)" }).describe("<text> the product's name"),
    variants: opt(
      z
        .string()
        .transform((v) => [...new Set(v.split(",").map((x) => x.trim()).filter(Boolean))])
        .refine((v) => v.length <= 25 && v.every((x) => x.length <= 50), { message: "at most 25 variants of up to 50 characters" }),
    ).describe("<list> comma-separated, e.g. \"30ml,50ml\""),
    value: z.string({ message: "expects the product's value, e.g. value:40" }).trim().min(1, { message: "expects the product's value, e.g. value:40" }).describe("<amount> its value in the campaign's currency, e.g. 40"),
  }),
  examples: ['/scout products add spring-launch name:"Glow serum" variants:"30ml,50ml" value:40'],
  async run({ options, services, invocation }) {
    const c = await services.campaigns.get(options.slug);
    const v = parseAmount(options.value, c.currency);
    if (!v.ok) throw new UsageError(`value ${v.error}`, undefined, undefined, { value: v.error });
    const r = await services.seeding.addProduct(options.slug, { name: options.name, variants: options.variants ?? [], valueMinor: v.minor }, byOf(invocation));
    const text = r.created
      ? `Added ${productLine(r.product)} to ${r.campaign.slug}. ${r.offered ? `${r.offered} approved creator${r.offered === 1 ? " was" : "s were"} sent a private message to pick a variant; creators` : "Creators"} approved later are offered it when approved; they can also use /pick campaign:${r.campaign.slug}${r.product.variants.length ? ` variant:${r.product.variants[0]}` : ""}.`
      : `${r.campaign.slug} already offers ${productLine(r.product)}; nothing changed.`;
    return {
      message: { text: [text, ...r.warnings].join("\n"), tone: r.warnings.length ? "warning" : r.created ? "success" : "info" },
      data: { outcome: r.created ? "done" : "already", product: r.product, offered: r.offered },
    };
  },
});

export const productsShip = defineCommand({
  name: "products ship",
  summary: "Record that a creator's product was shipped (carrier, tracking); they get the tracking number by DM",
  audience: "marketer",
  options: z.object({
    id: shipmentId,
    carrier: opt(z.string().trim().max(50, { message: "is too long (at most 50 characters)" })).describe("<text> e.g. DHL, UPS, La Poste"),
    tracking: opt(z.string().trim().regex(/^[A-Za-z0-9 -]{4,40}$/, { message: "expects 4 to 40 letters, digits, spaces or hyphens" })).describe("<text> the tracking number"),
  }),
  examples: ["/scout products ship id:7b1e4f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b carrier:DHL tracking:JD014600003828"],
  async run({ options, services, invocation }) {
    if (!options.carrier || !options.tracking) {
      const s = await services.seeding.shipment(options.id);
      const form = {
        title: "Record shipment",
        submitLabel: "Record",
        command: "products ship",
        hidden: { id: options.id },
        fields: [
          { key: "carrier", label: "Carrier", kind: "text" as const, required: true, hint: "e.g. DHL, UPS, La Poste", ...(options.carrier ? { initial: options.carrier } : {}) },
          { key: "tracking", label: "Tracking number", kind: "text" as const, required: true, hint: `${whoShip(s)} gets it by private message`, ...(options.tracking ? { initial: options.tracking } : {}) },
        ],
      };
      return reply({ title: "Record shipment", text: `Record the shipment of ${s.product.name} (${s.variant}) to ${whoShip(s)}, e.g. /scout products ship id:${s.id} carrier:DHL tracking:JD014600003828`, form, ephemeral: true }, { form, shipment: shipmentJson(s) });
    }
    const r = await services.seeding.ship(options.id, options.carrier, options.tracking, byOf(invocation));
    const s = r.shipment;
    const text =
      r.outcome === "done"
        ? `Recorded: ${s.product.name} (${s.variant}) shipped to ${whoShip(s)} with ${s.carrier}, tracking ${s.tracking}. Product cost for ${whoShip(s)} on ${s.campaignSlug} is now ${formatMoney(s.product.valueMinor, s.product.currency)} or more (the value of what was shipped).`
        : `Already recorded: ${s.product.name} shipped to ${whoShip(s)} with ${s.carrier}, tracking ${s.tracking}.`;
    return { message: { text: [text, ...r.warnings].join("\n"), tone: r.warnings.length ? "warning" : r.outcome === "done" ? "success" : "info" }, data: { outcome: r.outcome, shipment: shipmentJson(s) } };
  },
});

export const pick = defineCommand({
  name: "pick",
  summary: "Pick the product variant (size, shade...) the brand sends you; Scout never asks for your address",
  audience: "creator",
  options: z.object({
    campaign: campaignOption,
    variant: z.string({ message: "expects the variant, e.g. variant:50ml" }).trim().min(1, { message: "expects the variant, e.g. variant:50ml" }).max(50).describe("<text> the variant you want, e.g. 50ml"),
    product: opt(z.string().trim().max(100)).describe("<text> which product, when the campaign offers several"),
    as: asOption,
  }),
  examples: ["/pick campaign:spring-launch variant:50ml", "/scout pick campaign:spring-launch variant:50ml as:@ana.cooks"],
  complete: { campaign: completeMyCampaigns },
  async run({ options, services, invocation }) {
    const r = await services.seeding.pick(identityOf(invocation, options.as), options.campaign, options.product, options.variant, byOf(invocation));
    const s = r.shipment;
    const text =
      r.status === "same"
        ? `You already picked ${s.product.name} (${s.variant}) for ${s.campaignName}.`
        : `${r.status === "changed" ? "Changed to" : "Picked"} ${s.product.name} (${s.variant}) for ${s.campaignName}. The brand ships it from their own shop and sends you the tracking number here; Scout never stores your address.`;
    return { message: { text, tone: r.status === "same" ? "info" : "success", ephemeral: true }, data: { outcome: r.status === "same" ? "already" : "done", shipment: shipmentJson(s) } };
  },
});

export const received = defineCommand({
  name: "received",
  summary: "Confirm a product the brand shipped you has arrived (the I got it button)",
  audience: "creator",
  options: z.object({ id: shipmentId, as: asOption }),
  examples: ["/scout received id:7b1e4f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b as:@ana.cooks"],
  async run({ options, services, invocation }) {
    const r = await services.seeding.receive(identityOf(invocation, options.as), options.id, byOf(invocation));
    const s = r.shipment;
    const text = r.outcome === "done" ? `Thanks! ${s.product.name} (${s.variant}) marked as received; the brand's team is told.` : `${s.product.name} was already marked as received.`;
    return { message: { text: [text, ...r.warnings].join("\n"), tone: r.outcome === "done" ? "success" : "info", ephemeral: true }, data: { outcome: r.outcome, shipment: shipmentJson(s) } };
  },
});
