-- Issue 15, item 4: follower history without re-importing.

-- CreateEnum
CREATE TYPE "snapshot_source" AS ENUM ('import', 'creator', 'manual', 'platform');

-- AlterTable: where each follower snapshot's figures came from (rows so far were written by imports).
ALTER TABLE "account_snapshot" ADD COLUMN     "source" "snapshot_source" NOT NULL DEFAULT 'import';

-- AlterTable: when the account was last shown in a shortlist (the weekly refresh covers the last 30 days).
ALTER TABLE "account" ADD COLUMN     "shortlisted_at" TIMESTAMPTZ(3);
