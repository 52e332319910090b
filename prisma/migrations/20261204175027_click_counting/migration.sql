-- AlterTable
ALTER TABLE "click" ADD COLUMN     "last_at" TIMESTAMPTZ(3),
ADD COLUMN     "requests" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "suspect" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "click_link_id_ip_hash_at_idx" ON "click"("link_id", "ip_hash", "at");
