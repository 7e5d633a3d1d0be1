import type { FeedPaper } from "@/lib/papers/queries";
import { FEED_PAGE_SIZE } from "./periods";

// Every list of papers (a day, week or month, trending, an author, an
// organization, the reader's upvotes) pages alike: FEED_PAGE_SIZE to a page,
// ranks running on from one page to the next.

/** A page of a ranked list, as PaperList and Pagination read it. */
export type RankedPage = {
  papers: FeedPaper[];
  total: number;
  page: number;
  pageCount: number;
  /** Rank of the first paper on this page (1-based). */
  firstRank: number;
};

/** The rows page `page` (1-based) reads. */
export function pageWindow(page: number): { offset: number; limit: number } {
  return { offset: (page - 1) * FEED_PAGE_SIZE, limit: FEED_PAGE_SIZE };
}

/** Where page `page` of `total` papers stands; null past the last page (an empty list has one page, empty). */
export function pageOf(
  page: number,
  total: number,
): Pick<RankedPage, "page" | "pageCount" | "firstRank"> | null {
  const pageCount = Math.max(1, Math.ceil(total / FEED_PAGE_SIZE));
  if (page > pageCount) return null;
  return { page, pageCount, firstRank: (page - 1) * FEED_PAGE_SIZE + 1 };
}
