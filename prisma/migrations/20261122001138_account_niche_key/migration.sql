-- AlterTable
ALTER TABLE "account" ADD COLUMN     "niche_key" TEXT;
