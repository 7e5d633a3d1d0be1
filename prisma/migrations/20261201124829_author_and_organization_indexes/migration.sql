-- CreateIndex
CREATE INDEX "papers_authors_idx" ON "papers" USING GIN ("authors");

-- CreateIndex
CREATE INDEX "papers_org_rank_idx" ON "papers"("org_handle", "upvotes" DESC, "feed_added_at", "id");
