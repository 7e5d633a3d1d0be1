import cronParser from "cron-parser";
import { parseIsoDate, utcFromIsoDate, type IsoDate } from "@/lib/papers/dates";
import { localDateIn } from "./periods";

// Cron arithmetic with cron-parser, the parser pg-boss itself schedules with
// (the same version, so npm installs it once): a tick computed here is a tick
// pg-boss fires.

export type CronSchedule = { cron: string; timeZone: string };

/** Throws a readable error for an expression pg-boss would refuse. */
export function assertValidCron({ cron, timeZone }: CronSchedule, setting = "DIGEST_CRON"): void {
  try {
    cronParser.parseExpression(cron, { tz: timeZone }).next();
  } catch (error) {
    throw new Error(
      `${setting} "${cron}" is not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The latest tick at or before `now`. */
export function latestTick({ cron, timeZone }: CronSchedule, now: Date): Date {
  return cronParser
    .parseExpression(cron, { tz: timeZone, currentDate: new Date(now.getTime() + 1) })
    .prev()
    .toDate();
}

/**
 * The first tick on or after the start of a local calendar day (`date` in the
 * schedule's zone), or null if none comes before `until`. Starts 15 hours
 * before that day's UTC midnight, which is before local midnight in every zone.
 */
export function firstTickOnOrAfter(
  { cron, timeZone }: CronSchedule,
  date: IsoDate,
  until: Date,
): Date | null {
  const iterator = cronParser.parseExpression(cron, {
    tz: timeZone,
    currentDate: new Date(utcFromIsoDate(date).getTime() - 15 * 3_600_000),
  });
  // Bounded: a tick every minute reaches the day within 2,000 steps.
  for (let i = 0; i < 2_000; i++) {
    const tick = iterator.next().toDate();
    if (tick > until) return null;
    const local = parseIsoDate(localDateIn(tick, timeZone));
    if (local && local >= date) return tick;
  }
  return null;
}
