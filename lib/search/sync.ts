import "server-only";
import { setImmediate as nextTurn } from "node:timers/promises";
import { SearchCardsBuilder } from "./cards";
import { toSearchCard, toSearchDocument } from "./documents";
import { PostingIndex } from "./posting-index";
import {
  countVisiblePapers,
  getDatabaseIdentity,
  getDatabaseNow,
  getSearchRows,
  getWatermark,
  listChangedPapers,
  listSearchRows,
  listVisiblePaperIds,
  type ChangedPaper,
  type SearchRow,
  type Watermark,
} from "./queries";
import { processSearchIndex, type PaperSearchIndex } from "./search-index";
import { loadSnapshot, saveSnapshot } from "./snapshot";

// Filling the index from the database and keeping it current.
//
// A process that changes papers calls applyPaperChanges(ids): the index
// changes before the call returns. Every process also polls: it reads the
// papers whose updated_at is at or after its watermark minus an overlap, and
// applies those it has not applied at that updated_at. The overlap is there
// because updated_at is the writing transaction's start time: a transaction
// that commits late carries an older time than rows already read. Applying is
// idempotent (replace, or discard when hidden or gone), so reading a row twice
// is harmless, and processes behind a load balancer converge on the database.
//
// Past 300 lines on purpose: build, catch-up, reconcile, warm, snapshot and
// poll all move one watermark, and its rules (the overlap, the ties on
// updated_at) must read as one.

/** How far behind its newest change a poll looks again: longer than any write transaction. */
export const CATCH_UP_OVERLAP_MS = 30_000;
export const POLL_INTERVAL_MS = 2_000;
/** Polls between checks that the index holds as many papers as the database shows (catches deleted rows). */
const POLLS_PER_COUNT_CHECK = 30;
const BUILD_PAGE = 1_000;
/** Papers added between event-loop turns while building: the feed keeps answering during warm-up. */
const ADD_CHUNK = 200;
const CHANGE_PAGE = 5_000;
const ROW_PAGE = 500;

type Log = (line: string) => void;

type SyncState = {
  /** id -> updated_at (ms) last applied, for rows inside the overlap window: a poll skips these. */
  applied: Map<string, number>;
  saving: boolean;
  /** The database the index was read from, written into its snapshots. */
  database: string | null;
};

const states = new WeakMap<PaperSearchIndex, SyncState>();

function stateOf(index: PaperSearchIndex): SyncState {
  let state = states.get(index);
  if (!state) states.set(index, (state = { applied: new Map(), saving: false, database: null }));
  return state;
}

function applyRow(index: PaperSearchIndex, row: SearchRow): void {
  if (row.hidden) index.remove(row.id);
  else index.upsert(toSearchDocument(row), toSearchCard(row));
}

export type ApplyOutcome = { upserted: number; removed: number };

/** Reads these papers and applies them; ids with no row are removed. Returns when the index has them. */
async function applyIds(
  index: PaperSearchIndex,
  ids: readonly string[],
): Promise<ApplyOutcome & { rows: SearchRow[] }> {
  const outcome = { upserted: 0, removed: 0, rows: [] as SearchRow[] };
  const state = stateOf(index);
  for (let i = 0; i < ids.length; i += ROW_PAGE) {
    const chunk = ids.slice(i, i + ROW_PAGE);
    const rows = await getSearchRows(chunk);
    const found = new Set<string>();
    for (const row of rows) {
      found.add(row.id);
      applyRow(index, row);
      state.applied.set(row.id, row.updatedAt.getTime());
      if (row.hidden) outcome.removed++;
      else outcome.upserted++;
      outcome.rows.push(row);
    }
    for (const id of chunk) if (!found.has(id) && index.remove(id)) outcome.removed++;
  }
  return outcome;
}

/**
 * For the process that changed papers (an import, an edit, hiding one): the
 * index reflects these papers when this resolves. While the index warms this
 * does nothing: the warm-up's catch-up reads the same rows.
 */
export async function applyPaperChanges(
  ids: readonly string[],
  index: PaperSearchIndex = processSearchIndex(),
): Promise<ApplyOutcome> {
  if (index.status !== "ready") return { upserted: 0, removed: 0 };
  // The watermark is left alone: only a poll, which reads every change in order, may move it.
  const { upserted, removed } = await applyIds(index, [...new Set(ids)]);
  return { upserted, removed };
}

