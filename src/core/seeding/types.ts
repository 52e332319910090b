// Product seeding (issue 17): products a campaign offers (name, variants, value), the variant each
// creator picks, the shipment the marketer records (carrier, tracking) and the creator's receipt.
// No shipping address is stored: the team's shop or 3PL holds it.
import type { By } from "../campaigns/types.ts";

export interface Product {
  id: string;
  campaignId: string;
  name: string;
  variants: string[];
  valueMinor: number;
  currency: string;
}

export type ShipmentStatus = "chosen" | "shipped" | "received";

export interface Shipment {
  id: string;
  participationId: string;
  product: Product;
  campaignSlug: string;
  campaignName: string;
  creatorId: string;
  handle: string | null;
  platform: string | null;
  displayName: string;
  discordUserId: string | null;
  variant: string;
  status: ShipmentStatus;
  carrier: string | null;
  tracking: string | null;
  chosenAt: Date;
  shippedAt: Date | null;
  shippedBy: string | null;
  receivedAt: Date | null;
}

/** An approved creator who has a product to pick. */
export interface OfferTarget {
  participationId: string;
  creatorId: string;
  discordUserId: string | null;
  handle: string | null;
  platform: string | null;
  displayName: string;
  campaignSlug: string;
  campaignName: string;
  product: Product;
}

export type PickResult = { status: "created" | "changed" | "same"; shipment: Shipment } | { status: "shipped"; shipment: Shipment };
export type ShipResult = { status: "shipped" | "same"; shipment: Shipment } | { status: "conflict"; shipment: Shipment } | { status: "not_found" };
export type ReceiveResult = { status: "received" | "already"; shipment: Shipment } | { status: "not_shipped"; shipment: Shipment } | { status: "not_found" };

export interface SeedingStore {
  addProduct(campaignId: string, p: { name: string; variants: string[]; valueMinor: number; currency: string }, by: By, at: Date): Promise<{ created: boolean; product: Product }>;
  products(campaignId: string): Promise<Product[]>;
  /** The creator's pick (one per participation and product): a new variant replaces the old one until shipped. */
  pick(participationId: string, productId: string, variant: string, by: By, at: Date): Promise<PickResult>;
  /** chosen → shipped, with carrier and tracking; the participation's product cost becomes the value of what was shipped to it. */
  ship(id: string, carrier: string, tracking: string, by: By, at: Date): Promise<ShipResult>;
  receive(id: string, by: By, at: Date): Promise<ReceiveResult>;
  shipment(id: string): Promise<Shipment | null>;
  shipments(campaignId: string): Promise<Shipment[]>;
  forCreator(creatorId: string): Promise<Shipment[]>;
  /** Shipped before `before` and not confirmed received. */
  unconfirmed(before: Date): Promise<Shipment[]>;
  /** Approved participations (of one, or of a campaign) that have not picked this campaign's product yet, with who they are. */
  toOffer(where: { participationId: string } | { campaignId: string; productId: string }): Promise<OfferTarget[]>;
}
