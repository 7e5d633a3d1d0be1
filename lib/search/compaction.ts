import { FIELD_COUNT, type BaseSegment, type DeltaLists } from "./posting-lists";

// The posting index's compaction, as a pure function: the base and the delta
// in, one new base out, with the dead papers' postings dropped and every
// paper numbered afresh. Two passes over the postings (count, then copy), in
// typed arrays: about 0.3 s at 80k papers, once per 4,000 changes.

/**
 * `renumber[doc]` is the paper's new number, or -1 for a dead paper. Base
 * papers come before delta papers in both numberings, so lists stay sorted.
 * `droppedTerms`: terms left with no posting at all, for the dictionary to forget.
 */
export function compactPostings(
  base: BaseSegment,
  delta: ReadonlyMap<string, DeltaLists>,
  renumber: Int32Array,
): { base: BaseSegment; droppedTerms: string[] } {
  const { terms: baseTerms, start, docs, tfs } = base;
  const deltaTerms = [...delta.keys()].sort();
  // The union of the two sorted term lists; each term keeps where it is in either.
  const merged: { term: string; base: number; delta: DeltaLists | undefined }[] = [];
  for (let i = 0, j = 0; i < baseTerms.length || j < deltaTerms.length;) {
    const a = baseTerms[i];
    const b = deltaTerms[j];
    if (b === undefined || (a !== undefined && a < b)) merged.push({ term: a!, base: i++, delta: undefined });
    else if (a === undefined || b < a) merged.push({ term: b, base: -1, delta: delta.get(deltaTerms[j++]!) });
    else merged.push({ term: a, base: i++, delta: delta.get(deltaTerms[j++]!) });
  }

  // Pass 1: live postings per (term, field).
  const counts = new Uint32Array(merged.length * FIELD_COUNT);
  let total = 0;
  for (let t = 0; t < merged.length; t++) {
    const m = merged[t]!;
    for (let f = 0; f < FIELD_COUNT; f++) {
      let c = 0;
      if (m.base >= 0) {
        const k = m.base * FIELD_COUNT + f;
        for (let p = start[k]!; p < start[k + 1]!; p++) if (renumber[docs[p]!]! >= 0) c++;
      }
      const d = m.delta?.docs[f];
      if (d) for (const doc of d) if (renumber[doc]! >= 0) c++;
      counts[t * FIELD_COUNT + f] = c;
      total += c;
    }
  }
  // Terms left with no posting at all go.
  const keptTerms: string[] = [];
  const droppedTerms: string[] = [];
  const keep = new Uint8Array(merged.length);
  for (let t = 0; t < merged.length; t++) {
    let any = 0;
    for (let f = 0; f < FIELD_COUNT; f++) any += counts[t * FIELD_COUNT + f]!;
    if (any) {
      keep[t] = 1;
      keptTerms.push(merged[t]!.term);
    } else droppedTerms.push(merged[t]!.term);
  }

  // Pass 2: copy, renumbered.
  const newStart = new Uint32Array(keptTerms.length * FIELD_COUNT + 1);
  const newDocs = new Uint32Array(total);
  const newTfs = new Uint8Array(total);
  let p2 = 0;
  let row = 0;
  for (let t = 0; t < merged.length; t++) {
    if (!keep[t]) continue;
    const m = merged[t]!;
    for (let f = 0; f < FIELD_COUNT; f++) {
      newStart[row * FIELD_COUNT + f] = p2;
      if (m.base >= 0) {
        const k = m.base * FIELD_COUNT + f;
        for (let p = start[k]!; p < start[k + 1]!; p++) {
          const to = renumber[docs[p]!]!;
          if (to >= 0) {
            newDocs[p2] = to;
            newTfs[p2++] = tfs[p]!;
          }
        }
      }
      const d = m.delta?.docs[f];
      if (d) {
        const dt = m.delta!.tfs[f]!;
        for (let i = 0; i < d.length; i++) {
          const to = renumber[d[i]!]!;
          if (to >= 0) {
            newDocs[p2] = to;
            newTfs[p2++] = dt[i]!;
          }
        }
      }
    }
    row++;
  }
  newStart[keptTerms.length * FIELD_COUNT] = p2;
  return { base: { terms: keptTerms, start: newStart, docs: newDocs, tfs: newTfs }, droppedTerms };
}
