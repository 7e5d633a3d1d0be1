// GET /api/papers/search?q=&limit= - papers matching a query, best first (huggingface_hub's list_papers)
import { z } from "zod";
import { toErrorResponse } from "@/lib/errors";
import { PAPER_SEARCH_MAX_LIMIT, searchApiPapers } from "@/lib/feed/papers-api";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  q: z.string().max(200, "is longer than 200 characters").default(""),
  limit: z.coerce
    .number({ error: "is not a number" })
    .int("is not a whole number")
    .min(1, "is at least 1")
    .max(PAPER_SEARCH_MAX_LIMIT, `is at most ${PAPER_SEARCH_MAX_LIMIT}`)
    .default(50),
});

export async function GET(request: Request): Promise<Response> {
  try {
    const { q, limit } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return Response.json(q.trim() ? await searchApiPapers(q, limit) : []);
  } catch (error) {
    return toErrorResponse(error);
  }
}
