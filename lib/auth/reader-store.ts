"use client";

import { useEffect, useSyncExternalStore } from "react";
import type { ReaderState } from "./reader";
import { MAX_READER_PAPERS, readerStatePath } from "./reader-query";

// The browser's copy of what /api/me says about this reader. Shared pages
// render everyone as signed out and every button unpressed; the islands that
// show something personal (the account menu, upvote buttons, admin controls,
// the digest box) say which papers they show, and one request, made once the
// page's islands have mounted, answers them all. Papers that appear later
// (a client-side navigation) are asked about in another such request.

export type Reader = Extract<ReaderState, { viewer: object }>["viewer"];

export type ReaderSnapshot = {
  /** undefined: not known yet (the server's render, or before /api/me answers); null: signed out. */
  viewer: Reader | null | undefined;
  votes: ReadonlySet<string>;
  digest: Extract<ReaderState, { viewer: object }>["digest"] | null;
};

const UNKNOWN: ReaderSnapshot = { viewer: undefined, votes: new Set(), digest: null };

class ReaderStore {
  private snapshot = UNKNOWN;
  private listeners = new Set<() => void>();
  private asked = new Set<string>();
  private wanted = new Set<string>();
  private scheduled = false;
  private requested = false;
  private firstAnswer: Promise<void>;
  private settleFirst!: () => void;

  constructor() {
    this.firstAnswer = new Promise((resolve) => (this.settleFirst = resolve));
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;
  getServerSnapshot = () => UNKNOWN;

  /** Asks about these papers (and, the first time, the reader) in the next batch. */
  want(paperIds: readonly string[]): void {
    for (const id of paperIds) if (!this.asked.has(id)) this.wanted.add(id);
    if (this.scheduled) return;
    // A reader known to be signed out has no votes to ask about: they sign in by a full page load.
    if (this.requested && (!this.wanted.size || this.snapshot.viewer === null)) return;
    this.scheduled = true;
    // After the current render's effects: every island on the page has said what it shows.
    setTimeout(() => void this.flush(), 0);
  }

  /** Resolves once the reader is known (signed in or not). */
  known(): Promise<void> {
    return this.firstAnswer;
  }

  /** This reader's vote changed here: every button on this paper shows it. */
  setVote(paperId: string, on: boolean): void {
    const votes = new Set(this.snapshot.votes);
    if (on) votes.add(paperId);
    else votes.delete(paperId);
    this.update({ ...this.snapshot, votes });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.requested = true;
    const ids = [...this.wanted];
    this.wanted.clear();
    for (const id of ids) this.asked.add(id);
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += MAX_READER_PAPERS) batches.push(ids.slice(i, i + MAX_READER_PAPERS));
    if (!batches.length) batches.push([]);
    const answers = await Promise.all(batches.map(fetchReaderState));
    let { viewer, digest } = this.snapshot;
    const merged = new Set(this.snapshot.votes);
    for (const answer of answers) {
      if (!answer) continue;
      viewer = answer.viewer;
      if (answer.viewer) {
        for (const id of answer.votes) merged.add(id);
        digest = answer.digest;
      }
    }
    // No answer at all (offline, the database down): signed out, as the page without JavaScript shows it.
    this.update({ viewer: viewer ?? null, votes: merged, digest });
    // The page now shows this reader's own state: what browser tests wait for, like html[data-keys].
    document.documentElement.dataset.reader = viewer ? "signed-in" : "signed-out";
    this.settleFirst();
  }

  private update(snapshot: ReaderSnapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener();
  }
}

async function fetchReaderState(paperIds: string[]): Promise<ReaderState | null> {
  try {
    const response = await fetch(readerStatePath(paperIds), {
      cache: "no-store",
      credentials: "same-origin",
    });
    return response.ok ? ((await response.json()) as ReaderState) : null;
  } catch {
    return null;
  }
}

const store = new ReaderStore();

/** What is known of this reader, asking about `paperIds` too. The server's render (and hydration) sees "not known yet". */
export function useReader(paperIds: readonly string[] = []): ReaderSnapshot {
  const key = paperIds.join(",");
  useEffect(() => {
    store.want(key ? key.split(",") : []);
  }, [key]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
}

export const readerKnown = () => store.known();
/** What is known now, outside a render (after awaiting readerKnown). */
export const currentReader = () => store.getSnapshot();
export const recordVote = (paperId: string, on: boolean) => store.setVote(paperId, on);
