import "server-only";
import type { FeedPaper } from "@/lib/papers/queries";
import { highlightText, makeSnippet, type HighlightRange, type Snippet } from "./highlight";
import { searchPapers } from "./index";
import { getPapersByIds } from "@/lib/papers/queries";
import type { SearchPapersParams, SearchPapersResult } from "./search-index";

// One page of search results ready to show or send as JSON: the index ranks,
// Postgres supplies what is displayed (so the index stores no text), and each
// result carries its highlighted title and an abstract snippet.

export type SearchResultItem = Pick<
  FeedPaper,
  "id" | "title" | "authorCount" | "orgHandle" | "orgName" | "feedDate" | "upvotes"
> & {
  titleHighlights: HighlightRange[];
  snippet: Snippet;
  score: number;
};

export type SearchResultPage = Omit<SearchPapersResult, "hits"> & { results: SearchResultItem[] };

export async function getSearchResultPage(params: SearchPapersParams): Promise<SearchResultPage> {
  const { hits, ...rest } = searchPapers(params);
  // A paper hidden since it was indexed is not returned here, so a page can come up one short until the index catches up.
  const papers = new Map((await getPapersByIds(hits.map((h) => h.id))).map((p) => [p.id, p]));
  const results = hits.flatMap((hit): SearchResultItem[] => {
    const paper = papers.get(hit.id);
    if (!paper) return [];
    return [
      {
        id: paper.id,
        title: paper.title,
        titleHighlights: highlightText(paper.title, hit.terms),
        snippet: makeSnippet(paper.abstract, hit.terms),
        authorCount: paper.authorCount,
        orgHandle: paper.orgHandle,
        orgName: paper.orgName,
        feedDate: paper.feedDate,
        upvotes: paper.upvotes,
        score: hit.score,
      },
    ];
  });
  return { ...rest, results };
}
