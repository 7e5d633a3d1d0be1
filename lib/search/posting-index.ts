import SearchableMap from "minisearch/SearchableMap";
import { compactPostings } from "./compaction";
import { processTerm, SEARCH_FIELDS, tokenize, type SearchDocument } from "./options";
import {
  binarySearch,
  emptyBase,
  FIELD_COUNT,
  termIndexOf,
  type BaseSegment,
  type DeltaLists,
  type Source,
} from "./posting-lists";
import { ScoredMatches, Scorer } from "./scorer";
import { TokenSequences, type FrozenSequences } from "./token-sequences";

// The inverted index itself, in memory a search engine can afford at 80k
// papers: posting lists in typed arrays rather than a Map per term and field.
//
// Two parts. The base is immutable: every term's postings, per field, as a
// run of sorted document numbers and term frequencies in three flat arrays.
// The delta holds papers added or changed since, as small growable lists.
// A changed paper gets a new document number and its old one is marked dead,
// so nothing is ever edited in place; compact() merges base and delta into a
// new base (compaction.ts) and drops the dead. The dictionary of terms, for
// prefix and typo matching, is MiniSearch's radix tree (SearchableMap).
// Ranking is MiniSearch's, in scorer.ts.
//
// Past 300 lines on purpose: every array here is indexed by the same
// document numbers, which upsert hands out and compact renumbers, and
// keeping that one invariant in one class is what keeps it true.

// The index's own types, for its callers.
export { FIELD_COUNT, ScoredMatches, type Source };

const ALL_FIELDS: readonly number[] = SEARCH_FIELDS.map((_, i) => i);
/** Papers in the delta before it is merged into the base: bounds the delta's Map-and-array overhead. */
export const COMPACT_AT_DELTA_DOCS = 4_000;
const MAX_TF = 255;
const MAX_FIELD_LENGTH = 65_535;

/** Everything a snapshot needs to bring an index back: a compacted index, so no delta and no dead papers. */
export type FrozenIndex = BaseSegment &
  FrozenSequences & {
    ids: string[];
    orgs: string[];
    day: Int32Array;
    upvotes: Int32Array;
    org: Int32Array;
    /** Terms per field per paper, doc * FIELD_COUNT + field. */
    lengths: Uint16Array;
  };

function grow<T extends Int32Array | Uint16Array | Uint8Array>(array: T, size: number): T {
  if (array.length >= size) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2, 1024));
  next.set(array);
  return next;
}

/**
 * Term frequencies of one field's text, and its length as MiniSearch counts
 * it (distinct tokens, before stop words are dropped), so BM25 ranks alike.
 * The terms in order go to `sequence`; with `byLine` (author names,
 * organization names) a null separates the lines.
 */
function countTerms(
  text: string,
  field: string,
  sequence: (string | null)[],
  byLine: boolean,
): { counts: Map<string, number>; length: number } {
  const counts = new Map<string, number>();
  const lines = byLine ? text.split("\n") : [text];
  for (let l = 0; l < lines.length; l++) {
    if (l > 0) sequence.push(null);
    for (const token of tokenize(lines[l]!)) {
      const processed = processTerm(token, field);
      if (processed === null) continue;
      for (const term of typeof processed === "string" ? [processed] : processed) {
        counts.set(term, (counts.get(term) ?? 0) + 1);
        sequence.push(term);
      }
    }
  }
  return { counts, length: new Set(tokenize(text)).size };
}

/** Fields whose lines are separate names: a phrase does not run from one name into the next. */
const BY_LINE: readonly boolean[] = SEARCH_FIELDS.map((f) => f === "authors" || f === "organization");

export class PostingIndex {
  private base: BaseSegment = emptyBase();
  /** Documents 0..baseSize-1 are in the base, the rest in the delta. */
  private baseSize = 0;
  private delta = new Map<string, DeltaLists>();
  private docCount = 0;
  private ids: string[] = [];
  private idToDoc = new Map<string, number>();
  private live: Uint8Array = new Uint8Array(0);
  private day: Int32Array = new Int32Array(0);
  private upvotes: Int32Array = new Int32Array(0);
  private org: Int32Array = new Int32Array(0);
  private orgs: string[] = [""];
  private orgToIndex = new Map<string, number>([["", 0]]);
  private lengths: Uint16Array = new Uint16Array(0);
  private lengthSums = new Float64Array(FIELD_COUNT);
  private dictionary = new SearchableMap<true>();
  private sequences = new TokenSequences();
  private scorer = new Scorer();

