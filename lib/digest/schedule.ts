import "server-only";
import type PgBoss from "pg-boss";
import { getEnv } from "@/lib/env";
import { loggedRun } from "@/lib/jobs/run-log";
import { retryOnDeadlock } from "@/lib/jobs/boss";
import { assertValidCron, latestTick } from "./cron";
import { deliverPeriod, newWorkerId } from "./deliver";
import type { PeriodSummary } from "./delivery-run";
import { getDueDigests } from "./due";
import { ensureDigestDaysFetched } from "./feed-check";
import { localDateIn } from "./periods";
import type { KeywordMatcher } from "./keywords";

// The scheduled job, on pg-boss (Postgres-backed: every instance shares the
// queue, no other infrastructure). Runs inside `npm start` (DIGEST_WORKER=inline)
// or as `npm run worker`.
//
// pg-boss's traps, and what is done about each:
// - Cron: pg-boss creates a run only within a minute of its tick and never
//   catches up. So each instance also sends a sweep job when it starts and
//   every DIGEST_SWEEP_SECONDS; a run (cron or sweep) delivers whatever is due
//   as of the latest tick (lib/digest/due.ts), so a missed tick goes out soon
//   after an instance starts.
// - Expiry: when a job outlives expireInSeconds pg-boss fails it (and retries
//   it) but does not stop its handler, so two copies would run. A run stops
//   claiming well before its expiry (EXPIRY_MARGIN) and queues a continuation
//   for what is left; and claims are leases in the delivery table, so even a
//   second copy would not send to the same subscriber.
// - Singleton sends: a duplicate throttled send() returns null rather than
//   failing; that is the expected answer when another instance already queued
//   the sweep, and is logged as such.
// - Retries: set explicitly on the queue and on the schedule (pg-boss's default
//   is 2 retries with no delay). A run that ends with failed deliveries fails
//   its job; the job's retry gives those deliveries another set of attempts.

export const DIGEST_QUEUE = "paperboy-digest";

type DigestJobData = { reason: "cron" | "sweep" | "start" | "continue" };

export type DigestJobs = {
  workerId: string;
  /** Queues a sweep now; null when one is already queued for this moment. */
  sweep(): Promise<string | null>;
  /** Stops sweeping and ends the run in progress (pg-boss itself is stopped by the scheduler). */
  stop(): Promise<void>;
};

/** Stop claiming this long before a job's expiry: the messages in flight then must finish in time. */
export function expiryMarginSeconds(expireInSeconds: number): number {
  return Math.min(120, Math.max(1, expireInSeconds * 0.25));
}

/** Delivers every digest due now (both frequencies), in turn. */
export async function runDueDigests(options: {
  now?: Date;
  deadline?: number;
  signal?: AbortSignal;
  reviveFailed?: boolean;
  workerId?: string;
  /** The keyword filter (default: the search tokenizer's, lib/search/keyword-matcher.ts). */
  matcher?: KeywordMatcher;
  log?: (line: string) => void;
  /** Where the feed is fetched: do not fetch again for a digest within this long of a failed fetch. */
  fetchRetryAfterMs?: number;
}): Promise<PeriodSummary[]> {
  const env = getEnv();
  const schedule = { cron: env.DIGEST_CRON, timeZone: env.DIGEST_TIMEZONE };
  const now = options.now ?? new Date();
  const getDue = () => getDueDigests(schedule, now);
  // Where the feed fills itself, a digest waits for its days to be fetched (lib/digest/feed-check.ts).
  const due =
    env.FETCH_CRON === "off"
      ? await getDue()
      : (
          await ensureDigestDaysFetched({
            getDue,
            asOf: localDateIn(latestTick(schedule, now), schedule.timeZone),
            retryAfterMs: options.fetchRetryAfterMs ?? 10 * 60_000,
            signal: options.signal,
            log: options.log,
          })
        ).ready;
  const summaries: PeriodSummary[] = [];
  for (const { period, cutoff } of due) {
    if (options.signal?.aborted) break;
    const summary = await deliverPeriod({
      period,
      cutoff,
      deadline: options.deadline,
      signal: options.signal,
      reviveFailed: options.reviveFailed,
      workerId: options.workerId,
      matcher: options.matcher,
      log: options.log,
      waitForOthers: false,
    });
    summaries.push(summary);
    const { run } = summary;
    if (run.sent || run.skipped || run.failed || run.retried || !summary.complete)
      options.log?.(formatPeriodLine(summary));
  }
  return summaries;
}

export function formatPeriodLine(s: PeriodSummary): string {
  const reasons = Object.entries(s.skippedByReason)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(", ");
  const pending = s.pending
    ? ` · pending ${s.pending}${s.resumeAt ? ` (next at ${s.resumeAt.toISOString()})` : ""}`
    : "";
  const rate = s.run.seconds > 0 ? Math.round(s.run.sent / s.run.seconds) : 0;
  return (
    `${s.period}: due ${s.due} · sent ${s.sent} · skipped ${s.skipped}${reasons ? ` (${reasons})` : ""} · failed ${s.failed}${pending}` +
    ` | this run: sent ${s.run.sent}, skipped ${s.run.skipped}, failed ${s.run.failed}, to retry ${s.run.retried} in ${s.run.seconds.toFixed(1)} s (${rate}/s)`
  );
}

