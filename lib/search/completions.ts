import { SEARCH_FIELDS } from "./options";
import { buildSourceGroups } from "./plan";
import type { PostingIndex } from "./posting-index";
import type { ParsedQuery } from "./query";
import type { SearchSuggestion } from "./search-types";

// Completions of what is being typed, from titles: the dictionary words that
// start with the last word, found in titles that hold the earlier words too,
// each scored by the papers it was found in; and the ids of the titles that
// match best, which index.ts reads for whole phrases and titles to offer.

const TITLE: readonly number[] = [SEARCH_FIELDS.indexOf("title")];
/** Best-matching titles a suggestion reads, for phrases and titles to offer. */
const SUGGEST_TITLES_READ = 40;

export function completeQuery(
  postings: PostingIndex,
  query: ParsedQuery,
  limit: number,
): { suggestions: SearchSuggestion[]; papers: string[] } {
  const { groups } = buildSourceGroups(postings, query.terms, query.prefixLast, null, TITLE);
  const scored = postings.score(groups, true, null);
  const matched = new Map<number, number>();
  for (let i = 0; i < scored.count; i++) matched.set(scored.docs[i]!, scored.scores[i]!);
  if (!matched.size) return { suggestions: [], papers: [] };
  const papers = [...matched]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, SUGGEST_TITLES_READ)
    .map(([doc]) => postings.paperId(doc));
  if (!query.prefixLast) {
    const score = [...matched.values()].reduce((a, b) => a + b, 0);
    return { suggestions: [{ suggestion: query.terms.join(" "), terms: query.terms, score }], papers };
  }
  const typed = query.terms.slice(0, -1);
  const completions = new Map<string, number>();
  for (const source of groups.at(-1)!) {
    let sum = 0;
    for (let p = source.from; p < source.to; p++) sum += matched.get(source.docs[p]!) ?? 0;
    if (sum > 0) completions.set(source.term, (completions.get(source.term) ?? 0) + sum);
  }
  const ranked = [...completions].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
  return {
    suggestions: ranked.map(([term, score]) => ({
      suggestion: [...typed, term].join(" "),
      terms: [...typed, term],
      score,
    })),
    papers,
  };
}