  static fromFrozen(frozen: FrozenIndex): PostingIndex {
    const index = new PostingIndex();
    const n = frozen.ids.length;
    index.base = { terms: frozen.terms, start: frozen.start, docs: frozen.docs, tfs: frozen.tfs };
    index.baseSize = index.docCount = n;
    index.ids = frozen.ids;
    index.idToDoc = new Map(frozen.ids.map((id, doc) => [id, doc]));
    index.live = new Uint8Array(n).fill(1);
    index.day = frozen.day;
    index.upvotes = frozen.upvotes;
    index.org = frozen.org;
    index.orgs = frozen.orgs;
    index.orgToIndex = new Map(frozen.orgs.map((o, i) => [o, i]));
    index.lengths = frozen.lengths;
    for (let doc = 0; doc < n; doc++)
      for (let f = 0; f < FIELD_COUNT; f++) index.lengthSums[f]! += frozen.lengths[doc * FIELD_COUNT + f]!;
    for (const term of frozen.terms) index.dictionary.set(term, true);
    index.sequences = TokenSequences.fromFrozen(frozen);
    return index;
  }

  /** Papers searchable now. */
  get documentCount(): number {
    return this.idToDoc.size;
  }

  /** Distinct terms in the dictionary (terms of papers since removed go at the next compaction). */
  get termCount(): number {
    return this.dictionary.size;
  }

  /** Papers added or changed since the last compaction. */
  get deltaDocuments(): number {
    return this.docCount - this.baseSize;
  }

  /** Posting entries in the base, for the benchmark's memory accounting. */
  get basePostings(): number {
    return this.base.docs.length;
  }

  has(id: string): boolean {
    return this.idToDoc.has(id);
  }

  allIds(): string[] {
    return [...this.idToDoc.keys()];
  }

  /** Adds or replaces a paper. Compacts when the delta has grown large. */
  upsert(doc: SearchDocument): void {
    this.kill(doc.id);
    const n = this.docCount++;
    this.ensureCapacity(this.docCount);
    this.ids[n] = doc.id;
    this.idToDoc.set(doc.id, n);
    this.live[n] = 1;
    this.day[n] = doc.day;
    this.upvotes[n] = doc.upvotes;
    let org = this.orgToIndex.get(doc.org);
    if (org === undefined) {
      org = this.orgs.push(doc.org) - 1;
      this.orgToIndex.set(doc.org, org);
    }
    this.org[n] = org;
    const sequence: (string | null)[] = [];
    for (let f = 0; f < FIELD_COUNT; f++) {
      if (f > 0) sequence.push(null);
      const field = SEARCH_FIELDS[f]!;
      const { counts, length } = countTerms(doc[field], field, sequence, BY_LINE[f]!);
      for (const [term, tf] of counts) {
        let lists = this.delta.get(term);
        if (!lists) {
          lists = { docs: [], tfs: [] };
          this.delta.set(term, lists);
          this.dictionary.set(term, true);
        }
        (lists.docs[f] ??= []).push(n);
        (lists.tfs[f] ??= []).push(Math.min(tf, MAX_TF));
      }
      const clamped = Math.min(length, MAX_FIELD_LENGTH);
      this.lengths[n * FIELD_COUNT + f] = clamped;
      this.lengthSums[f]! += clamped;
    }
    this.sequences.append(n, sequence);
    if (this.deltaDocuments >= COMPACT_AT_DELTA_DOCS) this.compact();
  }

  /** Takes a paper out. Returns whether it was in. */
  remove(id: string): boolean {
    if (!this.kill(id)) return false;
    if (this.docCount - this.idToDoc.size >= COMPACT_AT_DELTA_DOCS) this.compact();
    return true;
  }

