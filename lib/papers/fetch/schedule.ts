import "server-only";
import type PgBoss from "pg-boss";
import { assertValidCron } from "@/lib/digest/cron";
import { getEnv } from "@/lib/env";
import { retryOnDeadlock } from "@/lib/jobs/boss";
import { loggedRun } from "@/lib/jobs/run-log";
import { defaultFetchDays, fetchFeed, type FetchSummary } from "./fetch-feed";
import { getLastFetchRun } from "./queries";

// The scheduled fetch: at FETCH_CRON (UTC), and once when an instance starts
// unless a run began in the last few minutes, today and FETCH_REFRESH_DAYS
// days before it. The queue's singleton policy lets one fetch job be active
// at a time across instances, and the fetch's advisory lock keeps a
// scheduled run from overlapping `npm run fetch`. A run with failed days is
// not retried by pg-boss: the next tick asks for the same days again, so an
// upstream that is down (or a machine without network) costs one polite
// attempt per tick, logged and recorded.

export const FETCH_QUEUE = "paperboy-fetch";
const START_FETCH_UNLESS_RUN_WITHIN_MS = 5 * 60_000;

type FetchJobData = { reason: "cron" | "start" | "now" };

export type FetchJobs = { fetchNow(): Promise<string | null>; stop(): Promise<void> };

export function formatFetchLine(s: FetchSummary): string {
  const c = s.counts;
  const failed = s.days.filter((d) => d.status === "failed");
  const head =
    `${c.daysAsked} days from ${s.upstream}: fetched ${c.daysFetched}, empty ${c.daysEmpty}, failed ${c.daysFailed}` +
    ` · papers +${c.inserted} ~${c.updated} =${c.unchanged} invalid ${c.invalid} · ${s.seconds.toFixed(1)} s`;
  if (!failed.length) return head;
  return `${head}; failed: ${failed.map((d) => `${d.date} (${d.reason})`).join(", ")}; tried again at the next tick`;
}

export async function registerFetchJobs(
  boss: PgBoss,
  options: { log?: (line: string) => void } = {},
): Promise<FetchJobs> {
  const env = getEnv();
  const log = (line: string) => (options.log ?? console.log)(`[fetch] ${line}`);
  assertValidCron({ cron: env.FETCH_CRON, timeZone: "UTC" }, "FETCH_CRON");
  const policy = { retryLimit: 0, expireInSeconds: 3_600 };
  await retryOnDeadlock(async () => {
    await boss.createQueue(FETCH_QUEUE, { name: FETCH_QUEUE, policy: "singleton", ...policy });
    await boss.updateQueue(FETCH_QUEUE, { name: FETCH_QUEUE, policy: "singleton", ...policy });
    await boss.schedule(FETCH_QUEUE, env.FETCH_CRON, { reason: "cron" } satisfies FetchJobData, {
      tz: "UTC",
      ...policy,
    });
  });

  const controller = new AbortController();
  let running: Promise<unknown> = Promise.resolve();
  await boss.work<FetchJobData>(FETCH_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async (jobs) => {
    if (!jobs[0]) return;
    const run = loggedRun(FETCH_QUEUE, () =>
      fetchFeed({
        days: defaultFetchDays(),
        trigger: "schedule",
        ifLocked: "skip",
        signal: controller.signal,
      }),
    ).then(
      (summary) => {
        if (summary.skipped) log("another fetch is running: this one is skipped");
        else if (!controller.signal.aborted) log(formatFetchLine(summary));
        return { runId: summary.runId, failed: summary.counts.daysFailed };
      },
      (error: unknown) => {
        // Not thrown to pg-boss: the next tick is the retry.
        log(`the run stopped: ${error instanceof Error ? error.message : String(error)}`);
        return { error: String(error) };
      },
    );
    running = run;
    return run;
  });

  const send = (reason: FetchJobData["reason"]) =>
    boss.send(FETCH_QUEUE, { reason } satisfies FetchJobData, {
      ...policy,
      singletonKey: reason,
      singletonSeconds: 60,
    });

  const last = await getLastFetchRun();
  const recent = last && Date.now() - last.startedAt.getTime() < START_FETCH_UNLESS_RUN_WITHIN_MS;
  if (!recent) await send("start");
  log(
    `fetch scheduled (${env.FETCH_CRON} UTC, today and ${env.FETCH_REFRESH_DAYS} days before, from ${env.PAPERS_UPSTREAM_URL})`,
  );

  return {
    fetchNow: () => send("now"),
    async stop() {
      controller.abort();
      await running;
    },
  };
}
