import crypto from "node:crypto";
import pg from "pg";
import { applyMigrations } from "@/lib/database/migrate";
import { disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";

// Each test file gets a database of its own on the real Postgres server,
// migrated with the committed migrations, and drops it afterwards.

export const TEST_SERVER_URL =
  process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = { url: string; name: string; drop(): Promise<void> };

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database; also made the process's DATABASE_URL. */
export async function createTestDatabase(prefix = "paperboy_test"): Promise<TestDatabase> {
  const name = `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = databaseUrl(name);
  try {
    await applyMigrations(url);
  } catch (e) {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    throw e;
  }
  await disconnectDb();
  process.env.DATABASE_URL = url;
  resetEnvCache();
  return {
    url,
    name,
    drop: async () => {
      await disconnectDb();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
