import pg from "pg";
import { connectionName } from "@/lib/database/connection-name";
import { appUrl, getEnv, type Env } from "@/lib/env";
import { addDays, todayUtc, type IsoDate } from "../dates";
import { PaperImporter, type ImportCounts } from "../import/importer";
import { mapHfEntry } from "../import/sources";
import { fetchDailyPapersDay } from "./daily-papers";
import { PoliteClient, UpstreamError, type PoliteClientSettings } from "./polite-client";
import {
  createFetchRun,
  finishFetchRun,
  markInterruptedFetchRuns,
  recordFetchDay,
  type FetchDayOutcome,
  type FetchRunCounts,
  type FetchTrigger,
} from "./queries";

// npm run fetch and the scheduled fetch: days from the upstream, oldest
// first, each applied through PaperImporter (the importer's own mapping and
// upsert: idempotent, the earliest feed date kept, local votes kept; the
// search index and page caches follow the rows' updated_at and the feed
// version, as after an import). A day is written only once all its pages
// have arrived, in one statement. A day that fails after its retries is
// recorded as failed and the other days still land. One run at a time,
// whichever process or instance starts it: a Postgres advisory lock.

export type FetchProgress = { day: IsoDate; index: number; days: number; requests: number };

export type FetchSummary = {
  runId: string | null;
  upstream: string;
  /** Another run held the lock and this one was told not to wait. */
  skipped: boolean;
  days: FetchDayOutcome[];
  counts: FetchRunCounts;
  imported: ImportCounts;
  seconds: number;
};

const FETCH_LOCK = "paperboy:fetch";

/** A day's outcome, and whether its failure was the server not answering at all. */
type DayResult = FetchDayOutcome & { unreachable?: boolean };

/** Today (UTC) and the refresh window before it, oldest first. */
export function defaultFetchDays(env: Env = getEnv(), now = new Date()): IsoDate[] {
  return daysBetween(addDays(todayUtc(now), -env.FETCH_REFRESH_DAYS), todayUtc(now));
}

export function daysBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

export function upstreamSettings(env: Env = getEnv()): PoliteClientSettings {
  return {
    userAgent: `Paperboy/0.1 (+${appUrl(env)}; a daily feed of research papers)`,
    ratePerSecond: env.FETCH_RATE_PER_SECOND,
    timeoutMs: env.FETCH_TIMEOUT_SECONDS * 1000,
    maxBytes: Math.round(env.FETCH_MAX_RESPONSE_MB * 1_048_576),
    maxAttempts: env.FETCH_MAX_ATTEMPTS,
    retryDelayMs: env.FETCH_RETRY_DELAY_SECONDS * 1000,
    maxRetryAfterMs: 120_000,
  };
}

