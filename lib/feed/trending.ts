import { addDays, type IsoDate } from "@/lib/papers/dates";
import { getFeedPapers, getLatestFeedDate, type FeedPaper } from "@/lib/papers/queries";
import { FEED_PAGE_SIZE } from "./periods";

// /papers/trending: the papers of the last days of the feed, ranked by the
// trending score (upvotes weighed by age: lib/papers/queries.ts).

export const TRENDING_DAYS = 7;

export type TrendingView = {
  start: IsoDate;
  end: IsoDate;
  papers: FeedPaper[];
  total: number;
  page: number;
  pageCount: number;
  firstRank: number;
};

/** Null when the page is past the end or the feed is empty. */
export async function getTrendingView(page: number): Promise<TrendingView | null> {
  const end = await getLatestFeedDate();
  if (!end) return null;
  const start = addDays(end, 1 - TRENDING_DAYS);
  const { papers, total } = await getFeedPapers({
    start,
    end,
    sort: "trending",
    offset: (page - 1) * FEED_PAGE_SIZE,
    limit: FEED_PAGE_SIZE,
  });
  const pageCount = Math.max(1, Math.ceil(total / FEED_PAGE_SIZE));
  if (page > pageCount) return null;
  return { start, end, papers, total, page, pageCount, firstRank: (page - 1) * FEED_PAGE_SIZE + 1 };
}
