import MiniSearch from "minisearch";
import type { FeedPaper } from "@/lib/papers/queries";
import { SEARCH_BOOST, processTerm, tokenize } from "./options";

// A digest subscriber's keywords, matched the way search matches: the same
// tokenizer, accent folding and plural stemming, every keyword required, so
// "diffusion models" finds what /search?q=diffusion+models finds. One small
// index per digest run over the papers of its period (not the whole feed,
// which lives in the web server), and one search per distinct keywords.

type Doc = { id: string; title: string; abstract: string };
export type PaperKeywordMatcher = (papers: FeedPaper[], keywords: string) => FeedPaper[];

/** Words of the keywords: quotes and commas only group and separate. */
function queryOf(keywords: string): string {
  return keywords.replace(/[",]/g, " ").trim();
}

export function createSearchKeywordMatcher(): PaperKeywordMatcher {
  const index = new MiniSearch<Doc>({ idField: "id", fields: ["title", "abstract"], tokenize, processTerm });
  const indexed = new Set<string>();
  const matches = new Map<string, Set<string>>();

  return (papers, keywords) => {
    const query = queryOf(keywords);
    if (!query) return papers;
    const fresh = papers.filter((p) => !indexed.has(p.id));
    if (fresh.length) {
      index.addAll(fresh.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract })));
      for (const p of fresh) indexed.add(p.id);
      matches.clear(); // earlier answers did not see these papers
    }
    let ids = matches.get(query);
    if (!ids) {
      const hits = index.search(query, {
        combineWith: "AND",
        prefix: false,
        fuzzy: false,
        boost: { title: SEARCH_BOOST.title, abstract: SEARCH_BOOST.abstract },
      });
      ids = new Set(hits.map((h) => String(h.id)));
      matches.set(query, ids);
    }
    return papers.filter((p) => ids.has(p.id));
  };
}
