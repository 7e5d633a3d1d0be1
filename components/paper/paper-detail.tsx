import Link from "next/link";
import { Fragment } from "react";
import { Isolated } from "@/components/ui/isolated";
import { formatDisplayDate } from "@/lib/papers/dates";
import type { FeedPaper } from "@/lib/papers/queries";
import { submitterOf } from "./paper-card";
import { PaperLinks } from "./paper-links";
import { UpvoteButton } from "./upvote-button";

const AUTHORS_SHOWN = 50;

type Props = { paper: FeedPaper; voted: boolean; signedIn: boolean; adminControls?: React.ReactNode };

/** The paper page: everything we know about one paper. */
export function PaperDetail({ paper, voted, signedIn, adminControls }: Props) {
  const shown = paper.authors.slice(0, AUTHORS_SHOWN);
  const more = paper.authorCount - shown.length;
  const submitter = submitterOf(paper);
  return (
    <article aria-labelledby="paper-title" className="py-2">
      {paper.hidden ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
        >
          Hidden: this paper is out of the feed, search and digests. Only admins see this page.
        </p>
      ) : null}
      <p className="text-sm text-gray-500 dark:text-gray-400">
        Daily Papers ·{" "}
        <Link href={`/papers/date/${paper.feedDate}`} className="hover:underline">
          <time dateTime={paper.feedDate}>{formatDisplayDate(paper.feedDate)}</time>
        </Link>
      </p>
      <div className="mt-2 flex items-start gap-4">
        <UpvoteButton
          paperId={paper.id}
          upvotes={paper.upvotes}
          voted={voted}
          signedIn={signedIn}
          size="page"
        />
        <h1 id="paper-title" className="text-2xl font-bold leading-tight tracking-tight sm:text-3xl">
          <Isolated>{paper.title}</Isolated>
        </h1>
      </div>

      <dl className="mt-6 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
        {paper.orgHandle ? (
          <>
            <dt className="text-gray-500 dark:text-gray-400">Organization</dt>
            <dd>
              <Isolated>{paper.orgName ?? paper.orgHandle}</Isolated>{" "}
              <span className="text-gray-400">
                (<Isolated>{paper.orgHandle}</Isolated>)
              </span>
            </dd>
          </>
        ) : null}
        <dt className="text-gray-500 dark:text-gray-400">Authors</dt>
        <dd>
          <span className="font-medium">
            {paper.authorCount === 1 ? "1 author" : `${paper.authorCount} authors`}
          </span>
          {shown.length ? (
            <span className="text-gray-700 dark:text-gray-300">
              :{" "}
              {shown.map((name, i) => (
                // One isolate per name: an override in one must not reach the next.
                <Fragment key={i}>
                  {i > 0 ? ", " : null}
                  <Isolated>{name}</Isolated>
                </Fragment>
              ))}
              {more > 0 ? `, and ${more} more` : ""}
            </span>
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
                {paper.extras.numComments === 1 ? "1 comment" : `${paper.extras.numComments} comments`} on
                Hugging Face
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
        {adminControls}
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
