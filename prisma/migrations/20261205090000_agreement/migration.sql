-- Issue 16: the agreement in chat. Terms (versioned), their acceptances, drafts reviewed before
-- posting, and usage rights granted per approved participation (with extensions).

-- What a campaign asks beyond its brief: drafts before posting, and the usage rights it takes.
CREATE TABLE "campaign_agreement" (
    "campaign_id" UUID NOT NULL,
    "drafts_required" BOOLEAN NOT NULL DEFAULT false,
    "rights_days" INTEGER,
    "rights_channels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "rights_handle_ads" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_agreement_pkey" PRIMARY KEY ("campaign_id")
);

-- Each version of a campaign's terms; the highest version is the current one.
CREATE TABLE "campaign_terms" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_by_name" TEXT,
    "surface" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_terms_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "campaign_terms_campaign_id_version_key" ON "campaign_terms"("campaign_id", "version");

-- A creator's acceptance of one version of a campaign's terms.
CREATE TABLE "terms_acceptance" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "creator_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT,
    "surface" TEXT NOT NULL,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "terms_acceptance_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "terms_acceptance_campaign_id_creator_id_version_key" ON "terms_acceptance"("campaign_id", "creator_id", "version");

-- A draft a creator submits before posting: one row per version (v1, v2, ...), with its decision.
CREATE TABLE "draft" (
    "id" UUID NOT NULL,
    "participation_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "caption" TEXT NOT NULL,
    "link_url" TEXT,
    "attachment" JSONB,
    "check_issues" TEXT[] DEFAULT ARRAY[]::TEXT[],
    -- submitted | approved | approved_with_notes | changes_requested | superseded
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "submitted_by" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_by" TEXT,
    "decided_by_name" TEXT,
    "decided_surface" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decision_note" TEXT,
    "slack_channel_id" TEXT,
    "slack_message_ts" TEXT,

    CONSTRAINT "draft_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "draft_participation_id_version_key" ON "draft"("participation_id", "version");

-- The usage rights an approved participation grants, and until when.
CREATE TABLE "usage_rights" (
    "participation_id" UUID NOT NULL,
    "channels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "handle_ads" BOOLEAN NOT NULL DEFAULT false,
    "days" INTEGER NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_rights_pkey" PRIMARY KEY ("participation_id")
);
CREATE INDEX "usage_rights_expires_at_idx" ON "usage_rights"("expires_at");

-- An extension of a participation's rights: asked by a marketer, accepted by the creator.
CREATE TABLE "rights_extension" (
    "id" UUID NOT NULL,
    "participation_id" UUID NOT NULL,
    "days" INTEGER NOT NULL,
    -- pending | accepted
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requested_by" TEXT NOT NULL,
    "requested_by_name" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_by" TEXT,
    "accepted_surface" TEXT,
    "accepted_at" TIMESTAMPTZ(3),
    "expires_before" TIMESTAMPTZ(3),
    "expires_after" TIMESTAMPTZ(3),

    CONSTRAINT "rights_extension_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "rights_extension_participation_id_idx" ON "rights_extension"("participation_id");

ALTER TABLE "campaign_agreement" ADD CONSTRAINT "campaign_agreement_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "campaign_terms" ADD CONSTRAINT "campaign_terms_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "terms_acceptance" ADD CONSTRAINT "terms_acceptance_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "terms_acceptance" ADD CONSTRAINT "terms_acceptance_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "creator"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "draft" ADD CONSTRAINT "draft_participation_id_fkey" FOREIGN KEY ("participation_id") REFERENCES "participation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "usage_rights" ADD CONSTRAINT "usage_rights_participation_id_fkey" FOREIGN KEY ("participation_id") REFERENCES "participation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "rights_extension" ADD CONSTRAINT "rights_extension_participation_id_fkey" FOREIGN KEY ("participation_id") REFERENCES "participation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
