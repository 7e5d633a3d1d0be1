import Link from "next/link";
import type { FeedView as FeedViewData } from "@/lib/feed/feed";
import { periodPath } from "@/lib/feed/periods";
import { PaperCard } from "@/components/paper/paper-card";
import { FeedNav } from "./feed-nav";
import { Pagination } from "./pagination";
import { UpdatedAgo } from "./updated-ago";
import { PeriodTabs } from "./period-tabs";

/** A day, week or month of the feed: heading, navigation, the ranked papers. */
export function FeedView({
  view,
  heading,
  signedIn,
}: {
  view: FeedViewData;
  heading?: string;
  signedIn: boolean;
}) {
  const { period, papers } = view;
  return (
    <section aria-labelledby="feed-heading">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-3">
        <PeriodTabs period={period} />
        <FeedNav previous={view.previous} next={view.next} kind={period.kind} />
      </div>
      <header className="mb-4 mt-4">
        <p className="text-sm text-gray-500 dark:text-gray-400">Daily Papers by the research community</p>
        <h1 id="feed-heading" className="text-2xl font-bold tracking-tight sm:text-3xl">
          {heading ?? period.label}
        </h1>
        <p className="mt-1 text-sm text-gray-500 dark:text-gray-400">
          {view.total === 1 ? "1 paper" : `${view.total} papers`}, ranked by upvotes
          {view.lastFetchedAt ? (
            <>
              {" · "}
              <UpdatedAgo at={view.lastFetchedAt.toISOString()} />
            </>
          ) : null}
        </p>
      </header>
      {papers.length ? (
        <ol className="divide-y divide-gray-100 dark:divide-gray-800/60">
          {papers.map((paper, i) => (
            <li key={paper.id}>
              <PaperCard
                paper={paper}
                rank={view.firstRank + i}
                voted={view.votedIds.includes(paper.id)}
                signedIn={signedIn}
              />
            </li>
          ))}
        </ol>
      ) : (
        <EmptyPeriod view={view} />
      )}
      <Pagination page={view.page} pageCount={view.pageCount} hrefFor={(p) => periodPath(period, p)} />
    </section>
  );
}

function EmptyPeriod({ view }: { view: FeedViewData }) {
  const noun = view.period.kind === "day" ? "day" : view.period.kind;
  return (
    <div className="rounded-xl border border-dashed border-gray-300 p-8 text-center dark:border-gray-700">
      <p className="font-medium">No papers on this {noun}.</p>
      <p className="mt-2 text-sm text-gray-500 dark:text-gray-400">
        {view.previous || view.next
          ? "The nearest with papers: "
          : "The feed is empty. Import papers with npm run import."}
        {view.previous ? (
          <Link className="text-indigo-600 underline dark:text-indigo-400" href={periodPath(view.previous)}>
            {view.previous.label}
          </Link>
        ) : null}
        {view.previous && view.next ? " or " : null}
        {view.next ? (
          <Link className="text-indigo-600 underline dark:text-indigo-400" href={periodPath(view.next)}>
            {view.next.label}
          </Link>
        ) : null}
      </p>
    </div>
  );
}
