// GET /api/search/suggest?q=&limit= - completions of the query being typed
import { toErrorResponse } from "@/lib/errors";
import { suggest } from "@/lib/search";
import { suggestParamsSchema } from "@/lib/search/schemas";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  try {
    const { q, limit } = suggestParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const { status, suggestions } = suggest(q, limit);
    return Response.json({ status, suggestions: suggestions.map((s) => s.suggestion) });
  } catch (error) {
    return toErrorResponse(error);
  }
}
