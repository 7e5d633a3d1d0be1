import Link from "next/link";
import type { FeedView as FeedViewData } from "@/lib/feed/feed";
import { periodPath } from "@/lib/feed/periods";
import { plural } from "@/lib/text/plural";
import { DayPicker } from "./day-picker";
import { FeedNav } from "./feed-nav";
import { Pagination } from "./pagination";
import { PaperList } from "./paper-list";
import { UpdatedAgo } from "./updated-ago";
import { PeriodTabs } from "./period-tabs";

/**
 * A day, week or month of the feed: heading, navigation, the ranked papers.
 * `earlier`: the day before, shown under a thin front page.
 */
export function FeedView({
  view,
  heading,
  earlier,
}: {
  view: FeedViewData;
  heading?: string;
  earlier?: FeedViewData | null;
}) {
  const { period, papers } = view;
  return (
    <section aria-labelledby="feed-heading">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-3">
        <PeriodTabs period={period} latestDate={view.latestDate} />
        <FeedNav previous={view.previous} next={view.next} kind={period.kind} />
      </div>
      <header className="mb-4 mt-4">
        <p className="text-sm text-gray-500 dark:text-gray-400">Daily Papers by the research community</p>
        <div className="flex flex-wrap items-end justify-between gap-x-4 gap-y-2">
          <h1 id="feed-heading" className="text-2xl font-bold tracking-tight sm:text-3xl">
            {heading ?? period.label}
          </h1>
          {period.kind === "day" ? <DayPicker date={period.start} /> : null}
        </div>
        <p className="mt-1 text-sm text-gray-500 dark:text-gray-400" data-feed-summary>
          {view.total ? `${plural(view.total, "paper")}, ranked by upvotes` : "No papers"}
          {view.lastFetchedAt ? (
            <>
              {" · "}
              <UpdatedAgo at={view.lastFetchedAt.toISOString()} />
            </>
          ) : null}
        </p>
      </header>
      {papers.length ? (
        <PaperList papers={papers} ranked firstRank={view.firstRank} />
      ) : (
        <EmptyPeriod view={view} />
      )}
      <Pagination page={view.page} pageCount={view.pageCount} hrefFor={(p) => periodPath(period, p)} />
      {earlier?.papers.length ? (
        <section aria-labelledby="earlier-heading" className="mt-10" data-earlier-day>
          <h2 id="earlier-heading" className="text-xl font-bold tracking-tight">
            The day before: {earlier.period.label}
          </h2>
          <p className="mt-1 text-sm text-gray-500 dark:text-gray-400">
            {plural(earlier.total, "paper")}, ranked by upvotes
            {earlier.pageCount > 1 ? (
              <>
                {" · "}
                <Link
                  href={periodPath(earlier.period)}
                  className="text-indigo-600 underline dark:text-indigo-400"
                >
                  All of {earlier.period.label}
                </Link>
              </>
            ) : null}
          </p>
          <PaperList papers={earlier.papers} ranked className="mt-2" />
        </section>
      ) : null}
      {papers.length ? (
        <FeedNav previous={view.previous} next={view.next} kind={period.kind} place="bottom" />
      ) : null}
    </section>
  );
}

const EMPTY = { day: "No papers on this day.", week: "No papers this week.", month: "No papers this month." };

function EmptyPeriod({ view }: { view: FeedViewData }) {
  return (
    <div className="rounded-xl border border-dashed border-gray-300 p-8 text-center dark:border-gray-700">
      <p className="font-medium">{EMPTY[view.period.kind]}</p>
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
