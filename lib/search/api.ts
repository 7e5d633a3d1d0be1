import "server-only";
import { appUrl } from "@/lib/env";
import { renderRss } from "@/lib/feed/rss";
import { getPapersByIds } from "@/lib/papers/queries";
import { isolateText } from "@/lib/text/bidi";
import { searchPapers } from "./index";
import { searchQueryString } from "./schemas";
import { getSearchResultPage, type SearchResultPage } from "./results";
import type { SearchPapersParams } from "./search-index";

// What /api/search answers, and the RSS feed of a saved search.

export type SearchApiResponse = {
  status: SearchResultPage["status"];
  query: string;
  total: number;
  /** The total is an estimate: a common quoted phrase is checked in the best candidates only. */
  approximate: boolean;
  page: number;
  limit: number;
  sort: string;
  truncated: boolean;
  /** Near spellings of the words found papers the words as typed did not. */
  typoTolerant: boolean;
  /** Too few papers have every word: papers with `words` of the `of` words follow the `all` that have them all. */
  fallback: SearchResultPage["fallback"];
  results: {
    id: string;
    title: string;
    titleHighlights: { start: number; end: number }[];
    snippet: { text: string; highlights: { start: number; end: number }[] };
    score: number;
    upvotes: number;
    date: string;
    organization: { name: string; fullname: string } | null;
  }[];
};

export function searchApi(params: SearchPapersParams): SearchApiResponse {
  const page = getSearchResultPage(params);
  return {
    status: page.status,
    query: params.q,
    total: page.total,
    approximate: page.approximate ?? false,
    page: page.page,
    limit: page.limit,
    sort: page.sort,
    truncated: page.query.truncated,
    typoTolerant: page.typoTolerant,
    fallback: page.fallback,
    results: page.results.map((r) => ({
      id: r.id,
      title: r.title,
      titleHighlights: r.titleHighlights,
      snippet: { text: r.snippet.text, highlights: r.snippet.highlights },
      score: Math.round(r.score * 1000) / 1000,
      upvotes: r.upvotes,
      date: r.feedDate,
      organization: r.orgHandle ? { name: r.orgHandle, fullname: r.orgName ?? r.orgHandle } : null,
    })),
  };
}

export const SEARCH_FEED_SIZE = 30;

/** RSS 2.0 of a saved search, newest papers first. */
export async function renderSearchFeed(params: SearchPapersParams, selfUrl: string): Promise<string> {
  const result = searchPapers({ ...params, sort: "newest", page: 1, limit: SEARCH_FEED_SIZE });
  // "newest" ranks by feed day; within a day, readers' feed readers expect the latest entry first.
  const papers = (await getPapersByIds(result.hits.map((h) => h.id))).sort(
    (a, b) => b.feedAddedAt.getTime() - a.feedAddedAt.getTime(),
  );
  const site = appUrl();
  return renderRss(papers, {
    siteUrl: site,
    title: `Paperboy · "${isolateText(params.q)}"`,
    description: `New papers matching "${isolateText(params.q)}", newest first.`,
    selfPath: selfUrl.startsWith(site) ? selfUrl.slice(site.length) : selfUrl,
    linkPath: `/search?${searchQueryString(params)}`,
  });
}
