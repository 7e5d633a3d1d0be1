// A prototype for the benchmark only, not used by the app: the same MiniSearch
// index, the same ranking (BM25+ with MiniSearch's boosts and prefix/typo
// weights), scored without MiniSearch's per-hit objects. Query terms are taken
// rarest first; each later term either walks its posting lists or probes them
// for the papers still in the running, whichever touches fewer postings.
// Scores go into typed arrays and only the top page is sorted. It reads
// MiniSearch's private fields (pinned at 7.2.0), which is why it lives here:
// the benchmark measures what such a scorer would gain before anyone depends on it.
import type MiniSearch from "minisearch";
import { fuzzinessOf, MIN_PREFIX_TERM_LENGTH, SEARCH_BOOST, SEARCH_DEFAULTS } from "@/lib/search/options";
import { parseSearchQuery } from "@/lib/search/query";
import { FUZZY_WHEN_FEWER_THAN } from "@/lib/search/search-index";

type Postings = Map<number, number>; // short document id -> term frequency
type TermData = Map<number, Postings>; // field id -> postings
type Internals = {
  _index: {
    get(term: string): TermData | undefined;
    atPrefix(prefix: string): Iterable<[string, TermData]>;
    fuzzyGet(term: string, distance: number): Map<string, [TermData, number]>;
  };
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
};

type Derived = { weight: number; data: TermData };
const { k, b, d } = { k: 1.2, b: 0.7, d: 0.5 }; // MiniSearch's BM25+ defaults

export function createTopKScorer<T>(mini: MiniSearch<T>) {
  const m = mini as unknown as Internals;
  const boosts: number[] = [];
  for (const [field, id] of Object.entries(m._fieldIds)) boosts[id] = SEARCH_BOOST[field as keyof typeof SEARCH_BOOST] ?? 1;
  const size = m._nextId + 1;
  const score = new Float64Array(size);
  const stage = new Uint8Array(size); // how many query terms a paper has matched so far
  const touched = new Int32Array(size);

  function derive(term: string, prefix: boolean, fuzzy: boolean): Derived[] {
    const out: Derived[] = [];
    const exact = m._index.get(term);
    if (exact) out.push({ weight: 1, data: exact });
    const seen = new Set<string>([term]);
    if (prefix) {
      for (const [t, data] of m._index.atPrefix(term)) {
        if (seen.has(t)) continue;
        seen.add(t);
        out.push({ weight: (SEARCH_DEFAULTS.weights.prefix * t.length) / (t.length + 0.3 * (t.length - term.length)), data });
      }
    }
    const fuzziness = fuzzy ? fuzzinessOf(term) : false;
    if (fuzziness !== false) {
      const distance = Math.min(SEARCH_DEFAULTS.maxFuzzy, Math.round(term.length * fuzziness));
      for (const [t, [data, dist]] of m._index.fuzzyGet(term, distance)) {
        if (seen.has(t) || !dist) continue;
        seen.add(t);
        out.push({ weight: (SEARCH_DEFAULTS.weights.fuzzy * t.length) / (t.length + dist), data });
      }
    }
    return out;
  }

  const postingsOf = (derived: Derived[]) => derived.reduce((n, x) => n + [...x.data.values()].reduce((s, p) => s + p.size, 0), 0);

  function termScore(weight: number, fieldId: number, df: number, doc: number, tf: number): number {
    const lengths = m._fieldLength.get(doc);
    if (!lengths) return -1; // discarded, not yet vacuumed
    const idf = Math.log(1 + (m._documentCount - df + 0.5) / (df + 0.5));
    const avg = m._avgFieldLength[fieldId]!;
    return weight * boosts[fieldId]! * idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * lengths[fieldId]!) / avg)));
  }

  function run(terms: string[], prefixLast: boolean, fuzzy: boolean, limit: number): { total: number; ids: unknown[] } {
    const specs = terms.map((t, i) => derive(t, prefixLast && i === terms.length - 1 && t.length >= MIN_PREFIX_TERM_LENGTH, fuzzy));
    const order = specs.map((s, i) => ({ i, cost: postingsOf(s) })).sort((x, y) => x.cost - y.cost);
    let nTouched = 0;
    let alive = 0;
    for (const [step, { i, cost }] of order.entries()) {
      const derived = specs[i]!;
      if (step > 0 && alive === 0) break;
      const maps = derived.reduce((n, x) => n + x.data.size, 0);
      if (step === 0 || cost <= alive * maps) {
        for (const { weight, data } of derived) {
          for (const [fieldId, postings] of data) {
            for (const [doc, tf] of postings) {
              // Still in the running (stage = step), or already matched by this term in another field or form (step + 1): scores add up.
              const st = stage[doc]!;
              if (st !== step && st !== step + 1) continue;
              const s = termScore(weight, fieldId, postings.size, doc, tf);
              if (s < 0) continue;
              if (step === 0 && st === 0) touched[nTouched++] = doc;
              score[doc]! += s;
              stage[doc] = step + 1;
            }
          }
        }
      } else {
        for (let t = 0; t < nTouched; t++) {
          const doc = touched[t]!;
          if (stage[doc] !== step) continue;
          for (const { weight, data } of derived) {
            for (const [fieldId, postings] of data) {
              const tf = postings.get(doc);
              if (tf === undefined) continue;
              score[doc]! += termScore(weight, fieldId, postings.size, doc, tf);
              stage[doc] = step + 1;
            }
          }
        }
      }
      alive = 0;
      for (let t = 0; t < nTouched; t++) if (stage[touched[t]!] === step + 1) alive++;
    }
    // The top page by score (ties by id, as the app sorts), and how many matched every term.
    const top: { doc: number; score: number }[] = [];
    let total = 0;
    for (let t = 0; t < nTouched; t++) {
      const doc = touched[t]!;
      if (stage[doc] === terms.length) {
        total++;
        const s = score[doc]!;
        if (top.length < limit || s > top[top.length - 1]!.score) {
          top.push({ doc, score: s });
          top.sort((x, y) => y.score - x.score);
          if (top.length > limit) top.pop();
        }
      }
      score[doc] = 0;
      stage[doc] = 0;
    }
    return { total, ids: top.map((x) => m._documentIds.get(x.doc)) };
  }

  return function search(q: string, limit = 20): { total: number; ids: unknown[] } {
    const { terms, prefixLast } = parseSearchQuery(q);
    if (!terms.length) return { total: 0, ids: [] };
    const exact = run(terms, prefixLast, false, limit);
    if (exact.total >= FUZZY_WHEN_FEWER_THAN || !terms.some((t) => fuzzinessOf(t) !== false)) return exact;
    return run(terms, prefixLast, true, limit);
  };
}
