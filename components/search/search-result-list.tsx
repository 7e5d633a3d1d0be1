import Link from "next/link";
import { PaperMeta } from "@/components/paper/paper-meta";
import type { SearchResultItem } from "@/lib/search/results";
import { Highlighted } from "./highlighted";

/** Results ranked by relevance: no rank numbers, which read as a ranking by upvotes (as on the feed). */
export function SearchResultList({ results }: { results: SearchResultItem[] }) {
  return (
    <ol className="divide-y divide-gray-100 dark:divide-gray-800/60" data-search-results>
      {results.map((r) => (
        <li key={r.id}>
          <article data-paper-card data-paper-id={r.id} className="card" aria-labelledby={`result-${r.id}`}>
            <div className="card-side">
              <span className="vote" aria-label={`${r.upvotes} upvotes`}>
                <span aria-hidden="true" className="vote-arrow">
                  ▲
                </span>
                {r.upvotes}
              </span>
            </div>
            <div className="card-body">
              <h2 id={`result-${r.id}`} className="card-title">
                <Link href={`/papers/${r.id}`} data-paper-link>
                  <Highlighted text={r.title} ranges={r.titleHighlights} />
                </Link>
              </h2>
              <div className="mt-1">
                <PaperMeta
                  orgHandle={r.orgHandle}
                  orgName={r.orgName}
                  authorCount={r.authorCount}
                  feedDate={r.feedDate}
                />
              </div>
              <p className="mt-2 text-sm leading-relaxed text-gray-700 dark:text-gray-300" data-snippet>
                <Highlighted text={r.snippet.text} ranges={r.snippet.highlights} />
              </p>
            </div>
          </article>
        </li>
      ))}
    </ol>
  );
}
