import { isPrefixTerm, SEARCH_DEFAULTS, typoCandidateMaxPapers } from "./options";
import type { PostingIndex, ScoredMatches, Source } from "./posting-index";
import type { ParsedQuery } from "./query";
import { termHash } from "./token-sequences";
import { topOrder, type SortOrder } from "./top-k";
import { respellingsOf, typoBudget } from "./typos";

// A query's terms to the posting lists that are scored: for each term, the
// word itself, its completions when it is being typed, and its near
// spellings when the typo pass respells it.

/**
 * The query's words the typo pass may respell: within a typo budget, and
 * rare (typoCandidateMaxPapers). When some of them are no word of the index
 * at all, only those: a title typed with one typo has one word to correct,
 * not every rare word it holds.
 */
export function typoCandidates(
  postings: PostingIndex,
  terms: string[],
  typedLengths: number[],
  prefixLast = false,
): Set<string> {
  const max = typoCandidateMaxPapers(postings.documentCount);
  const rare = terms.filter(
    (t, i) => typoBudget(t, typedLengths[i]) > 0 && postings.papersWith(t, max) <= max,
  );
  const being = prefixLast ? terms.at(-1) : undefined;
  const unknown = rare.filter((t) => !postings.hasTerm(t) && t !== being);
  return new Set(unknown.length ? unknown : rare);
}

export type SourceGroups = {
  /** One group of posting lists per query term. */
  groups: Source[][];
  /** Query term -> the dictionary terms it was respelled as. */
  respelled: Map<string, string[]>;
};

export function buildSourceGroups(
  postings: PostingIndex,
  terms: string[],
  prefixLast: boolean,
  respell: Set<string> | null,
  fields: readonly number[],
  typedLengths: readonly number[] = [],
): SourceGroups {
  const { weights } = SEARCH_DEFAULTS;
  const respelled = new Map<string, string[]>();
  const groups = terms.map((term, i) => {
    const sources: Source[] = [];
    const derived = new Set<string>();
    if (postings.hasTerm(term)) {
      derived.add(term);
      sources.push(...postings.sources(term, fields, i, 1));
    }
    if (prefixLast && isPrefixTerm(term, i, terms)) {
      for (const t of postings.termsWithPrefix(term)) {
        if (t === term) continue;
        derived.add(t);
        const weight = (weights.prefix * t.length) / (t.length + 0.3 * (t.length - term.length));
        sources.push(...postings.sources(t, fields, i, weight));
      }
    }
    if (respell?.has(term)) {
      // Every respelling of a word is scored with the document frequency of
      // the most common one (per field): a rare respelling's high IDF must
      // not lift it over the obvious correction.
      const near: Source[] = [];
      for (const r of respellingsOf(postings, term, typedLengths[i])) {
        if (derived.has(r.term)) continue;
        derived.add(r.term);
        respelled.set(term, [...(respelled.get(term) ?? []), r.term]);
        near.push(...postings.sources(r.term, fields, i, r.weight));
      }
      const dfByField = new Map<number, number>();
      for (const s of near) dfByField.set(s.field, Math.max(dfByField.get(s.field) ?? 0, s.df));
      for (const s of near) s.df = dfByField.get(s.field)!;
      sources.push(...near);
    }
    return sources;
  });
  return { groups, respelled };
}

/**
 * Which matches have the query's words side by side, in the order typed
 * (a full name, "Hao Li"; a title typed whole), or null when the query
 * cannot tell (one word). Not asked past a few thousand matches (a
 * common pair of words), where reading every paper's word order would
 * show in the latency.
 */
export function adjacentMask(
  postings: PostingIndex,
  matches: ScoredMatches,
  query: ParsedQuery,
  respelled: Map<string, string[]>,
): Uint8Array | null {
  // The word being typed may end in any completion: it is left out.
  const typed = query.prefixLast ? query.ordered.slice(0, -1) : query.ordered;
  const hashes = (words: string[]) => words.map((t) => [t, ...(respelled.get(t) ?? [])].map(termHash));
  const names = new Set(query.names);
  const phrases = [hashes(typed.filter((t) => !names.has(t)))];
  if (names.size) phrases.push(hashes(typed));
  const usable = phrases.filter((p) => p.length > 1);
  if (!usable.length) return null;
  const mask = new Uint8Array(matches.count);
  for (let i = 0; i < matches.count; i++)
    if (usable.some((p) => postings.hasPhrase(matches.docs[i]!, p))) mask[i] = 1;
  return mask;
}

/** Candidates for a phrase checked one by one, at most: past this, the rest is estimated. */
export const PHRASE_CHECKED_AT_MOST = 4_000;
/** Candidates sampled to estimate how many have the phrase. */
const PHRASE_SAMPLE = 1_000;

/**
 * Keeps the matches that have the phrases. Up to PHRASE_CHECKED_AT_MOST
 * candidates, every one is checked and the count is exact. Past that (a
 * common phrase, "language model"), the best in the sort's order are checked
 * until the page asked for is full (at most PHRASE_CHECKED_AT_MOST), the
 * others dropped, and the total estimated from a sample: reading the
 * word order of 30,000 papers took longer than the rest of the search.
 * Returns null when the count is exact, else the estimate and how many were kept.
 */
export function narrowToPhrases(
  postings: PostingIndex,
  matches: ScoredMatches,
  test: (doc: number) => boolean,
  sort: SortOrder,
  needed: number,
): { total: number; kept: number } | null {
  const candidates = matches.count;
  if (candidates <= PHRASE_CHECKED_AT_MOST) {
    matches.keepIf(test);
    return null;
  }
  // The share with the phrase, from a sample spread over all candidates by a
  // fixed hash (the best-scored are no sample: they hold the phrase more often).
  let passed = 0;
  for (let k = 0; k < PHRASE_SAMPLE; k++) if (test(matches.docs[(k * 2654435761) % candidates]!)) passed++;
  // The best candidates, checked in the sort's order until the page is full:
  // a few more than asked for first, four times as many each time that falls short.
  for (let k = Math.max(2 * needed, 64); ; k *= 4) {
    const order = topOrder(postings, matches, sort, Math.min(k, candidates));
    const kept = order.filter((i) => test(matches.docs[i]!));
    if (kept.length >= needed || order.length >= candidates || k >= PHRASE_CHECKED_AT_MOST) {
      matches.keepPositions(kept);
      break;
    }
  }
  const total = Math.max(matches.count, Math.round((passed / PHRASE_SAMPLE) * candidates));
  return { total, kept: matches.count };
}
