import { RankedPaperPage } from "@/components/feed/ranked-paper-page";
import { Isolated } from "@/components/ui/isolated";
import type { PeopleView as PeopleViewData } from "@/lib/papers/people";
import { plural } from "@/lib/text/plural";

/** An author's or an organization's papers, ranked by upvotes. */
export function PeopleView({ view }: { view: PeopleViewData }) {
  return (
    <section aria-labelledby="people-heading">
      <p className="text-sm text-gray-500 dark:text-gray-400">
        {view.kind === "author" ? "Papers by" : "Papers from"}
      </p>
      <h1 id="people-heading" className="text-2xl font-bold tracking-tight sm:text-3xl">
        <Isolated>{view.name}</Isolated>
      </h1>
      <p className="mt-1 text-sm text-gray-500 dark:text-gray-400">
        {plural(view.total, "paper")} in the feed, ranked by upvotes
      </p>
      <RankedPaperPage view={view} hrefFor={(p) => (p > 1 ? `${view.path}?p=${p}` : view.path)} />
    </section>
  );
}
