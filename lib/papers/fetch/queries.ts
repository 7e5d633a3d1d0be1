import { db, sqlPool } from "@/lib/db";
import { isoDateFromUtc, utcFromIsoDate, type IsoDate } from "../dates";

// The record of every fetch run and of each day it asked for: what `npm run
// fetch -- --status` and /admin show, what the feed's "Updated" line reads,
// and what the digest checks before it sends a day.

export type FetchTrigger = "cli" | "schedule" | "digest";
export type FetchDayOutcome = {
  date: IsoDate;
  status: "fetched" | "empty" | "failed";
  papers: number;
  pages: number;
  attempts: number;
  reason: string | null;
};
export type FetchRunCounts = {
  daysAsked: number;
  daysFetched: number;
  daysEmpty: number;
  daysFailed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  invalid: number;
  requests: number;
};

export async function createFetchRun(input: {
  trigger: FetchTrigger;
  upstream: string;
  firstDay: IsoDate;
  lastDay: IsoDate;
  daysAsked: number;
}): Promise<string> {
  const run = await db().fetchRun.create({
    data: {
      trigger: input.trigger,
      upstream: input.upstream,
      firstDay: utcFromIsoDate(input.firstDay),
      lastDay: utcFromIsoDate(input.lastDay),
      daysAsked: input.daysAsked,
    },
    select: { id: true },
  });
  return run.id;
}

/** A day's outcome and the run's counts so far, together: /admin shows a long backfill as it goes. */
export async function recordFetchDay(
  runId: string,
  day: FetchDayOutcome,
  counts: FetchRunCounts,
): Promise<void> {
  await db().$transaction([
    db().fetchDay.create({
      data: {
        runId,
        date: utcFromIsoDate(day.date),
        status: day.status,
        papers: day.papers,
        pages: day.pages,
        attempts: day.attempts,
        reason: day.reason?.slice(0, 1000) ?? null,
      },
    }),
    db().fetchRun.update({ where: { id: runId }, data: counts }),
  ]);
}

/**
 * Ends a run. When any day arrived the feed's version moves too, so cached
 * pages show the new "Updated" time even when no paper changed.
 */
export async function finishFetchRun(
  runId: string,
  status: "succeeded" | "partial" | "failed" | "interrupted",
  counts: FetchRunCounts,
  error: string | null = null,
): Promise<void> {
  await sqlPool().query(
    `WITH finished AS (
       UPDATE fetch_runs SET status = $2::fetch_run_status, finished_at = now(), error = $3,
         days_asked = $4, days_fetched = $5, days_empty = $6, days_failed = $7,
         inserted = $8, updated = $9, unchanged = $10, invalid = $11, requests = $12
       WHERE id = $1 RETURNING days_fetched + days_empty AS arrived
     )
     UPDATE feed_state SET version = version + 1, changed_at = now()
     WHERE id = 1 AND (SELECT arrived FROM finished) > 0`,
    [
      runId,
      status,
      error?.slice(0, 1000) ?? null,
      counts.daysAsked,
      counts.daysFetched,
      counts.daysEmpty,
      counts.daysFailed,
      counts.inserted,
      counts.updated,
      counts.unchanged,
      counts.invalid,
      counts.requests,
    ],
  );
}

/** Runs still marked running while this caller holds the fetch lock died or were stopped: say so. */
export async function markInterruptedFetchRuns(): Promise<number> {
  const { count } = await db().fetchRun.updateMany({
    where: { status: "running" },
    data: {
      status: "interrupted",
      finishedAt: new Date(),
      error: "the process stopped before the run ended",
    },
  });
  return count;
}

export type FetchRunReport = {
  id: string;
  trigger: string;
  upstream: string;
  firstDay: IsoDate;
  lastDay: IsoDate;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  counts: FetchRunCounts;
  failedDays: { date: IsoDate; reason: string | null }[];
};

export async function listRecentFetchRuns(limit = 10): Promise<FetchRunReport[]> {
  const runs = await db().fetchRun.findMany({
    orderBy: { startedAt: "desc" },
    take: limit,
    include: {
      days: { where: { status: "failed" }, orderBy: { date: "asc" }, select: { date: true, reason: true } },
    },
  });
  return runs.map((r) => ({
    id: r.id,
    trigger: r.trigger,
    upstream: r.upstream,
    firstDay: isoDateFromUtc(r.firstDay),
    lastDay: isoDateFromUtc(r.lastDay),
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    error: r.error,
    counts: {
      daysAsked: r.daysAsked,
      daysFetched: r.daysFetched,
      daysEmpty: r.daysEmpty,
      daysFailed: r.daysFailed,
      inserted: r.inserted,
      updated: r.updated,
      unchanged: r.unchanged,
      invalid: r.invalid,
      requests: r.requests,
    },
    failedDays: r.days.map((d) => ({ date: isoDateFromUtc(d.date), reason: d.reason })),
  }));
}

/** When the days between start and end were last fetched (the latest successful fetch of any of them); null if never. */
export async function getLastFetchedAt(start: IsoDate, end: IsoDate): Promise<Date | null> {
  const row = await db().fetchDay.findFirst({
    where: {
      date: { gte: utcFromIsoDate(start), lte: utcFromIsoDate(end) },
      status: { in: ["fetched", "empty"] },
    },
    orderBy: { finishedAt: "desc" },
    select: { finishedAt: true },
  });
  return row?.finishedAt ?? null;
}

/** For each day, when its latest successful fetch finished (days never fetched are absent). */
export async function getLastFetchOfDays(days: IsoDate[]): Promise<Map<IsoDate, Date>> {
  if (!days.length) return new Map();
  const { rows } = await sqlPool().query<{ date: string; finished_at: Date }>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, max(finished_at) AS finished_at
     FROM fetch_days WHERE date = ANY($1::date[]) AND status IN ('fetched', 'empty')
     GROUP BY date`,
    [days],
  );
  return new Map(rows.map((r) => [r.date as IsoDate, r.finished_at]));
}

/** The latest finished run that attempted anything, for the scheduler's "is a fetch due?" and /admin. */
export async function getLastFetchRun(): Promise<{
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
} | null> {
  return db().fetchRun.findFirst({
    orderBy: { startedAt: "desc" },
    select: { status: true, startedAt: true, finishedAt: true },
  });
}
