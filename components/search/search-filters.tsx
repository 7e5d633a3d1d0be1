import type { SearchPapersParams } from "@/lib/search";

const field =
  "rounded-md border border-gray-300 bg-white px-2 py-1 text-sm dark:border-gray-700 dark:bg-gray-900";

/** Date range, organization, minimum upvotes and sort: a GET form, so the URL holds the whole search. */
export function SearchFilters({ params }: { params: SearchPapersParams }) {
  return (
    <form
      action="/search"
      method="get"
      className="mt-4 flex flex-wrap items-end gap-3 text-sm"
      aria-label="Filters"
    >
      <input type="hidden" name="q" value={params.q} />
      <label className="flex flex-col gap-1">
        <span className="text-xs text-gray-500 dark:text-gray-400">From</span>
        <input type="date" name="from" defaultValue={params.from ?? ""} className={field} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-gray-500 dark:text-gray-400">To</span>
        <input type="date" name="to" defaultValue={params.to ?? ""} className={field} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-gray-500 dark:text-gray-400">Organization</span>
        <input
          type="text"
          name="org"
          defaultValue={params.org ?? ""}
          placeholder="e.g. Stanford"
          maxLength={200}
          className={`${field} w-36`}
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-gray-500 dark:text-gray-400">Min. upvotes</span>
        <input
          type="number"
          name="min_upvotes"
          min={0}
          defaultValue={params.minUpvotes ?? ""}
          className={`${field} w-24`}
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-gray-500 dark:text-gray-400">Sort</span>
        <select name="sort" defaultValue={params.sort ?? "relevance"} className={field}>
          <option value="relevance">Relevance</option>
          <option value="upvotes">Upvotes</option>
          <option value="newest">Newest</option>
        </select>
      </label>
      <button
        type="submit"
        className="rounded-md border border-gray-300 px-3 py-1 font-medium hover:bg-gray-50 dark:border-gray-700 dark:hover:bg-gray-800"
      >
        Apply
      </button>
    </form>
  );
}
