-- Issue 17: payouts (payables and payments, in integer minor units with their currency), the tax
-- form on file (a yes/no with a date, never the form), and product seeding (products, the variant
-- a creator picks, shipment and receipt). No shipping address is stored. No CHECK constraints: the
-- WebAssembly schema engine of Prisma 6.19 crashes on them in `migrate diff` (npm run db:check);
-- amounts (> 0, within what is due), statuses and terms are validated in the code that writes them.

-- CreateTable: when a campaign's creators are owed their fee (approval or going live) and its payment terms.
CREATE TABLE "payout_terms" (
    "campaign_id" UUID NOT NULL,
    "payout_on" TEXT NOT NULL DEFAULT 'approved',
    "net_days" INTEGER NOT NULL DEFAULT 30,
    "updated_by" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payout_terms_pkey" PRIMARY KEY ("campaign_id")
);

-- CreateTable: what a participation is owed for one milestone; at most one per participation and milestone.
CREATE TABLE "payable" (
    "id" UUID NOT NULL,
    "participation_id" UUID NOT NULL,
    "milestone" TEXT NOT NULL,
    "deliverable_id" UUID,
    "currency" TEXT NOT NULL,
    "fee_minor" BIGINT NOT NULL DEFAULT 0,
    "commission_minor" BIGINT NOT NULL DEFAULT 0,
    "paid_minor" BIGINT NOT NULL DEFAULT 0,
    "due_on" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payable_pkey" PRIMARY KEY ("id")
);

-- CreateTable: one payment (or part payment) recorded by a marketer; Scout moves no money.
CREATE TABLE "payment" (
    "id" UUID NOT NULL,
    "payable_id" UUID NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "paid_on" DATE NOT NULL,
    "method" TEXT NOT NULL,
    "reference" TEXT NOT NULL DEFAULT '',
    "recorded_by" TEXT NOT NULL,
    "recorded_by_name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable: whether a tax form is on file for a creator (set by a marketer); never the form itself.
CREATE TABLE "tax_form" (
    "creator_id" UUID NOT NULL,
    "on_file" BOOLEAN NOT NULL,
    "recorded_on" DATE NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tax_form_pkey" PRIMARY KEY ("creator_id")
);

-- CreateTable: a product a campaign offers, its variants and its value (product cost in spend).
CREATE TABLE "campaign_product" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "variants" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "value_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_product_pkey" PRIMARY KEY ("id")
);

-- CreateTable: the variant a creator picked, then the shipment (carrier, tracking) and receipt.
CREATE TABLE "shipment" (
    "id" UUID NOT NULL,
    "participation_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "variant" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'chosen',
    "carrier" TEXT,
    "tracking" TEXT,
    "chosen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "shipped_at" TIMESTAMPTZ(3),
    "shipped_by" TEXT,
    "received_at" TIMESTAMPTZ(3),

    CONSTRAINT "shipment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "payable_participation_id_milestone_key" ON "payable"("participation_id", "milestone");

-- CreateIndex
CREATE INDEX "payable_due_on_idx" ON "payable"("due_on");

-- CreateIndex: the same payment submitted twice (a doubled click, two marketers at once) is one payment.
CREATE UNIQUE INDEX "payment_payable_id_amount_minor_paid_on_reference_key" ON "payment"("payable_id", "amount_minor", "paid_on", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_product_campaign_id_name_key" ON "campaign_product"("campaign_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "shipment_participation_id_product_id_key" ON "shipment"("participation_id", "product_id");

-- AddForeignKey
ALTER TABLE "payout_terms" ADD CONSTRAINT "payout_terms_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payable" ADD CONSTRAINT "payable_participation_id_fkey" FOREIGN KEY ("participation_id") REFERENCES "participation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_payable_id_fkey" FOREIGN KEY ("payable_id") REFERENCES "payable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tax_form" ADD CONSTRAINT "tax_form_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "creator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_product" ADD CONSTRAINT "campaign_product_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_participation_id_fkey" FOREIGN KEY ("participation_id") REFERENCES "participation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "campaign_product"("id") ON DELETE CASCADE ON UPDATE CASCADE;
