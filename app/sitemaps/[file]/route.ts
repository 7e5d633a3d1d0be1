// GET /sitemaps/N.xml - one file of a sitemap too large for one (see /sitemap.xml)
import { apiError, toErrorResponse } from "@/lib/errors";
import { renderSitemapFile } from "@/lib/feed/sitemap";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ file: string }> };

export async function GET(_request: Request, context: Context): Promise<Response> {
  try {
    const m = /^(\d{1,4})\.xml$/.exec((await context.params).file);
    const xml = m ? await renderSitemapFile(Number(m[1])) : null;
    if (xml === null) return apiError("not_found", "No such sitemap file.");
    return new Response(xml, {
      headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
