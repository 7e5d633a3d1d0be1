import { z } from "zod";
import {
  formatDisplayDate,
  formatDisplayMonth,
  formatWeekRange,
  formatIsoWeek,
  formatShortDate,
  formatYearMonth,
  isoWeekOf,
  isoWeekRange,
  monthRange,
  parseIsoDate,
  parseIsoWeek,
  parseYearMonth,
  yearMonthOf,
  type IsoDate,
} from "@/lib/papers/dates";

// The three ways to read the feed, mirroring the Daily Papers URLs:
// /papers/date/YYYY-MM-DD, /papers/week/YYYY-Www, /papers/month/YYYY-MM.

export type PeriodKind = "day" | "week" | "month";
export type Period = { kind: PeriodKind; key: string; start: IsoDate; end: IsoDate; label: string };

export const FEED_PAGE_SIZE = 50;

const SEGMENT: Record<PeriodKind, string> = { day: "date", week: "week", month: "month" };

export function dayPeriod(date: IsoDate): Period {
  return { kind: "day", key: date, start: date, end: date, label: formatDisplayDate(date) };
}

export function weekPeriodOf(date: IsoDate): Period {
  const week = isoWeekOf(date);
  return { kind: "week", key: formatIsoWeek(week), ...isoWeekRange(week), label: formatWeekRange(week) };
}

export function monthPeriodOf(date: IsoDate): Period {
  const month = yearMonthOf(date);
  return {
    kind: "month",
    key: formatYearMonth(month),
    ...monthRange(month),
    label: formatDisplayMonth(month),
  };
}

/** The period a URL names, or null when the text is not a real day, ISO week or month. */
export function parsePeriod(kind: PeriodKind, text: string): Period | null {
  if (kind === "day") {
    const date = parseIsoDate(text);
    return date && dayPeriod(date);
  }
  if (kind === "week") {
    const week = parseIsoWeek(text);
    return week && weekPeriodOf(isoWeekRange(week).start);
  }
  const month = parseYearMonth(text);
  return month && monthPeriodOf(monthRange(month).start);
}

/** The period of the same kind that holds `date`. */
export function periodOf(kind: PeriodKind, date: IsoDate): Period {
  return kind === "day" ? dayPeriod(date) : kind === "week" ? weekPeriodOf(date) : monthPeriodOf(date);
}

/** The period in a few characters, for the arrows on phones: "Mar 30", "Mar 23 – 29", "February 2026". */
export function shortPeriodLabel(period: Period): string {
  if (period.kind === "day") return formatShortDate(period.start);
  if (period.kind === "week") return period.label.replace(/, \d+$/, "");
  return period.label;
}

export function periodPath(period: Pick<Period, "kind" | "key">, page = 1): string {
  const path = `/papers/${SEGMENT[period.kind]}/${period.key}`;
  return page > 1 ? `${path}?p=${page}` : path;
}

/** ?p= on feed pages: 1-based. Anything else is a bad URL (404), not a silent page 1. */
export const feedPageQuerySchema = z.object({
  p: z.coerce.number().int().min(1).max(100_000).default(1),
});
