import { isPrefixTerm, SEARCH_DEFAULTS, typoCandidateMaxPapers } from "./options";
import type { PostingIndex, Source } from "./posting-index";
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
