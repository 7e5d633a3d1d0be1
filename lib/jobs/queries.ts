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