  private kill(id: string): boolean {
    const doc = this.idToDoc.get(id);
    if (doc === undefined) return false;
    this.idToDoc.delete(id);
    this.live[doc] = 0;
    for (let f = 0; f < FIELD_COUNT; f++) this.lengthSums[f]! -= this.lengths[doc * FIELD_COUNT + f]!;
    return true;
  }

  private ensureCapacity(size: number): void {
    this.live = grow(this.live, size);
    this.day = grow(this.day, size);
    this.upvotes = grow(this.upvotes, size);
    this.org = grow(this.org, size);
    this.lengths = grow(this.lengths, size * FIELD_COUNT);
  }

  /**
   * Merges the delta into a new base, without the dead papers, and numbers
   * the papers afresh: about 0.3 s at 80k papers, on the thread that serves
   * requests, once per 4,000 changes.
   */
  compact(): void {
    const dead = this.docCount - this.idToDoc.size;
    if (this.deltaDocuments === 0 && dead === 0) return;
    const renumber = new Int32Array(this.docCount).fill(-1);
    let next = 0;
    for (let doc = 0; doc < this.docCount; doc++) if (this.live[doc]) renumber[doc] = next++;
    const size = next;
    const { base, droppedTerms } = compactPostings(this.base, this.delta, renumber);
    for (const term of droppedTerms) this.dictionary.delete(term);

    // The papers, renumbered.
    const ids: string[] = new Array<string>(size);
    const live = new Uint8Array(size).fill(1);
    const day = new Int32Array(size);
    const upvotes = new Int32Array(size);
    const org = new Int32Array(size);
    const lengths = new Uint16Array(size * FIELD_COUNT);
    for (let doc = 0; doc < this.docCount; doc++) {
      const to = renumber[doc]!;
      if (to < 0) continue;
      ids[to] = this.ids[doc]!;
      day[to] = this.day[doc]!;
      upvotes[to] = this.upvotes[doc]!;
      org[to] = this.org[doc]!;
      lengths.set(
        this.lengths.subarray(doc * FIELD_COUNT, doc * FIELD_COUNT + FIELD_COUNT),
        to * FIELD_COUNT,
      );
    }
    this.sequences.compact(renumber, size);
    this.base = base;
    this.baseSize = this.docCount = size;
    this.delta = new Map();
    this.ids = ids;
    this.idToDoc = new Map(ids.map((id, doc) => [id, doc]));
    this.live = live;
    this.day = day;
    this.upvotes = upvotes;
    this.org = org;
    this.lengths = lengths;
  }

  /** Compacts, then hands out the arrays a snapshot writes. They are never changed afterwards (the next compaction makes new ones). */
  freeze(): FrozenIndex {
    this.compact();
    const n = this.docCount;
    return {
      ...this.base,
      ids: this.ids.slice(0, n),
      orgs: [...this.orgs],
      day: this.day.slice(0, n),
      upvotes: this.upvotes.slice(0, n),
      org: this.org.slice(0, n),
      lengths: this.lengths.slice(0, n * FIELD_COUNT),
      ...this.sequences.freeze(),
    };
  }

  // --- What the search needs ------------------------------------------------

  /** Dictionary terms that start with `prefix` (itself included when present), sorted: the tree's order depends on its history. */
  termsWithPrefix(prefix: string): string[] {
    const out: string[] = [];
    for (const term of this.dictionary.atPrefix(prefix).keys()) out.push(term);
    return out.sort();
  }

  /** Dictionary terms within `distance` edits of `term`, with their distance, sorted. */
  termsNear(term: string, distance: number): [string, number][] {
    return [...this.dictionary.fuzzyGet(term, distance)]
      .map(([t, [, d]]): [string, number] => [t, d])
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }

  hasTerm(term: string): boolean {
    return this.dictionary.has(term);
  }

  /** Postings of a term over all fields, dead ones included: a cheap measure of how common it is. */
  frequency(term: string): number {
    let n = 0;
    const t = termIndexOf(this.base.terms, term);
    if (t >= 0) n += this.base.start[(t + 1) * FIELD_COUNT]! - this.base.start[t * FIELD_COUNT]!;
    for (const list of this.delta.get(term)?.docs ?? []) n += list?.length ?? 0;
    return n;
  }

