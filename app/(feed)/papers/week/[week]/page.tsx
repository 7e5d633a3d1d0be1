// GET /papers/week/:week?p=N - one week of the feed, ranked by upvotes
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FeedView } from "@/components/feed/feed-view";
import { loadFeedPage } from "@/lib/feed/feed";
import { parsePeriod } from "@/lib/feed/periods";
import { periodMetadata } from "@/lib/html/metadata";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ week: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const period = parsePeriod("week", (await params).week);
  return period ? periodMetadata(period) : { title: "Not found" };
}

export default async function Page({ params, searchParams }: Props) {
  const view = await loadFeedPage("week", (await params).week, await searchParams);
  if (!view) notFound();
  return <FeedView view={view} />;
}
