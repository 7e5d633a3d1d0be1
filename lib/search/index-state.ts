import type { PaperSearchIndex, SearchIndexStatus } from "./search-index";

// Where this process's search index lives: on globalThis, because Next may
// load lib/search twice (pages and route handlers), and because the server in
// front of Next (lib/server) reads its state without loading the index's code.

const holder = globalThis as unknown as {
  paperboySearchIndex?: PaperSearchIndex;
  paperboySearchAnswerer?: SearchAnswerer;
};

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

/** GET /api/search's answer to a query string: what app/api/search/route.ts answers, as status and JSON. */
export type SearchAnswerer = (query: URLSearchParams) => {
  status: number;
  json: string;
  headers?: Record<string, string>;
};

/**
 * Published by Next's side of the process (instrumentation.ts), which loads the
 * search code under the react-server condition; the server in front of Next
 * runs without it, so it calls the search through here rather than importing it.
 */
export function publishSearchAnswerer(answerer: SearchAnswerer): void {
  holder.paperboySearchAnswerer = answerer;
}

export function searchAnswerer(): SearchAnswerer | undefined {
  return holder.paperboySearchAnswerer;
}
