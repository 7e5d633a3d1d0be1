// GET /papers/month/:month?p=N - one month of the feed, ranked by upvotes
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FeedView } from "@/components/feed/feed-view";
import { loadFeedPage } from "@/lib/feed/feed";
import { parsePeriod } from "@/lib/feed/periods";
import { periodMetadata } from "@/lib/html/metadata";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ month: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const period = parsePeriod("month", (await params).month);
  return period ? periodMetadata(period) : { title: "Not found" };
}

export default async function Page({ params, searchParams }: Props) {
  const view = await loadFeedPage("month", (await params).month, await searchParams);
  if (!view) notFound();
  return <FeedView view={view} />;
}
