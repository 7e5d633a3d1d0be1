// GET /me/upvotes?p=N - the papers the signed-in reader has upvoted
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { Pagination } from "@/components/feed/pagination";
import { PaperList } from "@/components/feed/paper-list";
import { getViewer } from "@/lib/auth/session";
import { pageOf, pageWindow } from "@/lib/feed/paging";
import { feedPageQuerySchema } from "@/lib/feed/periods";
import { listVotedPapers } from "@/lib/papers/vote-queries";
import { plural } from "@/lib/text/plural";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My upvotes" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MyUpvotesPage({ searchParams }: Props) {
  const viewer = await getViewer();
  if (!viewer) redirect("/signin?callbackUrl=/me/upvotes");
  const query = feedPageQuerySchema.safeParse(await searchParams);
  if (!query.success) notFound();
  const { papers, total } = await listVotedPapers(viewer.id, pageWindow(query.data.p));
  const paging = pageOf(query.data.p, total);
  if (!paging) notFound();
  return (
    <section aria-labelledby="upvotes-heading">
      <h1 id="upvotes-heading" className="text-2xl font-bold tracking-tight">
        My upvotes
      </h1>
      {total ? (
        <p className="mt-1 text-sm text-gray-500 dark:text-gray-400">
          {plural(total, "paper")}, latest vote first
        </p>
      ) : null}
      {papers.length ? (
        // In the order of the reader's votes, not a ranking: no rank numbers.
        <PaperList papers={papers} ranked={false} className="mt-4" />
      ) : (
        <p className="mt-8 text-gray-500 dark:text-gray-400">No upvotes yet: press ▲ on a paper you liked.</p>
      )}
      <Pagination
        page={paging.page}
        pageCount={paging.pageCount}
        hrefFor={(p) => `/me/upvotes?p=${p}`}
        order="time"
      />
    </section>
  );
}
