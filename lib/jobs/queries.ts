import "server-only";
import { sqlPool } from "@/lib/db";
import { BOSS_SCHEMA } from "./boss";

// What the scheduler has queued, read from pg-boss's own tables, for /admin.

export type QueueStatus = {
  /** Jobs waiting, retrying or running, by queue. */
  queued: { queue: string; state: string; count: number; nextStart: Date | null }[];
  schedules: { queue: string; cron: string; timezone: string }[];
};

/** Null before any scheduler has run (pg-boss creates its schema on first start). */
export async function getQueueStatus(): Promise<QueueStatus | null> {
  try {
    const [queued, schedules] = await Promise.all([
      sqlPool().query<{ queue: string; state: string; count: number; next_start: Date | null }>(
        `SELECT name AS queue, state::text AS state, count(*)::int AS count, min(start_after) AS next_start
         FROM ${BOSS_SCHEMA}.job WHERE state IN ('created', 'retry', 'active')
         GROUP BY name, state ORDER BY name, state`,
      ),
      sqlPool().query<{ queue: string; cron: string; timezone: string }>(
        `SELECT name AS queue, cron, timezone FROM ${BOSS_SCHEMA}.schedule ORDER BY name`,
      ),
    ]);
    return {
      queued: queued.rows.map((r) => ({
        queue: r.queue,
        state: r.state,
        count: r.count,
        nextStart: r.next_start,
      })),
      schedules: schedules.rows,
    };
  } catch (error) {
    if ((error as { code?: string }).code === "42P01") return null; // undefined_table: no scheduler yet
    throw error;
  }
}

export type PruneCounts = { sessions: number; verificationTokens: number; fetchRuns: number };

/**
 * Drops what only grows: sessions and sign-in tokens past their expiry, and
 * fetch runs older than the retention, except a run that holds a day's
 * latest successful fetch (the feed's "Updated" line reads it). Digest
 * deliveries stay: they are what keeps a digest from going out twice and a
 * paper from being mailed to one reader twice.
 */
export async function pruneExpiredRecords(retentionDays: number): Promise<PruneCounts> {
  const pool = sqlPool();
  const count = (r: { rowCount: number | null }) => r.rowCount ?? 0;
  const sessions = count(await pool.query(`DELETE FROM sessions WHERE expires < now()`));
  const verificationTokens = count(await pool.query(`DELETE FROM verification_tokens WHERE expires < now()`));
  const fetchRuns = count(
    await pool.query(
      `DELETE FROM fetch_runs r
       WHERE r.started_at < now() - make_interval(days => $1) AND r.status <> 'running'
         AND NOT EXISTS (
           SELECT 1 FROM fetch_days d
           WHERE d.run_id = r.id AND d.status IN ('fetched', 'empty')
             AND d.finished_at = (SELECT max(d2.finished_at) FROM fetch_days d2
                                  WHERE d2.date = d.date AND d2.status IN ('fetched', 'empty')))`,
      [retentionDays],
    ),
  );
  return { sessions, verificationTokens, fetchRuns };
}
