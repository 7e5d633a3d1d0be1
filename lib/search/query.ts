import { arxivReferenceSchema } from "@/lib/papers/schemas";
import { MIN_PREFIX_TERM_LENGTH, nameTermOf, processTerm, tokenize } from "./options";

// What a search box can send, made safe to search: any string in, a short
// list of processed terms out. Nothing here can throw or run long: the text
// is cut before it is tokenized, and tokenizing is linear in its length.

/** Characters of a query that are read; the rest is ignored (and `truncated` says so). */
export const MAX_QUERY_LENGTH = 200;
/** Terms searched; later ones are dropped (each term is a posting-list walk, and AND of 12 is plenty). */
export const MAX_QUERY_TERMS = 12;

export type ParsedQuery = {
  /** Processed, distinct terms, in the order typed: what the index is asked for. */
  terms: string[];
  /** The last term is still being typed, so it is matched as a prefix too. */
  prefixLast: boolean;
  /** The input was longer than MAX_QUERY_LENGTH or had more than MAX_QUERY_TERMS terms. */
  truncated: boolean;
  /** What cut it: its length ("characters"), or its number of words ("words"). */
  cut: "characters" | "words" | null;
  /** Per term, the length of the longest word typed for it (before plural stemming): what its typo budget goes by. */
  typedLengths: number[];
  /** Quoted phrases of two or more terms: the terms adjacent and in this order. */
  phrases: string[][];
  /**
   * Stop words typed that may be surnames ("he", "an"): they count when
   * found among a paper's authors, never required beside other words; alone
   * ("he"), they are searched among authors only.
   */
  names: string[];
  /** Terms and names in the order typed: papers with them side by side rank higher ("Hao Li"). */
  ordered: string[];
  /** The whole query is an arXiv id or link (abs, pdf, html; any version; old-style ids too): that paper is asked for. */
  arxivId: string | null;
};

export const EMPTY_QUERY: ParsedQuery = {
  terms: [],
  prefixLast: false,
  truncated: false,
  cut: null,
  typedLengths: [],
  phrases: [],
  names: [],
  ordered: [],
  arxivId: null,
};

/** Text between a pair of quotes, straight or curly; an unclosed quote is only a separator. */
const QUOTED = /["\u201c\u201d]([^"\u201c\u201d]*)["\u201c\u201d]/gu;

/** The processed terms of a text in order, repeats kept, each with the length of the word it came from. */
function typedTermsOf(text: string): { term: string; length: number }[] {
  return tokenize(text).flatMap((token) => {
    const processed = processTerm(token);
    if (processed === null) return [];
    return (typeof processed === "string" ? [processed] : processed).map((term) => ({
      term,
      length: Math.max(term.length, token.length),
    }));
  });
}

/** Cuts text to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return text.slice(0, end);
}

export function parseSearchQuery(input: unknown): ParsedQuery {
  if (typeof input !== "string" || !input) return EMPTY_QUERY;
  const text = cutText(input, MAX_QUERY_LENGTH);
  const typedTerms = typedTermsOf(text);
  const typed = typedTerms.map((t) => t.term);
  const distinct = [...new Set(typed)];
  const terms = distinct.slice(0, MAX_QUERY_TERMS);
  const typedLengths = terms.map((term) =>
    Math.max(...typedTerms.filter((t) => t.term === term).map((t) => t.length)),
  );
  const truncated = text.length < input.length || distinct.length > terms.length;
  // The word being typed is the last one, unless the query ends in a
  // separator ("language model "), was cut short, or the word was a stop
  // word or a repeat (then the last term in the list was finished earlier).
  const last = terms.at(-1);
  const endsInWord = /[\p{L}\p{N}\p{M}]$/u.test(text);
  const prefixLast =
    !truncated &&
    endsInWord &&
    last !== undefined &&
    last === typed.at(-1) &&
    last.length >= MIN_PREFIX_TERM_LENGTH;
  const kept = new Set(terms);
  const phrases = [...text.matchAll(QUOTED)]
    .map((m) => typedTermsOf(m[1]!).map((t) => t.term))
    .filter((phrase) => phrase.length > 1 && phrase.every((t) => kept.has(t)));
  const names = [...new Set(tokenize(text).flatMap((token) => nameTermOf(token) ?? []))].slice(
    0,
    MAX_QUERY_TERMS,
  );
  const allowed = new Set([...terms, ...names]);
  const ordered = tokenize(text).flatMap((token) => {
    const processed = processTerm(token) ?? nameTermOf(token) ?? [];
    return (typeof processed === "string" ? [processed] : processed).filter((t) => allowed.has(t));
  });
  const reference = arxivReferenceSchema.safeParse(text);
  const arxivId = reference.success ? reference.data : null;
  const cut = text.length < input.length ? "characters" : distinct.length > terms.length ? "words" : null;
  return { terms, prefixLast, truncated, cut, typedLengths, phrases, names, ordered, arxivId };
}
