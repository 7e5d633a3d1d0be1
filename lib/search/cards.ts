// What a search result shows of a paper, held beside the index so that a
// search answers without asking Postgres (issue 12). The date and the
// upvotes are not here: the posting index keeps them per paper already, for
// its filters and sorts, and they change with the same sync.
//
// Memory: the text of 80k papers is about 110 MB as UTF-8, most of it
// abstracts. Held as one UTF-8 buffer with offsets (the base) it costs those
// bytes outside the JS heap and nothing for the garbage collector to walk;
// the same text as 400k JS strings in objects would add per-object overhead
// and double for any abstract with a character outside Latin-1. A result
// page decodes only its own 20 cards. Papers changed since the base was made
// live in a Map until there are enough of them to be worth merging.

export type SearchCard = {
  title: string;
  abstract: string;
  orgHandle: string | null;
  orgName: string | null;
  authorCount: number;
};

/** The cards in a snapshot, in the order of the posting index's ids. */
export type FrozenCards = {
  /** UTF-8 of title, abstract, orgHandle, orgName of each paper, one after another. */
  text: Uint8Array;
  /** Byte offsets into `text`: field f of paper p spans offsets[p*4+f] .. offsets[p*4+f+1]. */
  offsets: Uint32Array;
  authorCount: Int32Array;
  /** Bit 1: orgHandle is null; bit 2: orgName is null. */
  nulls: Uint8Array;
};

const TEXT_FIELDS = 4;
const HANDLE_NULL = 1;
const NAME_NULL = 2;
/** Changed papers kept as objects before they are merged into the base (as the posting index's delta). */
export const MERGE_AT_CHANGED_CARDS = 4_000;

function emptyFrozen(): FrozenCards {
  return {
    text: new Uint8Array(0),
    offsets: new Uint32Array(1),
    authorCount: new Int32Array(0),
    nulls: new Uint8Array(0),
  };
}

/** Cards in bulk (building the index from the database): encoded as they come, merged once. */
export class SearchCardsBuilder {
  private ids: string[] = [];
  private chunks: Buffer[] = [];
  private offsets: number[] = [];
  private authorCount: number[] = [];
  private nulls: number[] = [];
  private bytes = 0;

  add(id: string, card: SearchCard): void {
    this.ids.push(id);
    for (const text of [card.title, card.abstract, card.orgHandle ?? "", card.orgName ?? ""]) {
      const encoded = Buffer.from(text);
      this.offsets.push(this.bytes);
      this.chunks.push(encoded);
      this.bytes += encoded.length;
    }
    this.authorCount.push(card.authorCount);
    this.nulls.push(nullBits(card));
  }

  build(): SearchCards {
    const frozen: FrozenCards = {
      text: Buffer.concat(this.chunks, this.bytes),
      offsets: Uint32Array.from([...this.offsets, this.bytes]),
      authorCount: Int32Array.from(this.authorCount),
      nulls: Uint8Array.from(this.nulls),
    };
    this.chunks = [];
    return SearchCards.fromFrozen(this.ids, frozen);
  }
}

function nullBits(card: SearchCard): number {
  return (card.orgHandle === null ? HANDLE_NULL : 0) | (card.orgName === null ? NAME_NULL : 0);
}

export class SearchCards {
  private base: FrozenCards = emptyFrozen();
  private baseText: Buffer = Buffer.alloc(0);
  private baseIndex = new Map<string, number>();
  /** Papers added, changed (a card) or removed (null) since the base was made. */
  private changed = new Map<string, SearchCard | null>();

  static fromFrozen(ids: readonly string[], frozen: FrozenCards): SearchCards {
    const cards = new SearchCards();
    cards.adoptBase(ids, frozen);
    return cards;
  }

  get(id: string): SearchCard | undefined {
    const card = this.changed.get(id);
    if (card !== undefined) return card ?? undefined;
    const p = this.baseIndex.get(id);
    return p === undefined ? undefined : this.decode(p);
  }

  /** Just the title, without decoding the abstract (suggestions list a few titles). */
  titleOf(id: string): string | undefined {
    const card = this.changed.get(id);
    if (card !== undefined) return card?.title;
    const p = this.baseIndex.get(id);
    return p === undefined ? undefined : this.field(p, 0);
  }

  upsert(id: string, card: SearchCard): void {
    this.changed.set(id, card);
    if (this.changed.size >= MERGE_AT_CHANGED_CARDS) this.merge();
  }

  remove(id: string): void {
    if (this.changed.get(id) || this.baseIndex.has(id)) this.changed.set(id, null);
  }

  /** Bytes of text in the base, for the benchmark's memory accounting. */
  get baseTextBytes(): number {
    return this.base.text.length;
  }

  /**
   * The cards of these papers, in this order (the snapshot writes them beside
   * the posting index's ids); the base becomes exactly them. A paper with no
   * card (none should be missing) gets an empty one rather than shifting the rest.
   */
  freeze(ids: readonly string[]): FrozenCards {
    const n = ids.length;
    const offsets = new Uint32Array(n * TEXT_FIELDS + 1);
    const authorCount = new Int32Array(n);
    const nulls = new Uint8Array(n);
    // Pass 1: sizes, so the text is written into one allocation.
    const encoded: (Buffer[] | null)[] = new Array<Buffer[] | null>(n);
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      const card = this.changed.get(id);
      const p = card === undefined ? this.baseIndex.get(id) : undefined;
      if (p !== undefined) {
        encoded[i] = null;
        bytes += this.base.offsets[(p + 1) * TEXT_FIELDS]! - this.base.offsets[p * TEXT_FIELDS]!;
        authorCount[i] = this.base.authorCount[p]!;
        nulls[i] = this.base.nulls[p]!;
      } else {
        const c = card ?? { title: "", abstract: "", orgHandle: null, orgName: null, authorCount: 0 };
        const fields = [c.title, c.abstract, c.orgHandle ?? "", c.orgName ?? ""].map((s) => Buffer.from(s));
        encoded[i] = fields;
        for (const f of fields) bytes += f.length;
        authorCount[i] = c.authorCount;
        nulls[i] = nullBits(c);
      }
    }
    // Pass 2: copy base ranges as bytes (no decoding), encode the changed.
    const text = Buffer.allocUnsafe(bytes);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const fields = encoded[i];
      if (fields) {
        for (let f = 0; f < TEXT_FIELDS; f++) {
          offsets[i * TEXT_FIELDS + f] = at;
          at += fields[f]!.copy(text, at);
        }
      } else {
        const p = this.baseIndex.get(ids[i]!)!;
        const from = this.base.offsets[p * TEXT_FIELDS]!;
        for (let f = 0; f < TEXT_FIELDS; f++)
          offsets[i * TEXT_FIELDS + f] = at + this.base.offsets[p * TEXT_FIELDS + f]! - from;
        at += this.baseText.copy(text, at, from, this.base.offsets[(p + 1) * TEXT_FIELDS]);
      }
    }
    offsets[n * TEXT_FIELDS] = at;
    const frozen = { text, offsets, authorCount, nulls };
    this.adoptBase(ids, frozen);
    return frozen;
  }

  private merge(): void {
    const ids: string[] = [];
    for (const id of this.baseIndex.keys()) if (!this.changed.has(id)) ids.push(id);
    for (const [id, card] of this.changed) if (card) ids.push(id);
    this.freeze(ids);
  }

  private adoptBase(ids: readonly string[], frozen: FrozenCards): void {
    this.base = frozen;
    this.baseText = Buffer.from(frozen.text.buffer, frozen.text.byteOffset, frozen.text.byteLength);
    this.baseIndex = new Map(ids.map((id, p) => [id, p]));
    this.changed = new Map();
  }

  private field(p: number, f: number): string {
    const k = p * TEXT_FIELDS + f;
    return this.baseText.toString("utf8", this.base.offsets[k], this.base.offsets[k + 1]);
  }

  private decode(p: number): SearchCard {
    const nulls = this.base.nulls[p]!;
    return {
      title: this.field(p, 0),
      abstract: this.field(p, 1),
      orgHandle: nulls & HANDLE_NULL ? null : this.field(p, 2),
      orgName: nulls & NAME_NULL ? null : this.field(p, 3),
      authorCount: this.base.authorCount[p]!,
    };
  }
}
