// GET /api/search/feed.xml?q=&from=&to=&org=&min_upvotes= - RSS of a saved search, newest first
import { apiError, toErrorResponse } from "@/lib/errors";
import { appUrl } from "@/lib/env";
import { rssResponse } from "@/lib/feed/rss";
import { renderSearchFeed } from "@/lib/search/api";
import { searchParamsSchema } from "@/lib/search/schemas";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    const params = searchParamsSchema.parse(Object.fromEntries(url.searchParams));
    if (!params.q.trim()) return apiError("bad_request", "q: a feed needs a query");
    const xml = await renderSearchFeed(params, `${appUrl()}/api/search/feed.xml${url.search}`);
    return rssResponse(xml);
  } catch (error) {
    return toErrorResponse(error);
  }
}
