import crypto from "node:crypto";
import fs from "node:fs/promises";
import pg from "pg";
import { applyMigrations, diffSchemas } from "./migrate";
import { SCHEMA_PATH } from "./schema-engine";

// Do the committed migrations build the database schema.prisma describes?
// Builds both in scratch databases and compares what Postgres' catalogs say
// about tables, columns, indexes and constraints.

const FINGERPRINT_SQL = `
SELECT 'column ' || c.table_name || '.' || c.column_name || ' ' || c.data_type || ' ' || c.udt_name || ' null=' || c.is_nullable || ' default=' || coalesce(c.column_default, '') AS line
  FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'
UNION ALL
SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
UNION ALL
SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
UNION ALL
SELECT 'type ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname
ORDER BY 1`;

async function fingerprint(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ line: string }>(FINGERPRINT_SQL)).rows.map((r) => r.line);
  } finally {
    await client.end();
  }
}

async function withScratchDatabase<T>(serverUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const name = `paperboy_drift_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Lines present on one side only: empty when migrations and schema agree. */
export async function findSchemaDrift(
  serverUrl: string,
): Promise<{ onlyInMigrations: string[]; onlyInSchema: string[] }> {
  const schema = await fs.readFile(SCHEMA_PATH, "utf8");
  const fromMigrations = await withScratchDatabase(serverUrl, async (url) => {
    await applyMigrations(url);
    return fingerprint(url);
  });
  const fromSchema = await withScratchDatabase(serverUrl, async (url) => {
    const sql = await diffSchemas(url, null, schema);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(sql).finally(() => client.end());
    return fingerprint(url);
  });
  return {
    onlyInMigrations: fromMigrations.filter((l) => !fromSchema.includes(l)),
    onlyInSchema: fromSchema.filter((l) => !fromMigrations.includes(l)),
  };
}
