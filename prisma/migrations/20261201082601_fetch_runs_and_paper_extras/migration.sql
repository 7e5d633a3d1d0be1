-- CreateEnum
CREATE TYPE "fetch_run_status" AS ENUM ('running', 'succeeded', 'partial', 'failed', 'interrupted');

-- CreateEnum
CREATE TYPE "fetch_day_status" AS ENUM ('fetched', 'empty', 'failed');

-- AlterTable
ALTER TABLE "papers" ADD COLUMN     "ai_keywords" TEXT[],
ADD COLUMN     "ai_summary" TEXT,
ADD COLUMN     "discussion_id" TEXT,
ADD COLUMN     "github_repo" TEXT,
ADD COLUMN     "github_stars" INTEGER,
ADD COLUMN     "num_comments" INTEGER,
ADD COLUMN     "project_page" TEXT,
ADD COLUMN     "submitter_handle" TEXT,
ADD COLUMN     "submitter_name" TEXT;

-- CreateTable
CREATE TABLE "fetch_runs" (
    "id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "upstream" TEXT NOT NULL,
    "first_day" DATE NOT NULL,
    "last_day" DATE NOT NULL,
    "status" "fetch_run_status" NOT NULL DEFAULT 'running',
    "days_asked" INTEGER NOT NULL DEFAULT 0,
    "days_fetched" INTEGER NOT NULL DEFAULT 0,
    "days_empty" INTEGER NOT NULL DEFAULT 0,
    "days_failed" INTEGER NOT NULL DEFAULT 0,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "invalid" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "fetch_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fetch_days" (
    "run_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "status" "fetch_day_status" NOT NULL,
    "papers" INTEGER NOT NULL DEFAULT 0,
    "pages" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT,
    "finished_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fetch_days_pkey" PRIMARY KEY ("run_id","date")
);

-- CreateIndex
CREATE INDEX "fetch_runs_started_at_idx" ON "fetch_runs"("started_at" DESC);

-- CreateIndex
CREATE INDEX "fetch_days_date_finished_at_idx" ON "fetch_days"("date", "finished_at" DESC);

-- AddForeignKey
ALTER TABLE "fetch_days" ADD CONSTRAINT "fetch_days_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "fetch_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
