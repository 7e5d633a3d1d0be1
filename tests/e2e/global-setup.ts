import type { TestProject } from "vitest/node";
import { disconnectDb } from "@/lib/db";
import { importFiles } from "@/lib/papers/import/import-files";
import { ensureBuilt, startAppServer } from "../helpers/app-server";
import { createTestDatabase } from "../helpers/database";

// One production build, one database holding the shipped sample, one server
// for all browser tests.

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  await ensureBuilt();
  const database = await createTestDatabase("paperboy_e2e");
  await importFiles(["prisma/sample"]);
  await disconnectDb();
  const server = await startAppServer({ DATABASE_URL: database.url });
  project.provide("baseUrl", server.url);
  project.provide("databaseUrl", database.url);
  return async () => {
    await server.stop();
    await database.drop();
  };
}
