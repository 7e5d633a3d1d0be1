import { SEARCH_BOOST, SEARCH_FIELDS } from "./options";
import { binarySearch, FIELD_COUNT, type Source } from "./posting-lists";

// Scoring posting lists as MiniSearch scores them: BM25+ per field with its
// parameters, field boosts, prefix and typo weights as in options.ts, scores
// summed over query terms and multiplied by the number of query terms
// matched. The loops stay in one function each: they run over every posting
// a query touches, and closures or per-posting objects here cost the p95.

const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const; // MiniSearch's defaults
const NORM0 = BM25.k * (1 - BM25.b);
const K1 = BM25.k + 1;
const FIELD_BOOSTS: readonly number[] = SEARCH_FIELDS.map((field) => SEARCH_BOOST[field]);

/**
 * BM25+ of one posting: c * (d + tf * (k + 1) / (tf + norm0 + norm1 * length)),
 * with c (the source's weight, boost and idf) and norm1 (the field's length
 * norm) fixed per source. Small enough for V8 to inline into the loops.
 */
function postingScore(c: number, tf: number, norm1: number, length: number): number {
  return c * (BM25.d + (tf * K1) / (tf + NORM0 + norm1 * length));
}

/** What the scorer reads of the index: per paper, whether it is live and its field lengths. */
export type ScoringCorpus = {
  live: Uint8Array;
  /** Terms per field per paper, doc * FIELD_COUNT + field. */
  lengths: Uint16Array;
  /** Per field, the sum of the live papers' lengths. */
  lengthSums: Float64Array;
  /** Live papers. */
  documents: number;
  /** Document numbers in use, live or dead: the scratch arrays' size. */
  capacity: number;
};

/** Matching papers of one scoring pass: parallel typed arrays of document numbers, scores and query terms matched, `count` long. */
export class ScoredMatches {
  count = 0;
  readonly docs: Int32Array;
  readonly scores: Float64Array;
  readonly words: Uint8Array;

  constructor(capacity: number) {
    this.docs = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
    this.words = new Uint8Array(capacity);
  }

  add(doc: number, score: number, words: number): void {
    this.docs[this.count] = doc;
    this.words[this.count] = words;
    this.scores[this.count++] = score;
  }

  /** Keeps the matches whose paper passes `test`, in place. */
  keepIf(test: (doc: number) => boolean): void {
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      if (!test(this.docs[i]!)) continue;
      this.docs[kept] = this.docs[i]!;
      this.scores[kept] = this.scores[i]!;
      this.words[kept++] = this.words[i]!;
    }
    this.count = kept;
  }

  /** Keeps the matches at these positions, in this order. */
  keepPositions(positions: number[]): void {
    const docs = positions.map((i) => this.docs[i]!);
    const scores = positions.map((i) => this.scores[i]!);
    const words = positions.map((i) => this.words[i]!);
    this.docs.set(docs);
    this.scores.set(scores);
    this.words.set(words);
    this.count = positions.length;
  }

  /** Keeps the matches with at least `words` query terms, in place. */
  keepWithAtLeast(words: number): void {
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.words[i]! < words) continue;
      this.docs[kept] = this.docs[i]!;
      this.scores[kept] = this.scores[i]!;
      this.words[kept++] = this.words[i]!;
    }
    this.count = kept;
  }
}

/** Scratch space for scoring, one slot per document number, reused by every pass. */
export class Scorer {
  private scores = new Float64Array(0);
  private stage = new Uint8Array(0);
  private touched = new Int32Array(0);
  private matches = new ScoredMatches(0);

