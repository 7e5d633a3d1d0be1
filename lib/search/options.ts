import type { Options, SearchOptions } from "minisearch";

// The one search configuration: the posting index, its snapshot, the search,
// the suggestions, the highlighter and the digest's keyword matcher all read
// it from here, so they cannot drift. It is written as MiniSearch options
// (SEARCH_OPTIONS): the posting index ranks as MiniSearch would with them, and
// the tests hold it to a MiniSearch index built from them.
//
// Past 300 lines on purpose: this is the one configuration, and its rules
// (tokenizing, folding, stemming, names, prefix and typo limits, boosts) are
// read together; split, one user of the index could take one rule and miss
// the next.

/**
 * Bump when anything that changes the indexed terms changes (tokenizer, term
 * processing, stop words, fields, stored fields): a snapshot written with
 * another version is thrown away and the index rebuilt.
 */
export const SEARCH_INDEX_VERSION = 4;

/** What the index is built from per paper. What results display is kept beside it (cards.ts). */
export type SearchDocument = {
  id: string;
  title: string;
  abstract: string;
  /** Author names joined with newlines. */
  authors: string;
  /** Organization name and handle, for the full-text fields. */
  organization: string;
  // Stored, small: what the filters and the sorts read, nothing else.
  /** Feed date as whole days since 1970-01-01. */
  day: number;
  upvotes: number;
  /** Organization handle and display name, lower-cased, a tab apart (organizations.ts), or "" when none. */
  org: string;
};

/** The fields kept per document for filtering and sorting (a few bytes each). */
export type StoredFields = Pick<SearchDocument, "day" | "upvotes" | "org">;

export const SEARCH_FIELDS = ["title", "abstract", "authors", "organization"] as const;
export const STORED_FIELDS = ["day", "upvotes", "org"] as const satisfies readonly (keyof StoredFields)[];

/** Terms longer than this are not indexed: they are hashes, URLs or DNA, and bloat the term tree. */
export const MAX_TERM_LENGTH = 40;
/** Fuzzy matching starts at this term length: shorter words have too many one-edit neighbours. */
export const MIN_FUZZY_TERM_LENGTH = 5;
/** Prefix matching on the word being typed starts at this length: "m" or "mo" expand to thousands of words. */
export const MIN_PREFIX_TERM_LENGTH = 3;

// Words that tell no two papers apart: indexing them costs memory, and their
// posting lists cost time on every query that names them. A common English
// list (function words only), plus single letters ("'s", "don't", "2 x 3").
const STOP_WORDS = new Set([
  ..."abcdefghijklmnopqrstuvwxyz",
  "about",
  "above",
  "after",
  "again",
  "against",
  "all",
  "am",
  "an",
  "and",
  "any",
  "are",
  "as",
  "at",
  "be",
  "because",
  "been",
  "before",
  "being",
  "below",
  "between",
  "both",
  "but",
  "by",
  "can",
  "could",
  "did",
  "do",
  "does",
  "doing",
  "down",
  "during",
  "each",
  "few",
  "for",
  "from",
  "further",
  "had",
  "has",
  "have",
  "having",
  "he",
  "her",
  "here",
  "hers",
  "him",
  "his",
  "how",
  "if",
  "in",
  "into",
  "is",
  "it",
  "its",
  "itself",
  "just",
  "me",
  "more",
  "most",
  "my",
  "no",
  "nor",
  "not",
  "now",
  "of",
  "off",
  "on",
  "once",
  "only",
  "or",
  "other",
  "our",
  "ours",
  "out",
  "over",
  "own",
  "same",
  "she",
  "should",
  "so",
  "some",
  "such",
  "than",
  "that",
  "the",
  "their",
  "them",
  "then",
  "there",
  "these",
  "they",
  "this",
  "those",
  "through",
  "to",
  "too",
  "under",
  "until",
  "up",
  "very",
  "was",
  "we",
  "were",
  "what",
  "when",
  "where",
  "which",
  "while",
  "who",
  "whom",
  "why",
  "will",
  "with",
  "would",
  "you",
  "your",
  "also",
  "however",
  "thus",
  "via",
  "whether",
  "within",
  "without",
  "yet",
]);

// A word is a run of letters, digits and combining marks; anything else
// (space, punctuation, symbols, emoji, control characters such as NUL)
// separates words. Shared with the highlighter, which must cut text the same way.
export const WORD_PATTERN = /[\p{L}\p{N}\p{M}]+/gu;
const SEPARATOR = /[^\p{L}\p{N}\p{M}]+/u;

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const MARKS = /\p{M}+/gu;

export function tokenize(text: string): string[] {
  return text.split(SEPARATOR);
}

/**
 * One token to the terms that are indexed or searched: lower-cased, with
 * compatibility forms folded (ligatures, full-width letters) and accents
 * removed, so "Schölkopf" finds "Scholkopf" and the other way round. Returns
 * null for stop words and terms that are empty or too long. Idempotent:
 * processing a processed term gives it back, which lets the query side
 * process terms once and hand them to the index as they are.
 *
 * In author names stop words of two letters or more are kept: "He", "An",
 * "So", "Do" are surnames ("Kaiming He"), and a name is no function word.
 * MiniSearch passes the field's name when indexing, and none when searching.
 */
