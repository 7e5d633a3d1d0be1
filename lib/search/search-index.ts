import { DAY_MS, isoDateFromUtc } from "@/lib/papers/dates";
import { dayNumberOfIsoDate } from "./documents";
import { organizationFilter } from "./organizations";
import { NAME_FIELD, SEARCH_FIELDS, termsOf, type SearchDocument } from "./options";
import { completeQuery } from "./completions";
import { adjacentMask, buildSourceGroups, narrowToPhrases, typoCandidates } from "./plan";
import { PostingIndex, type Source } from "./posting-index";
import { parseSearchQuery, type ParsedQuery } from "./query";
import { indexHolder } from "./index-state";
import {
  SEARCH_DEFAULT_LIMIT,
  SEARCH_MAX_LIMIT,
  SEARCH_MAX_PAGE,
  SEARCH_SORTS,
  SUGGEST_DEFAULT_LIMIT,
  SUGGEST_MAX_LIMIT,
  FALLBACK_WHEN_FEWER_THAN,
  FUZZY_WHEN_FEWER_THAN,
  type SearchHit,
  type SearchIndexStatus,
  type SearchPapersParams,
  type SearchPapersResult,
  type SearchSort,
  type SearchSuggestion,
} from "./search-types";
import { termHash } from "./token-sequences";
import { SearchCards, type SearchCard } from "./cards";
import { topOrder } from "./top-k";
import type { Watermark } from "./queries";

// The in-memory index of one process: the posting index plus the state it reflects.
// Nothing here touches the database; sync.ts fills and updates it,
// snapshot.ts saves and loads it, index.ts keeps the process's one instance.
//
// Past 300 lines on purpose: PaperSearchIndex is the search passes (exact
// and prefix, typos, names, fallback, proximity) over one plan and one set
// of matches; the posting lists, the scorer, top-k and the plan are their
// own modules.

export * from "./search-types";

/** Title terms a "similar papers" query is made of: the longest, which are the most specific. */
const SIMILAR_MAX_TERMS = 8;

export type SearchPasses = { typos: boolean; fallback: boolean; names: boolean; proximity: boolean };
const ALL_PASSES: SearchPasses = { typos: true, fallback: true, names: true, proximity: true };
const PROXIMITY_MAX_MATCHES = 5_000;
/** Fewer when papers with only some of the words are listed: there the words' tier decides first. */
const PROXIMITY_MAX_FALLBACK = 1_000;
/** Queries up to this many words get papers with one word fewer after a few with them all. */
const FEW_FALLBACK_MAX_WORDS = 3;
/** A relevance tier outweighs any score (BM25+ sums stay far below it). */
const TIER = 1e7;

const ALL_FIELDS: readonly number[] = SEARCH_FIELDS.map((_, i) => i);
const TITLE: readonly number[] = [SEARCH_FIELDS.indexOf("title")];
const NAMES: readonly number[] = [SEARCH_FIELDS.indexOf(NAME_FIELD)];

