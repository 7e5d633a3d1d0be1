import type { RankedPage } from "@/lib/feed/paging";
import { Pagination } from "./pagination";
import { PaperList } from "./paper-list";

/** One page of a ranked list of papers (trending, an author's, an organization's), and the way to the others. */
export function RankedPaperPage({ view, hrefFor }: { view: RankedPage; hrefFor: (page: number) => string }) {
  return (
    <>
      <PaperList papers={view.papers} ranked firstRank={view.firstRank} className="mt-4" />
      <Pagination page={view.page} pageCount={view.pageCount} hrefFor={hrefFor} />
    </>
  );
}
