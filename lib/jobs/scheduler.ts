import "server-only";
import { registerDigestJobs } from "@/lib/digest/schedule";
import { getEnv } from "@/lib/env";
import { registerFetchJobs } from "@/lib/papers/fetch/schedule";
import { startBoss } from "./boss";
import { registerHousekeepingJobs } from "./housekeeping";

// The scheduled jobs, in `npm start` (DIGEST_WORKER=inline) or `npm run
// worker`: the digest (DIGEST_CRON), the fetch of the feed (FETCH_CRON,
// unless off) and housekeeping (HOUSEKEEPING_CRON), on one pg-boss. Several instances may run it: pg-boss hands
// each job to one of them, the fetch queue lets one fetch run at a time, and
// the digest's claims keep anyone from getting a digest twice.

export type Scheduler = {
  workerId: string;
  /** Queues a digest sweep now; null when one is already queued for this moment. */
  sweep(): Promise<string | null>;
  /** Queues a fetch now (null when fetching is off or one is already queued). */
  fetchNow(): Promise<string | null>;
  /** Queues a housekeeping run now. */
  housekeepNow(): Promise<string | null>;
  stop(): Promise<void>;
};

export async function startScheduler(options: { log?: (line: string) => void } = {}): Promise<Scheduler> {
  const env = getEnv();
  const log = options.log ?? console.log;
  if (!env.DATABASE_URL)
    throw new Error(
      "The scheduler needs DATABASE_URL (npm start and npm run worker set it for the embedded database).",
    );
  const boss = await startBoss(env.DATABASE_URL, (line) => log(`[jobs] ${line}`));
  try {
    const fetching = env.FETCH_CRON === "off" ? null : await registerFetchJobs(boss, { log });
    const digest = await registerDigestJobs(boss, { log });
    const housekeeping = await registerHousekeepingJobs(boss);
    let stopped = false;
    return {
      workerId: digest.workerId,
      sweep: () => digest.sweep(),
      fetchNow: () => fetching?.fetchNow() ?? Promise.resolve(null),
      housekeepNow: () => housekeeping.runNow(),
      async stop() {
        if (stopped) return;
        stopped = true;
        await fetching?.stop();
        await digest.stop();
        await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      },
    };
  } catch (error) {
    await boss.stop({ graceful: false, wait: true, timeout: 2_000 }).catch(() => {});
    throw error;
  }
}
