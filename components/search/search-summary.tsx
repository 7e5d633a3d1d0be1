import type { SearchPapersResult } from "@/lib/search";
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS } from "@/lib/search/query";

type Props = {
  total: number;
  /** The total is an estimate (a common quoted phrase). */
  approximate?: boolean;
  /** The query was cut, and by what. */
  cut: "characters" | "words" | null;
  typoTolerant: boolean;
  fallback: SearchPapersResult["fallback"];
  rssUrl: string;
  /** The query held only stop words, searched as these author names. */
  namesOnly: string[] | null;
};

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const allOf = (n: number) => (n === 2 ? "both words" : `all ${n} words`);

/** "No paper has all 3 words; these have 2." and the like: what a fallback list is. */
export function fallbackText(fallback: NonNullable<SearchPapersResult["fallback"]>, total: number): string {
  const { of, all, words } = fallback;
  const have = `${words}`;
  if (all === 0) return `No paper has ${allOf(of)}; ${plural(total, "this one has", "these have")} ${have}.`;
  return `Only ${all} ${plural(all, "paper has", "papers have")} ${allOf(of)}; after ${plural(all, "it", "them")}, papers with ${have}.`;
}

/** The line above the results: how many, what was widened, and the search's RSS feed. */
/** “of” and “the” */
export function quotedList(words: string[]): string {
  const quoted = words.map((w) => `\u201c${w}\u201d`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)!}` : (quoted[0] ?? "");
}

export function SearchSummary({ total, approximate, cut, typoTolerant, fallback, rssUrl, namesOnly }: Props) {
  return (
    <div className="mt-4 text-sm text-gray-500 dark:text-gray-400" role="status" data-search-total={total}>
      {namesOnly?.length && total > 0 ? (
        <p className="mb-1" data-search-names>
          Searched as author names: {quotedList(namesOnly)} {namesOnly.length > 1 ? "are words" : "is a word"}{" "}
          nearly every paper has, so titles and abstracts are not searched for{" "}
          {namesOnly.length > 1 ? "them" : "it"}.
        </p>
      ) : null}
      {fallback ? (
        <p className="mb-1 font-medium text-gray-700 dark:text-gray-300" data-search-fallback>
          {fallbackText(fallback, total)}
        </p>
      ) : null}
      <p>
        {approximate ? "about " : ""}
        {total === 1 ? "1 paper" : `${total.toLocaleString("en")} papers`}
        {typoTolerant ? ", near spellings included" : ""}
        {cut === "characters" ? ` (the query was cut to its first ${MAX_QUERY_LENGTH} characters)` : ""}
        {cut === "words" ? ` (only the first ${MAX_QUERY_TERMS} words were searched)` : ""} ·{" "}
        <a href={rssUrl} className="underline">
          RSS for this search
        </a>
      </p>
    </div>
  );
}