/** A fresh index of every visible paper, read in id order a page at a time. */
export async function buildSearchIndex(index: PaperSearchIndex): Promise<void> {
  // Read first: whatever changes while the pages are read is caught up from here afterwards.
  const watermark = await getWatermark();
  const since = (watermark.readAt?.getTime() ?? 0) - CATCH_UP_OVERLAP_MS;
  /** Rows inside the first catch-up's window, as read here: it need not apply them again. */
  const read = new Map<string, number>();
  const postings = new PostingIndex();
  const cards = new SearchCardsBuilder();
  let after: string | null = null;
  for (;;) {
    const rows = await listSearchRows(after, BUILD_PAGE);
    if (!rows.length) break;
    for (let i = 0; i < rows.length; i += ADD_CHUNK) {
      for (const row of rows.slice(i, i + ADD_CHUNK)) {
        postings.upsert(toSearchDocument(row));
        cards.add(row.id, toSearchCard(row));
        if (row.updatedAt.getTime() >= since) read.set(row.id, row.updatedAt.getTime());
      }
      await nextTurn();
    }
    after = rows.at(-1)!.id;
    if (rows.length < BUILD_PAGE) break;
  }
  postings.compact();
  index.adopt(postings, watermark, cards.build());
  stateOf(index).applied = read;
}

/**
 * Where a catch-up starts reading: the overlap before the newest change seen,
 * or before the last read, whichever is later. Without the second, a quiet
 * database would have the last 30 s of its newest import listed on every
 * poll, and reapplied on every restart.
 */
function windowStart(watermark: Watermark): number {
  return (
    Math.max(watermark.maxUpdatedAt?.getTime() ?? 0, watermark.readAt?.getTime() ?? 0) - CATCH_UP_OVERLAP_MS
  );
}

/** Applies every change at or after the watermark minus the overlap, and moves the watermark. */
export async function catchUpSearchIndex(index: PaperSearchIndex): Promise<ApplyOutcome> {
  const state = stateOf(index);
  const watermark: Watermark = index.watermark ?? { maxUpdatedAt: null, count: 0, readAt: null };
  // Read before listing: whatever this listing cannot see yet was uncommitted now, so it started after readAt - overlap.
  const readAt = await getDatabaseNow();
  const since = new Date(windowStart(watermark));
  let newest = watermark.maxUpdatedAt;
  const total: ApplyOutcome = { upserted: 0, removed: 0 };
  let after: ChangedPaper | null = null;
  for (;;) {
    const changed = await listChangedPapers(since, after, CHANGE_PAGE);
    const pending = changed.filter((c) => state.applied.get(c.id) !== c.updatedAt.getTime());
    if (pending.length) {
      const { upserted, removed, rows } = await applyIds(
        index,
        pending.map((c) => c.id),
      );
      total.upserted += upserted;
      total.removed += removed;
      // A row deleted between the two reads is marked with the time it was listed at.
      const read = new Set(rows.map((r) => r.id));
      for (const c of pending) if (!read.has(c.id)) state.applied.set(c.id, c.updatedAt.getTime());
    }
    const last = changed.at(-1);
    if (last && (!newest || last.updatedAt > newest)) newest = last.updatedAt;
    if (changed.length < CHANGE_PAGE || !last) break;
    after = last;
  }
  index.watermark = { maxUpdatedAt: newest, count: index.documentCount, readAt };
  // Rows older than the next poll's window will not be listed again.
  const nextSince = windowStart(index.watermark);
  for (const [id, at] of state.applied) if (at < nextSince) state.applied.delete(id);
  return total;
}

/**
 * Makes the index hold exactly the visible papers: for rows deleted outright
 * (the poll cannot see a row that is gone). Walks all ids, so it runs only
 * when the counts disagree.
 */
export async function reconcileSearchIndex(index: PaperSearchIndex): Promise<ApplyOutcome> {
  const visible = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const ids = await listVisiblePaperIds(after, 10_000);
    for (const id of ids) visible.add(id);
    if (ids.length < 10_000) break;
    after = ids.at(-1)!;
  }
  let removed = 0;
  for (const id of index.allIds()) if (!visible.has(id) && index.remove(id)) removed++;
  const missing = [...visible].filter((id) => !index.has(id));
  const applied = await applyIds(index, missing);
  return { upserted: applied.upserted, removed: removed + applied.removed };
}

async function reconcileIfCountsDiffer(index: PaperSearchIndex): Promise<ApplyOutcome | null> {
  if ((await countVisiblePapers()) === index.documentCount) return null;
  return reconcileSearchIndex(index);
}

