-- CreateTable
CREATE TABLE "feed_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "feed_state_pkey" PRIMARY KEY ("id")
);

-- Every committed change to papers or votes moves feed_state.version, in
-- commit order (the row lock serialises writers). Statement-level triggers
-- with transition tables: a statement that changed no row (a re-import of an
-- unchanged file) moves nothing.
INSERT INTO "feed_state" ("id", "version") VALUES (1, 0) ON CONFLICT DO NOTHING;

CREATE FUNCTION "bump_feed_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed) THEN
    UPDATE "feed_state" SET "version" = "version" + 1, "changed_at" = now() WHERE "id" = 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "papers_inserted_bump_feed_version" AFTER INSERT ON "papers" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_feed_version"();
CREATE TRIGGER "papers_updated_bump_feed_version" AFTER UPDATE ON "papers" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_feed_version"();
CREATE TRIGGER "papers_deleted_bump_feed_version" AFTER DELETE ON "papers" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_feed_version"();
CREATE TRIGGER "votes_inserted_bump_feed_version" AFTER INSERT ON "votes" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_feed_version"();
CREATE TRIGGER "votes_deleted_bump_feed_version" AFTER DELETE ON "votes" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "bump_feed_version"();