  /** The posting lists of a term in these fields, base and delta apart, empty ones left out. */
  sources(term: string, fields: readonly number[], queryTerm: number, weight: number): Source[] {
    const out: Source[] = [];
    const t = termIndexOf(this.base.terms, term);
    const lists = this.delta.get(term);
    // Dead postings must not count towards how common a term is: with papers replaced, lists are counted.
    const dead = this.docCount !== this.idToDoc.size;
    for (const f of fields) {
      let baseLength = 0;
      let from = 0;
      let to = 0;
      if (t >= 0) {
        from = this.base.start[t * FIELD_COUNT + f]!;
        to = this.base.start[t * FIELD_COUNT + f + 1]!;
        baseLength = to - from;
      }
      const deltaDocs = lists?.docs[f];
      const df = dead
        ? this.countLive(this.base.docs, from, to) +
          (deltaDocs ? this.countLive(deltaDocs, 0, deltaDocs.length) : 0)
        : baseLength + (deltaDocs?.length ?? 0);
      if (!df) continue;
      if (baseLength)
        out.push({
          queryTerm,
          term,
          field: f,
          weight,
          df,
          docs: this.base.docs,
          tfs: this.base.tfs,
          from,
          to,
        });
      if (deltaDocs?.length)
        out.push({
          queryTerm,
          term,
          field: f,
          weight,
          df,
          docs: deltaDocs,
          tfs: lists!.tfs[f]!,
          from: 0,
          to: deltaDocs.length,
        });
    }
    return out;
  }

  private countLive(docs: ArrayLike<number>, from: number, to: number): number {
    let live = 0;
    for (let p = from; p < to; p++) live += this.live[docs[p]!]!;
    return live;
  }

  paperId(doc: number): string {
    return this.ids[doc]!;
  }

  dayOf(doc: number): number {
    return this.day[doc]!;
  }

  upvotesOf(doc: number): number {
    return this.upvotes[doc]!;
  }

  /** The paper's organization key (organizations.ts). */
  orgOf(doc: number): string {
    return this.orgs[this.org[doc]!]!;
  }

  /** Which of the organization keys known pass `test`, by the number orgNumberOf gives. */
  orgMask(test: (key: string) => boolean): Uint8Array {
    return Uint8Array.from(this.orgs, (key) => (test(key) ? 1 : 0));
  }

  orgNumberOf(doc: number): number {
    return this.org[doc]!;
  }

  /** Whether the paper has these term hashes adjacent and in order (token-sequences.ts). */
  hasPhrase(doc: number, phrase: readonly (readonly number[])[]): boolean {
    return this.sequences.hasPhrase(doc, phrase);
  }

  docOf(id: string): number | undefined {
    return this.idToDoc.get(id);
  }

  /** Whether `doc` is in a source's list (they are sorted). */
  static contains(source: Source, doc: number): boolean {
    return binarySearch(source.docs, doc, source.from, source.to) >= 0;
  }

  /** Live papers holding `term` in any field, counted up to `atMost` (a larger answer means "more than that"). */
  papersWith(term: string, atMost: number): number {
    const papers = new Set<number>();
    for (const s of this.sources(term, ALL_FIELDS, 0, 1)) {
      if (s.to - s.from > atMost && this.countLive(s.docs, s.from, s.to) > atMost) return atMost + 1;
      for (let p = s.from; p < s.to; p++) if (this.live[s.docs[p]!]) papers.add(s.docs[p]!);
      if (papers.size > atMost) return atMost + 1;
    }
    return papers.size;
  }

  /** Scores papers against groups of sources, one group per query term: see Scorer.score. */
  score(
    groups: Source[][],
    all: boolean,
    accept: ((doc: number) => boolean) | null,
    optional: readonly Source[] = [],
  ): ScoredMatches {
    const corpus = {
      live: this.live,
      lengths: this.lengths,
      lengthSums: this.lengthSums,
      documents: this.idToDoc.size,
      capacity: this.docCount,
    };
    return this.scorer.score(corpus, groups, all, accept, optional);
  }
}
