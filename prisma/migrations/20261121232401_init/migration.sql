-- CreateEnum
CREATE TYPE "platform" AS ENUM ('instagram', 'tiktok', 'youtube', 'x', 'twitch', 'blog');

-- CreateEnum
CREATE TYPE "creator_source" AS ENUM ('import', 'community', 'manual');

-- CreateEnum
CREATE TYPE "campaign_status" AS ENUM ('draft', 'open', 'active', 'closed');

-- CreateEnum
CREATE TYPE "objective" AS ENUM ('awareness', 'traffic', 'leads', 'sales');

-- CreateEnum
CREATE TYPE "participation_status" AS ENUM ('invited', 'opted_in', 'approved', 'declined', 'withdrawn', 'paid');

-- CreateEnum
CREATE TYPE "deliverable_status" AS ENUM ('submitted', 'approved', 'changes_requested', 'live', 'rejected');

-- CreateEnum
CREATE TYPE "metric_source" AS ENUM ('creator', 'import', 'clicks', 'conversions');

-- CreateEnum
CREATE TYPE "job_run_status" AS ENUM ('claimed', 'done', 'failed');

-- CreateTable
CREATE TABLE "creator" (
    "id" UUID NOT NULL,
    "display_name" TEXT NOT NULL,
    "bio" TEXT,
    "source" "creator_source" NOT NULL DEFAULT 'import',
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "creator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" UUID NOT NULL,
    "creator_id" UUID NOT NULL,
    "platform" "platform" NOT NULL,
    "handle" TEXT NOT NULL,
    "display_name" TEXT,
    "bio" TEXT,
    "followers" INTEGER,
    "following" INTEGER,
    "posts_count" INTEGER,
    "median_engagements" DOUBLE PRECISION,
    "median_views" DOUBLE PRECISION,
    "median_er" DOUBLE PRECISION,
    "sampled_posts" INTEGER NOT NULL DEFAULT 0,
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hashtags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "country" TEXT,
    "language" TEXT,
    "rate" DECIMAL(12,2),
    "currency" TEXT,
    "discord_user_id" TEXT,
    "email" TEXT,
    "source" "creator_source" NOT NULL DEFAULT 'import',
    "metrics_updated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_snapshot" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "taken_on" DATE NOT NULL,
    "followers" INTEGER,
    "following" INTEGER,
    "posts_count" INTEGER,

    CONSTRAINT "account_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "post" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "posted_at" TIMESTAMPTZ(3),
    "likes" INTEGER,
    "comments" INTEGER,
    "shares" INTEGER,
    "saves" INTEGER,
    "views" INTEGER,
    "is_video" BOOLEAN NOT NULL DEFAULT false,
    "is_sponsored" BOOLEAN NOT NULL DEFAULT false,
    "sponsor_tags" INTEGER NOT NULL DEFAULT 0,
    "hashtags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "caption" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "post_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "brand" TEXT,
    "status" "campaign_status" NOT NULL DEFAULT 'draft',
    "objective" "objective" NOT NULL DEFAULT 'awareness',
    "product" TEXT,
    "messages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "dos" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "donts" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hashtags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "mentions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "disclosure" TEXT NOT NULL DEFAULT '#ad',
    "deliverables" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "compensation" TEXT,
    "fee" DECIMAL(12,2),
    "budget" DECIMAL(14,2),
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "usage_rights" TEXT,
    "opt_in_closes_at" TIMESTAMPTZ(3),
    "draft_due_at" TIMESTAMPTZ(3),
    "go_live_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "landing_url" TEXT,
    "allowed_hosts" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "criteria" JSONB NOT NULL DEFAULT '{}',
    "slack_channel_id" TEXT,
    "brief_channel_id" TEXT,
    "brief_message_id" TEXT,
    "brief_thread_id" TEXT,
    "brief_posted_at" TIMESTAMPTZ(3),
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "opened_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participation" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "creator_id" UUID NOT NULL,
    "account_id" UUID,
    "status" "participation_status" NOT NULL,
    "rate_ask" DECIMAL(12,2),
    "fee" DECIMAL(12,2),
    "product_cost" DECIMAL(12,2),
    "commission" DECIMAL(12,2),
    "currency" TEXT,
    "promo_code" TEXT,
    "disclosure_confirmed" BOOLEAN NOT NULL DEFAULT false,
    "slack_channel_id" TEXT,
    "slack_message_ts" TEXT,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "participation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deliverable" (
    "id" UUID NOT NULL,
    "participation_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "platform" "platform" NOT NULL,
    "kind" TEXT,
    "status" "deliverable_status" NOT NULL DEFAULT 'submitted',
    "note" TEXT,
    "disclosure_issues" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "disclosure_checked" BOOLEAN NOT NULL DEFAULT false,
    "review_notes" TEXT,
    "reviewed_by" TEXT,
    "reviewed_at" TIMESTAMPTZ(3),
    "due_at" TIMESTAMPTZ(3),
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "live_at" TIMESTAMPTZ(3),
    "slack_channel_id" TEXT,
    "slack_message_ts" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deliverable_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "status_change" (
    "id" UUID NOT NULL,
    "participation_id" UUID NOT NULL,
    "deliverable_id" UUID,
    "from_status" TEXT,
    "to_status" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT,
    "surface" TEXT NOT NULL,
    "note" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "status_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_snapshot" (
    "id" UUID NOT NULL,
    "deliverable_id" UUID NOT NULL,
    "source" "metric_source" NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,
    "reach" INTEGER,
    "impressions" INTEGER,
    "views" INTEGER,
    "likes" INTEGER,
    "comments" INTEGER,
    "shares" INTEGER,
    "saves" INTEGER,
    "clicks" INTEGER,
    "reported_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracked_link" (
    "id" UUID NOT NULL,
    "participation_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tracked_link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "click" (
    "id" UUID NOT NULL,
    "link_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "day" DATE NOT NULL,
    "ip_hash" TEXT NOT NULL,
    "user_agent" TEXT,
    "is_bot" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "click_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversion" (
    "id" UUID NOT NULL,
    "participation_id" UUID NOT NULL,
    "order_id" TEXT NOT NULL,
    "value" DECIMAL(14,2) NOT NULL,
    "currency" TEXT NOT NULL,
    "attributed_by" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_run" (
    "id" UUID NOT NULL,
    "job" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "status" "job_run_status" NOT NULL DEFAULT 'claimed',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "claimed_by" TEXT NOT NULL,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "job_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_request" (
    "key" TEXT NOT NULL,
    "surface" TEXT NOT NULL,
    "result" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_request_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT,
    "surface" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT,
    "entity_id" TEXT,
    "invocation_id" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "account_creator_id_idx" ON "account"("creator_id");

-- CreateIndex
CREATE INDEX "account_platform_followers_idx" ON "account"("platform", "followers");

-- CreateIndex
CREATE INDEX "account_discord_user_id_idx" ON "account"("discord_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "account_platform_handle_key" ON "account"("platform", "handle");

-- CreateIndex
CREATE UNIQUE INDEX "account_snapshot_account_id_taken_on_key" ON "account_snapshot"("account_id", "taken_on");

-- CreateIndex
CREATE INDEX "post_account_id_posted_at_idx" ON "post"("account_id", "posted_at");

-- CreateIndex
CREATE UNIQUE INDEX "post_account_id_external_id_key" ON "post"("account_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_slug_key" ON "campaign"("slug");

-- CreateIndex
CREATE INDEX "campaign_status_idx" ON "campaign"("status");

-- CreateIndex
CREATE UNIQUE INDEX "participation_promo_code_key" ON "participation"("promo_code");

-- CreateIndex
CREATE INDEX "participation_creator_id_idx" ON "participation"("creator_id");

-- CreateIndex
CREATE INDEX "participation_campaign_id_status_idx" ON "participation"("campaign_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "participation_campaign_id_creator_id_key" ON "participation"("campaign_id", "creator_id");

-- CreateIndex
CREATE INDEX "deliverable_status_idx" ON "deliverable"("status");

-- CreateIndex
CREATE UNIQUE INDEX "deliverable_participation_id_url_key" ON "deliverable"("participation_id", "url");

-- CreateIndex
CREATE INDEX "status_change_participation_id_at_idx" ON "status_change"("participation_id", "at");

-- CreateIndex
CREATE INDEX "status_change_deliverable_id_idx" ON "status_change"("deliverable_id");

-- CreateIndex
CREATE INDEX "metric_snapshot_deliverable_id_source_taken_at_idx" ON "metric_snapshot"("deliverable_id", "source", "taken_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "metric_snapshot_deliverable_id_source_taken_at_key" ON "metric_snapshot"("deliverable_id", "source", "taken_at");

-- CreateIndex
CREATE UNIQUE INDEX "tracked_link_participation_id_key" ON "tracked_link"("participation_id");

-- CreateIndex
CREATE UNIQUE INDEX "tracked_link_code_key" ON "tracked_link"("code");

-- CreateIndex
CREATE INDEX "click_link_id_at_idx" ON "click"("link_id", "at");

-- CreateIndex
CREATE INDEX "click_link_id_day_ip_hash_idx" ON "click"("link_id", "day", "ip_hash");

-- CreateIndex
CREATE UNIQUE INDEX "conversion_order_id_key" ON "conversion"("order_id");

-- CreateIndex
CREATE INDEX "conversion_participation_id_occurred_at_idx" ON "conversion"("participation_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "job_run_job_target_period_key" ON "job_run"("job", "target", "period");

-- CreateIndex
CREATE INDEX "processed_request_created_at_idx" ON "processed_request"("created_at");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- CreateIndex
CREATE INDEX "audit_event_entity_entity_id_idx" ON "audit_event"("entity", "entity_id");

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "creator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_snapshot" ADD CONSTRAINT "account_snapshot_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post" ADD CONSTRAINT "post_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participation" ADD CONSTRAINT "participation_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participation" ADD CONSTRAINT "participation_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "creator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participation" ADD CONSTRAINT "participation_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliverable" ADD CONSTRAINT "deliverable_participation_id_fkey" FOREIGN KEY ("participation_id") REFERENCES "participation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_change" ADD CONSTRAINT "status_change_participation_id_fkey" FOREIGN KEY ("participation_id") REFERENCES "participation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_change" ADD CONSTRAINT "status_change_deliverable_id_fkey" FOREIGN KEY ("deliverable_id") REFERENCES "deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_snapshot" ADD CONSTRAINT "metric_snapshot_deliverable_id_fkey" FOREIGN KEY ("deliverable_id") REFERENCES "deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracked_link" ADD CONSTRAINT "tracked_link_participation_id_fkey" FOREIGN KEY ("participation_id") REFERENCES "participation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "click" ADD CONSTRAINT "click_link_id_fkey" FOREIGN KEY ("link_id") REFERENCES "tracked_link"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversion" ADD CONSTRAINT "conversion_participation_id_fkey" FOREIGN KEY ("participation_id") REFERENCES "participation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
