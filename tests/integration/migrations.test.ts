import { describe, expect, it } from "vitest";
import { findSchemaDrift } from "@/lib/database/drift";
import { TEST_SERVER_URL } from "../helpers/database";

describe("prisma/migrations", () => {
  it("builds exactly the database schema.prisma describes", async () => {
    expect(await findSchemaDrift(TEST_SERVER_URL)).toEqual({ onlyInMigrations: [], onlyInSchema: [] });
  });
});
