-- AlterTable
ALTER TABLE "papers" ADD COLUMN     "entry_published_at" TIMESTAMPTZ(3);
