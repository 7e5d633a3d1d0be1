import Link from "next/link";
import { Fragment } from "react";
import { Isolated } from "@/components/ui/isolated";
import { formatDisplayDate } from "@/lib/papers/dates";
import { authorPath, organizationPath } from "@/lib/papers/paths";
import type { FeedPaper } from "@/lib/papers/queries";
import { plural } from "@/lib/text/plural";
import { AdminControlsForAdmins } from "./admin-controls";
import { submitterOf } from "./paper-card";
import { PaperLinks } from "./paper-links";
import { UpvoteButton } from "./upvote-button";

const AUTHORS_SHOWN = 50;

/** The paper page: everything we know about one paper. Admins see their controls once the browser knows them. */
export function PaperDetail({ paper }: { paper: FeedPaper }) {
  const shown = paper.authors.slice(0, AUTHORS_SHOWN);
  const rest = paper.authors.slice(AUTHORS_SHOWN);
  // Names the source counted but did not give (a short list with a larger count).
  const unnamed = Math.max(0, paper.authorCount - paper.authors.length);
  const submitter = submitterOf(paper);
  return (
    <article aria-labelledby="paper-title" className="py-2">
      <p className="text-sm text-gray-500 dark:text-gray-400">
        Daily Papers ·{" "}
        <Link href={`/papers/date/${paper.feedDate}`} className="hover:underline">
          <time dateTime={paper.feedDate}>{formatDisplayDate(paper.feedDate)}</time>
        </Link>
      </p>
      <div className="mt-2 flex items-start gap-4">
        <UpvoteButton paperId={paper.id} upvotes={paper.upvotes} size="page" />
        <h1 id="paper-title" className="text-2xl font-bold leading-tight tracking-tight sm:text-3xl">
          <Isolated>{paper.title}</Isolated>
        </h1>
      </div>

      <dl className="mt-6 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
        {paper.orgHandle ? (
          <>
            <dt className="text-gray-500 dark:text-gray-400">Organization</dt>
            <dd>
              <Link href={organizationPath(paper.orgHandle)} className="hover:underline" data-org-link>
                <Isolated>{paper.orgName ?? paper.orgHandle}</Isolated>
              </Link>{" "}
              <span className="text-gray-500 dark:text-gray-400">
                (<Isolated>{paper.orgHandle}</Isolated>)
              </span>
            </dd>
          </>
        ) : null}
        <dt className="text-gray-500 dark:text-gray-400">Authors</dt>
        <dd>
          <span className="font-medium">{plural(paper.authorCount, "author")}</span>
          {shown.length ? (
            // A div, not a span: the disclosure inside is flow content.
            <div className="inline text-gray-700 dark:text-gray-300" data-authors>
              : <AuthorLinks names={shown} />
              {rest.length ? (
                // A disclosure, so a paper with hundreds of authors opens on its first fifty.
                <details className="inline [&[open]>summary]:hidden" data-more-authors>
                  <summary className="inline cursor-pointer text-indigo-600 hover:underline dark:text-indigo-400">
                    and {rest.length} more
                  </summary>
                  , <AuthorLinks names={rest} />
                </details>
              ) : null}
              {unnamed ? ` and ${unnamed} more` : ""}
            </div>
          ) : null}
        </dd>
        <dt className="text-gray-500 dark:text-gray-400">In the feed</dt>
        <dd>
          <Link href={`/papers/date/${paper.feedDate}`} className="hover:underline">
            {formatDisplayDate(paper.feedDate)}
          </Link>
        </dd>
        {paper.publishedAt ? (
          <>
            <dt className="text-gray-500 dark:text-gray-400">On arXiv</dt>
            <dd>
              <time dateTime={paper.publishedAt.toISOString()}>
                {formatDisplayDate(paper.publishedAt.toISOString().slice(0, 10) as FeedPaper["feedDate"])}
              </time>
            </dd>
          </>
        ) : null}
        {submitter ? (
          <>
            <dt className="text-gray-500 dark:text-gray-400">Submitted by</dt>
            <dd>
              <Isolated>{submitter}</Isolated>
            </dd>
          </>
        ) : null}
        {paper.extras.numComments ? (
          <>
            <dt className="text-gray-500 dark:text-gray-400">Discussion</dt>
            <dd>
              <a
                href={`https://huggingface.co/papers/${paper.id}#community`}
                rel="noopener noreferrer"
                className="hover:underline"
              >
                {plural(paper.extras.numComments, "comment")} on Hugging Face
              </a>
            </dd>
          </>
        ) : null}
      </dl>

      <div className="mt-6 flex flex-wrap gap-2 text-sm">
        <a
          href={`https://arxiv.org/abs/${paper.id}`}
          rel="noopener noreferrer"
          className="rounded-md border border-gray-300 px-3 py-1.5 font-medium hover:bg-gray-50 dark:border-gray-700 dark:hover:bg-gray-800"
        >
          arXiv abstract <span className="font-mono text-gray-500 dark:text-gray-400">{paper.id}</span>
        </a>
        <a
          href={`https://arxiv.org/pdf/${paper.id}`}
          rel="noopener noreferrer"
          className="rounded-md border border-gray-300 px-3 py-1.5 font-medium hover:bg-gray-50 dark:border-gray-700 dark:hover:bg-gray-800"
        >
          PDF
        </a>
        <AdminControlsForAdmins paperId={paper.id} />
      </div>
      <PaperLinks extras={paper.extras} className="mt-3 text-sm" />

      {paper.extras.aiSummary ? (
        <section aria-labelledby="ai-summary-heading" className="mt-8">
          <h2 id="ai-summary-heading" className="text-lg font-semibold">
            AI summary{" "}
            <span className="text-sm font-normal text-gray-500 dark:text-gray-400">
              (machine-written, from the source feed)
            </span>
          </h2>
          <p className="mt-2 leading-relaxed text-gray-800 dark:text-gray-200">
            <Isolated>{paper.extras.aiSummary}</Isolated>
          </p>
          {paper.extras.aiKeywords?.length ? (
            <p className="mt-2 text-sm text-gray-600 dark:text-gray-400">
              <span className="font-medium">Keywords:</span>{" "}
              {paper.extras.aiKeywords.map((keyword, i) => (
                <Fragment key={i}>
                  {i > 0 ? " · " : null}
                  <Isolated>{keyword}</Isolated>
                </Fragment>
              ))}
            </p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="abstract-heading" className="mt-8">
        <h2 id="abstract-heading" className="text-lg font-semibold">
          Abstract
        </h2>
        <p className="mt-2 whitespace-pre-line leading-relaxed text-gray-800 dark:text-gray-200">
          {paper.abstract ? <Isolated>{paper.abstract}</Isolated> : "No abstract."}
        </p>
      </section>
    </article>
  );
}

/** Each name a link to that author's papers, each isolated: an override in one must not reach the next. */
function AuthorLinks({ names }: { names: string[] }) {
  return names.map((name, i) => (
    <Fragment key={i}>
      {i > 0 ? ", " : null}
      <Link href={authorPath(name)} className="hover:underline" data-author-link>
        <Isolated>{name}</Isolated>
      </Link>
    </Fragment>
  ));
}
