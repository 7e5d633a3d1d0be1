"use client";

import { useState, useTransition } from "react";
import { voteAction } from "@/app/actions/papers";

type Props = { paperId: string; upvotes: number; voted: boolean; signedIn: boolean; size?: "card" | "page" };

/**
 * Toggles the reader's vote: the count moves at once and settles on the
 * server's figure. Each click asks for a state (on/off), not a flip, so
 * repeated clicks cannot drift from what the button shows.
 */
export function UpvoteButton({ paperId, upvotes, voted, signedIn, size = "card" }: Props) {
  const [state, setState] = useState({ upvotes, voted });
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  const onClick = () => {
    if (!signedIn) {
      const back = window.location.pathname + window.location.search;
      // A full load: the sign-in page reads the session cookie on the server.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(`/signin?callbackUrl=${encodeURIComponent(back)}`);
      return;
    }
    const on = !state.voted;
    const before = state;
    setState({ voted: on, upvotes: state.upvotes + (on ? 1 : -1) });
    setError(null);
    startTransition(async () => {
      const result = await voteAction({ paperId, on }).catch(() => ({
        ok: false as const,
        error: "Could not reach the server.",
      }));
      if (result.ok) setState({ voted: result.voted, upvotes: result.upvotes });
      else {
        setState(before);
        setError(result.error);
      }
    });
  };

  // The accessible name starts with the count the button shows (WCAG 2.5.3, label in name).
  const label = `${state.upvotes} ${state.upvotes === 1 ? "upvote" : "upvotes"}: ${state.voted ? "remove your upvote" : "upvote"}`;
  return (
    <span className="flex flex-col items-center">
      <button
        type="button"
        onClick={onClick}
        aria-pressed={state.voted}
        aria-label={label}
        title={signedIn ? label : "Sign in to upvote"}
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
