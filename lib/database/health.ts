import pg from "pg";
import { getEnv } from "@/lib/env";
import { processGlobal } from "@/lib/process-global";
import { connectionName } from "./connection-name";

// Is Postgres answering? Asked by proxy.ts before each request, so that while
// the database is down (restarting, failing over) readers get a quick 503
// instead of a hang or a 500, and the app serves again the moment it is back,
// without a restart. One probe at a time per process; the answer is reused
// for a second while healthy and a quarter second while down.

const HEALTHY_FOR_MS = 1_000;
const DOWN_FOR_MS = 250;
const PROBE_TIMEOUT_MS = 1_000;

type Health = { ok: boolean; checkedAt: number; probe: Promise<boolean> | null; pool: pg.Pool | null };
const health = processGlobal<Health>("paperboyDbHealth").getOrCreate(() => ({
  ok: true,
  checkedAt: 0,
  probe: null,
  pool: null,
}));

function probePool(): pg.Pool {
  // Its own single connection: a probe must not queue behind a busy app pool.
  if (!health.pool) {
    health.pool = new pg.Pool({
      connectionString: getEnv().DATABASE_URL,
      max: 1,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      application_name: connectionName(),
    });
    health.pool.on("error", markDatabaseDown); // a dropped idle connection is the first news of an outage
  }
  return health.pool;
}

async function probe(): Promise<boolean> {
  try {
    await probePool().query({ text: "SELECT 1", query_timeout: PROBE_TIMEOUT_MS } as pg.QueryConfig);
    return true;
  } catch {
    return false;
  }
}

/** Called when a pooled connection drops (Postgres shutting down): stop sending readers into it at once. */
export function markDatabaseDown(): void {
  health.ok = false;
  health.checkedAt = Date.now();
}

export async function isDatabaseReachable(): Promise<boolean> {
  if (!getEnv().DATABASE_URL) return true; // nothing to probe; the page will say what is missing
  const age = Date.now() - health.checkedAt;
  if (age < (health.ok ? HEALTHY_FOR_MS : DOWN_FOR_MS)) return health.ok;
  health.probe ??= probe().then((ok) => {
    health.ok = ok;
    health.checkedAt = Date.now();
    health.probe = null;
    return ok;
  });
  return health.probe;
}
