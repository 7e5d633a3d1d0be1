// GET /api/search/suggest?q=&limit= - phrases, completions and titles for the query being typed
import { toErrorResponse } from "@/lib/errors";
import { suggestSearch } from "@/lib/search";
import { suggestParamsSchema } from "@/lib/search/schemas";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    const { q, limit } = suggestParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return Response.json(await suggestSearch(q, limit));
  } catch (error) {
    return toErrorResponse(error);
  }
}
