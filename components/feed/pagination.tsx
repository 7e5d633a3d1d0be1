import Link from "next/link";

/**
 * Page links for a feed or search result; hrefFor builds each page's URL.
 * `order`: "rank" for lists ranked by upvotes or relevance (the next page is
 * the next places, not older papers); "time" for a list newest first.
 */
export function Pagination({
  page,
  pageCount,
  hrefFor,
  order = "rank",
}: {
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
  order?: "rank" | "time";
}) {
  if (pageCount <= 1) return null;
  const linkClass =
    "rounded-md border border-gray-200 px-3 py-1.5 hover:bg-gray-50 dark:border-gray-700 dark:hover:bg-gray-800";
  return (
    <nav aria-label="Pages" className="mt-8 flex items-center justify-center gap-3 text-sm">
      {page > 1 ? (
        <Link href={hrefFor(page - 1)} className={linkClass} rel="prev">
          ← {order === "time" ? "Newer page" : "Previous page"}
        </Link>
      ) : null}
      <span className="text-gray-500 dark:text-gray-400">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={hrefFor(page + 1)} className={linkClass} rel="next">
          {order === "time" ? "Older page" : "Next page"} →
        </Link>
      ) : null}
    </nav>
  );
}
