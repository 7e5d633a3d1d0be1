// GET /papers/trending?p=N - the last days' papers ranked by upvotes weighed by age (the Hub's address)
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Pagination } from "@/components/feed/pagination";
import { PaperCard } from "@/components/paper/paper-card";
import { getViewer } from "@/lib/auth/session";
import { feedPageQuerySchema } from "@/lib/feed/periods";
import { getTrendingView, TRENDING_DAYS } from "@/lib/feed/trending";
import { formatDisplayDate } from "@/lib/papers/dates";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Trending papers" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TrendingPage({ searchParams }: Props) {
  const query = feedPageQuerySchema.safeParse(await searchParams);
  if (!query.success) notFound();
  const viewer = await getViewer();
  const view = await getTrendingView(query.data.p, viewer?.id);
  if (!view) notFound();
  return (
    <section aria-labelledby="trending-heading">
      <h1 id="trending-heading" className="text-2xl font-bold tracking-tight sm:text-3xl">
        Trending papers
      </h1>
      <p className="mt-1 text-sm text-gray-500 dark:text-gray-400">
        {view.total === 1 ? "1 paper" : `${view.total} papers`} of the last {TRENDING_DAYS} days (
        {formatDisplayDate(view.start)} – {formatDisplayDate(view.end)}), ranked by upvotes weighed by age
      </p>
      <ol className="mt-4 divide-y divide-gray-100 dark:divide-gray-800/60">
        {view.papers.map((paper, i) => (
          <li key={paper.id}>
            <PaperCard
              paper={paper}
              rank={view.firstRank + i}
              voted={view.votedIds.includes(paper.id)}
              signedIn={!!viewer}
            />
          </li>
        ))}
      </ol>
      <Pagination page={view.page} pageCount={view.pageCount} hrefFor={(p) => `/papers/trending?p=${p}`} />
    </section>
  );
}
