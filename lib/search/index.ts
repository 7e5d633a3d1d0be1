import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { termsOf } from "./options";
import { phrasesFrom } from "./phrases";
import { parseSearchQuery } from "./query";
import { getVisiblePaperTitle } from "./queries";
import {
  processSearchIndex,
  type SearchHit,
  type SearchIndexStatus,
  type SearchPapersParams,
  type SearchPapersResult,
  type SearchSuggestion,
} from "./search-index";
import { defaultSnapshotDir } from "./snapshot";
import {
  POLL_INTERVAL_MS,
  startSearchPolling,
  warmSearchIndex,
  type SearchPoller,
  type WarmOutcome,
} from "./sync";

// Search, as pages and routes call it. One index per server process: the
// first call (or the launcher, through startSearchIndex) starts warming it in
// the background; until it is ready, searches answer { status: "warming" }
// with no hits, and the feed, which never waits for it, works as usual.

export { applyPaperChanges } from "./sync";
export { getPapersByIds } from "@/lib/papers/queries";
export {
  SEARCH_DEFAULT_LIMIT,
  SEARCH_MAX_LIMIT,
  SEARCH_MAX_PAGE,
  SEARCH_SORTS,
  SUGGEST_MAX_LIMIT,
} from "./search-index";
export type {
  SearchHit,
  SearchIndexStatus,
  SearchPapersParams,
  SearchPapersResult,
  SearchSort,
  SearchSuggestion,
} from "./search-index";

export type StartSearchOptions = {
  /** Where the snapshot lives; null for none. Default: ${PAPERBOY_DATA_DIR}/search. */
  snapshotDir?: string | null;
  pollIntervalMs?: number;
  log?: (line: string) => void;
};

type Runtime = {
  warming: Promise<WarmOutcome> | null;
  poller: SearchPoller | null;
  lastError: string | null;
  /** Changes on every start and stop, so a warm-up left from before a stop gives up. */
  generation: number;
};

const holder = globalThis as unknown as { paperboySearchRuntime?: Runtime };
const runtime = (): Runtime =>
  (holder.paperboySearchRuntime ??= { warming: null, poller: null, lastError: null, generation: 0 });

/** A failed warm-up (the database is down at start) is retried after these delays, the last one repeating. */
const RETRY_DELAYS_MS = [2_000, 5_000, 15_000, 60_000];

/**
 * Starts warming this process's index, and polling once it is ready.
 * Idempotent: later calls return the same promise, which resolves when the
 * index is ready (retrying a failed warm-up until it succeeds or stopSearchIndex).
 */
export function startSearchIndex(options: StartSearchOptions = {}): Promise<WarmOutcome> {
  const rt = runtime();
  if (rt.warming) return rt.warming;
  const generation = ++rt.generation;
  const current = () => rt.generation === generation;
  const log = options.log ?? ((line: string) => console.warn(line));
  const snapshotDir = options.snapshotDir === undefined ? defaultSnapshotDir() : options.snapshotDir;
  const index = processSearchIndex();
  rt.warming = (async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await warmSearchIndex(index, { snapshotDir, log });
        rt.lastError = null;
        if (current())
          rt.poller = startSearchPolling(index, {
            intervalMs: options.pollIntervalMs ?? POLL_INTERVAL_MS,
            snapshotDir,
            log,
          });
        return outcome;
      } catch (error) {
        rt.lastError = (error as Error).message;
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;
        log(`search: warming the index failed, retrying in ${delay / 1000} s: ${rt.lastError}`);
        await sleep(delay, undefined, { ref: false }); // a retry alone keeps no process alive
        if (!current()) throw error;
      }
    }
  })();
  // Callers that do not wait (a search that started the warm-up) must not see an unhandled rejection.
  rt.warming.catch(() => {});
  return rt.warming;
}

/** Stops polling (tests, shutdown). The index stays in memory; startSearchIndex starts afresh. */
export async function stopSearchIndex(): Promise<void> {
  const rt = runtime();
  rt.generation++;
  await rt.poller?.stop();
  rt.poller = null;
  rt.warming = null;
}

export function getSearchStatus(): {
  status: SearchIndexStatus;
  documents: number;
  lastError: string | null;
} {
  const index = processSearchIndex();
  return { status: index.status, documents: index.documentCount, lastError: runtime().lastError };
}

function readyIndex() {
  const index = processSearchIndex();
  if (index.status !== "ready" && !runtime().warming) void startSearchIndex();
  return index;
}

/**
 * Ranked ids with what matched, the total, and the index status. Fetch the
 * papers to show with getPapersByIds(hits.map(h => h.id)), and highlight with
 * highlight.ts using each hit's `terms`.
 */
export function searchPapers(params: SearchPapersParams): SearchPapersResult {
  return readyIndex().search(params);
}

/** Completions of the query being typed (from titles). */
export function suggest(
  q: string,
  limit?: number,
): { status: SearchIndexStatus; suggestions: SearchSuggestion[]; papers: string[] } {
  return readyIndex().suggest(q, limit);
}

/** Titles offered beside the phrases, at most. */
const SUGGESTED_TITLES = 3;

/**
 * What the search box offers: whole phrases read from the matching titles
 * ("mixture of experts"), then completions of the word being typed, and the
 * best-matching titles (which open their paper).
 */
export function suggestSearch(
  q: string,
  limit = 8,
): { status: SearchIndexStatus; suggestions: string[]; papers: { id: string; title: string }[] } {
  const { status, suggestions, papers } = suggest(q, limit);
  // The titles come from the index's cards: suggestions, asked on every keystroke, send no query to Postgres.
  const index = processSearchIndex();
  const titles = papers.flatMap((id) => {
    const title = index.titleOf(id);
    return title === undefined ? [] : [{ id, title }];
  });
  const query = parseSearchQuery(q);
  const phrases = phrasesFrom(
    titles.map((t) => t.title),
    query.terms,
    query.prefixLast,
    limit,
  );
  const words = new Set(phrases.map((p) => termsOf(p).join(" ")));
  // A completion that a phrase already says in the titles' own words ("mixture expert") goes.
  const completions = suggestions.map((s) => s.suggestion).filter((s) => !words.has(s));
  return {
    status,
    suggestions: [...new Set([...phrases, ...completions])].slice(0, limit),
    papers: titles.slice(0, SUGGESTED_TITLES),
  };
}

/** Papers whose titles share this paper's most specific words; [] for an unknown or hidden paper or while warming. */
export async function similarPapers(id: string, limit = 5): Promise<SearchHit[]> {
  const index = readyIndex();
  if (index.status !== "ready") return [];
  const title = await getVisiblePaperTitle(id);
  return title === null ? [] : index.similar(id, title, limit);
}
