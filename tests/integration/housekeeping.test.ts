import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlPool } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { runHousekeeping } from "@/lib/jobs/housekeeping";
import { startScheduler } from "@/lib/jobs/scheduler";
import { createLogger } from "@/lib/log";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// What only grows is pruned: rate-limit windows, expired sessions and
// sign-in tokens, and fetch runs past the retention, except the run that
// holds a day's latest fetch (the feed's "Updated" line).

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

async function seed(): Promise<void> {
  const sql = sqlPool();
  await sql.query(`INSERT INTO rate_limits (key, window_start, count) VALUES
    ('signin:client:old', now() - interval '2 days', 3), ('signin:client:new', now(), 1)`);
  await sql.query(`INSERT INTO users (id, email) VALUES ('u1', 'reader@example.org')`);
  await sql.query(`INSERT INTO sessions (session_token, user_id, expires) VALUES
    ('expired', 'u1', now() - interval '1 minute'), ('valid', 'u1', now() + interval '30 days')`);
  await sql.query(`INSERT INTO verification_tokens (identifier, token, expires) VALUES
    ('reader@example.org', 'expired', now() - interval '1 minute'), ('reader@example.org', 'valid', now() + interval '1 day')`);
  // Three runs of the same day: two old (one superseded, one the day's only
  // record of 2025-01-02), and a recent one.
  await sql.query(`INSERT INTO fetch_runs (id, trigger, upstream, first_day, last_day, status, started_at, finished_at) VALUES
    ('old-superseded', 'schedule', 'x', '2025-01-01', '2025-01-01', 'succeeded', now() - interval '200 days', now() - interval '200 days'),
    ('old-latest', 'schedule', 'x', '2025-01-02', '2025-01-02', 'succeeded', now() - interval '150 days', now() - interval '150 days'),
    ('old-failed', 'schedule', 'x', '2025-01-01', '2025-01-01', 'failed', now() - interval '120 days', now() - interval '120 days'),
    ('recent', 'schedule', 'x', '2025-01-01', '2025-01-01', 'succeeded', now() - interval '1 day', now() - interval '1 day')`);
  await sql.query(`INSERT INTO fetch_days (run_id, date, status, finished_at) VALUES
    ('old-superseded', '2025-01-01', 'fetched', now() - interval '200 days'),
    ('old-latest', '2025-01-02', 'fetched', now() - interval '150 days'),
    ('old-failed', '2025-01-01', 'failed', now() - interval '120 days'),
    ('recent', '2025-01-01', 'fetched', now() - interval '1 day')`);
}

const column = async (sql: string) => (await sqlPool().query<{ v: string }>(sql)).rows.map((r) => r.v).sort();

describe("housekeeping", () => {
  it("prunes expired and old records, and keeps what is live", async () => {
    await seed();
    expect(await runHousekeeping(90)).toEqual({
      rateLimits: 1,
      sessions: 1,
      verificationTokens: 1,
      fetchRuns: 2,
    });
    expect(await column("SELECT key AS v FROM rate_limits")).toEqual(["signin:client:new"]);
    expect(await column("SELECT session_token AS v FROM sessions")).toEqual(["valid"]);
    expect(await column("SELECT token AS v FROM verification_tokens")).toEqual(["valid"]);
    expect(await column("SELECT id AS v FROM fetch_runs")).toEqual(["old-latest", "recent"]);
    // Again: nothing more to do.
    expect(await runHousekeeping(90)).toEqual({
      rateLimits: 0,
      sessions: 0,
      verificationTokens: 0,
      fetchRuns: 0,
    });
  });

  it("runs on the scheduler, with a log line for the run", async () => {
    await sqlPool().query(
      `INSERT INTO sessions (session_token, user_id, expires) VALUES ('expired-2', 'u1', now() - interval '1 hour')`,
    );
    const out = new PassThrough();
    let logged = "";
    out.on("data", (d: Buffer) => (logged += d.toString()));
    (globalThis as { paperboyLogger?: unknown }).paperboyLogger = createLogger("json", out);
    process.env.FETCH_CRON = "off";
    resetEnvCache();
    const scheduler = await startScheduler({ log: () => {} });
    try {
      await scheduler.housekeepNow();
      await expect.poll(() => logged, { timeout: 30_000 }).toMatch(/"job":"paperboy-housekeeping"/);
      const line = JSON.parse(logged.split("\n").find((l) => l.includes("paperboy-housekeeping"))!) as Record<
        string,
        unknown
      >;
      expect(line).toMatchObject({
        msg: "job run",
        outcome: "done",
        durationMs: expect.any(Number),
        result: { sessions: 1 },
      });
      expect(await column("SELECT session_token AS v FROM sessions")).toEqual(["valid"]);
      expect(logged).not.toMatch(/reader@example\.org/);
    } finally {
      await scheduler.stop();
      delete (globalThis as { paperboyLogger?: unknown }).paperboyLogger;
    }
  });
});