function clampInt(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

export class PaperSearchIndex {
  status: SearchIndexStatus = "warming";
  /** The database state the index reflects; advanced by the catch-up, saved with the snapshot. */
  watermark: Watermark | null = null;
  /** Changes since the index was built or loaded; a snapshot is due when this grows. */
  changes = 0;
  /**
   * Moves on every change to what the index holds, never back: the page
   * cache keys search answers by it beside the feed's version, since this
   * process's index may catch up with the database a poll later.
   */
  revision = 0;
  private postings: PostingIndex;
  private cards: SearchCards;

  constructor(postings?: PostingIndex, cards?: SearchCards) {
    this.postings = postings ?? new PostingIndex();
    this.cards = cards ?? new SearchCards();
  }

  get documentCount(): number {
    return this.postings.documentCount;
  }

  get termCount(): number {
    return this.postings.termCount;
  }

  /** The posting index, for the snapshot writer. */
  get postingIndex(): PostingIndex {
    return this.postings;
  }

  /** What results show of each paper, for the snapshot writer. */
  get searchCards(): SearchCards {
    return this.cards;
  }

  /** Swaps in a loaded or rebuilt posting index and its cards, so the process keeps one index object. */
  adopt(postings: PostingIndex, watermark: Watermark | null, cards = new SearchCards()): void {
    this.postings = postings;
    this.cards = cards;
    this.watermark = watermark;
    this.changes = 0;
    this.revision++;
  }

  has(id: string): boolean {
    return this.postings.has(id);
  }

  /** What a result shows of this paper; undefined when it is not in the index. */
  card(id: string): SearchCard | undefined {
    return this.cards.get(id);
  }

  titleOf(id: string): string | undefined {
    return this.cards.titleOf(id);
  }

  /**
   * Adds or replaces one paper. Idempotent. Without a card (the digest's
   * keyword matcher, tests) the result shows the document's own title and
   * abstract and no organization.
   */
  upsert(doc: SearchDocument, card?: SearchCard): void {
    this.postings.upsert(doc);
    this.cards.upsert(
      doc.id,
      card ?? {
        title: doc.title,
        abstract: doc.abstract,
        orgHandle: null,
        orgName: null,
        authorCount: doc.authors ? doc.authors.split("\n").length : 0,
      },
    );
    this.changes++;
    this.revision++;
  }

  /** Takes a paper out (hidden or deleted). Idempotent. */
  remove(id: string): boolean {
    if (!this.postings.remove(id)) return false;
    this.cards.remove(id);
    this.changes++;
    this.revision++;
    return true;
  }

  /** Every id in the index (for the occasional consistency check). */
  allIds(): string[] {
    return this.postings.allIds();
  }

  /**
   * `only` can turn off the typo and fallback passes and the surname rule,
   * for the property test that holds the exact and prefix ranking to MiniSearch's.
   */
  search(params: SearchPapersParams, only: Partial<SearchPasses> = {}): SearchPapersResult {
    const passes = { ...ALL_PASSES, ...only };
    const limit = clampInt(params.limit, 1, SEARCH_MAX_LIMIT, SEARCH_DEFAULT_LIMIT);
    const page = clampInt(params.page, 1, SEARCH_MAX_PAGE, 1);
    const sort = SEARCH_SORTS.includes(params.sort as SearchSort) ? (params.sort as SearchSort) : "relevance";
    const query = parseSearchQuery(params.q);
    const empty: SearchPapersResult = {
      status: this.status,
      query,
      sort,
      page,
      limit,
      total: 0,
      hits: [],
      typoTolerant: false,
      fallback: null,
    };
    if (this.status !== "ready") return empty;
    if (query.arxivId) {
      // A pasted id or arXiv link asks for one paper: that paper, whatever the filters say.
      const doc = this.postings.docOf(query.arxivId);
      if (doc === undefined) return empty;
      return { ...empty, total: 1, hits: page === 1 ? [this.toHit(doc, 1, [], [])] : [] };
    }
    if (!query.terms.length)
      return query.names.length && passes.names ? this.searchNames(params, query, empty) : empty;

    let accept = this.filterOf(params, query.phrases, null);
    let respelled = new Map<string, string[]>();
    let exactDocs = new Set<number>();
    let { groups } = buildSourceGroups(this.postings, query.terms, query.prefixLast, null, ALL_FIELDS);
    // Stop words that may be surnames ("Kaiming He") add to papers with such an author.
    const names = passes.names ? query.names.flatMap((t) => this.postings.sources(t, NAMES, -1, 1)) : [];
    // Phrases are checked after scoring, so that a common one is checked only as far as it must be.
    let matches = this.postings.score(groups, true, this.filterOf(params, [], null), names);
    const estimated = query.phrases.length
      ? narrowToPhrases(this.postings, matches, this.phraseTest(query.phrases, null), sort, page * limit)
      : null;
    let typoTolerant = false;
    if (passes.typos && matches.count < FUZZY_WHEN_FEWER_THAN) {
      const respell = typoCandidates(this.postings, query.terms, query.typedLengths, query.prefixLast);
      if (respell.size) {
        const exact = matches.count;
        exactDocs = new Set(matches.docs.subarray(0, exact));
        const typo = buildSourceGroups(
          this.postings,
          query.terms,
          query.prefixLast,
          respell,
          ALL_FIELDS,
          query.typedLengths,
        );
        groups = typo.groups;
        respelled = typo.respelled;
        if (query.phrases.length) accept = this.filterOf(params, query.phrases, typo.respelled);
        matches = this.postings.score(groups, true, accept, names);
        // Said only when near spellings found papers the words as typed did not.
        typoTolerant = matches.count > exact;
      }
    }
    let fallback: SearchPapersResult["fallback"] = null;
    const n = query.terms.length;
    // A few papers with every word are followed by those with one fewer only for short queries:
    // a title typed whole that found its paper needs no more, and the walk of every word's
    // postings that it takes was most of such a query's time (30 ms at 80k papers).
    const few = matches.count > 0 && n <= FEW_FALLBACK_MAX_WORDS;
    if (
      passes.fallback &&
      n > 1 &&
      (matches.count === 0 || few) &&
      matches.count < FALLBACK_WHEN_FEWER_THAN
    ) {
      const all = matches.count;
      matches = this.postings.score(groups, false, accept);
      let most = 0;
      for (let i = 0; i < matches.count; i++) most = Math.max(most, matches.words[i]!);
      // None with every word: those with the most. A few with every word: then those with one fewer.
      const words = all ? n - 1 : most;
      if (words > 0) {
        matches.keepWithAtLeast(words);
        fallback = { of: n, all, words };
      } else matches.count = 0;
    }
    // Relevance tiers, as Meilisearch's ranking rules: papers with more of the
    // words, then with the words as typed rather than respelled, then with
    // them side by side in the order typed; the score decides within a tier.
    const relevance = sort === "relevance";
    const adjacent =
      passes.proximity &&
      relevance &&
      matches.count <= (fallback ? PROXIMITY_MAX_FALLBACK : PROXIMITY_MAX_MATCHES)
        ? adjacentMask(this.postings, matches, query, respelled)
        : null;
    const byExact = relevance && exactDocs.size > 0;
    const tiered = fallback !== null || byExact || adjacent !== null;
    if (tiered)
      for (let i = 0; i < matches.count; i++)
        matches.words[i] =
          matches.words[i]! * 4 + (byExact && exactDocs.has(matches.docs[i]!) ? 2 : 0) + (adjacent?.[i] ?? 0);
    // Sorting by relevance, the tier goes into the score (far above any score), so that the
    // one-pass top-k of plain scores still applies; it is taken out again for the hits.
    const folded = tiered && relevance;
    if (folded) for (let i = 0; i < matches.count; i++) matches.scores[i]! += matches.words[i]! * TIER;
    const order = topOrder(this.postings, matches, sort, page * limit, tiered && !folded).slice(
      (page - 1) * limit,
    );
    const scoreOf = (i: number) => matches.scores[i]! - (folded ? matches.words[i]! * TIER : 0);
    const hits = order.map((i) => this.toHit(matches.docs[i]!, scoreOf(i), groups, query.terms));
    const approximate = estimated !== null && matches.count === estimated.kept;
    return {
      ...empty,
      total: approximate ? estimated.total : matches.count,
      approximate,
      hits,
      typoTolerant,
      fallback,
    };
  }

  /** A query of stop words only ("He", "of the"): searched as author names, every one required. */
  private searchNames(
    params: SearchPapersParams,
    query: ParsedQuery,
    empty: SearchPapersResult,
  ): SearchPapersResult {
    const groups = query.names.map((t, i) => this.postings.sources(t, NAMES, i, 1));
    const matches = this.postings.score(groups, true, this.filterOf(params, [], null));
    const { page, limit, sort } = empty;
    const order = topOrder(this.postings, matches, sort, page * limit).slice((page - 1) * limit);
    const hits = order.map((i) => this.toHit(matches.docs[i]!, matches.scores[i]!, groups, query.names));
    return { ...empty, total: matches.count, hits };
  }

  /**
   * Completions of what is being typed, from titles, and the ids of the
   * titles that match best (completions.ts).
   */
  suggest(
    q: string,
    limit = SUGGEST_DEFAULT_LIMIT,
  ): { status: SearchIndexStatus; suggestions: SearchSuggestion[]; papers: string[] } {
    const query = parseSearchQuery(q);
    if (this.status !== "ready" || !query.terms.length)
      return { status: this.status, suggestions: [], papers: [] };
    const n = clampInt(limit, 1, SUGGEST_MAX_LIMIT, SUGGEST_DEFAULT_LIMIT);
    return { status: this.status, ...completeQuery(this.postings, query, n) };
  }

  /** Papers whose titles share the most specific words of this title (any of them, more is better), this paper left out. */
  similar(id: string, title: string, limit = 5): SearchHit[] {
    if (this.status !== "ready") return [];
    const terms = [...new Set(termsOf(title))]
      .sort((a, b) => b.length - a.length)
      .slice(0, SIMILAR_MAX_TERMS);
    if (!terms.length) return [];
    // Titles only: an OR over common title words in abstracts walks most of the corpus.
    const groups = terms.map((term, i) => this.postings.sources(term, TITLE, i, 1));
    const self = this.postings.docOf(id);
    const matches = this.postings.score(groups, false, (doc) => doc !== self);
    const order = topOrder(this.postings, matches, "relevance", clampInt(limit, 1, SEARCH_MAX_LIMIT, 5));
    return order.map((i) => this.toHit(matches.docs[i]!, matches.scores[i]!, groups, terms));
  }

  /** Whether a paper has every phrase (a respelled word accepted in its place). */
  private phraseTest(phrases: string[][], respelled: Map<string, string[]> | null): (doc: number) => boolean {
    const hashed = phrases.map((phrase) =>
      phrase.map((term) => [term, ...(respelled?.get(term) ?? [])].map(termHash)),
    );
    return (doc) => hashed.every((phrase) => this.postings.hasPhrase(doc, phrase));
  }

  /** Filters, and quoted phrases (whose words may be respelled as the typo pass respelled them). */
  private filterOf(
    params: SearchPapersParams,
    phrases: string[][],
    respelled: Map<string, string[]> | null,
  ): ((doc: number) => boolean) | null {
    const from = params.from ? dayNumberOfIsoDate(params.from) : -Infinity;
    const to = params.to ? dayNumberOfIsoDate(params.to) : Infinity;
    const orgs = params.org?.trim() ? this.postings.orgMask(organizationFilter(params.org)) : null;
    const minUpvotes = params.minUpvotes ?? -Infinity;
    const p = this.postings;
    const inPhrases = this.phraseTest(phrases, respelled);
    if (from === -Infinity && to === Infinity && !orgs && minUpvotes === -Infinity)
      return phrases.length ? inPhrases : null;
    return (doc) => {
      const day = p.dayOf(doc);
      return (
        day >= from &&
        day <= to &&
        p.upvotesOf(doc) >= minUpvotes &&
        (!orgs || orgs[p.orgNumberOf(doc)] === 1) &&
        inPhrases(doc)
      );
    };
  }

  /** What matched in one paper, read back from the posting lists: for highlighting. */
  private toHit(doc: number, score: number, groups: Source[][], queryTerms: string[]): SearchHit {
    const match: Record<string, string[]> = {};
    const matchedQueryTerms = new Set<string>();
    for (const group of groups) {
      for (const source of group) {
        if (!PostingIndex.contains(source, doc)) continue;
        const fields = (match[source.term] ??= []);
        const field = SEARCH_FIELDS[source.field]!;
        if (!fields.includes(field)) fields.push(field);
        matchedQueryTerms.add(queryTerms[source.queryTerm]!);
      }
    }
    return {
      id: this.postings.paperId(doc),
      score,
      terms: Object.keys(match),
      queryTerms: [...matchedQueryTerms],
      match,
      upvotes: this.postings.upvotesOf(doc),
      feedDate: isoDateFromUtc(new Date(this.postings.dayOf(doc) * DAY_MS)),
    };
  }
}

/** This process's index, created empty on first use (index.ts warms it). On globalThis: Next may load this module twice. */
export function processSearchIndex(): PaperSearchIndex {
  return (indexHolder().index ??= new PaperSearchIndex());
}
