import type { IsoDate } from "@/lib/papers/dates";
import type { ParsedQuery } from "./query";

// What a search is asked and answers, and its limits: shared by the index,
// the routes and the page.

export type SearchIndexStatus = "warming" | "ready";
export const SEARCH_SORTS = ["relevance", "upvotes", "newest"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 50;
/** Deep pages are not worth their sort: nobody reads result 10,000. */
export const SEARCH_MAX_PAGE = 200;
export const SUGGEST_DEFAULT_LIMIT = 8;
export const SUGGEST_MAX_LIMIT = 20;
/**
 * Typo tolerance is a second pass, run when the words as typed find fewer
 * papers than this: fuzzy expansion of every long word costs more than the
 * search itself on common words, and is only needed when a word was mistyped.
 */
export const FUZZY_WHEN_FEWER_THAN = 5;
/**
 * When fewer papers than this have every word (after the typo pass), papers
 * with most of the words are listed after them, as Meilisearch's "last"
 * matching strategy and Typesense's token dropping do.
 */
export const FALLBACK_WHEN_FEWER_THAN = 5;

export type SearchPapersParams = {
  q: string;
  /** Feed dates, inclusive. */
  from?: IsoDate | null;
  to?: IsoDate | null;
  /** Organization handle, any case. */
  org?: string | null;
  minUpvotes?: number | null;
  sort?: SearchSort;
  limit?: number;
  /** 1-based. */
  page?: number;
};

export type SearchHit = {
  id: string;
  score: number;
  /** The document's terms that matched (prefix and typo matches as found in the paper): what to highlight. */
  terms: string[];
  /** The query terms that matched. */
  queryTerms: string[];
  /** Matched document term -> fields it matched in. */
  match: Record<string, string[]>;
  upvotes: number;
  feedDate: IsoDate;
};

export type SearchPapersResult = {
  status: SearchIndexStatus;
  query: ParsedQuery;
  sort: SearchSort;
  page: number;
  limit: number;
  /** Matching papers in all, after filters. */
  total: number;
  /** `total` is an estimate: a common phrase is checked in the best candidates only (plan.ts). */
  approximate?: boolean;
  hits: SearchHit[];
  /** Near spellings of the words found papers the words as typed did not. */
  typoTolerant: boolean;
  /**
   * Set when too few papers have every word: then papers with fewer are
   * listed after them (those with the most first). `of` words were
   * searched, `all` papers have them all, and the list goes down to papers
   * with `words` of them.
   */
  fallback: { of: number; all: number; words: number } | null;
};

export type SearchSuggestion = { suggestion: string; terms: string[]; score: number };
