import MiniSearch, { type SearchOptions, type SearchResult, type Suggestion } from "minisearch";
import { isoDateFromUtc, type IsoDate } from "@/lib/papers/dates";
import { dayNumberOfIsoDate, normalizeOrgHandle } from "./documents";
import { fuzzinessOf, SEARCH_DEFAULTS, SEARCH_OPTIONS, termsOf, type SearchDocument, type StoredFields } from "./options";
import { parseSearchQuery, type ParsedQuery } from "./query";
import type { Watermark } from "./queries";

// The in-memory index of one process: MiniSearch plus the state it reflects.
// Nothing here touches the database; sync.ts fills and updates it,
// snapshot.ts saves and loads it, index.ts keeps the process's one instance.

export type SearchIndexStatus = "warming" | "ready";
export const SEARCH_SORTS = ["relevance", "upvotes", "newest"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 50;
/** Deep pages are not worth their sort: nobody reads result 10,000. */
export const SEARCH_MAX_PAGE = 200;
export const SUGGEST_DEFAULT_LIMIT = 8;
export const SUGGEST_MAX_LIMIT = 20;
/** Title terms a "similar papers" query is made of: the longest, which are the most specific. */
const SIMILAR_MAX_TERMS = 8;
/**
 * Typo tolerance is a second pass, run when the words as typed find fewer
 * papers than this: fuzzy expansion of every long word costs more than the
 * search itself on common words, and is only needed when a word was mistyped.
 */
export const FUZZY_WHEN_FEWER_THAN = 5;

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
  hits: SearchHit[];
  /** The words as typed found too little, so near spellings were searched too. */
  typoTolerant: boolean;
};

export type SearchSuggestion = { suggestion: string; terms: string[]; score: number };

type StoredResult = SearchResult & StoredFields;

const DAY_MS = 86_400_000;

// The query is parsed once (query.ts); MiniSearch gets its terms as they are.
const asParsed = { tokenize: (text: string) => text.split(" "), processTerm: (term: string) => term } satisfies SearchOptions;

