-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "papers" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "abstract" TEXT NOT NULL,
    "author_count" INTEGER NOT NULL,
    "authors" TEXT[],
    "org_handle" TEXT,
    "org_name" TEXT,
    "feed_date" DATE NOT NULL,
    "feed_added_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "source_upvotes" INTEGER,
    "local_upvotes" INTEGER NOT NULL DEFAULT 0,
    "upvotes" INTEGER NOT NULL DEFAULT 0,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "papers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "papers_feed_rank_idx" ON "papers"("feed_date", "upvotes" DESC, "feed_added_at", "id");

-- CreateIndex
CREATE INDEX "papers_updated_at_idx" ON "papers"("updated_at");
