import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { connectionName } from "@/lib/database/connection-name";
import { markDatabaseDown } from "@/lib/database/health";
import { getEnv } from "@/lib/env";
import { processGlobal } from "@/lib/process-global";

// The one Prisma client, and the one pg pool beneath it, once per process
// (lib/process-global.ts: otherwise a production build opens two pools).

type Clients = { prisma: PrismaClient; pool: pg.Pool };
const processClients = processGlobal<Clients>("paperboyDb");

function clients(): Clients {
  const existing = processClients.get();
  if (existing) return existing;
  const env = getEnv();
  if (!env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is not set. Start Paperboy with `npm start`, which provides the embedded database, or set DATABASE_URL.",
    );
  }
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_SIZE,
    application_name: connectionName(),
    // Fail fast when Postgres is down instead of queueing requests behind a dead pool.
    connectionTimeoutMillis: 5_000,
  });
  // An idle connection dropped by a Postgres restart must not crash the process.
  pool.on("error", (error) => {
    console.error(`[db] idle connection lost: ${error.message}`);
    markDatabaseDown();
  });
  const created = { prisma: new PrismaClient({ adapter: new PrismaPg(pool) }), pool };
  processClients.set(created);
  return created;
}

export function db(): PrismaClient {
  return clients().prisma;
}

/**
 * Plain SQL on the same pool, for bulk statements. Prisma caches a query plan
 * per distinct raw query *with its parameters*, so a raw upsert of 500 papers
 * as one JSON parameter kept every batch alive (measured: +240 MB of heap over
 * a 75k-paper import). Batches go through here instead.
 */
export function sqlPool(): pg.Pool {
  return clients().pool;
}

export async function disconnectDb(): Promise<void> {
  const current = processClients.get();
  processClients.set(undefined);
  await current?.prisma.$disconnect();
  await current?.pool.end().catch(() => {});
}