function clampInt(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

function byId(a: StoredResult, b: StoredResult): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// Ties fall back to the id so that every process pages through the same order.
const comparators: Record<SearchSort, (a: StoredResult, b: StoredResult) => number> = {
  relevance: (a, b) => b.score - a.score || byId(a, b),
  upvotes: (a, b) => b.upvotes - a.upvotes || b.score - a.score || byId(a, b),
  newest: (a, b) => b.day - a.day || b.score - a.score || byId(a, b),
};

function makeFilter(params: SearchPapersParams): ((r: SearchResult) => boolean) | undefined {
  const from = params.from ? dayNumberOfIsoDate(params.from) : -Infinity;
  const to = params.to ? dayNumberOfIsoDate(params.to) : Infinity;
  const org = params.org ? normalizeOrgHandle(params.org) : "";
  const minUpvotes = params.minUpvotes ?? -Infinity;
  if (from === -Infinity && to === Infinity && !org && minUpvotes === -Infinity) return undefined;
  return (r) => {
    const s = r as StoredResult;
    return s.day >= from && s.day <= to && s.upvotes >= minUpvotes && (!org || s.org === org);
  };
}

function toHit(r: StoredResult): SearchHit {
  return {
    id: r.id as string,
    score: r.score,
    terms: r.terms,
    queryTerms: r.queryTerms,
    match: r.match,
    upvotes: r.upvotes,
    feedDate: isoDateFromUtc(new Date(r.day * DAY_MS)),
  };
}

export class PaperSearchIndex {
  status: SearchIndexStatus = "warming";
  /** The database state the index reflects; advanced by the catch-up, saved with the snapshot. */
  watermark: Watermark | null = null;
  /** Changes since the index was built or loaded; a snapshot is due when this grows. */
  changes = 0;
  private mini: MiniSearch<SearchDocument>;

  constructor(mini?: MiniSearch<SearchDocument>) {
    this.mini = mini ?? new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
  }

  get documentCount(): number {
    return this.mini.documentCount;
  }

  get termCount(): number {
    return this.mini.termCount;
  }

  /** The MiniSearch instance, for the snapshot writer. */
  get miniSearch(): MiniSearch<SearchDocument> {
    return this.mini;
  }

  /** Swaps in a loaded or rebuilt MiniSearch, so the process keeps one index object. */
  adopt(mini: MiniSearch<SearchDocument>, watermark: Watermark | null): void {
    this.mini = mini;
    this.watermark = watermark;
    this.changes = 0;
  }

  has(id: string): boolean {
    return this.mini.has(id);
  }

  /** Adds or replaces one paper. Idempotent. */
  upsert(doc: SearchDocument): void {
    if (this.mini.has(doc.id)) this.mini.replace(doc);
    else this.mini.add(doc);
    this.changes++;
  }

  /** Takes a paper out (hidden or deleted). Idempotent. */
  remove(id: string): boolean {
    if (!this.mini.has(id)) return false;
    this.mini.discard(id);
    this.changes++;
    return true;
  }

  /** Every id in the index (a walk over all documents: for the occasional consistency check). */
  allIds(): string[] {
    return this.mini.search(MiniSearch.wildcard).map((r) => r.id as string);
  }

  search(params: SearchPapersParams): SearchPapersResult {
    const limit = clampInt(params.limit, 1, SEARCH_MAX_LIMIT, SEARCH_DEFAULT_LIMIT);
    const page = clampInt(params.page, 1, SEARCH_MAX_PAGE, 1);
    const sort = SEARCH_SORTS.includes(params.sort as SearchSort) ? (params.sort as SearchSort) : "relevance";
    const query = parseSearchQuery(params.q);
    const empty: SearchPapersResult = { status: this.status, query, sort, page, limit, total: 0, hits: [], typoTolerant: false };
    if (this.status !== "ready" || !query.terms.length) return empty;

    const text = query.terms.join(" ");
    const options: SearchOptions = { ...asParsed, prefix: query.prefixLast ? SEARCH_DEFAULTS.prefix : false, filter: makeFilter(params) };
    let results = this.mini.search(text, { ...options, fuzzy: false }) as StoredResult[];
    let typoTolerant = false;
    if (results.length < FUZZY_WHEN_FEWER_THAN && query.terms.some((t) => fuzzinessOf(t) !== false)) {
      results = this.mini.search(text, options) as StoredResult[]; // with the default fuzziness
      typoTolerant = true;
    }
    // MiniSearch returns them by score already, so the relevance sort only settles ties (nearly linear).
    results.sort(comparators[sort]);
    const hits = results.slice((page - 1) * limit, page * limit).map(toHit);
    return { ...empty, total: results.length, hits, typoTolerant };
  }

  /** Completions of what is being typed, from titles. */
  suggest(q: string, limit = SUGGEST_DEFAULT_LIMIT): { status: SearchIndexStatus; suggestions: SearchSuggestion[] } {
    const query = parseSearchQuery(q);
    if (this.status !== "ready" || !query.terms.length) return { status: this.status, suggestions: [] };
    const suggestions: Suggestion[] = this.mini.autoSuggest(query.terms.join(" "), {
      ...asParsed,
      prefix: query.prefixLast ? SEARCH_DEFAULTS.prefix : false,
    });
    const n = clampInt(limit, 1, SUGGEST_MAX_LIMIT, SUGGEST_DEFAULT_LIMIT);
    if (!query.prefixLast) return { status: this.status, suggestions: suggestions.slice(0, n).map(({ suggestion, terms, score }) => ({ suggestion, terms, score })) };
    // Completions of the word being typed, one each: MiniSearch suggests each
    // paper's matching terms run together ("diffusability diffusing"), which
    // reads as noise. Scores add up over the papers a completion came from.
    const typed = query.terms.slice(0, -1);
    const last = query.terms.at(-1)!;
    const completions = new Map<string, number>();
    for (const s of suggestions) {
      for (const term of s.terms) if (term.startsWith(last)) completions.set(term, (completions.get(term) ?? 0) + s.score);
    }
    const ranked = [...completions].sort((a, b) => b[1] - a[1]).slice(0, n);
    return { status: this.status, suggestions: ranked.map(([term, score]) => ({ suggestion: [...typed, term].join(" "), terms: [...typed, term], score })) };
  }

  /** Papers whose titles share the most specific words of this title (any of them, more is better), this paper left out. */
  similar(id: string, title: string, limit = 5): SearchHit[] {
    if (this.status !== "ready") return [];
    const terms = [...new Set(termsOf(title))].sort((a, b) => b.length - a.length).slice(0, SIMILAR_MAX_TERMS);
    if (!terms.length) return [];
    const results = this.mini.search(terms.join(" "), {
      ...asParsed,
      // Titles only: an OR over common title words in abstracts walks most of the corpus.
      fields: ["title"],
      combineWith: "OR",
      prefix: false,
      fuzzy: false,
      filter: (r) => r.id !== id,
    }) as StoredResult[];
    return results.slice(0, clampInt(limit, 1, SEARCH_MAX_LIMIT, 5)).map(toHit);
  }
}

const holder = globalThis as unknown as { paperboySearchIndex?: PaperSearchIndex };

/** This process's index, created empty on first use (index.ts warms it). On globalThis: Next may load this module twice. */
export function processSearchIndex(): PaperSearchIndex {
  return (holder.paperboySearchIndex ??= new PaperSearchIndex());
}
