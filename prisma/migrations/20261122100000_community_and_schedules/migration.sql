-- AlterTable
ALTER TABLE "creator" ADD COLUMN     "discord_thread_id" TEXT,
ADD COLUMN     "discord_user_id" TEXT;

-- AlterTable
ALTER TABLE "job_run" ADD COLUMN     "data" JSONB;

-- CreateTable
CREATE TABLE "digest_schedule" (
    "id" UUID NOT NULL,
    "channel_id" TEXT NOT NULL,
    "channel_name" TEXT,
    "at" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "campaign_slug" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "digest_schedule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "digest_schedule_channel_id_key" ON "digest_schedule"("channel_id");

-- CreateIndex
CREATE UNIQUE INDEX "creator_discord_user_id_key" ON "creator"("discord_user_id");

