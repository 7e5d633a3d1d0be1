// GET /sitemap.xml - every day and paper, or past 50,000 addresses the index of /sitemaps/N.xml.
// A route handler rather than app/sitemap.ts: Next's generateSitemaps writes the files but no index.
import { toErrorResponse } from "@/lib/errors";
import { renderSitemap } from "@/lib/feed/sitemap";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    return new Response(await renderSitemap(), {
      headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
