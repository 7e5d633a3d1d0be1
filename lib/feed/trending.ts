import { addDays, type IsoDate } from "@/lib/papers/dates";
import { getFeedPapers, getLatestFeedDate } from "@/lib/papers/queries";
import { pageOf, pageWindow, type RankedPage } from "./paging";

// /papers/trending: the papers of the last days of the feed, ranked by the
// trending score (upvotes weighed by age: lib/papers/queries.ts).

export const TRENDING_DAYS = 7;

export type TrendingView = RankedPage & { start: IsoDate; end: IsoDate };

/** Null when the page is past the end or the feed is empty. */
export async function getTrendingView(page: number): Promise<TrendingView | null> {
  const end = await getLatestFeedDate();
  if (!end) return null;
  const start = addDays(end, 1 - TRENDING_DAYS);
  const { papers, total } = await getFeedPapers({
    start,
    end,
    sort: "trending",
    ...pageWindow(page),
  });
  const paging = pageOf(page, total);
  if (!paging) return null;
  return { start, end, papers, total, ...paging };
}
