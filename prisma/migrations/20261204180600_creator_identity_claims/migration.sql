-- AlterTable
ALTER TABLE "account" ADD COLUMN     "declared" JSONB;

-- CreateTable
CREATE TABLE "identity_claim" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "discord_user_id" TEXT NOT NULL,
    "claimant_name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "declared" JSONB NOT NULL DEFAULT '{}',
    "held_optins" JSONB NOT NULL DEFAULT '[]',
    "decided_by" TEXT,
    "decided_by_name" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identity_claim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "identity_claim_discord_user_id_idx" ON "identity_claim"("discord_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "identity_claim_account_id_discord_user_id_key" ON "identity_claim"("account_id", "discord_user_id");

-- AddForeignKey
ALTER TABLE "identity_claim" ADD CONSTRAINT "identity_claim_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