export async function fetchFeed(options: {
  days: IsoDate[];
  trigger: FetchTrigger;
  /** Wait for a run in progress (the CLI), or give up at once (the schedule: that run does the job). */
  ifLocked: "wait" | "skip";
  signal?: AbortSignal;
  onProgress?: (p: FetchProgress) => void;
  onWaiting?: () => void;
  /** For tests: a smaller page than the API's 100, to exercise paging with small fixtures. */
  pageSize?: number;
}): Promise<FetchSummary> {
  const env = getEnv();
  const started = Date.now();
  const upstream = env.PAPERS_UPSTREAM_URL;
  const days = [...new Set(options.days)].sort();
  const counts: FetchRunCounts = {
    daysAsked: days.length,
    daysFetched: 0,
    daysEmpty: 0,
    daysFailed: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    invalid: 0,
    requests: 0,
  };
  const importer = new PaperImporter(Number.POSITIVE_INFINITY);
  const summary: FetchSummary = {
    runId: null,
    upstream,
    skipped: false,
    days: [],
    counts,
    imported: importer.counts,
    seconds: 0,
  };
  if (!days.length) return summary;

  const lock = await acquireFetchLock(options.ifLocked, options.onWaiting);
  if (!lock) return { ...summary, skipped: true };
  try {
    await markInterruptedFetchRuns();
    const runId = await createFetchRun({
      trigger: options.trigger,
      upstream,
      firstDay: days[0]!,
      lastDay: days.at(-1)!,
      daysAsked: days.length,
    });
    summary.runId = runId;
    const client = new PoliteClient(upstreamSettings(env), options.signal);
    // A server that did not answer at all after every retry (down, or no
    // network here) is not asked for the remaining days of this run.
    let unreachable: string | null = null;
    try {
      for (const [index, day] of days.entries()) {
        options.onProgress?.({ day, index, days: days.length, requests: client.requests });
        const outcome: DayResult = unreachable
          ? {
              date: day,
              status: "failed",
              papers: 0,
              pages: 0,
              attempts: 0,
              reason: `not asked: ${unreachable}`,
            }
          : await fetchOneDay(client, upstream, day, importer, options.pageSize);
        if (outcome.status === "failed" && outcome.unreachable && !unreachable)
          unreachable = `the server could not be reached earlier in this run (${outcome.date})`;
        const { unreachable: _unreachable, ...dayOutcome } = outcome;
        summary.days.push(dayOutcome);
        counts[
          outcome.status === "fetched"
            ? "daysFetched"
            : outcome.status === "empty"
              ? "daysEmpty"
              : "daysFailed"
        ] += 1;
        Object.assign(counts, {
          inserted: importer.counts.inserted,
          updated: importer.counts.updated,
          unchanged: importer.counts.unchanged,
          invalid: importer.counts.invalid,
          requests: client.requests,
        });
        await recordFetchDay(runId, outcome, counts);
      }
    } catch (error) {
      counts.requests = client.requests;
      if (options.signal?.aborted) {
        await finishFetchRun(runId, "interrupted", counts, "stopped before the run ended");
        summary.seconds = (Date.now() - started) / 1000;
        return summary;
      }
      await finishFetchRun(
        runId,
        "failed",
        counts,
        error instanceof Error ? error.message : String(error),
      ).catch(() => {});
      throw error;
    }
    const arrived = counts.daysFetched + counts.daysEmpty;
    const status = !counts.daysFailed ? "succeeded" : arrived ? "partial" : "failed";
    await finishFetchRun(runId, status, counts);
    summary.seconds = (Date.now() - started) / 1000;
    return summary;
  } finally {
    await lock.release();
  }
}

async function fetchOneDay(
  client: PoliteClient,
  upstream: string,
  day: IsoDate,
  importer: PaperImporter,
  pageSize: number | undefined,
): Promise<DayResult> {
  let fetched;
  try {
    fetched = await fetchDailyPapersDay(client, upstream, day, pageSize);
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return {
      date: day,
      status: "failed",
      papers: 0,
      pages: 0,
      attempts: error.attempts,
      reason: error.message,
      unreachable: error.status === null,
    };
  }
  for (const [i, entry] of fetched.entries.entries()) {
    await importer.add(mapHfEntry(entry, day), { file: day, position: `entry ${i + 1}` });
  }
  // The whole day in one statement.
  await importer.flush();
  return {
    date: day,
    status: fetched.entries.length ? "fetched" : "empty",
    papers: fetched.entries.length,
    pages: fetched.pages,
    attempts: fetched.attempts,
    reason: null,
  };
}

/** A session-level advisory lock on a connection of its own, held for the run. */
async function acquireFetchLock(
  ifLocked: "wait" | "skip",
  onWaiting?: () => void,
): Promise<{ release(): Promise<void> } | null> {
  const url = getEnv().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const client = new pg.Client({ connectionString: url, application_name: connectionName() });
  client.on("error", () => {}); // a lost connection releases the lock; the run's own queries report the outage
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock(hashtext($1)) AS locked",
      [FETCH_LOCK],
    );
    if (!rows[0]?.locked) {
      if (ifLocked === "skip") {
        await client.end();
        return null;
      }
      onWaiting?.();
      await client.query("SELECT pg_advisory_lock(hashtext($1))", [FETCH_LOCK]);
    }
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return { release: () => client.end().catch(() => {}) };
}
