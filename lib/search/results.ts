import "server-only";
import type { FeedPaper } from "@/lib/papers/queries";
import { highlightText, makeSnippet, type HighlightRange, type Snippet } from "./highlight";
import { searchPapers } from "./index";
import { processSearchIndex, type SearchPapersParams, type SearchPapersResult } from "./search-index";

// One page of search results ready to show or send as JSON, from memory
// alone: the index ranks, its cards (cards.ts) hold what is displayed, and
// each result carries its highlighted title and an abstract snippet. No
// query goes to Postgres, so distinct searches, which no page cache can
// answer, cost only the index's time (issue 12).

export type SearchResultItem = Pick<
  FeedPaper,
  "id" | "title" | "authorCount" | "orgHandle" | "orgName" | "feedDate" | "upvotes"
> & {
  titleHighlights: HighlightRange[];
  snippet: Snippet;
  score: number;
};

export type SearchResultPage = Omit<SearchPapersResult, "hits"> & { results: SearchResultItem[] };

/**
 * Cards are as fresh as the index: this process's own changes at once, other
 * processes' on the next poll (sync.ts, every 2 s), upvotes included (a vote
 * touches the paper's updated_at). A paper hidden elsewhere can show until then.
 */
export function getSearchResultPage(params: SearchPapersParams): SearchResultPage {
  const { hits, ...rest } = searchPapers(params);
  const index = processSearchIndex();
  const results = hits.flatMap((hit): SearchResultItem[] => {
    const card = index.card(hit.id);
    if (!card) return [];
    return [
      {
        id: hit.id,
        title: card.title,
        titleHighlights: highlightText(card.title, hit.terms),
        snippet: makeSnippet(card.abstract, hit.terms),
        authorCount: card.authorCount,
        orgHandle: card.orgHandle,
        orgName: card.orgName,
        feedDate: hit.feedDate,
        upvotes: hit.upvotes,
        score: hit.score,
      },
    ];
  });
  return { ...rest, results };
}
