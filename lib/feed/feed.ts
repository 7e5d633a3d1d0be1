import {
  getFeedPapers,
  getLatestFeedDate,
  getNeighbourFeedDates,
  getVotedPaperIds,
  type FeedPaper,
} from "@/lib/papers/queries";
import { getLastFetchedAt } from "@/lib/papers/fetch/queries";
import { FEED_PAGE_SIZE, feedPageQuerySchema, parsePeriod, periodOf, type Period } from "./periods";

export type FeedView = {
  period: Period;
  papers: FeedPaper[];
  /** Rank of the first paper on this page (1-based). */
  firstRank: number;
  total: number;
  page: number;
  pageCount: number;
  /** The nearest periods of the same kind that have papers. */
  previous: Period | null;
  next: Period | null;
  /** When the period's days were last fetched from the upstream (null: never, e.g. imported from files). */
  lastFetchedAt: Date | null;
  /** Papers on this page the viewer has upvoted. */
  votedIds: string[];
};

/** A page of a day, week or month, ranked by upvotes; null when the page is past the end. */
export async function getFeedView(period: Period, page: number, viewerId?: string): Promise<FeedView | null> {
  const [{ papers, total }, neighbours, lastFetchedAt] = await Promise.all([
    getFeedPapers({
      start: period.start,
      end: period.end,
      sort: "upvotes",
      offset: (page - 1) * FEED_PAGE_SIZE,
      limit: FEED_PAGE_SIZE,
    }),
    getNeighbourFeedDates(period.start, period.end),
    getLastFetchedAt(period.start, period.end),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / FEED_PAGE_SIZE));
  if (page > pageCount) return null;
  const votedIds = viewerId
    ? await getVotedPaperIds(
        viewerId,
        papers.map((p) => p.id),
      )
    : [];
  return {
    lastFetchedAt,
    votedIds,
    period,
    papers,
    firstRank: (page - 1) * FEED_PAGE_SIZE + 1,
    total,
    page,
    pageCount,
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
  viewerId?: string,
): Promise<FeedView | null> {
  const period = parsePeriod(kind, key);
  const query = feedPageQuerySchema.safeParse(searchParams);
  if (!period || !query.success) return null;
  return getFeedView(period, query.data.p, viewerId);
}
