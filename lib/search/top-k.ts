import type { PostingIndex, ScoredMatches } from "./posting-index";

// The first page of matches in a sort's order, without sorting all of them
// when a common word matches tens of thousands of papers.

export type SortOrder = "relevance" | "upvotes" | "newest";
/** Up to this many matches are sorted whole; more are narrowed to the page with a heap first. */
const SORT_ALL_BELOW = 2_048;

/**
 * Positions in `matches` of the first `count` in the sort's order. Ties
 * fall back to the id, so that every process pages through the same order.
 * `byWords`: papers matching more of the query's words come first, whatever
 * the sort (the fallback's tiers).
 */
export function topOrder(
  p: PostingIndex,
  matches: ScoredMatches,
  sort: SortOrder,
  count: number,
  byWords = false,
): number[] {
  const { docs, scores, words } = matches;
  const byId = (a: number, b: number) => {
    const x = p.paperId(docs[a]!);
    const y = p.paperId(docs[b]!);
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const inSort: (a: number, b: number) => number =
    sort === "upvotes"
      ? (a, b) => p.upvotesOf(docs[b]!) - p.upvotesOf(docs[a]!) || scores[b]! - scores[a]! || byId(a, b)
      : sort === "newest"
        ? (a, b) => p.dayOf(docs[b]!) - p.dayOf(docs[a]!) || scores[b]! - scores[a]! || byId(a, b)
        : (a, b) => scores[b]! - scores[a]! || byId(a, b);
  const compare = byWords ? (a: number, b: number) => words[b]! - words[a]! || inSort(a, b) : inSort;
  if (!byWords && sort === "relevance" && matches.count > SORT_ALL_BELOW && count < matches.count)
    return topByScore(matches, count, compare);
  const positions = Array.from({ length: matches.count }, (_, i) => i);
  if (matches.count <= SORT_ALL_BELOW || count >= matches.count)
    return positions.sort(compare).slice(0, count);
  return smallestK(positions, count, compare);
}

/**
 * The `k` best-scored positions of `matches`, in `compare` order: one pass,
 * comparing plain scores against the k-th best so far, so a common word's
 * tens of thousands of matches cost a float comparison each.
 */
function topByScore(matches: ScoredMatches, k: number, compare: (a: number, b: number) => number): number[] {
  const { scores, count } = matches;
  const kept: number[] = [];
  for (let i = 0; i < k; i++) kept.push(i);
  kept.sort(compare);
  let floor = scores[kept[k - 1]!]!;
  const candidates: number[] = [...kept];
  for (let i = k; i < count; i++) {
    // Equal scores are kept too: the id decides among them, later.
    if (scores[i]! < floor) continue;
    candidates.push(i);
    if (candidates.length >= 4 * k) {
      candidates.sort(compare).length = k;
      floor = scores[candidates[k - 1]!]!;
    }
  }
  return candidates.sort(compare).slice(0, k);
}

/** The `k` first of `items` in `compare` order, sorted, through a bounded max-heap (the worst kept on top). */
function smallestK<T>(items: T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  const heap: T[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[i]!, heap[parent]!) <= 0) return;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && compare(heap[l]!, heap[worst]!) > 0) worst = l;
      if (r < heap.length && compare(heap[r]!, heap[worst]!) > 0) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      up(heap.length - 1);
    } else if (compare(item, heap[0]!) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(compare);
}
