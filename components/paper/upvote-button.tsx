"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { voteAction } from "@/lib/papers/actions";
import { currentReader, readerKnown, recordVote, useReader } from "@/lib/auth/reader-store";

// An upvote clicked while signed out is carried through sign-in: the return
// path names it (?upvote=ID) and this browser remembers the click
// (localStorage, shared with the tab the sign-in mail opens). Both must agree,
// so a link someone else crafted with ?upvote= votes for no one.
const INTENT_KEY = "paperboy:upvote-intent";
const INTENT_MS = 60 * 60_000; // a sign-in link is valid for an hour or so; an older click is stale

function rememberIntent(paperId: string) {
  try {
    localStorage.setItem(INTENT_KEY, JSON.stringify({ paperId, at: Date.now() }));
  } catch {}
}

/** True once: the URL and this browser both hold the intent for this paper; both are cleared. */
function takeIntent(paperId: string): boolean {
  const url = new URL(window.location.href);
  if (url.searchParams.get("upvote") !== paperId) return false;
  url.searchParams.delete("upvote");
  window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  let stored: unknown = null;
  try {
    stored = JSON.parse(localStorage.getItem(INTENT_KEY) ?? "null");
    localStorage.removeItem(INTENT_KEY);
  } catch {}
  const intent = stored as { paperId?: unknown; at?: unknown } | null;
  return intent?.paperId === paperId && typeof intent.at === "number" && Date.now() - intent.at < INTENT_MS;
}

type Props = { paperId: string; upvotes: number; size?: "card" | "page" };

/**
 * Toggles the reader's vote: the count moves at once and settles on the
 * server's figure. Each click asks for a state (on/off), not a flip, so
 * repeated clicks cannot drift from what the button shows. The page is the
 * same for every reader: whether this one voted comes from /api/me.
 */
export function UpvoteButton({ paperId, upvotes, size = "card" }: Props) {
  const reader = useReader([paperId]);
  // What a click here made of the button, over the shared page's count and the reader's votes.
  const [clicked, setClicked] = useState<{ upvotes: number; voted: boolean } | null>(null);
  const state = clicked ?? { upvotes, voted: reader.votes.has(paperId) };
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const intentChecked = useRef(false);

  const onClick = async () => {
    if (reader.viewer === undefined) await readerKnown();
    if (!currentReader().viewer) {
      rememberIntent(paperId);
      const url = new URL(window.location.href);
      url.searchParams.set("upvote", paperId);
      const back = url.pathname + url.search;
      // A full load: the sign-in page reads the session cookie on the server.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(`/signin?callbackUrl=${encodeURIComponent(back)}`);
      return;
    }
    send(!state.voted);
  };

  const send = (on: boolean) => {
    const before = clicked;
    setClicked({ voted: on, upvotes: state.upvotes + (on ? 1 : -1) });
    recordVote(paperId, on);
    setError(null);
    startTransition(async () => {
      const result = await voteAction({ paperId, on }).catch(() => ({
        ok: false as const,
        error: "Could not reach the server.",
      }));
      if (result.ok) {
        setClicked({ voted: result.voted, upvotes: result.upvotes });
        recordVote(paperId, result.voted);
      } else {
        setClicked(before);
        recordVote(paperId, !on);
        setError(result.error);
      }
    });
  };

  // Back from signing in with an upvote to apply: the same POST a click makes (a server action, CSRF-checked).
  useEffect(() => {
    if (intentChecked.current || reader.viewer === undefined) return;
    intentChecked.current = true;
    if (reader.viewer && takeIntent(paperId) && !reader.votes.has(paperId)) send(true);
    // Once, when the reader is known: what /api/me said decides.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reader.viewer]);

  // The accessible name starts with the count the button shows (WCAG 2.5.3, label in name).
  const label = `${state.upvotes} ${state.upvotes === 1 ? "upvote" : "upvotes"}: ${state.voted ? "remove your upvote" : "upvote"}`;
  return (
    <span className="flex flex-col items-center">
      <button
        type="button"
        onClick={() => void onClick()}
        aria-pressed={state.voted}
        aria-label={label}
        title={reader.viewer ? label : "Sign in to upvote"}
        data-upvote={paperId}
        className={size === "page" ? "vote vote-page" : "vote"}
      >
        <span aria-hidden="true" className="vote-arrow">
          ▲
        </span>
        <span data-upvote-count>{state.upvotes}</span>
      </button>
      {error ? (
        <span role="alert" className="mt-1 max-w-20 text-center text-[10px] leading-tight text-red-600">
          {error}
        </span>
      ) : null}
    </span>
  );
}
