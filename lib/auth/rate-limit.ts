import { sqlPool } from "@/lib/db";

// Fixed-window counters in Postgres, so every app instance counts the same
// hits. Used where a request sends mail (sign-in links, subscription
// confirmations): per address and per client.

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };

/** Counts one hit on `key` and says whether it is within `limit` per `windowSeconds`. */
export async function hitRateLimit(
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitResult> {
  const { rows } = await sqlPool().query<{ count: number; window_start: Date }>(
    `INSERT INTO rate_limits (key, window_start, count) VALUES ($1, now(), 1)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE rate_limits.count + 1 END,
       window_start = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => $2) THEN now() ELSE rate_limits.window_start END
     RETURNING count, window_start`,
    [key.slice(0, 300), windowSeconds],
  );
  const row = rows[0]!;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((row.window_start.getTime() + windowSeconds * 1000 - Date.now()) / 1000),
  );
  return { allowed: row.count <= limit, remaining: Math.max(0, limit - row.count), retryAfterSeconds };
}

/** Drops windows that ended long ago (the housekeeping job: lib/jobs/housekeeping.ts). */
export async function pruneRateLimits(olderThanSeconds = 86_400): Promise<number> {
  const { rowCount } = await sqlPool().query(
    `DELETE FROM rate_limits WHERE window_start < now() - make_interval(secs => $1)`,
    [olderThanSeconds],
  );
  return rowCount ?? 0;
}
