// GET /api/search/suggest?q=&limit= - phrases, completions and titles for the query being typed
import { toErrorResponse } from "@/lib/errors";
import { suggestSearch } from "@/lib/search";
import { suggestParamsSchema } from "@/lib/search/schemas";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  try {
    const { q, limit } = suggestParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return Response.json(suggestSearch(q, limit));
  } catch (error) {
    return toErrorResponse(error);
  }
}
