// GET /papers/trending?p=N - the last days' papers ranked by upvotes weighed by age (the Hub's address)
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RankedPaperPage } from "@/components/feed/ranked-paper-page";
import { feedPageQuerySchema } from "@/lib/feed/periods";
import { getTrendingView, TRENDING_DAYS } from "@/lib/feed/trending";
import { formatDisplayDate } from "@/lib/papers/dates";
import { plural } from "@/lib/text/plural";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Trending papers" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TrendingPage({ searchParams }: Props) {
  const query = feedPageQuerySchema.safeParse(await searchParams);
  if (!query.success) notFound();
  const view = await getTrendingView(query.data.p);
  if (!view) notFound();
  return (
    <section aria-labelledby="trending-heading">
      <h1 id="trending-heading" className="text-2xl font-bold tracking-tight sm:text-3xl">
        Trending papers
      </h1>
      <p className="mt-1 text-sm text-gray-500 dark:text-gray-400">
        {plural(view.total, "paper")} of the last {TRENDING_DAYS} days ({formatDisplayDate(view.start)} –{" "}
        {formatDisplayDate(view.end)}), ranked by upvotes weighed by age
      </p>
      <RankedPaperPage view={view} hrefFor={(p) => `/papers/trending?p=${p}`} />
    </section>
  );
}
