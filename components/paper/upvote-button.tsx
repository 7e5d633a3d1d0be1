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
      window.location.assign(`/signin?callbackUrl=${encodeURIComponent(back)}`);
      return;
    }
    const on = !state.voted;
    const before = state;
    setState({ voted: on, upvotes: state.upvotes + (on ? 1 : -1) });
    setError(null);
    startTransition(async () => {
      const result = await voteAction({ paperId, on }).catch(() => ({ ok: false as const, error: "Could not reach the server." }));
      if (result.ok) setState({ voted: result.voted, upvotes: result.upvotes });
      else {
        setState(before);
        setError(result.error);
      }
    });
  };

  const label = `${state.voted ? "Remove your upvote" : "Upvote"} (${state.upvotes} upvotes)`;
  return (
    <span className="flex flex-col items-center">
      <button
        type="button"
        onClick={onClick}
        aria-pressed={state.voted}
        aria-label={label}
        title={signedIn ? label : "Sign in to upvote"}
        data-upvote={paperId}
        className={[
          "flex shrink-0 flex-col items-center rounded-lg border font-semibold tabular-nums transition-colors",
          size === "page" ? "w-14 py-1.5 text-base" : "w-12 py-1 text-sm",
          state.voted
            ? "border-indigo-500 bg-indigo-50 text-indigo-700 dark:border-indigo-400 dark:bg-indigo-950 dark:text-indigo-200"
            : "border-gray-200 hover:border-indigo-400 hover:bg-gray-50 dark:border-gray-700 dark:hover:bg-gray-800",
        ].join(" ")}
      >
        <span aria-hidden="true" className={state.voted ? "text-xs text-indigo-600 dark:text-indigo-300" : "text-xs text-gray-400"}>▲</span>
        <span data-upvote-count>{state.upvotes}</span>
      </button>
      {error ? <span role="alert" className="mt-1 max-w-20 text-center text-[10px] leading-tight text-red-600">{error}</span> : null}
    </span>
  );
}
