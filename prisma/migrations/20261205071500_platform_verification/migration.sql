-- Issue 15: delivered links checked against the platform, platform snapshots over time.

-- AlterEnum
ALTER TYPE "metric_source" ADD VALUE 'platform';

-- AlterTable
ALTER TABLE "deliverable" ADD COLUMN     "platform_post_id" TEXT,
ADD COLUMN     "verification_status" TEXT NOT NULL DEFAULT 'unchecked',
ADD COLUMN     "verification_issues" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "verified_at" TIMESTAMPTZ(3),
ADD COLUMN     "platform_caption" TEXT,
ADD COLUMN     "platform_published_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "platform_snapshot_run" (
    "deliverable_id" UUID NOT NULL,
    "milestone" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'claimed',
    "claimed_by" TEXT NOT NULL,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "retry_at" TIMESTAMPTZ(3),
    "taken_at" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "platform_snapshot_run_pkey" PRIMARY KEY ("deliverable_id","milestone")
);

-- CreateTable
CREATE TABLE "platform_flag" (
    "key" TEXT NOT NULL,
    "deliverable_id" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_flag_pkey" PRIMARY KEY ("key")
);

-- AddForeignKey
ALTER TABLE "platform_snapshot_run" ADD CONSTRAINT "platform_snapshot_run_deliverable_id_fkey" FOREIGN KEY ("deliverable_id") REFERENCES "deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform_flag" ADD CONSTRAINT "platform_flag_deliverable_id_fkey" FOREIGN KEY ("deliverable_id") REFERENCES "deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE;