  /**
   * Scores papers against groups of sources, one group per query term.
   * `all`: a paper must match every group (the groups are taken cheapest
   * first, and later groups probe the papers still in the running when that
   * touches fewer postings); otherwise any group will do, and a paper's
   * score is multiplied by the number of groups it matched (at most 15).
   * Matching live papers that `accept` lets through (all when null) are
   * written to `matches`, which is reused by the next call: read it first.
   * `optional` sources add to the score of a paper that matches (with `all`).
   */
  score(
    corpus: ScoringCorpus,
    groups: Source[][],
    all: boolean,
    accept: ((doc: number) => boolean) | null,
    optional: readonly Source[],
  ): ScoredMatches {
    this.ensureScratch(corpus.capacity);
    const { scores, stage, touched, matches } = this;
    const { live, lengths, lengthSums, documents: n } = corpus;
    matches.count = 0;
    if (!groups.length) return matches;
    const norm1ByField = new Float64Array(FIELD_COUNT);
    for (let f = 0; f < FIELD_COUNT; f++)
      norm1ByField[f] = (BM25.k * BM25.b) / (n ? lengthSums[f]! / n || 1 : 1);
    const constantOf = (s: Source) =>
      s.weight * FIELD_BOOSTS[s.field]! * Math.log(1 + (n - s.df + 0.5) / (s.df + 0.5));
    const costOf = (group: Source[]) => group.reduce((c, s) => c + s.to - s.from, 0);

    let touchedCount = 0;
    if (all) {
      const order = groups
        .map((g, i) => ({ g, cost: costOf(g), i }))
        .sort((a, b) => a.cost - b.cost || a.i - b.i);
      let alive = 0;
      for (let step = 0; step < order.length; step++) {
        const { g, cost } = order[step]!;
        if (step > 0 && alive === 0) break;
        const next = step + 1;
        // Probing costs a binary search per paper still in the running and list.
        if (step === 0 || cost <= alive * g.length * 16) {
          for (const s of g) {
            const c = constantOf(s);
            const norm1 = norm1ByField[s.field]!;
            const { docs, tfs, field } = s;
            for (let p = s.from; p < s.to; p++) {
              const doc = docs[p]!;
              const st = stage[doc]!;
              if ((st !== step && st !== next) || !live[doc]) continue;
              if (st === 0) touched[touchedCount++] = doc;
              scores[doc]! += postingScore(c, tfs[p]!, norm1, lengths[doc * FIELD_COUNT + field]!);
              stage[doc] = next;
            }
          }
        } else {
          for (const s of g) {
            const c = constantOf(s);
            const norm1 = norm1ByField[s.field]!;
            const { docs, tfs, field } = s;
            for (let t = 0; t < touchedCount; t++) {
              const doc = touched[t]!;
              const st = stage[doc]!;
              if (st !== step && st !== next) continue;
              const p = binarySearch(docs, doc, s.from, s.to);
              if (p < 0) continue;
              scores[doc]! += postingScore(c, tfs[p]!, norm1, lengths[doc * FIELD_COUNT + field]!);
              stage[doc] = next;
            }
          }
        }
        alive = 0;
        for (let t = 0; t < touchedCount; t++) if (stage[touched[t]!] === next) alive++;
      }
      const quality = groups.length;
      for (let t = 0; t < touchedCount; t++) {
        const doc = touched[t]!;
        if (stage[doc] !== groups.length || (accept && !accept(doc))) continue;
        // Optional sources (a stop word that may be a surname) add to a match, and are never required.
        let extra = 0;
        for (const s of optional) {
          const p = binarySearch(s.docs, doc, s.from, s.to);
          if (p < 0) continue;
          extra += postingScore(
            constantOf(s),
            s.tfs[p]!,
            norm1ByField[s.field]!,
            lengths[doc * FIELD_COUNT + s.field]!,
          );
        }
        matches.add(doc, (scores[doc]! + extra) * quality, quality);
      }
    } else {
      // stage packs two nibbles: the last group that counted the paper (1-based), and how many groups did.
      for (let i = 0; i < groups.length && i < 15; i++) {
        const mark = (i + 1) << 4;
        for (const s of groups[i]!) {
          const c = constantOf(s);
          const norm1 = norm1ByField[s.field]!;
          const { docs, tfs, field } = s;
          for (let p = s.from; p < s.to; p++) {
            const doc = docs[p]!;
            if (!live[doc]) continue;
            const st = stage[doc]!;
            if (st === 0) touched[touchedCount++] = doc;
            scores[doc]! += postingScore(c, tfs[p]!, norm1, lengths[doc * FIELD_COUNT + field]!);
            if ((st & 0xf0) !== mark) stage[doc] = mark | ((st & 15) + 1);
          }
        }
      }
      for (let t = 0; t < touchedCount; t++) {
        const doc = touched[t]!;
        const words = stage[doc]! & 15;
        if (!accept || accept(doc)) matches.add(doc, scores[doc]! * words, words);
      }
    }
    for (let t = 0; t < touchedCount; t++) {
      const doc = touched[t]!;
      scores[doc] = 0;
      stage[doc] = 0;
    }
    return matches;
  }

  private ensureScratch(size: number): void {
    if (this.scores.length >= size) return;
    const capacity = Math.max(size, this.scores.length * 2);
    this.scores = new Float64Array(capacity);
    this.stage = new Uint8Array(capacity);
    this.touched = new Int32Array(capacity);
    this.matches = new ScoredMatches(capacity);
  }
}
