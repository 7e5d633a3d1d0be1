import "server-only";
import type PgBoss from "pg-boss";
import { pruneRateLimits } from "@/lib/auth/rate-limit";
import { assertValidCron } from "@/lib/digest/cron";
import { getEnv } from "@/lib/env";
import { retryOnDeadlock } from "./boss";
import { pruneExpiredRecords } from "./queries";
import { loggedRun } from "./run-log";

// Housekeeping on the scheduler, at HOUSEKEEPING_CRON (UTC): rate-limit
// windows, expired sessions and sign-in tokens, and fetch runs past
// RUN_RETENTION_DAYS. pg-boss prunes its own job records. Once across
// instances (a singleton queue); running it twice deletes nothing twice.

export const HOUSEKEEPING_QUEUE = "paperboy-housekeeping";

export type HousekeepingCounts = {
  rateLimits: number;
  sessions: number;
  verificationTokens: number;
  fetchRuns: number;
};

export async function runHousekeeping(
  retentionDays = getEnv().RUN_RETENTION_DAYS,
): Promise<HousekeepingCounts> {
  const rateLimits = await pruneRateLimits();
  return { rateLimits, ...(await pruneExpiredRecords(retentionDays)) };
}

export async function registerHousekeepingJobs(boss: PgBoss): Promise<{ runNow(): Promise<string | null> }> {
  const env = getEnv();
  assertValidCron({ cron: env.HOUSEKEEPING_CRON, timeZone: "UTC" }, "HOUSEKEEPING_CRON");
  const policy = { retryLimit: 1, expireInSeconds: 600 };
  await retryOnDeadlock(async () => {
    await boss.createQueue(HOUSEKEEPING_QUEUE, { name: HOUSEKEEPING_QUEUE, policy: "singleton", ...policy });
    await boss.schedule(HOUSEKEEPING_QUEUE, env.HOUSEKEEPING_CRON, {}, { tz: "UTC", ...policy });
  });
  await boss.work(HOUSEKEEPING_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, async (jobs) => {
    if (!jobs[0]) return;
    return loggedRun(HOUSEKEEPING_QUEUE, () => runHousekeeping());
  });
  return {
    runNow: () => boss.send(HOUSEKEEPING_QUEUE, {}, { ...policy, singletonKey: "now", singletonSeconds: 10 }),
  };
}
