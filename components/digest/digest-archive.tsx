import Link from "next/link";
import { PaperList } from "@/components/feed/paper-list";
import type { DigestArchive } from "@/lib/digest/archive";
import { archivePath } from "@/lib/digest/periods";
import { plural } from "@/lib/text/plural";

/** A digest as a web page: the period's top papers as the digest ranks them. */
export function DigestArchiveView({ archive }: { archive: DigestArchive }) {
  const { period, papers, total } = archive;
  const feedPath = period.kind === "daily" ? `/papers/date/${period.slug}` : `/papers/week/${period.slug}`;
  const link = "text-indigo-600 underline dark:text-indigo-400";
  return (
    <section aria-labelledby="digest-heading">
      <header className="mb-4">
        <p className="text-sm text-gray-500 dark:text-gray-400">{`The Paperboy ${period.kind} digest`}</p>
        <h1 id="digest-heading" className="text-2xl font-bold tracking-tight sm:text-3xl">
          {`${period.kind === "daily" ? "Daily" : "Weekly"} Papers · ${period.label}`}
        </h1>
        {total ? (
          <p className="mt-1 text-sm text-gray-500 dark:text-gray-400">
            {papers.length === total
              ? `${total === 1 ? "The one paper" : `All ${plural(total, "paper")}`}, by upvotes.`
              : `The top ${papers.length} of ${plural(total, "paper")} by upvotes.`}{" "}
            Subscribers&apos; own keywords and minimum upvotes narrow what their mail shows.{" "}
            {papers.length < total ? (
              <>
                <Link href={feedPath} className={link}>
                  All of them
                </Link>{" "}
                ·{" "}
              </>
            ) : null}
            <Link href="/subscribe" className={link}>
              Get the digest
            </Link>
          </p>
        ) : null}
      </header>
      {papers.length ? (
        <PaperList papers={papers} ranked />
      ) : (
        <div
          className="rounded-xl border border-dashed border-gray-300 p-8 text-center dark:border-gray-700"
          data-digest-empty
        >
          <p className="font-medium">
            {period.kind === "daily"
              ? "There were no papers that day, so there was no digest."
              : "There were no papers that week, so there was no digest."}
          </p>
          {archive.previous || archive.next ? (
            <p className="mt-2 text-sm text-gray-500 dark:text-gray-400">
              The nearest digests:{" "}
              {archive.previous ? (
                <Link href={archivePath(archive.previous)} className={link} rel="prev">
                  {archive.previous.label}
                </Link>
              ) : null}
              {archive.previous && archive.next ? " or " : null}
              {archive.next ? (
                <Link href={archivePath(archive.next)} className={link} rel="next">
                  {archive.next.label}
                </Link>
              ) : null}
            </p>
          ) : null}
        </div>
      )}
    </section>
  );
}
