// GET /api/search?q=&from=&to=&org=&min_upvotes=&sort=&limit=&p= - ranked results with highlights
import { toErrorResponse } from "@/lib/errors";
import { searchApi } from "@/lib/search/api";
import { searchParamsSchema } from "@/lib/search/schemas";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  try {
    const params = searchParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    // While the index warms the answer is { status: "warming", results: [] }: ask again in a moment.
    return Response.json(searchApi(params));
  } catch (error) {
    return toErrorResponse(error);
  }
}
