// Typo tolerance: which words may be respelled, how far, and how the near
// spellings of one word are weighed against each other.
//
// Distances are Damerau-Levenshtein (optimal string alignment): two
// neighbouring letters swapped ("netwroks") cost one edit, as in Meilisearch
// and Typesense, where Levenshtein charges two. Budgets follow Meilisearch's
// defaults: no typo in words of up to 4 letters, one from 5, two from 9.

/** One typo allowed from this many letters, two from TWO_TYPOS_FROM. */
export const ONE_TYPO_FROM = 5;
export const TWO_TYPOS_FROM = 9;

/**
 * Edits a typed word may be away from what it matches: 0 for short words and
 * numbers. `typedLength` is the word as typed, before plural stemming
 * ("modls" has five letters, though its stem "modl" has four).
 */
export function typoBudget(term: string, typedLength = term.length): 0 | 1 | 2 {
  if (typedLength < ONE_TYPO_FROM || /^\d+$/.test(term)) return 0;
  return typedLength < TWO_TYPOS_FROM ? 1 : 2;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent swaps), or
 * max + 1 as soon as it must exceed `max`: every caller only asks "within
 * the budget?", and the early exit keeps long words cheap.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let before = new Array<number>(n + 1).fill(0); // row i-2
  let previous = Array.from({ length: n + 1 }, (_, j) => j); // row i-1
  let current = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[n]!, max + 1);
}

/** The words one adjacent swap away from `term` ("agnet" -> "gaent", "anget", "agent", "agnte"). */
export function swapsOf(term: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < term.length; i++) {
    if (term[i] === term[i + 1]) continue;
    out.add(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
  }
  return [...out];
}

/** What the typo pass needs of the term dictionary. */
export type TermDictionary = {
  /** Terms within `distance` Levenshtein edits, with that distance. */
  termsNear(term: string, distance: number): [string, number][];
  hasTerm(term: string): boolean;
  /** Postings of the term over all fields: how common it is, cheaply (a paper can count once per field). */
  frequency(term: string): number;
};

export type Respelling = { term: string; distance: number; papers: number; weight: number };

/** A respelling counts for this much of the word as typed, shrinking with its distance (MiniSearch's fuzzy weight). */
const FUZZY_WEIGHT = 0.4;
/** Respellings further than the closest one count for this much of it. */
const FARTHER_FACTOR = 0.2;
/** A respelling far rarer than the most common one counts for its share of it, but never less than this. */
const RARE_FLOOR = 0.02;

/**
 * The near spellings of `term` in the dictionary (itself excluded), within
 * its budget, ranked closest first and then most common: the first is the
 * obvious correction. Each carries the weight its matches score with, so
 * that a far-fetched or rare respelling ranks below the obvious one even
 * where its rarity would give it a higher IDF.
 */
export function respellingsOf(
  dictionary: TermDictionary,
  term: string,
  typedLength = term.length,
): Respelling[] {
  const budget = typoBudget(term, typedLength);
  if (budget === 0) return [];
  const found = new Map<string, number>();
  // A plural the stemmer kept ("queris": it keeps "-is") is looked up without its "s" too ("queri" -> "query").
  const forms = term.length > 4 && term.endsWith("s") ? [term, term.slice(0, -1)] : [term];
  const look = (within: number) => {
    for (const form of forms) {
      const consider = (candidate: string) => {
        if (candidate === term) return;
        const d = editDistance(form, candidate, within);
        if (d <= within && d < (found.get(candidate) ?? Infinity)) found.set(candidate, d);
      };
      for (const [candidate] of dictionary.termsNear(form, within)) consider(candidate);
      // A swap is two Levenshtein edits: each swapped form is looked up too.
      // (Within two, the Levenshtein walk finds a swap already; a swap plus
      // another edit, three Levenshtein edits, is left out.)
      if (within === 1)
        for (const swapped of swapsOf(form)) if (dictionary.hasTerm(swapped)) consider(swapped);
    }
  };
  // One edit first: the closest respelling wins anyway, and the term tree's
  // walk within two edits costs several times the one within one, so it is
  // taken only when nothing is one edit away.
  look(1);
  if (budget === 2 && !found.size) look(2);
  const ranked = [...found]
    .map(([t, distance]) => ({ term: t, distance, papers: dictionary.frequency(t) }))
    .sort((a, b) => a.distance - b.distance || b.papers - a.papers || (a.term < b.term ? -1 : 1));
  const best = ranked[0];
  if (!best) return [];
  return ranked.map((r) => {
    const share = Math.max(RARE_FLOOR, r.papers / Math.max(1, best.papers));
    const farther = r.distance > best.distance ? FARTHER_FACTOR : 1;
    const base = (FUZZY_WEIGHT * r.term.length) / (r.term.length + r.distance);
    return { ...r, weight: base * Math.min(1, share) * farther };
  });
}
