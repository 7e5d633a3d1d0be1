import { NO_FILTERS, readMigrationList, withSchemaEngine } from "./schema-engine";

// Applies the committed migrations in prisma/migrations, exactly as
// `prisma migrate deploy` would: same SQL, same _prisma_migrations rows, and
// the engine's own advisory lock, so two processes starting at once apply
// each migration once.

export class MigrationError extends Error {}

export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  return withSchemaEngine(databaseUrl, async (engine) => {
    const migrationsList = await readMigrationList();
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
      return appliedMigrationNames;
    } catch (e) {
      // The engine's message carries a Rust span trace after the first lines; the lines before it say what failed.
      const message = (e as Error).message.split(/\n\s+0: /)[0]!.trim();
      throw new MigrationError(`Applying the database migrations failed: ${message}`);
    }
  });
}

/**
 * The SQL that takes a database from one Prisma schema to another (from null:
 * an empty database). Computed from the two schema texts alone: this engine
 * build cannot read Postgres' catalogs through the pg adapter ("char" columns),
 * so diffs against a live database or the migrations folder are out of reach.
 */
export async function diffSchemas(databaseUrl: string, from: string | null, to: string): Promise<string> {
  return withSchemaEngine(databaseUrl, async (engine) => {
    const result = await engine.diff({
      from:
        from === null
          ? { tag: "empty" }
          : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: from }] },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: to }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const sql = result.stdout ?? "";
    return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? "" : sql;
  });
}
