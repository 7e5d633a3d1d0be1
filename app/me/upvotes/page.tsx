// GET /me/upvotes?p=N - the papers the signed-in reader has upvoted
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { Pagination } from "@/components/feed/pagination";
import { PaperCard } from "@/components/paper/paper-card";
import { getViewer } from "@/lib/auth/session";
import { FEED_PAGE_SIZE, feedPageQuerySchema } from "@/lib/feed/periods";
import { listVotedPapers } from "@/lib/papers/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My upvotes" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MyUpvotesPage({ searchParams }: Props) {
  const viewer = await getViewer();
  if (!viewer) redirect("/signin?callbackUrl=/me/upvotes");
  const query = feedPageQuerySchema.safeParse(await searchParams);
  if (!query.success) notFound();
  const { papers, total } = await listVotedPapers(viewer.id, {
    offset: (query.data.p - 1) * FEED_PAGE_SIZE,
    limit: FEED_PAGE_SIZE,
  });
  const pageCount = Math.max(1, Math.ceil(total / FEED_PAGE_SIZE));
  if (query.data.p > pageCount) notFound();
  return (
    <section aria-labelledby="upvotes-heading">
      <h1 id="upvotes-heading" className="text-2xl font-bold tracking-tight">
        My upvotes
      </h1>
      <p className="mt-1 text-sm text-gray-500 dark:text-gray-400">
        {total === 1 ? "1 paper" : `${total} papers`}, latest vote first
      </p>
      {papers.length ? (
        <ol className="mt-4 divide-y divide-gray-100 dark:divide-gray-800/60">
          {papers.map((paper, i) => (
            <li key={paper.id}>
              <PaperCard paper={paper} rank={(query.data.p - 1) * FEED_PAGE_SIZE + i + 1} voted signedIn />
            </li>
          ))}
        </ol>
      ) : (
        <p className="mt-8 text-gray-500 dark:text-gray-400">No upvotes yet: press ▲ on a paper you liked.</p>
      )}
      <Pagination page={query.data.p} pageCount={pageCount} hrefFor={(p) => `/me/upvotes?p=${p}`} />
    </section>
  );
}
