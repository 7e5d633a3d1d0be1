import Link from "next/link";
import type { FeedPaper } from "@/lib/papers/queries";
import { PaperMeta } from "./paper-meta";
import { UpvoteButton } from "./upvote-button";

/**
 * One paper in a list. The abstract is folded to three lines; a checkbox
 * (no JavaScript) unfolds it. Titles and abstracts are imported text and are
 * only ever rendered as text nodes, which React escapes.
 */
export function PaperCard({ paper, rank, voted, signedIn }: { paper: FeedPaper; rank: number; voted: boolean; signedIn: boolean }) {
  const abstractId = `abstract-${paper.id}`;
  return (
    <article
      data-paper-card
      data-paper-id={paper.id}
      aria-labelledby={`title-${paper.id}`}
      className="group flex gap-4 rounded-xl border border-transparent px-3 py-4 data-[current=true]:border-indigo-300 data-[current=true]:bg-indigo-50/60 sm:px-4 dark:data-[current=true]:border-indigo-700 dark:data-[current=true]:bg-indigo-950/40"
    >
      <div className="flex flex-col items-center gap-2 pt-0.5">
        <UpvoteButton paperId={paper.id} upvotes={paper.upvotes} voted={voted} signedIn={signedIn} />
        <span className="text-xs tabular-nums text-gray-400" aria-label={`Rank ${rank}`}>#{rank}</span>
      </div>
      <div className="min-w-0 flex-1">
        <h3 id={`title-${paper.id}`} className="text-base font-semibold leading-snug sm:text-lg">
          <Link href={`/papers/${paper.id}`} data-paper-link className="hover:text-indigo-600 dark:hover:text-indigo-400">
            {paper.title}
          </Link>
        </h3>
        <div className="mt-1">
          <PaperMeta orgHandle={paper.orgHandle} orgName={paper.orgName} authorCount={paper.authorCount} feedDate={paper.feedDate} submittedBy={paper.submittedBy} />
        </div>
        {paper.abstract ? (
          <div className="mt-2">
            <input type="checkbox" id={`${abstractId}-toggle`} className="peer sr-only" aria-controls={abstractId} />
            <p id={abstractId} className="line-clamp-3 whitespace-pre-line text-sm leading-relaxed text-gray-700 peer-checked:line-clamp-none dark:text-gray-300">
              {paper.abstract}
            </p>
            <label
              htmlFor={`${abstractId}-toggle`}
              className="mt-1 inline-block cursor-pointer select-none text-xs font-medium text-indigo-600 peer-checked:hidden peer-focus-visible:outline-2 peer-focus-visible:outline-indigo-500 dark:text-indigo-400"
            >
              Show full abstract
            </label>
            <label
              htmlFor={`${abstractId}-toggle`}
              className="mt-1 hidden cursor-pointer select-none text-xs font-medium text-indigo-600 peer-checked:inline-block peer-focus-visible:outline-2 peer-focus-visible:outline-indigo-500 dark:text-indigo-400"
            >
              Show less
            </label>
          </div>
        ) : null}
      </div>
    </article>
  );
}
