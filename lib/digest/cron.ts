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
 * schedule's zone), or null if none comes before `until`. The iterator starts
 * at that local midnight, so a tick every minute costs one step, not the
 * thousands a walk from a fixed offset took (seconds on a busy machine, longer
 * than a short job's expiry).
 */
export function firstTickOnOrAfter(
  { cron, timeZone }: CronSchedule,
  date: IsoDate,
  until: Date,
): Date | null {
  const iterator = cronParser.parseExpression(cron, {
    tz: timeZone,
    currentDate: new Date(startOfLocalDay(date, timeZone).getTime() - 1),
  });
  // One step, or a few where a DST change leaves ticks of the day before after the start.
  for (let i = 0; i < 120; i++) {
    const tick = iterator.next().toDate();
    if (tick > until) return null;
    const local = parseIsoDate(localDateIn(tick, timeZone));
    if (local && local >= date) return tick;
  }
  return null;
}

/** The zone's offset from UTC at `instant`, in ms (local wall time minus UTC). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    field("year"),
    field("month") - 1,
    field("day"),
    field("hour"),
    field("minute"),
    field("second"),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant a local calendar day begins in `timeZone` (its first moment, where DST skips midnight). */
function startOfLocalDay(date: IsoDate, timeZone: string): Date {
  const midnightAsUtc = utcFromIsoDate(date).getTime();
  const first = midnightAsUtc - zoneOffsetMs(midnightAsUtc, timeZone);
  // Again with the offset at the first guess, which differs across a DST change; of the
  // two, the earlier that already falls on the day.
  const second = midnightAsUtc - zoneOffsetMs(first, timeZone);
  const onTheDay = [first, second].filter((t) => localDateIn(new Date(t), timeZone) >= date);
  return new Date(onTheDay.length ? Math.min(...onTheDay) : first);
}

/** How a schedule reads in mail and page copy: "every weekday", "every Monday", "08:00 UTC". */
export type ScheduleWords = {
  /** When a daily subscriber gets mail: "every weekday", "every day", "on Mondays and Thursdays". */
  daily: string;
  /** When a weekly one does (the first tick of each ISO week): "every Monday". */
  weekly: string;
  /** The time of day, when the schedule has one ("08:00 UTC"), else null. */
  at: string | null;
};

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function listOf(words: string[]): string {
  return words.length < 2 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/**
 * Words for DIGEST_CRON, so copy never promises days the schedule does not
 * keep. Read from the parsed fields (not the text), so "1-5", "MON-FRI" and
 * "1,2,3,4,5" read the same. A schedule by day of the month has no weekday to
 * name: it reads "on the days the schedule names" and "once a week".
 */
export function describeSchedule({ cron, timeZone }: CronSchedule): ScheduleWords {
  const { fields } = cronParser.parseExpression(cron, { tz: timeZone });
  const at =
    fields.hour.length === 1 && fields.minute.length === 1
      ? `${String(fields.hour[0]).padStart(2, "0")}:${String(fields.minute[0]).padStart(2, "0")} ${timeZone}`
      : null;
  if (fields.dayOfMonth.length < 31)
    return { daily: "on the days the schedule names", weekly: "once a week", at };
  // Monday first, as ISO weeks are; 7 and 0 are both Sunday.
  const days = [...new Set(fields.dayOfWeek.map((d) => Number(d) % 7))].sort(
    (a, b) => ((a + 6) % 7) - ((b + 6) % 7),
  );
  const key = days.join(",");
  const first = DAY_NAMES[days[0] ?? 1]!;
  const daily =
    days.length === 7
      ? "every day"
      : key === "1,2,3,4,5"
        ? "every weekday"
        : days.length === 1
          ? `every ${first}`
          : `on ${listOf(days.map((d) => `${DAY_NAMES[d]!}s`))}`;
  return { daily, weekly: `every ${first}`, at };
}