export type WarmOutcome = {
  source: "snapshot" | "build";
  snapshotRefused: string | null;
  documents: number;
  caughtUp: ApplyOutcome;
  saved: boolean;
  ms: number;
};

/**
 * Brings an index from nothing to ready: the snapshot when there is a usable
 * one, else a build; then the changes since, then (when the snapshot was
 * refused, a build was needed, or changes were applied) a new snapshot.
 */
export async function warmSearchIndex(
  index: PaperSearchIndex,
  { snapshotDir, log = () => {} }: { snapshotDir: string | null; log?: Log },
): Promise<WarmOutcome> {
  const started = performance.now();
  index.status = "warming";
  let source: WarmOutcome["source"] = "build";
  let snapshotRefused: string | null = null;
  const database = await getDatabaseIdentity();
  stateOf(index).database = database;
  if (snapshotDir) {
    const loaded = await loadSnapshot(snapshotDir, database);
    if (loaded.ok) {
      index.adopt(loaded.snapshot.postings, loaded.snapshot.watermark, loaded.snapshot.cards);
      stateOf(index).applied.clear();
      source = "snapshot";
    } else {
      snapshotRefused = loaded.reason;
      if (loaded.reason !== "no snapshot") log(`search: snapshot refused (${loaded.reason}), rebuilding`);
    }
  }
  if (source === "build") await buildSearchIndex(index);
  const current = await getWatermark();
  const unchanged = source === "snapshot" && sameWatermark(index.watermark, current);
  const caughtUp = unchanged ? { upserted: 0, removed: 0 } : await catchUpSearchIndex(index);
  const reconciled = unchanged ? null : await reconcileIfCountsDiffer(index);
  if (reconciled) {
    caughtUp.upserted += reconciled.upserted;
    caughtUp.removed += reconciled.removed;
  }
  index.status = "ready";
  let saved = false;
  if (snapshotDir && (source === "build" || caughtUp.upserted + caughtUp.removed > 0))
    saved = await saveSearchSnapshot(index, snapshotDir, log);
  return {
    source,
    snapshotRefused,
    documents: index.documentCount,
    caughtUp,
    saved,
    ms: performance.now() - started,
  };
}

function sameWatermark(a: Watermark | null, b: Watermark): boolean {
  return (
    !!a && a.count === b.count && (a.maxUpdatedAt?.getTime() ?? null) === (b.maxUpdatedAt?.getTime() ?? null)
  );
}

/** Saves unless a save is already running; a failed save is logged, and the index carries on. */
export async function saveSearchSnapshot(
  index: PaperSearchIndex,
  dir: string,
  log: Log = () => {},
): Promise<boolean> {
  const state = stateOf(index);
  if (state.saving) return false;
  state.saving = true;
  const changesBefore = index.changes;
  try {
    await saveSnapshot(index, dir, state.database);
    index.changes -= changesBefore;
    return true;
  } catch (error) {
    log(`search: could not save the snapshot: ${(error as Error).message}`);
    return false;
  } finally {
    state.saving = false;
  }
}

export type PollerOptions = {
  intervalMs?: number;
  /** Where to refresh the snapshot, at most every `snapshotEveryMs`, when papers changed. */
  snapshotDir?: string | null;
  snapshotEveryMs?: number;
  log?: Log;
};

export type SearchPoller = { stop(): Promise<void>; pollNow(): Promise<void> };

/** Polls the database for changes every `intervalMs` until stopped. Errors (a database restart) are logged once and retried. */
export function startSearchPolling(
  index: PaperSearchIndex,
  {
    intervalMs = POLL_INTERVAL_MS,
    snapshotDir = null,
    snapshotEveryMs = 30 * 60_000,
    log = () => {},
  }: PollerOptions = {},
): SearchPoller {
  let running: Promise<void> | null = null;
  let polls = 0;
  let lastSave = Date.now();
  let lastError = "";
  const poll = async () => {
    if (index.status !== "ready") return;
    try {
      await catchUpSearchIndex(index);
      if (++polls % POLLS_PER_COUNT_CHECK === 0) await reconcileIfCountsDiffer(index);
      if (snapshotDir && index.changes > 0 && Date.now() - lastSave >= snapshotEveryMs) {
        lastSave = Date.now();
        await saveSearchSnapshot(index, snapshotDir, log);
      }
      lastError = "";
    } catch (error) {
      const message = (error as Error).message;
      if (message !== lastError)
        log(`search: catching up failed, retrying every ${intervalMs} ms: ${message}`);
      lastError = message;
    }
  };
  const tick = () => {
    if (!running) running = poll().finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    pollNow: tick,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
