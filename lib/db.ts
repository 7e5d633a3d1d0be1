import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { connectionName } from "@/lib/database/embedded";
import { getEnv } from "@/lib/env";

// The one Prisma client. Kept on globalThis in every mode: a production build
// can load this module once for pages and once for route handlers, which would
// otherwise open two pools.

const globalForDb = globalThis as unknown as { paperboyDb?: PrismaClient };

export function db(): PrismaClient {
  if (globalForDb.paperboyDb) return globalForDb.paperboyDb;
  const env = getEnv();
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set. Start Paperboy with `npm start`, which provides the embedded database, or set DATABASE_URL.");
  }
  const adapter = new PrismaPg({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_SIZE,
    application_name: connectionName(),
    // Fail fast when Postgres is down instead of queueing requests behind a dead pool.
    connectionTimeoutMillis: 5_000,
  });
  globalForDb.paperboyDb = new PrismaClient({ adapter });
  return globalForDb.paperboyDb;
}

export async function disconnectDb(): Promise<void> {
  const client = globalForDb.paperboyDb;
  globalForDb.paperboyDb = undefined;
  await client?.$disconnect();
}
