import type { SearchPapersResult } from "@/lib/search";
import { MAX_QUERY_LENGTH } from "@/lib/search/query";

type Props = {
  total: number;
  /** The query was cut, and why. */
  truncated: boolean;
  typoTolerant: boolean;
  fallback: SearchPapersResult["fallback"];
  rssUrl: string;
};

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const allOf = (n: number) => (n === 2 ? "both words" : `all ${n} words`);

/** "No paper has all 3 words; these have 2." and the like: what a fallback list is. */
export function fallbackText(fallback: NonNullable<SearchPapersResult["fallback"]>, total: number): string {
  const { of, all, words } = fallback;
  const have = `${words} ${plural(words, "word", "words")}`;
  if (all === 0) return `No paper has ${allOf(of)}; ${plural(total, "this one has", "these have")} ${have}.`;
  return `Only ${all} ${plural(all, "paper has", "papers have")} ${allOf(of)}; after ${plural(all, "it", "them")}, papers with ${have}.`;
}

/** The line above the results: how many, what was widened, and the search's RSS feed. */
export function SearchSummary({ total, truncated, typoTolerant, fallback, rssUrl }: Props) {
  return (
    <div className="mt-4 text-sm text-gray-500 dark:text-gray-400" role="status" data-search-total={total}>
      {fallback ? (
        <p className="mb-1 font-medium text-gray-700 dark:text-gray-300" data-search-fallback>
          {fallbackText(fallback, total)}
        </p>
      ) : null}
      <p>
        {total === 1 ? "1 paper" : `${total.toLocaleString("en")} papers`}
        {typoTolerant ? ", near spellings included" : ""}
        {truncated ? ` (the query was cut to ${MAX_QUERY_LENGTH} characters)` : ""} ·{" "}
        <a href={rssUrl} className="underline">
          RSS for this search
        </a>
      </p>
    </div>
  );
}
