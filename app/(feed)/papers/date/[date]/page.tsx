// GET /papers/date/:date?p=N - one day of the feed, ranked by upvotes
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FeedView } from "@/components/feed/feed-view";
import { loadFeedPage } from "@/lib/feed/feed";
import { parsePeriod } from "@/lib/feed/periods";
import { periodMetadata } from "@/lib/html/metadata";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ date: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const period = parsePeriod("day", (await params).date);
  return period ? periodMetadata(period) : { title: "Not found" };
}

export default async function Page({ params, searchParams }: Props) {
  const view = await loadFeedPage("day", (await params).date, await searchParams);
  if (!view) notFound();
  return <FeedView view={view} />;
}
