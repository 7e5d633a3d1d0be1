// GET /feed.xml?min_upvotes=N - RSS of the latest days' top papers
import { appUrl } from "@/lib/env";
import { toErrorResponse } from "@/lib/errors";
import { RSS_DAYS, RSS_PER_DAY, renderRss, rssQuerySchema, rssResponse } from "@/lib/feed/rss";
import { getRecentTopPapers } from "@/lib/papers/queries";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    const { min_upvotes } = rssQuerySchema.parse(Object.fromEntries(url.searchParams));
    const papers = await getRecentTopPapers({ days: RSS_DAYS, perDay: RSS_PER_DAY, minUpvotes: min_upvotes });
    const xml = renderRss(papers, {
      siteUrl: appUrl(),
      title: min_upvotes ? `Paperboy · Daily Papers with ${min_upvotes}+ upvotes` : "Paperboy · Daily Papers",
      selfPath: `/feed.xml${url.search}`,
      description: `The top ${RSS_PER_DAY} papers of each of the last ${RSS_DAYS} days, ranked by upvotes.`,
    });
    return rssResponse(xml);
  } catch (error) {
    return toErrorResponse(error);
  }
}