export function processTerm(token: string, fieldName?: string): string | string[] | null {
  if (!token) return null;
  const names = fieldName === NAME_FIELD;
  if (ASCII_ONLY.test(token)) return keepTerm(token.toLowerCase(), names);
  // Folding can yield separators ("½" -> "1⁄2"), so the folded text is cut again.
  const folded = token.normalize("NFKD").toLowerCase().replace(MARKS, "").normalize("NFC");
  const terms = folded.split(SEPARATOR).flatMap((t) => keepTerm(t, names) ?? []);
  if (terms.length <= 1) return terms[0] ?? null;
  return terms;
}

/** The field whose stop words are kept (they are surnames there). */
export const NAME_FIELD = "authors";

/** A stop word of a query that may be a surname ("He" in "Kaiming He"): its author-name term, or null. */
export function nameTermOf(token: string): string | null {
  if (processTerm(token) !== null) return null;
  const name = processTerm(token, NAME_FIELD);
  return typeof name === "string" ? name : null;
}

function keepTerm(term: string, names = false): string | null {
  if (!term || term.length > MAX_TERM_LENGTH) return null;
  if (STOP_WORDS.has(term) && !(names && term.length > 1)) return null;
  const stem = stemPlural(term);
  // V8 keeps a substring of 13+ characters as a view on its whole parent: a
  // term cut from an abstract would keep the abstract alive in the index for
  // as long as the term lives. A concatenation copies it out.
  return stem.length >= 13 ? (" " + stem).slice(1) : stem;
}

/**
 * Plurals to singulars ("models" -> "model", "studies" -> "study"), after
 * Harman's S-stemmer as Lucene's EnglishMinimalStemmer has it: "model" then
 * finds "models", and a paper holding both keeps one posting, not two.
 * Nothing else is stemmed: "training" and "trained" stay apart.
 */
export function stemPlural(term: string): string {
  const n = term.length;
  if (n < 4 || term.charCodeAt(n - 1) !== 115 /* s */) return term;
  const before = term[n - 2];
  if (before === "u" || before === "s" || before === "i" || before === "a") return term; // "corpus", "loss", "analysis", "bias"
  if (before === "e") {
    const third = term[n - 3];
    if (third === "i" && n > 4 && term[n - 4] !== "a" && term[n - 4] !== "e")
      return `${term.slice(0, n - 3)}y`; // "studies"
    if (third === "i" || third === "a" || third === "o" || third === "e") return term; // "aies", "goes"
  }
  return term.slice(0, n - 1);
}

/** The processed terms of a text, in order, repeats kept. */
export function termsOf(text: string): string[] {
  return tokenize(text).flatMap((token) => processTerm(token) ?? []);
}

/** Prefix search on the last term only: it is the word still being typed. */
export function isPrefixTerm(term: string, index: number, terms: string[]): boolean {
  return index === terms.length - 1 && term.length >= MIN_PREFIX_TERM_LENGTH;
}

/**
 * MiniSearch's typo setting (Levenshtein, a fifth of the word's letters), as
 * the reference index in the tests and the bench is configured. The app's
 * typo pass has its own budgets and distance (typos.ts).
 */
export function fuzzinessOf(term: string): number | false {
  if (term.length < MIN_FUZZY_TERM_LENGTH || /^\d+$/.test(term)) return false;
  return 0.2;
}

/**
 * The typo pass respells only words this rare: a word found in more papers
 * than this is taken as spelled as meant. Asking
 * the term tree for every word within two edits of a common word costs more
 * than the search, and matches its near spellings ("pruning" -> "pruned"),
 * which is noise when the word was right.
 */
export function typoCandidateMaxPapers(papers: number): number {
  return Math.max(5, Math.floor(papers / 2_000));
}

export const SEARCH_BOOST = { title: 3, authors: 2, organization: 2, abstract: 1 } as const satisfies Record<
  (typeof SEARCH_FIELDS)[number],
  number
>;

export const SEARCH_DEFAULTS = {
  boost: SEARCH_BOOST,
  combineWith: "AND",
  prefix: (term: string, i: number, terms: string[]) => isPrefixTerm(term, i, terms),
  fuzzy: (term: string) => fuzzinessOf(term),
  maxFuzzy: 2,
  // Prefix and typo matches count for less than the word as typed.
  weights: { fuzzy: 0.4, prefix: 0.6 },
} satisfies SearchOptions;

export const SEARCH_OPTIONS: Options<SearchDocument> = {
  idField: "id",
  fields: [...SEARCH_FIELDS],
  storeFields: [...STORED_FIELDS],
  tokenize,
  processTerm,
  searchOptions: SEARCH_DEFAULTS,
  autoSuggestOptions: {
    ...SEARCH_DEFAULTS,
    // Completions come from titles: they read as phrases, and the title tree is small.
    fields: ["title"],
    fuzzy: false,
  },
};
