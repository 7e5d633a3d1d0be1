import {
  getFeedPapers,
  getLatestFeedDate,
  getLatestFeedDateIn,
  getNearestFeedDate,
  getNeighbourFeedDates,
} from "@/lib/papers/queries";
import { pageOf, pageWindow, type RankedPage } from "./paging";
import { getLastFetchedAt } from "@/lib/papers/fetch/queries";
import { parseIsoDate, type IsoDate } from "@/lib/papers/dates";
import { dayPeriod, feedPageQuerySchema, parsePeriod, periodOf, periodPath, type Period } from "./periods";

export type FeedView = RankedPage & {
  period: Period;
  /** The nearest periods of the same kind that have papers. */
  previous: Period | null;
  next: Period | null;
  /** When the period's days were last fetched from the upstream (null: never, e.g. imported from files). */
  lastFetchedAt: Date | null;
  /** The latest day of the period that has papers (null: none): where the Daily and Weekly tabs lead. */
  latestDate: IsoDate | null;
};

/** A page of a day, week or month, ranked by upvotes; null when the page is past the end. */
export async function getFeedView(period: Period, page: number): Promise<FeedView | null> {
  const [{ papers, total }, neighbours, lastFetchedAt, latestDate] = await Promise.all([
    getFeedPapers({
      start: period.start,
      end: period.end,
      sort: "upvotes",
      ...pageWindow(page),
    }),
    getNeighbourFeedDates(period.start, period.end),
    getLastFetchedAt(period.start, period.end),
    period.kind === "day" ? period.start : getLatestFeedDateIn(period.start, period.end),
  ]);
  const paging = pageOf(page, total);
  if (!paging) return null;
  return {
    lastFetchedAt,
    latestDate: total ? latestDate : null,
    period,
    papers,
    total,
    ...paging,
    previous: neighbours.previous ? periodOf(period.kind, neighbours.previous) : null,
    next: neighbours.next ? periodOf(period.kind, neighbours.next) : null,
  };
}

export { getLatestFeedDate };

/** What a /papers/{date|week|month}/KEY?p=N URL shows, or null for a 404 (bad key, bad page, page past the end). */
export async function loadFeedPage(
  kind: Period["kind"],
  key: string,
  searchParams: Record<string, unknown>,
): Promise<FeedView | null> {
  const period = parsePeriod(kind, key);
  const query = feedPageQuerySchema.safeParse(searchParams);
  if (!period || !query.success) return null;
  return getFeedView(period, query.data.p);
}

// Below this many papers the newest day is thin (one early submission, a
// fetch under way): the front page shows the day before under it.
export const THIN_DAY = 10;

/** The front page: the latest day with papers, and the day before it while the latest is thin. */
export async function getFrontPage(): Promise<{ view: FeedView; earlier: FeedView | null } | null> {
  const latest = await getLatestFeedDate();
  const view = latest && (await getFeedView(dayPeriod(latest), 1));
  if (!view) return null;
  const earlier = view.total < THIN_DAY && view.previous ? await getFeedView(view.previous, 1) : null;
  return { view, earlier };
}

/**
 * Where the date picker's GET /papers/date?date=YYYY-MM-DD leads: the day with
 * papers nearest to it. No date: the front page. null: not a calendar day.
 */
export async function nearestDayPath(text: string | null): Promise<string | null> {
  if (!text) return "/";
  const date = parseIsoDate(text);
  if (!date) return null;
  const nearest = await getNearestFeedDate(date);
  return nearest ? periodPath(dayPeriod(nearest)) : "/";
}