/** The digest's queue, cron schedule, worker and sweeps, on the scheduler's pg-boss (lib/jobs/scheduler.ts). */
export async function registerDigestJobs(
  boss: PgBoss,
  options: { log?: (line: string) => void } = {},
): Promise<DigestJobs> {
  const env = getEnv();
  const log = (line: string) => (options.log ?? console.log)(`[digest] ${line}`);
  const schedule = { cron: env.DIGEST_CRON, timeZone: env.DIGEST_TIMEZONE };
  assertValidCron(schedule);
  const workerId = newWorkerId();

  const jobPolicy = {
    retryLimit: env.DIGEST_JOB_RETRY_LIMIT,
    retryDelay: env.DIGEST_JOB_RETRY_DELAY_SECONDS,
    retryBackoff: env.DIGEST_JOB_RETRY_DELAY_SECONDS > 0,
    expireInSeconds: env.DIGEST_JOB_EXPIRE_SECONDS,
  };
  await retryOnDeadlock(async () => {
    await boss.createQueue(DIGEST_QUEUE, { name: DIGEST_QUEUE, policy: "standard", ...jobPolicy });
    // createQueue keeps an existing queue's settings: apply changed ones.
    await boss.updateQueue(DIGEST_QUEUE, { name: DIGEST_QUEUE, policy: "standard", ...jobPolicy });
    await boss.schedule(DIGEST_QUEUE, schedule.cron, { reason: "cron" } satisfies DigestJobData, {
      tz: schedule.timeZone,
      ...jobPolicy,
    });
  });

  const controller = new AbortController();
  let running: Promise<unknown> = Promise.resolve();

  const handle = async (job: PgBoss.JobWithMetadata<DigestJobData>): Promise<object> => {
    const deadline = Date.now() + (job.expireInSeconds - expiryMarginSeconds(job.expireInSeconds)) * 1000;
    const summaries = await runDueDigests({
      deadline,
      signal: controller.signal,
      reviveFailed: job.retryCount > 0,
      workerId,
      log,
    });
    const failed = summaries.filter((s) => s.run.failed > 0);
    if (failed.length) {
      // The job fails so it shows as failed and pg-boss retries it; its retry revives these deliveries.
      throw new Error(
        `digest deliveries failed: ${failed.map((s) => `${s.period} ${s.run.failed}`).join(", ")}`,
      );
    }
    const unfinished = summaries.filter((s) => !s.complete);
    if (unfinished.length && !controller.signal.aborted) {
      const resumeAt = Math.min(...unfinished.map((s) => s.resumeAt?.getTime() ?? Date.now()));
      // Not throttled: a throttle slot also counts jobs already done, so a
      // continuation of a continuation within the slot would be dropped. Each
      // unfinished job queues one, so they never multiply.
      await boss.send(DIGEST_QUEUE, { reason: "continue" } satisfies DigestJobData, {
        ...jobPolicy,
        startAfter: new Date(Math.max(resumeAt, Date.now())),
      });
      log(`continuing ${unfinished.map((s) => s.period).join(", ")} in a new job`);
    }
    return {
      reason: job.data.reason,
      periods: summaries.map((s) => ({
        period: s.period,
        sent: s.sent,
        skipped: s.skipped,
        failed: s.failed,
        pending: s.pending,
      })),
    };
  };

  await boss.work<DigestJobData>(
    DIGEST_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 2, includeMetadata: true },
    async (jobs) => {
      const job = jobs[0];
      if (!job) return;
      const run = loggedRun(DIGEST_QUEUE, () => handle(job));
      running = run.catch(() => {});
      return run;
    },
  );

  const sweepSlotSeconds = Math.min(env.DIGEST_SWEEP_SECONDS, 3_600);
  const sendSweep = async (reason: "sweep" | "start"): Promise<string | null> => {
    // Throttled by slot across instances: the first instance's send wins, the others get null.
    const id = await boss.send(DIGEST_QUEUE, { reason } satisfies DigestJobData, {
      ...jobPolicy,
      singletonKey: reason,
      singletonSeconds: reason === "start" ? 10 : sweepSlotSeconds,
    });
    return id;
  };
  const sweepTimer = setInterval(() => {
    sendSweep("sweep").catch((error: unknown) =>
      log(`could not queue a sweep: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, env.DIGEST_SWEEP_SECONDS * 1000);
  sweepTimer.unref();
  const first = await sendSweep("start");
  log(
    `digest scheduled (${schedule.cron} ${schedule.timeZone}; sweep every ${env.DIGEST_SWEEP_SECONDS} s)${first ? "" : "; another instance queued the start-up sweep"}`,
  );

  let stopped = false;
  return {
    workerId,
    sweep: () => sendSweep("sweep"),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(sweepTimer);
      controller.abort();
      await running;
    },
  };
}
