import "server-only";
import { addDays, utcFromIsoDate, type IsoDate } from "@/lib/papers/dates";
import { daysBetween, fetchFeed } from "@/lib/papers/fetch/fetch-feed";
import { getLastFetchOfDays, getLastFetchRun } from "@/lib/papers/fetch/queries";
import type { DueDigest } from "./due";
import type { DigestPeriod } from "./periods";
import { hasUndeliveredSubscribers } from "./period-queries";

// Where the feed fills itself (FETCH_CRON is not off), a digest never goes
// out for a day that was never fetched: every day it covers, and for a daily
// digest every day after it up to yesterday (which shows that no later day
// has papers), must have been fetched after the day ended. The hourly fetch
// normally did that already; if not, the digest run fetches those days first,
// and whatever is still missing holds its digest for a later run (the sweep
// comes back every DIGEST_SWEEP_SECONDS). A daily digest is also held when
// the newest day with papers is weeks old: a stale feed is not news.

export const MAX_DAILY_DIGEST_AGE_DAYS = 14;

export type HeldDigest = { period: DigestPeriod; reason: string };

/** The days a digest's period needs fetched, as of `asOf` (the tick's local date); null when too old to send. */
export function daysNeeded(period: DigestPeriod, asOf: IsoDate): IsoDate[] | null {
  if (period.kind === "weekly") return daysBetween(period.start, period.end);
  const yesterday = addDays(asOf, -1);
  if (period.start < addDays(yesterday, -MAX_DAILY_DIGEST_AGE_DAYS)) return null;
  return daysBetween(period.start, yesterday < period.start ? period.start : yesterday);
}

/** Days whose last successful fetch did not finish after the day was over (UTC), or that were never fetched. */
async function unfetchedDays(days: IsoDate[]): Promise<IsoDate[]> {
  const last = await getLastFetchOfDays(days);
  return days.filter((day) => {
    const at = last.get(day);
    return !at || at.getTime() < utcFromIsoDate(addDays(day, 1)).getTime();
  });
}

export async function checkDigestDaysFetched(
  due: DueDigest[],
  asOf: IsoDate,
): Promise<{ ready: DueDigest[]; held: HeldDigest[]; missing: IsoDate[] }> {
  const ready: DueDigest[] = [];
  const held: HeldDigest[] = [];
  const missing = new Set<IsoDate>();
  for (const digest of due) {
    // Nobody waiting (no subscribers, or all delivered): nothing to hold, nothing to fetch for.
    const { period, cutoff } = digest;
    if (!(await hasUndeliveredSubscribers({ period: period.key, kind: period.kind, cutoff }))) {
      ready.push(digest);
      continue;
    }
    const days = daysNeeded(digest.period, asOf);
    if (!days) {
      held.push({
        period: digest.period,
        reason: `its day is more than ${MAX_DAILY_DIGEST_AGE_DAYS} days old: the feed has had no papers since`,
      });
      continue;
    }
    const notFetched = await unfetchedDays(days);
    if (!notFetched.length) ready.push(digest);
    else {
      notFetched.forEach((d) => missing.add(d));
      held.push({
        period: digest.period,
        reason: `not fetched since the day ended: ${notFetched.join(", ")}`,
      });
    }
  }
  return { ready, held, missing: [...missing].sort() };
}

/**
 * The digests that may go out: fetches the days they are missing first
 * (unless a fetch failed in the last `retryAfterMs`, to stay polite towards
 * an upstream that is down), then recomputes what is due, since a day just
 * fetched can change which day a daily digest covers.
 */
export async function ensureDigestDaysFetched(options: {
  getDue: () => Promise<DueDigest[]>;
  asOf: IsoDate;
  retryAfterMs: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}): Promise<{ ready: DueDigest[]; held: HeldDigest[] }> {
  let due = await options.getDue();
  let check = await checkDigestDaysFetched(due, options.asOf);
  if (check.missing.length) {
    const last = await getLastFetchRun();
    const failedRecently =
      last !== null &&
      last.status !== "succeeded" &&
      Date.now() - last.startedAt.getTime() < options.retryAfterMs;
    if (!failedRecently) {
      options.log?.(`fetching ${check.missing.join(", ")} before the digest`);
      await fetchFeed({ days: check.missing, trigger: "digest", ifLocked: "wait", signal: options.signal });
      due = await options.getDue();
      check = await checkDigestDaysFetched(due, options.asOf);
    }
  }
  for (const h of check.held) options.log?.(`${h.period.key} held: ${h.reason}`);
  return { ready: check.ready, held: check.held };
}
