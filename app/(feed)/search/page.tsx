// GET /search?q=&from=&to=&org=&min_upvotes=&sort=&p= - search titles and abstracts
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Pagination } from "@/components/feed/pagination";
import { RefreshSoon } from "@/components/search/refresh-soon";
import { SearchFilters } from "@/components/search/search-filters";
import { SearchResultList } from "@/components/search/search-result-list";
import { quotedList, SearchSummary } from "@/components/search/search-summary";
import { Isolated } from "@/components/ui/isolated";
import { formatZodError } from "@/lib/errors";
import { getSearchResultPage } from "@/lib/search/results";
import { searchParamsSchema, searchQueryString } from "@/lib/search/schemas";
import { isolateText } from "@/lib/text/bidi";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = (await searchParams).q;
  const query = typeof q === "string" ? q.trim() : "";
  return {
    title: query ? `Search: ${isolateText(query.slice(0, 80))}` : "Search",
    alternates: { canonical: query ? `/search?q=${encodeURIComponent(query.slice(0, 200))}` : "/search" },
  };
}

export default async function SearchPage({ searchParams }: Props) {
  const raw = await searchParams;
  const parsed = searchParamsSchema.safeParse(raw);
  if (!parsed.success) {
    // proxy.ts sets the status (400); the page says why, in the site's layout.
    const q = typeof raw.q === "string" ? raw.q : "";
    return (
      <section className="py-10" aria-labelledby="bad-search-heading" data-bad-search>
        <h1 id="bad-search-heading" className="text-2xl font-bold tracking-tight">
          That search cannot run
        </h1>
        <p role="alert" className="mt-2 text-red-700 dark:text-red-300">
          {formatZodError(parsed.error)}. Pick dates that exist, with the first on or before the last.
        </p>
        <form action="/search" method="get" className="mt-4 flex gap-2 text-sm">
          <label htmlFor="bad-search-q" className="sr-only">
            Search papers
          </label>
          <input
            id="bad-search-q"
            type="search"
            name="q"
            defaultValue={q}
            maxLength={200}
            className="w-64 rounded-md border border-gray-300 bg-white px-2 py-1 dark:border-gray-700 dark:bg-gray-900"
          />
          <button
            type="submit"
            className="rounded-md border border-gray-300 px-3 py-1 font-medium hover:bg-gray-50 dark:border-gray-700 dark:hover:bg-gray-800"
          >
            Search without the dates
          </button>
        </form>
      </section>
    );
  }
  const params = parsed.data;
  if (!params.q.trim()) {
    return (
      <div className="py-10">
        <h1 className="text-2xl font-bold tracking-tight">Search papers</h1>
        <p className="mt-2 text-gray-600 dark:text-gray-400">
          Type in the search box above (press <kbd className="font-mono">/</kbd> to get there): titles,
          abstracts, authors and organizations are searched as you type, typos forgiven. Try{" "}
          <a className="text-indigo-600 underline dark:text-indigo-400" href="/search?q=sparse+attention">
            sparse attention
          </a>{" "}
          or{" "}
          <a
            className="text-indigo-600 underline dark:text-indigo-400"
            href="/search?q=diffusion&sort=upvotes"
          >
            diffusion, by upvotes
          </a>
          .
        </p>
      </div>
    );
  }
  const page = getSearchResultPage(params);
  // Sent from the search box (go=1): an arXiv id or link of a paper we have opens that paper.
  const arxivId = page.query.arxivId;
  // No word to search titles for: stop words only ("of the"; searched as author names), or nothing but letters and signs.
  const namesOnly = !page.query.terms.length && !arxivId ? page.query.names : null;
  if (raw.go === "1" && arxivId && page.results[0]?.id === arxivId) redirect(`/papers/${arxivId}`);
  // The feed of this search, every filter kept (it is sorted newest first anyway).
  const rssUrl = `/api/search/feed.xml?${searchQueryString(params)}`;
  const hrefFor = (p: number) => {
    const next = new URLSearchParams(
      Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
    );
    next.set("p", String(p));
    next.delete("go");
    return `/search?${next.toString()}`;
  };
  return (
    <section aria-labelledby="search-heading">
      <h1 id="search-heading" className="text-2xl font-bold tracking-tight">
        Search:{" "}
        <span className="text-gray-600 dark:text-gray-300">
          <Isolated>{params.q}</Isolated>
        </span>
      </h1>
      <SearchFilters params={params} />
      {page.status === "warming" ? (
        <p
          role="status"
          className="mt-6 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
        >
          Search is warming up (it reads the papers when the server starts). Results in a moment…
          <RefreshSoon />
        </p>
      ) : (
        <>
          <SearchSummary
            total={page.total}
            approximate={page.approximate}
            cut={page.query.cut}
            typoTolerant={page.typoTolerant}
            fallback={page.fallback}
            rssUrl={rssUrl}
            namesOnly={namesOnly}
          />
          {page.results.length ? (
            <SearchResultList results={page.results} />
          ) : namesOnly && !namesOnly.length ? (
            <p className="mt-8 text-gray-500 dark:text-gray-400" data-search-stop-words>
              Nothing here to search for: single letters and punctuation are left out of searches. Type a word
              that says what the papers are about, such as a method, a task or a dataset.
            </p>
          ) : namesOnly ? (
            <p className="mt-8 text-gray-500 dark:text-gray-400" data-search-stop-words>
              {quotedList(namesOnly)} {namesOnly.length > 1 ? "are words" : "is a word"} nearly every paper
              has, so {namesOnly.length > 1 ? "they are" : "it is"} left out of searches, and no author is
              named so. Add a word that says what the papers are about, such as a method, a task or a dataset.
            </p>
          ) : arxivId ? (
            <p className="mt-8 text-gray-500 dark:text-gray-400">
              Paperboy has no paper {arxivId} yet.{" "}
              <a className="text-indigo-600 underline dark:text-indigo-400" href="/submit">
                Submit it
              </a>{" "}
              to today&apos;s feed.
            </p>
          ) : (
            <p className="mt-8 text-gray-500 dark:text-gray-400">
              No paper matches every word. Fewer words, or a shorter one, find more.
            </p>
          )}
          <Pagination
            page={page.page}
            pageCount={Math.max(1, Math.ceil(page.total / page.limit))}
            hrefFor={hrefFor}
          />
        </>
      )}
    </section>
  );
}
