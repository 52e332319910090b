// Product seeding (issue 17): a campaign's products, the variant a creator picks (in Discord), the
// shipment a marketer records (in Slack) with the tracking number sent to the creator by DM, and the
// creator's "I got it" button. Scout stores no shipping address.
import type { By } from "../campaigns/types.ts";
import type { CampaignService } from "../campaigns/service.ts";
import type { CreatorService } from "../creators/service.ts";
import type { CreatorIdentity } from "../creators/types.ts";
import { UsageError, UserError } from "../errors.ts";
import type { Message, Section } from "../message.ts";
import type { Notifier } from "../notifier.ts";
import { formatMoney } from "../money.ts";
import type { OfferTarget, Product, SeedingStore, Shipment } from "./types.ts";

export const UNCONFIRMED_AFTER_DAYS = 10;

export interface SeedingDeps {
  store: SeedingStore;
  campaigns: () => CampaignService;
  creators: () => CreatorService;
  notifier: Notifier;
  now(): Date;
}

export const whoShip = (s: Pick<Shipment, "handle" | "displayName">) => (s.handle ? `@${s.handle}` : s.displayName);
const PICKABLE = ["opted_in", "approved", "paid"];

export function createSeedingService(deps: SeedingDeps) {
  const { store } = deps;

  async function shipment(id: string) {
    const s = await store.shipment(id);
    if (!s) throw new UserError("SHIPMENT_NOT_FOUND", `No shipment with id ${id}.`, "Ids are in /scout products <campaign> --json.");
    return s;
  }

  function receivedButton(s: Shipment) {
    return { id: `received-${s.id}`, label: "I got it", style: "primary" as const, value: `received id:${s.id}` };
  }

  async function tell(s: Shipment, m: Message): Promise<string | null> {
    if (!deps.notifier.toCreator) return null;
    try {
      const ok = await deps.notifier.toCreator({ creatorId: s.creatorId, discordUserId: s.discordUserId, handle: s.handle, platform: s.platform, name: s.displayName }, m);
      return ok ? null : `${whoShip(s)} has no linked Discord account, so they were not messaged; they see the tracking number in /mystatus.`;
    } catch (e) {
      return `Saved, but the message to ${whoShip(s)} could not be sent (${(e as Error).message}).`;
    }
  }

  /** The creator's own shipment, or SHIPMENT_NOT_FOUND (another creator's id says nothing about it). */
  async function mine(identity: CreatorIdentity, id: string) {
    const { creator } = await deps.creators().participations(identity);
    const s = await store.shipment(id);
    if (!s || !creator || s.creatorId !== creator.creatorId) throw new UserError("SHIPMENT_NOT_FOUND", `No shipment of yours with id ${id}.`, "Your shipments are in /mystatus.");
    return s;
  }

  /** Tells approved creators they have a product to pick, with a button per variant (at most 5). */
  async function offer(targets: OfferTarget[]): Promise<string[]> {
    const warnings: string[] = [];
    for (const t of targets) {
      if (!deps.notifier.toCreator) break;
      const q = (v: string) => (/[\s"]/.test(v) ? `"${v.replace(/"/g, '\\"')}"` : v);
      const variants = t.product.variants.length ? t.product.variants : ["standard"];
      const line = `pick campaign:${t.campaignSlug} product:${q(t.product.name)}`;
      try {
        await deps.notifier.toCreator(
          { creatorId: t.creatorId, discordUserId: t.discordUserId, handle: t.handle, platform: t.platform, name: t.displayName },
          {
            title: `Pick your ${t.product.name}`,
            text:
              `${t.campaignName} sends you ${t.product.name} (value ${formatMoney(t.product.valueMinor, t.product.currency)}). ` +
              `${t.product.variants.length ? "Pick the variant you want" : "Press the button to have it sent"}; the brand ships it from their own shop and sends you the tracking number here. Scout never asks for your address.` +
              (t.product.variants.length > 5 ? ` Other variants: /pick campaign:${t.campaignSlug} variant:<one of ${t.product.variants.join(", ")}>` : ""),
            actions: variants.slice(0, 5).map((v, i) => ({ id: `pick-${t.product.id}-${i}`, label: t.product.variants.length ? v.slice(0, 80) : "Send it", style: "primary" as const, value: `${line} variant:${q(v)}` })),
            ephemeral: true,
          },
        );
      } catch (e) {
        warnings.push(`${whoShip(t)} could not be told about ${t.product.name} (${(e as Error).message}); they see it in /mystatus.`);
      }
    }
    return warnings;
  }

  return {
    shipment,
    receivedButton,
    /** After an approval: the creator is offered the campaign's products to pick. */
    offerTo: async (participationId: string) => offer(await store.toOffer({ participationId })),

    async addProduct(slug: string, p: { name: string; variants: string[]; valueMinor: number }, by: By) {
      const c = await deps.campaigns().get(slug);
      if (c.status === "closed") throw new UserError("CAMPAIGN_CLOSED", `${c.name} (${c.slug}) is closed; it takes no new products.`);
      const r = await store.addProduct(c.id, { ...p, currency: c.currency }, by, deps.now());
      // Creators already approved are offered it at once (a repeat offers nothing new).
      const offered = r.created ? await store.toOffer({ campaignId: c.id, productId: r.product.id }) : [];
      const warnings = await offer(offered);
      return { campaign: c, ...r, offered: offered.length, warnings };
    },

    async list(slug: string) {
      const c = await deps.campaigns().get(slug);
      const [products, shipments] = await Promise.all([store.products(c.id), store.shipments(c.id)]);
      return { campaign: c, products, shipments };
    },

    /** A creator picks a variant: the product and variant must exist (case-insensitive), the creator must take part. */
    async pick(identity: CreatorIdentity, slug: string, productName: string | undefined, variant: string, by: By) {
      const { participations } = await deps.creators().participations(identity);
      const p = participations.find((x) => x.campaign.slug === slug);
      if (!p) throw new UserError("PARTICIPATION_NOT_FOUND", `You are not taking part in ${slug}.`, "Your campaigns are in /mystatus.");
      if (!PICKABLE.includes(p.status)) throw new UserError("NOT_ALLOWED_TRANSITION", `You are ${p.status.replace("_", " ")} on ${slug}; only creators taking part pick a product.`);
      if (p.campaign.status === "closed") throw new UserError("CAMPAIGN_CLOSED", `${p.campaign.name} is closed; it sends no more products.`);
      const products = await store.products(p.campaign.id);
      if (!products.length) throw new UserError("NO_PRODUCTS", `${p.campaign.name} offers no products to pick.`);
      let product: Product | undefined;
      if (productName) product = products.find((x) => x.name.toLowerCase() === productName.trim().toLowerCase());
      else if (products.length === 1) product = products[0];
      if (!product)
        throw new UsageError(
          productName ? `product: ${p.campaign.name} offers no product "${productName}"; it offers ${products.map((x) => x.name).join(", ")}` : `product: say which one: ${products.map((x) => x.name).join(", ")}`,
          undefined,
          undefined,
          { product: `one of ${products.map((x) => x.name).join(", ")}` },
        );
      const v = product.variants.length ? product.variants.find((x) => x.toLowerCase() === variant.trim().toLowerCase()) : variant.trim() || "standard";
      if (!v)
        throw new UsageError(`variant: ${product.name} comes in ${product.variants.join(", ")}; there is no "${variant}"`, undefined, undefined, { variant: `one of ${product.variants.join(", ")}` });
      const r = await store.pick(p.id, product.id, v, by, deps.now());
      if (r.status === "shipped")
        throw new UserError("ALREADY_SHIPPED", `${product.name} (${r.shipment.variant}) was already shipped to you${r.shipment.tracking ? `, tracking ${r.shipment.tracking}` : ""}; the variant can no longer change.`, "Reply to the brand's team if something is wrong.");
      return r;
    },

    async ship(id: string, carrier: string, tracking: string, by: By) {
      const r = await store.ship(id, carrier, tracking, by, deps.now());
      if (r.status === "not_found") throw new UserError("SHIPMENT_NOT_FOUND", `No shipment with id ${id}.`, "Ids are in /scout products <campaign> --json.");
      if (r.status === "conflict")
        throw new UserError(
          "ALREADY_SHIPPED",
          `${r.shipment.product.name} to ${whoShip(r.shipment)} was already recorded as shipped${r.shipment.shippedBy ? ` by ${r.shipment.shippedBy}` : ""} (${r.shipment.carrier} ${r.shipment.tracking}); nothing changed.`,
        );
      const s = r.shipment;
      const warnings: string[] = [];
      if (r.status === "shipped") {
        const w = await tell(s, {
          title: `Your ${s.product.name} is on its way`,
          text: `${s.product.name} (${s.variant}) for ${s.campaignName} was shipped with ${s.carrier}, tracking number ${s.tracking}. Press I got it when it arrives.`,
          actions: [receivedButton(s)],
          ephemeral: true,
        });
        if (w) warnings.push(w);
      }
      return { outcome: r.status === "shipped" ? ("done" as const) : ("already" as const), shipment: s, warnings };
    },

    async receive(identity: CreatorIdentity, id: string, by: By) {
      await mine(identity, id);
      const r = await store.receive(id, by, deps.now());
      if (r.status === "not_found") throw new UserError("SHIPMENT_NOT_FOUND", `No shipment of yours with id ${id}.`);
      if (r.status === "not_shipped") throw new UserError("NOT_SHIPPED", `${r.shipment.product.name} has not been shipped yet; you can confirm it once it is on its way.`);
      const s = r.shipment;
      const warnings: string[] = [];
      if (r.status === "received") {
        try {
          await deps.notifier.toMarketers({
            kind: "info",
            campaign: { id: s.product.campaignId, slug: s.campaignSlug, name: s.campaignName },
            message: { text: `${whoShip(s)} received ${s.product.name} (${s.variant}) for ${s.campaignName}.`, tone: "success" },
            key: `seeding-received:${s.id}`,
          });
        } catch (e) {
          warnings.push(`Saved, but the team could not be told (${(e as Error).message}).`);
        }
      }
      return { outcome: r.status === "received" ? ("done" as const) : ("already" as const), shipment: s, warnings };
    },

    forCreator: (creatorId: string) => store.forCreator(creatorId),
    /** Shipped more than 10 days before now (or `at`) and not confirmed received. */
    unconfirmed: (at?: Date) => store.unconfirmed(new Date((at ?? deps.now()).getTime() - UNCONFIRMED_AFTER_DAYS * 86_400_000)),
    productsOf: (campaignId: string) => store.products(campaignId),
  };
}

export type SeedingService = ReturnType<typeof createSeedingService>;

export const productLine = (p: Product) => `${p.name}${p.variants.length ? ` (${p.variants.join(", ")})` : ""}, value ${formatMoney(p.valueMinor, p.currency)}`;

/** A creator's products for /mystatus: what to pick, what is on its way (tracking), what arrived. */
export function myShipmentsSection(shipments: Shipment[], toPick: { slug: string; name: string; products: Product[] }[]): Section | null {
  const lines = shipments.map((s) =>
    s.status === "chosen"
      ? `${s.campaignName}: ${s.product.name} (${s.variant}) picked; the brand will ship it`
      : s.status === "shipped"
        ? `${s.campaignName}: ${s.product.name} (${s.variant}) shipped with ${s.carrier}, tracking ${s.tracking}; press I got it when it arrives`
        : `${s.campaignName}: ${s.product.name} (${s.variant}) received`,
  );
  for (const c of toPick)
    for (const p of c.products)
      if (!shipments.some((s) => s.product.id === p.id))
        lines.push(`${c.name}: pick your ${p.name}${p.variants.length ? ` (${p.variants.join(", ")})` : ""} with /pick campaign:${c.slug}${p.variants.length ? ` variant:${p.variants[0]}` : ""}`);
  const buttons = shipments.filter((s) => s.status === "shipped").map((s) => ({ id: `received-${s.id}`, label: `I got ${s.product.name}`.slice(0, 80), style: "primary" as const, value: `received id:${s.id}` }));
  return lines.length ? { title: "Products", text: lines.join("\n"), ...(buttons.length ? { actions: buttons } : {}) } : null;
}

/** Approving a creator offers them the campaign's products to pick (issue 17); every surface's approval. */
export function withSeedingOffers(campaigns: CampaignService, seeding: () => SeedingService): CampaignService {
  return {
    ...campaigns,
    async approveParticipation(id, by) {
      const o = await campaigns.approveParticipation(id, by);
      if (o.outcome === "done" && o.value.status === "approved") {
        try {
          o.warnings.push(...(await seeding().offerTo(o.value.id)));
        } catch (e) {
          o.warnings.push(`Approved, but the products to pick could not be offered (${(e as Error).message}); the creator sees them in /mystatus.`);
        }
      }
      return o;
    },
  };
}
