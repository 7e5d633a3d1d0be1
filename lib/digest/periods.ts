import {
  addDays,
  formatDisplayDate,
  formatDisplayWeek,
  formatIsoWeek,
  isoWeekOf,
  isoWeekRange,
  parseIsoDate,
  parseIsoWeek,
  type IsoDate,
} from "@/lib/papers/dates";

// A digest period: what one digest covers, and the key of its delivery rows.
// "daily:2026-03-31" covers one feed day; "weekly:2026-W14" one ISO week. The
// key is the unit of "once": a subscriber gets at most one digest per key.
// Pure.

export type DigestKind = "daily" | "weekly";

export type DigestPeriod = {
  kind: DigestKind;
  /** "daily:2026-03-31", "weekly:2026-W14": the period column of digest_deliveries. */
  key: string;
  /** "2026-03-31", "2026-W14": the archive URL's last segment. */
  slug: string;
  start: IsoDate;
  end: IsoDate;
  /** "Mar 31, 2026", "Week 14, 2026 (Mar 30 – Apr 5, 2026)". */
  label: string;
};

export function dailyPeriod(date: IsoDate): DigestPeriod {
  return {
    kind: "daily",
    key: `daily:${date}`,
    slug: date,
    start: date,
    end: date,
    label: formatDisplayDate(date),
  };
}

/** The ISO week holding `date`. */
export function weeklyPeriodOf(date: IsoDate): DigestPeriod {
  const week = isoWeekOf(date);
  const slug = formatIsoWeek(week);
  return {
    kind: "weekly",
    key: `weekly:${slug}`,
    slug,
    ...isoWeekRange(week),
    label: formatDisplayWeek(week),
  };
}

/** The period an archive URL or a CLI flag names ("2026-03-31" / "2026-W14"), or null. */
export function parseDigestSlug(kind: DigestKind, slug: string): DigestPeriod | null {
  if (kind === "daily") {
    const date = parseIsoDate(slug);
    return date && dailyPeriod(date);
  }
  const week = parseIsoWeek(slug);
  return week && weeklyPeriodOf(isoWeekRange(week).start);
}

/** The period a delivery row's key names, or null. */
export function parseDigestKey(key: string): DigestPeriod | null {
  const [kind, slug, extra] = key.split(":");
  if (extra !== undefined || !slug || (kind !== "daily" && kind !== "weekly")) return null;
  return parseDigestSlug(kind, slug);
}

/** The weekly digest sent during the week of `localDate`: the ISO week before it. */
export function lastCompletedWeek(localDate: IsoDate): DigestPeriod {
  return weeklyPeriodOf(addDays(localDate, -7));
}

export function archivePath(period: Pick<DigestPeriod, "kind" | "slug">): string {
  return `/digest/${period.kind}/${period.slug}`;
}

/** The calendar day an instant falls on in a time zone ("UTC", "Europe/Paris"). */
export function localDateIn(instant: Date, timeZone: string): IsoDate {
  // en-CA formats as YYYY-MM-DD.
  const text = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
  const date = parseIsoDate(text);
  if (!date) throw new Error(`Unexpected date format from Intl: ${text}`);
  return date;
}
