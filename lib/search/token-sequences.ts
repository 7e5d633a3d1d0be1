// The order of each paper's words, for quoted phrases ("static worlds": the
// words adjacent, in that order). Posting lists say which papers hold a word,
// not where, so each paper also keeps its processed terms in order, each as
// a 16-bit hash: two bytes a word (about 25 MB at 80k papers, against 100 MB
// for the text itself), and a phrase is checked only in papers that hold all
// its words, so a hash collision needs two unrelated words to collide at
// neighbouring places of a paper that has the phrase's words elsewhere.
//
// Fields, and lines within a field (author names, organization names), are
// separated by a 0, so a phrase never runs from one into the next.

/** Separates fields and lines: no term hashes to it. */
const SEPARATOR = 0;

/** A term's 16-bit hash (FNV-1a folded), never SEPARATOR. */
export function termHash(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  const folded = (h ^ (h >>> 16)) & 0xffff;
  return folded === SEPARATOR ? 1 : folded;
}

export type FrozenSequences = { seqStart: Uint32Array; seq: Uint16Array };

export class TokenSequences {
  /** Paper `doc`'s hashes are tokens[start[doc] .. start[doc + 1]). */
  private start: Uint32Array = new Uint32Array(1024);
  private tokens: Uint16Array = new Uint16Array(0);
  private docs = 0;

  static fromFrozen(frozen: FrozenSequences): TokenSequences {
    const s = new TokenSequences();
    s.start = frozen.seqStart;
    s.tokens = frozen.seq;
    s.docs = frozen.seqStart.length - 1;
    return s;
  }

  /** Appends the next paper's terms, field after field and line after line (`null` between them). */
  append(doc: number, terms: (string | null)[]): void {
    if (doc !== this.docs) throw new Error(`token sequences: paper ${doc} appended after ${this.docs}`);
    const from = this.start[doc]!;
    const end = from + terms.length;
    if (this.tokens.length < end) {
      // A quarter more, not double: the base loaded from a snapshot is already most of it.
      const next = new Uint16Array(Math.max(end, Math.ceil(this.tokens.length * 1.25), 65_536));
      next.set(this.tokens.subarray(0, from));
      this.tokens = next;
    }
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i];
      this.tokens[from + i] = term === null || term === undefined ? SEPARATOR : termHash(term);
    }
    if (this.start.length < doc + 2) {
      const next = new Uint32Array(Math.max(doc + 2, this.start.length * 2));
      next.set(this.start);
      this.start = next;
    }
    this.start[doc + 1] = end;
    this.docs++;
  }

  /** Keeps the papers `renumber` keeps (to their new numbers, in order), in exactly sized arrays. */
  compact(renumber: Int32Array, size: number): void {
    const start = new Uint32Array(size + 1);
    let total = 0;
    for (let doc = 0; doc < this.docs; doc++)
      if (renumber[doc]! >= 0) total += this.start[doc + 1]! - this.start[doc]!;
    const tokens = new Uint16Array(total);
    let at = 0;
    for (let doc = 0; doc < this.docs; doc++) {
      const to = renumber[doc]!;
      if (to < 0) continue;
      tokens.set(this.tokens.subarray(this.start[doc], this.start[doc + 1]), at);
      at += this.start[doc + 1]! - this.start[doc]!;
      start[to + 1] = at;
    }
    this.start = start;
    this.tokens = tokens;
    this.docs = size;
  }

  freeze(): FrozenSequences {
    return { seqStart: this.start.slice(0, this.docs + 1), seq: this.tokens.slice(0, this.start[this.docs]) };
  }

  /**
   * Whether paper `doc` has the phrase's terms next to each other, in order,
   * within one field. Each place of the phrase lists the hashes it accepts:
   * the word, and its near spellings when the typo pass respelled it.
   */
  hasPhrase(doc: number, phrase: readonly (readonly number[])[]): boolean {
    const tokens = this.tokens;
    const m = phrase.length;
    const end = this.start[doc + 1]! - m;
    const firsts = phrase[0]!;
    const first = firsts.length === 1 ? firsts[0]! : -1; // the common case, without includes()
    for (let i = this.start[doc]!; i <= end; i++) {
      const token = tokens[i]!;
      if (first >= 0 ? token !== first : !firsts.includes(token)) continue;
      let j = 1;
      while (j < m && phrase[j]!.includes(tokens[i + j]!)) j++;
      if (j === m) return true;
    }
    return false;
  }
}
