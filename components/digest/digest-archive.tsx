import Link from "next/link";
import { PaperCard } from "@/components/paper/paper-card";
import type { DigestArchive } from "@/lib/digest/archive";

/** A digest as a web page: the period's top papers as the digest ranks them. */
export function DigestArchiveView({
  archive,
  votedIds,
  signedIn,
}: {
  archive: DigestArchive;
  votedIds: string[];
  signedIn: boolean;
}) {
  const { period, papers, total } = archive;
  const feedPath = period.kind === "daily" ? `/papers/date/${period.slug}` : `/papers/week/${period.slug}`;
  return (
    <section aria-labelledby="digest-heading">
      <header className="mb-4">
        <p className="text-sm text-gray-500 dark:text-gray-400">{`The Paperboy ${period.kind} digest`}</p>
        <h1 id="digest-heading" className="text-2xl font-bold tracking-tight sm:text-3xl">
          {`${period.kind === "daily" ? "Daily" : "Weekly"} Papers · ${period.label}`}
        </h1>
        <p className="mt-1 text-sm text-gray-500 dark:text-gray-400">
          The top {papers.length} of {total} papers by upvotes. Subscribers&apos; own keywords and minimum
          upvotes narrow what their mail shows.{" "}
          <Link href={feedPath} className="text-indigo-600 underline dark:text-indigo-400">
            All of them
          </Link>{" "}
          ·{" "}
          <Link href="/subscribe" className="text-indigo-600 underline dark:text-indigo-400">
            Get the digest
          </Link>
        </p>
      </header>
      <ol className="divide-y divide-gray-100 dark:divide-gray-800/60">
        {papers.map((paper, i) => (
          <li key={paper.id}>
            <PaperCard paper={paper} rank={i + 1} voted={votedIds.includes(paper.id)} signedIn={signedIn} />
          </li>
        ))}
      </ol>
    </section>
  );
}
