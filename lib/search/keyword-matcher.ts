import type { FeedPaper } from "@/lib/papers/queries";
import { dayNumberOfIsoDate } from "./documents";
import { organizationKey, organizationText } from "./organizations";
import { PaperSearchIndex, SEARCH_MAX_LIMIT, SEARCH_MAX_PAGE } from "./search-index";

// A digest subscriber's keywords, matched as the search box matches a
// finished query: the same index code, so the same words (tokenizer, accent
// folding, plural stemming, stop words, surnames among authors), quoted
// phrases as adjacent words in order, and every keyword required, in the
// title, abstract, authors or organization. Two differences, both because a
// saved keyword is spelled as meant: no word is a prefix being typed, and
// there is no typo pass (nor the fallback to papers with most words).
// The dry run and the send both use it. One small index per digest run over
// the papers of its period (not the whole feed, which lives in the web
// server), and one search per distinct keywords.

export type PaperKeywordMatcher = (papers: FeedPaper[], keywords: string) => FeedPaper[];

/** The keywords as one finished query: a comma separates, as a space does. */
function queryOf(keywords: string): string {
  return `${keywords.replace(/,/g, " ").trim()} `;
}

export function createSearchKeywordMatcher(): PaperKeywordMatcher {
  const index = new PaperSearchIndex();
  index.status = "ready";
  const matches = new Map<string, Set<string>>();

  return (papers, keywords) => {
    const query = queryOf(keywords);
    if (!query.trim()) return papers;
    const fresh = papers.filter((p) => !index.has(p.id));
    for (const p of fresh)
      index.upsert({
        id: p.id,
        title: p.title,
        abstract: p.abstract,
        authors: p.authors.join("\n"),
        organization: organizationText(p.orgName, p.orgHandle),
        day: dayNumberOfIsoDate(p.feedDate),
        upvotes: p.upvotes,
        org: organizationKey(p.orgHandle, p.orgName),
      });
    if (fresh.length) matches.clear(); // earlier answers did not see these papers
    let ids = matches.get(query);
    if (!ids) {
      ids = new Set();
      for (let page = 1; page <= SEARCH_MAX_PAGE; page++) {
        const found = index.search(
          { q: query, limit: SEARCH_MAX_LIMIT, page },
          { typos: false, fallback: false },
        );
        for (const hit of found.hits) ids.add(hit.id);
        if (page * SEARCH_MAX_LIMIT >= found.total) break;
      }
      matches.set(query, ids);
    }
    return papers.filter((p) => ids.has(p.id));
  };
}
