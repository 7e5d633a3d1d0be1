// Calendar arithmetic on feed dates. A feed date is a calendar day written
// YYYY-MM-DD, with no time zone: the day a paper entered the feed. Everything
// here is pure and works in UTC so that a server's zone never shifts a day.

export type IsoDate = string & { readonly __brand: "IsoDate" };
export type IsoWeek = { year: number; week: number };
export type YearMonth = { year: number; month: number };

export const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "2025-02-28" for a real calendar day between years 1000 and 9999; null otherwise. */
export function parseIsoDate(text: string): IsoDate | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return text as IsoDate;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDateFromUtc(date: Date): IsoDate {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` as IsoDate;
}

/** Midnight UTC of the day, the form Prisma uses for a DATE column. */
export function utcFromIsoDate(date: IsoDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return isoDateFromUtc(new Date(utcFromIsoDate(date).getTime() + days * DAY_MS));
}

export function todayUtc(now = new Date()): IsoDate {
  return isoDateFromUtc(now);
}

/** ISO weekday: Monday 1 .. Sunday 7. */
export function isoWeekday(date: IsoDate): number {
  return ((utcFromIsoDate(date).getUTCDay() + 6) % 7) + 1;
}

/** The ISO week a day belongs to: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeekOf(date: IsoDate): IsoWeek {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const jan1 = utcFromIsoDate(`${year}-01-01` as IsoDate).getTime();
  const week = Math.floor((utcFromIsoDate(thursday).getTime() - jan1) / DAY_MS / 7) + 1;
  return { year, week };
}

/** 52 or 53: a year has 53 ISO weeks when Dec 28 falls in week 53. */
export function isoWeeksInYear(year: number): number {
  return isoWeekOf(`${year}-12-28` as IsoDate).week;
}

export function formatIsoWeek({ year, week }: IsoWeek): string {
  return `${year}-W${pad(week)}`;
}

/** "2025-W07"; null for malformed text or a week the year does not have (2025-W54). */
export function parseIsoWeek(text: string): IsoWeek | null {
  const m = WEEK_RE.exec(text);
  if (!m) return null;
  const [year, week] = [Number(m[1]), Number(m[2])];
  if (year < 1000 || week < 1 || week > isoWeeksInYear(year)) return null;
  return { year, week };
}

/** Monday and Sunday of an ISO week. */
export function isoWeekRange({ year, week }: IsoWeek): { start: IsoDate; end: IsoDate } {
  const jan4 = `${year}-01-04` as IsoDate; // always in week 1
  const week1Monday = addDays(jan4, 1 - isoWeekday(jan4));
  const start = addDays(week1Monday, (week - 1) * 7);
  return { start, end: addDays(start, 6) };
}

export function formatYearMonth({ year, month }: YearMonth): string {
  return `${year}-${pad(month)}`;
}

export function parseYearMonth(text: string): YearMonth | null {
  const m = MONTH_RE.exec(text);
  if (!m) return null;
  const [year, month] = [Number(m[1]), Number(m[2])];
  if (year < 1000 || month < 1 || month > 12) return null;
  return { year, month };
}

export function monthRange({ year, month }: YearMonth): { start: IsoDate; end: IsoDate } {
  return {
    start: `${year}-${pad(month)}-01` as IsoDate,
    end: `${year}-${pad(month)}-${pad(daysInMonth(year, month))}` as IsoDate,
  };
}

export function yearMonthOf(date: IsoDate): YearMonth {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "Mar 31, 2026": fixed English, so server and browser render the same text. */
export function formatDisplayDate(date: IsoDate): string {
  const { year, month } = yearMonthOf(date);
  return `${MONTHS[month - 1]} ${Number(date.slice(8, 10))}, ${year}`;
}

export function formatDisplayMonth({ year, month }: YearMonth): string {
  return `${MONTHS_LONG[month - 1]} ${year}`;
}

export function formatDisplayWeek(week: IsoWeek): string {
  const { start, end } = isoWeekRange(week);
  return `Week ${week.week}, ${week.year} (${formatDisplayDate(start).replace(/, \d+$/, "")} – ${formatDisplayDate(end)})`;
}

/**
 * "Aug 10 – 16, 2026", "Jul 27 – Aug 2, 2026", "Dec 28, 2026 – Jan 3, 2027":
 * a week as readers name it, the year and month said once where they repeat.
 */
export function formatWeekRange(week: IsoWeek): string {
  const { start, end } = isoWeekRange(week);
  const [startYear, endYear] = [start.slice(0, 4), end.slice(0, 4)];
  if (startYear !== endYear) return `${formatDisplayDate(start)} – ${formatDisplayDate(end)}`;
  const from = formatDisplayDate(start).replace(/, \d+$/, "");
  const to =
    start.slice(5, 7) === end.slice(5, 7)
      ? String(Number(end.slice(8, 10)))
      : formatDisplayDate(end).replace(/, \d+$/, "");
  return `${from} – ${to}, ${endYear}`;
}

/** "Aug 10" or "Aug 10 – 16": short labels for the arrows on phones. */
export function formatShortDate(date: IsoDate): string {
  return formatDisplayDate(date).replace(/, \d+$/, "");
}
