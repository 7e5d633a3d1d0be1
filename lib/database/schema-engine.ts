import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { connectionName } from "./connection-name";
import * as engineModule from "@prisma/schema-engine-wasm/schema_engine_bg";

// Prisma's schema engine, compiled to WebAssembly and talking to Postgres
// through the pg driver adapter. The Prisma CLI would download a native engine
// before every command, which fails offline; this one ships in node_modules.

type SchemaEngine = engineModule.SchemaEngine;

export const PRISMA_DIR = path.resolve(process.cwd(), "prisma");
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");
export const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");

let loaded: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    // createRequire rather than import.meta.resolve, which test runners' module loaders lack.
    const bindings = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await fs.readFile(path.join(path.dirname(bindings), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": engineModule });
    engineModule.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  })();
  return loaded;
}

export async function withSchemaEngine<T>(
  databaseUrl: string,
  run: (engine: SchemaEngine, schema: string) => Promise<T>,
): Promise<T> {
  await loadWasm();
  const schema = await fs.readFile(SCHEMA_PATH, "utf8");
  // Our own pool, ended afterwards: the engine takes a session-level advisory
  // lock to migrate and leaves it to its connection, which the adapter would
  // keep open for the process's lifetime; every other process (a CLI job
  // beside npm start) then timed out on that lock after 10 s.
  const pool = new pg.Pool({ connectionString: databaseUrl, application_name: connectionName() });
  const adapter = bindMigrationAwareSqlAdapterFactory(wholeScriptAdapter(new PrismaPg(pool)));
  try {
    const engine = await engineModule.SchemaEngine.new(
      { datamodels: [["schema.prisma", schema]] },
      () => {},
      adapter,
    );
    try {
      return await run(engine, schema);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end().catch(() => {});
  }
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * The pg adapter runs a migration script by splitting it on ";", which cuts a
 * dollar-quoted function body (our trigger function) in pieces. Postgres takes
 * the whole script in one simple-protocol query, as Prisma's native engine
 * sends it; so does this.
 */
function wholeScriptAdapter(factory: PrismaPg): SqlMigrationAwareDriverAdapterFactory {
  const patch = (adapter: PgAdapter): PgAdapter => {
    adapter.executeScript = async (script: string) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (error) {
        // The adapter's own conversion to an error the engine understands.
        (adapter as unknown as { onError(e: unknown): never }).onError(error);
      }
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  };
}

export async function readMigrationList(): Promise<engineModule.MigrationList> {
  const entries = await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const file = path.join(MIGRATIONS_DIR, name, "migration.sql");
      const content = await fs.readFile(file, "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (e: Error) => ({ tag: "error" as const, value: e.message }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockfileContent = await fs
    .readFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), "utf8")
    .catch(() => null);
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: lockfileContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };
