import type { PaperSearchIndex, SearchIndexStatus } from "./search-index";

// Where this process's search index lives: on globalThis, because Next may
// load lib/search twice (pages and route handlers), and because the server in
// front of Next (lib/server) reads its state without loading the index's code.

const holder = globalThis as unknown as { paperboySearchIndex?: PaperSearchIndex };

export function indexHolder(): { index: PaperSearchIndex | undefined } {
  return {
    get index() {
      return holder.paperboySearchIndex;
    },
    set index(index) {
      holder.paperboySearchIndex = index;
    },
  };
}

export type SearchIndexState = { status: SearchIndexStatus; revision: number; documents: number };

/** The index's state, without creating one: undefined until Next's start begins warming it, or with search off. */
export function searchIndexState(): SearchIndexState | undefined {
  const index = holder.paperboySearchIndex;
  return index && { status: index.status, revision: index.revision, documents: index.documentCount };
}
