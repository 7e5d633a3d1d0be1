-- updated_at is the database's clock on every change to a paper, whoever
-- writes it: search indexes in every app instance catch up by it, and app
-- servers' clocks may disagree.
CREATE FUNCTION "touch_updated_at"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."updated_at" := now();
  RETURN NEW;
END
$$;

CREATE TRIGGER "papers_touch_updated_at" BEFORE UPDATE ON "papers" FOR EACH ROW EXECUTE FUNCTION "touch_updated_at"();
