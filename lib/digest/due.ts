import "server-only";
import { addDays, isoWeekday, type IsoDate } from "@/lib/papers/dates";
import { firstTickOnOrAfter, latestTick, type CronSchedule } from "./cron";
import {
  dailyPeriod,
  lastCompletedWeek,
  localDateIn,
  weeklyPeriodOf,
  type DigestKind,
  type DigestPeriod,
} from "./periods";
import { getLatestFeedDateBefore } from "./period-queries";

// Which digests are due, and for whom. A period becomes due at a tick of the
// schedule: daily subscribers get, at each tick, the latest completed feed day
// (the latest day before the tick's local date that has papers); weekly ones
// get the previous ISO week, due from the week's first tick. Being keyed by
// period, a digest that was already delivered is not due again, so any later
// moment can compute the same answer: that is how a missed tick catches up.

export type DueDigest = {
  period: DigestPeriod;
  /** Subscribers confirmed after this are not due for this period (they start with the next one). */
  cutoff: Date;
};

/** The digests due as of the latest tick at or before `now`. */
export async function getDueDigests(schedule: CronSchedule, now: Date): Promise<DueDigest[]> {
  const tick = latestTick(schedule, now);
  const localDate = localDateIn(tick, schedule.timeZone);
  const due: DueDigest[] = [];
  const latestDay = await getLatestFeedDateBefore(localDate);
  if (latestDay)
    due.push({
      period: dailyPeriod(latestDay),
      cutoff: firstTickOnOrAfter(schedule, localDate, tick) ?? tick,
    });
  const monday = addDays(localDate, 1 - isoWeekday(localDate));
  due.push({
    period: lastCompletedWeek(localDate),
    cutoff: firstTickOnOrAfter(schedule, monday, tick) ?? tick,
  });
  return due;
}

/**
 * What `npm run digest` sends now: for a date, that day's (or week's) digest;
 * without one, the latest completed feed day and the last complete ISO week as
 * of today in the digest's zone. Everyone subscribed by now is due.
 */
export async function getRequestedDigests(options: {
  kinds: DigestKind[];
  date?: IsoDate;
  timeZone: string;
  now: Date;
}): Promise<DueDigest[]> {
  const today = localDateIn(options.now, options.timeZone);
  const due: DueDigest[] = [];
  for (const kind of options.kinds) {
    if (kind === "daily") {
      const day = options.date ?? (await getLatestFeedDateBefore(today));
      if (day) due.push({ period: dailyPeriod(day), cutoff: options.now });
    } else {
      due.push({
        period: options.date ? weeklyPeriodOf(options.date) : lastCompletedWeek(today),
        cutoff: options.now,
      });
    }
  }
  return due;
}
