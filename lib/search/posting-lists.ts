import { SEARCH_FIELDS } from "./options";

// The shapes the posting index keeps its lists in, shared by its storage
// (posting-index.ts), its compaction (compaction.ts) and its scorer
// (scorer.ts), and the two sorted-array lookups they all use.

export const FIELD_COUNT = SEARCH_FIELDS.length;

/** The immutable part: postings of term `t` in field `f` are docs/tfs[start[t*F+f] .. start[t*F+f+1]). */
export type BaseSegment = {
  terms: string[];
  start: Uint32Array;
  docs: Uint32Array;
  tfs: Uint8Array;
};

/** Papers added or changed since the last compaction: per field, their document numbers (ascending) and term frequencies. */
export type DeltaLists = { docs: number[][]; tfs: number[][] };

/**
 * One (term, field) posting list to score: docs/tfs[from..to). Base and
 * delta parts are separate sources; a base source points into the base's
 * arrays (no subarray objects: a prefix can expand to thousands of sources).
 */
export type Source = {
  queryTerm: number;
  term: string;
  field: number;
  weight: number;
  df: number;
  docs: ArrayLike<number>;
  tfs: ArrayLike<number>;
  from: number;
  to: number;
};

export function emptyBase(): BaseSegment {
  return { terms: [], start: new Uint32Array(1), docs: new Uint32Array(0), tfs: new Uint8Array(0) };
}

/** Where `value` is in sorted[lo..hi), or -1. */
export function binarySearch(sorted: ArrayLike<number>, value: number, lo = 0, hi = sorted.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v < value) lo = mid + 1;
    else if (v > value) hi = mid;
    else return mid;
  }
  return -1;
}

/** Where `term` is in the sorted term list, or -1. Strings, not numbers: kept apart so each loop stays monomorphic. */
export function termIndexOf(terms: string[], term: string): number {
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = terms[mid]!;
    if (t < term) lo = mid + 1;
    else if (t > term) hi = mid;
    else return mid;
  }
  return -1;
}
